using VramLint.Core.Configuration;

namespace VramLint.Yaml.Tests;

/// <summary># vramlint-disable-next-line and # vramlint-disable: YAML's counterpart of #pragma warning disable.</summary>
public class SuppressionCommentTests
{
    private static readonly VramLintOptions OneRtx4090 =
        VramLintOptions.FromLookup(k => k switch { ConfigKeys.Gpu => "RTX 4090", ConfigKeys.GpuCount => "1", _ => null });

    private const string TwoServices = """
        services:
          a:
            image: vllm/vllm-openai
            command: ["meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", "131072"]
          b:
            image: vllm/vllm-openai
            command: ["meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", "131072"]
        """;

    [Fact]
    public void Without_comments_both_services_are_reported()
    {
        var result = YamlLinter.Lint("compose.yaml", TwoServices, OneRtx4090);

        Assert.Equal(new[] { ("VRAM001", 4), ("VRAM001", 7) }, result.Findings.Select(f => (f.Finding.Id, f.Line)));
    }

    [Fact]
    public void Disable_next_line_silences_exactly_the_line_it_names_and_its_fix()
    {
        var yaml = TwoServices.Replace("  a:\n    image: vllm/vllm-openai\n", "  a:\n    image: vllm/vllm-openai\n    # vramlint-disable-next-line VRAM001 -- measured: fits with prefix caching off\n");

        var result = YamlLinter.Lint("compose.yaml", yaml, OneRtx4090);

        Assert.Equal(new[] { ("VRAM001", 8) }, result.Findings.Select(f => (f.Finding.Id, f.Line)));
        Assert.All(result.Edits, e => Assert.True(e.Start > yaml.IndexOf("  b:", StringComparison.Ordinal)));
    }

    [Fact]
    public void Disable_next_line_for_another_id_silences_nothing()
    {
        var yaml = TwoServices.Replace("  a:\n    image: vllm/vllm-openai\n", "  a:\n    image: vllm/vllm-openai\n    # vramlint-disable-next-line VRAM004, VRAM006\n");

        var result = YamlLinter.Lint("compose.yaml", yaml, OneRtx4090);

        Assert.Equal(new[] { ("VRAM001", 5), ("VRAM001", 8) }, result.Findings.Select(f => (f.Finding.Id, f.Line)));
    }

    [Fact]
    public void Disable_for_the_file_silences_the_id_everywhere()
    {
        var result = YamlLinter.Lint("compose.yaml", "# vramlint-disable VRAM001\n" + TwoServices, OneRtx4090);

        Assert.Empty(result.Findings);
        Assert.Empty(result.Edits);
    }
}
