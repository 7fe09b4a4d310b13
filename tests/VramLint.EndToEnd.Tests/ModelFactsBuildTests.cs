namespace VramLint.EndToEnd.Tests;

/// <summary>Issue 10 item 3 through the package: checked-in model facts reach the analyzer (AdditionalFiles) and the YAML task.</summary>
[Collection(PackageCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class ModelFactsBuildTests
{
    /// <summary>A private 13B: 16384 positions x linear RoPE 2 = 32768, the longest max-model-len vLLM accepts for it.</summary>
    private const string PrivateConfig = """
        {"model_type": "llama", "hidden_size": 5120, "intermediate_size": 13824, "num_attention_heads": 40, "num_hidden_layers": 40,
         "num_key_value_heads": 8, "vocab_size": 32000, "max_position_embeddings": 16384, "rope_scaling": {"type": "linear", "factor": 2.0}}
        """;

    private const string Refusal = "max-model-len 65536 is longer than acme/private-13b supports (32768)";

    private readonly PackageFixture package;

    public ModelFactsBuildTests(PackageFixture package) => this.package = package;

    [Fact]
    public void A_private_model_known_only_by_its_checked_in_config_is_sized_from_it_in_csharp_and_yaml()
    {
        var folder = package.Consumer("model-facts", new Dictionary<string, string>
        {
            [".globalconfig"] = "is_global = true\nvramlint.gpu_memory = 48GiB\nvramlint.gpu_count = 1\n",
            [".vramlint/models/acme/private-13b/config.json"] = PrivateConfig,
            ["Program.cs"] = "System.Diagnostics.Process.Start(\"vllm\", \"serve acme/private-13b --max-model-len 65536\");\n",
            ["deploy/private.yaml"] = "model: acme/private-13b\nmax-model-len: 65536\n",
        });

        var (exit, output) = Dotnet.Run(folder, ["build", "-nologo", "-clp:NoSummary"]);
        var diagnostics = BuildDiagnostic.Parse(output);

        Assert.Equal(0, exit);
        Assert.Contains(new BuildDiagnostic("private.yaml", 2, 16, "warning", "VRAM007"), diagnostics);
        Assert.Contains(diagnostics, d => d is { File: "Program.cs", Severity: "warning", Id: "VRAM007" });
        Assert.Equal(2, output.Split('\n').Where(l => l.Contains(Refusal, StringComparison.Ordinal)).Select(l => l.Trim()).Distinct().Count());
        Assert.DoesNotContain(diagnostics, d => d.Id == "VRAM006");
    }
}
