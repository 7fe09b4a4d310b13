using static VramLint.Analyzers.Tests.AnalyzerVerifier;

namespace VramLint.Analyzers.Tests;

/// <summary>
/// GPU requests written beside the command in C# go through Core's one GPU-request parser, as YAML's do: a value that is
/// not a count is a VRAM007 at the value (it used to be dropped), and "all" leaves the count to the host.
/// </summary>
public class GpuRequestTests
{
    private const string FourL4 = "is_global = true\nvramlint.gpu = L4\nvramlint.gpu_count = 4\n";

    [Fact]
    public Task A_kubernetes_gpu_limit_that_is_not_a_number_is_reported_at_the_value() => VerifyAsync(
        """
        using System.Collections.Generic;
        using k8s.Models;

        var container = new V1Container
        {
            Name = "vllm",
            Image = "vllm/vllm-openai:latest",
            Args = new List<string> { "Qwen/Qwen2.5-7B-Instruct", "--max-model-len", "8192" },
            Resources = new V1ResourceRequirements
            {
                Limits = new Dictionary<string, ResourceQuantity> { ["nvidia.com/gpu"] = new ResourceQuantity({|#0:"two"|}) },
            },
        };
        """,
        FourL4,
        Diagnostic("VRAM007").WithLocation(0).WithArguments("'nvidia.com/gpu': 'two' is not a GPU count: expected a whole number of GPUs from 1 to 65536; the GPU count is not used"));

    [Fact]
    public Task A_container_runtime_gpus_value_that_is_not_a_count_is_reported_and_all_is_not() => VerifyAsync(
        """
        using Aspire.Hosting;

        var builder = DistributedApplication.CreateBuilder(args);
        builder.AddContainer("a", "vllm/vllm-openai").WithArgs("Qwen/Qwen2.5-7B-Instruct", "--max-model-len", "8192")
            .WithContainerRuntimeArgs("--gpus", {|#0:"0"|});
        builder.AddContainer("b", "vllm/vllm-openai").WithArgs("Qwen/Qwen2.5-7B-Instruct", "--max-model-len", "8192")
            .WithContainerRuntimeArgs("--gpus", "all");
        builder.Build().Run();
        """,
        FourL4,
        Diagnostic("VRAM007").WithLocation(0).WithArguments("'--gpus': 0 GPUs is out of range: expected 1 to 65536; the GPU count is not used"));
}
