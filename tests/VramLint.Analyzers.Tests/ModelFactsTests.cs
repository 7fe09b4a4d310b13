using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using static VramLint.Analyzers.Tests.AnalyzerVerifier;

namespace VramLint.Analyzers.Tests;

/// <summary>Issue 10 item 3 in the analyzer: a private model known only by its checked-in config.json, received as an AdditionalFile.</summary>
public class ModelFactsTests
{
    /// <summary>40 layers x 2 x 8 KV heads x 128 x 2 bytes = 160 KiB per token per GPU; 16384 positions x linear RoPE 2 = 32768.</summary>
    private const string PrivateConfig = """
        {"model_type": "llama", "hidden_size": 5120, "intermediate_size": 13824, "num_attention_heads": 40, "num_hidden_layers": 40,
         "num_key_value_heads": 8, "vocab_size": 32000, "max_position_embeddings": 16384, "rope_scaling": {"type": "linear", "factor": 2.0}}
        """;

    private const string OneL40S = "is_global = true\nvramlint.gpu_memory = 44.39GiB\nvramlint.gpu_count = 1\n";

    private const string Source = """
        using Aspire.Hosting;

        var builder = DistributedApplication.CreateBuilder(args);
        builder.AddContainer("llm", "vllm/vllm-openai").WithArgs({|#0:"acme/private-13b"|}, "--max-model-len", {|#1:"65536"|});
        builder.Build().Run();
        """;

    private static Task Verify(IEnumerable<(string Path, string Text)> additionalFiles, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<VllmDeploymentAnalyzer, DefaultVerifier> { TestCode = Source, ReferenceAssemblies = Net100 };
        test.TestState.AdditionalReferences.AddRange(AllReferences);
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", OneL40S));
        foreach (var file in additionalFiles)
        {
            test.TestState.AdditionalFiles.Add((file.Path, file.Text));
        }

        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    [Fact]
    public Task A_private_model_is_sized_from_its_checked_in_config() => Verify(
        new[] { ("/.vramlint/models/acme/private-13b/config.json", PrivateConfig) },
        Diagnostic("VRAM007").WithLocation(1).WithArguments(
            "max-model-len 65536 is longer than acme/private-13b supports (32768); vLLM would stop with: User-specified max_model_len (65536) is greater than the derived max_model_len (32768); to fit: lower max-model-len to 32768 (KV cache 18.43 GiB, one request 5.00, 13.43 GiB spare; margin: the 0.6 GiB error band + one 16-token KV block)"));

    [Fact]
    public Task Facts_in_another_folder_do_not_apply_and_the_name_is_used() => Verify(
        new[] { ("/other/.vramlint/models/acme/private-13b/config.json", PrivateConfig) },
        Diagnostic("VRAM006").WithLocation(0).WithArguments(
            "model 'acme/private-13b' is not in VramLint's catalog; the estimate uses the size in its name: 13.0B parameters, 16-bit weights; "
            + "to size it exactly, check in its config.json as .vramlint/models/acme/private-13b/config.json or run 'vramlint models pull acme/private-13b'"));

    [Fact]
    public Task A_broken_checked_in_config_is_vram008_naming_the_file() => Verify(
        new[] { ("/.vramlint/models/acme/private-13b/config.json", "{\"model_type\": \"llama\"}") },
        Diagnostic("VRAM008").WithLocation(0).WithArguments(
            "'/.vramlint/models/acme/private-13b/config.json' states no num_hidden_layers, hidden_size and num_attention_heads, so its model facts are not used"),
        Diagnostic("VRAM006").WithLocation(0).WithArguments(
            "model 'acme/private-13b' is not in VramLint's catalog; the estimate uses the size in its name: 13.0B parameters, 16-bit weights; "
            + "to size it exactly, check in its config.json as .vramlint/models/acme/private-13b/config.json or run 'vramlint models pull acme/private-13b'"));
}
