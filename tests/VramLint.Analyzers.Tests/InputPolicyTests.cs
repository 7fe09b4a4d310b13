using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace VramLint.Analyzers.Tests;

/// <summary>
/// The input policy in the compiler: a bad configuration value is reported in every project, and a value written in
/// another script's digits is a VRAM007 that leaves the file's other diagnostics in place.
/// </summary>
public class InputPolicyTests
{
    [Fact]
    public async Task A_bad_globalconfig_value_is_reported_in_a_project_without_any_deployment()
    {
        var test = new CSharpAnalyzerTest<ConfigurationValueAnalyzer, DefaultVerifier>
        {
            TestCode = "class Program { static void Main() { } }",
            ReferenceAssemblies = AnalyzerVerifier.Net100,
        };
        test.TestState.AdditionalReferences.AddRange(AnalyzerVerifier.AllReferences);
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nvramlint.gpu = L4\nvramlint.gpu_count = banana\nvramlint.gpu_memory = 1e309\n"));
        test.ExpectedDiagnostics.Add(new DiagnosticResult("VRAM007", DiagnosticSeverity.Warning)
            .WithMessage("'vramlint.gpu_memory = 1e309' is not valid: expected a positive size up to 4096 GiB such as 24GiB, 80GB, 24576MiB or 23.64 (GiB); the key is ignored"));
        test.ExpectedDiagnostics.Add(new DiagnosticResult("VRAM007", DiagnosticSeverity.Warning)
            .WithMessage("'vramlint.gpu_count = banana' is not valid: expected a whole number of GPUs from 1 to 65536; the key is ignored"));

        await test.RunAsync();
    }

    [Fact]
    public async Task A_good_globalconfig_reports_nothing()
    {
        var test = new CSharpAnalyzerTest<ConfigurationValueAnalyzer, DefaultVerifier>
        {
            TestCode = "class Program { static void Main() { } }",
            ReferenceAssemblies = AnalyzerVerifier.Net100,
        };
        test.TestState.AdditionalReferences.AddRange(AnalyzerVerifier.AllReferences);
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nvramlint.gpu = L4\nvramlint.gpu_count = 2\n"));

        await test.RunAsync();
    }

    [Fact]
    public async Task Arabic_indic_digits_are_a_vram007_and_the_other_diagnostics_stay()
    {
        const string code = """
            using Aspire.Hosting;
            var builder = DistributedApplication.CreateBuilder(args);
            builder.AddContainer("llm", "vllm/vllm-openai").WithArgs("meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", {|#0:"٣٢٧٦٨"|});
            builder.AddContainer("big", "vllm/vllm-openai").WithArgs("meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", {|#1:"131072"|});
            """;

        await AnalyzerVerifier.VerifyAsync(
            code,
            "is_global = true\nvramlint.gpu = RTX 4090\nvramlint.gpu_count = 1\n",
            AnalyzerVerifier.Diagnostic("VRAM007").WithLocation(0).WithArguments("'--max-model-len ٣٢٧٦٨' is not valid: expected a whole number of tokens such as 32768, 32K (= 32768) or 32k (= 32000), or auto"),
            AnalyzerVerifier.Diagnostic("VRAM001").WithLocation(1).WithMessage(null));
    }
}
