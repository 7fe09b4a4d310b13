using static VramLint.Analyzers.Tests.AnalyzerVerifier;

namespace VramLint.Analyzers.Tests;

/// <summary>Facts only the whole project tells, reported once at the compilation's end.</summary>
public class ProjectWideTests
{
    [Fact]
    public Task Configuration_problems_reach_a_csharp_only_project_without_deployments() => VerifyAsync(
        """
        System.Console.WriteLine("no vLLM here");
        """,
        "is_global = true\nvramlint.gpu = Voodoo-5500\nvramlint.gpu_count = banana\n",
        Diagnostic("VRAM007").WithNoLocation().WithMessage(
            "'vramlint.gpu = Voodoo-5500' is not valid: expected a GPU from the catalog (" + Core.Gpus.GpuCatalog.KnownNamesSummary + ") or vramlint.gpu_memory; the key is ignored"),
        Diagnostic("VRAM007").WithNoLocation().WithMessage("'vramlint.gpu_count = banana' is not valid: expected a whole number of GPUs from 1 to 65536; the key is ignored"));

    [Fact]
    public Task A_bad_gpu_with_a_deployment_says_the_key_is_bad_and_that_no_capacity_is_declared() => VerifyAsync(
        """
        System.Diagnostics.Process.Start("vllm", "serve meta-llama/Llama-3.1-8B-Instruct --max-model-len 131072");
        """,
        "is_global = true\nvramlint.gpu = RTX-4090-ish\n",
        Diagnostic("VRAM007").WithNoLocation().WithMessage(
            "'vramlint.gpu = RTX-4090-ish' is not valid: expected a GPU from the catalog (close: RTX 4090) or vramlint.gpu_memory; the key is ignored"),
        Diagnostic("VRAM010").WithNoLocation().WithMessage(Core.DeploymentChecker.NoCapacityFinding().Message));

    [Fact]
    public Task Configuration_problems_are_left_to_the_yaml_task_when_it_lints_the_project() => VerifyAsync(
        """
        System.Console.WriteLine("no vLLM here");
        """,
        "is_global = true\nvramlint.gpu_count = banana\nbuild_property.VramLintReportsConfiguration = true\n");
}
