using VramLint.Core.Arguments;
using VramLint.Core.Configuration;
using VramLint.Core.Models;

namespace VramLint.Core.Tests.Models;

/// <summary>Issue 10 item 5: the max-model-len vLLM derives from a config (vllm/config/model.py, _get_and_verify_max_len).</summary>
public class VllmMaxModelLenTests
{
    private const string Llama = """
        "model_type": "llama", "hidden_size": 4096, "intermediate_size": 11008, "num_attention_heads": 32, "num_hidden_layers": 32,
        "num_key_value_heads": 32, "vocab_size": 32000, "torch_dtype": "float16"
        """;

    private static ModelSpec Read(string fields) => ModelCatalog.FromConfigJson("{" + Llama + ", " + fields + "}", "acme/model")!;

    [Theory]
    [InlineData("\"max_position_embeddings\": 16384, \"rope_scaling\": {\"type\": \"linear\", \"factor\": 4.0}", 65536, 65536)]
    [InlineData("\"max_position_embeddings\": 4096, \"rope_scaling\": {\"rope_type\": \"dynamic\", \"factor\": 2.0}", 8192, 8192)]
    [InlineData("\"max_position_embeddings\": 32768, \"rope_scaling\": {\"type\": \"yarn\", \"factor\": 4.0, \"original_max_position_embeddings\": 32768}", 131072, 131072)]
    [InlineData("\"max_position_embeddings\": 131072, \"rope_scaling\": {\"rope_type\": \"llama3\", \"factor\": 8.0, \"original_max_position_embeddings\": 8192}", 131072, 131072)]
    [InlineData("\"max_position_embeddings\": 131072, \"original_max_position_embeddings\": 4096, \"rope_scaling\": {\"type\": \"longrope\", \"long_factor\": [1.0], \"short_factor\": [1.0]}", 131072, 4096)]
    [InlineData("\"max_position_embeddings\": 8192, \"rope_scaling\": {\"type\": \"su\", \"factor\": 4.0}", 8192, 8192)]
    [InlineData("\"max_position_embeddings\": 8192, \"rope_parameters\": {\"rope_type\": \"default\", \"rope_theta\": 10000.0}", 8192, 8192)]
    [InlineData("\"max_position_embeddings\": 8192, \"rope_parameters\": {\"full_attention\": {\"rope_type\": \"linear\", \"factor\": 2.0}, \"sliding_attention\": {\"rope_type\": \"default\"}}", 16384, 16384)]
    [InlineData("\"n_positions\": 1024", 1024, 1024)]
    [InlineData("\"max_position_embeddings\": 32768, \"seq_length\": 8192", 8192, 8192)]
    [InlineData("\"max_seq_len\": 2048, \"max_position_embeddings\": 4096", 2048, 2048)]
    [InlineData("\"max_position_embeddings\": 8192, \"model_max_length\": 131072", 131072, 131072)]
    [InlineData("\"rope_theta\": 10000.0", 2048, 2048)]
    public void Derives_the_length_vllm_uses(string fields, int derived, int served)
    {
        var spec = Read(fields);

        Assert.Equal((derived, served), (spec.DerivedMaxModelLen, spec.DefaultMaxModelLen));
    }

    [Fact]
    public void Gemma3_lengths_are_not_scaled_again_and_text_config_is_read()
    {
        const string gemma = """
            {"model_type": "gemma3", "text_config": {"model_type": "gemma3_text", "hidden_size": 5376, "intermediate_size": 21504,
             "num_attention_heads": 32, "num_hidden_layers": 62, "num_key_value_heads": 16, "head_dim": 128, "vocab_size": 262208,
             "max_position_embeddings": 131072, "rope_scaling": {"factor": 8.0, "rope_type": "linear"}}}
            """;
        const string llava = """
            {"model_type": "llava", "text_config": {"model_type": "llama", "hidden_size": 4096, "intermediate_size": 11008,
             "num_attention_heads": 32, "num_hidden_layers": 32, "vocab_size": 32064, "max_position_embeddings": 4096,
             "rope_scaling": {"type": "linear", "factor": 2.0}}, "vision_config": {"hidden_size": 1024}}
            """;

        Assert.Equal(131072, ModelCatalog.FromConfigJson(gemma, "google/gemma-3-27b-it")!.DerivedMaxModelLen);
        Assert.Equal(8192, ModelCatalog.FromConfigJson(llava, "acme/llava")!.DerivedMaxModelLen);
    }

    [Fact]
    public void A_linear_rope_model_is_served_and_profiled_at_the_scaled_length_by_default()
    {
        var config = "{" + Llama + ", \"max_position_embeddings\": 16384, \"rope_scaling\": {\"type\": \"linear\", \"factor\": 4.0}}";
        var parsed = VllmArgumentReader.Read(ArgumentToken.FromWords(new[] { "serve", "/models/acme-long" }));
        var options = VramLintOptions.Default with { GpuMemoryGiB = 79.2 };

        var result = DeploymentChecker.Check(new DeploymentInput(parsed) { ModelConfigJson = config }, options);

        Assert.Equal(65536, result.Estimate!.Settings.MaxModelLen);
        Assert.Equal(32 * 2 * 32 * 128 * 2, result.Estimate.KvCache.BytesPerToken);
    }

    [Fact]
    public void Hf_overrides_are_applied_to_the_config_and_to_catalog_records()
    {
        var config = "{" + Llama + ", \"max_position_embeddings\": 16384}";
        var overridden = ModelResolver.Resolve("/models/acme", configJson: config, hfOverrides: "{\"rope_scaling\": {\"rope_type\": \"linear\", \"factor\": 2.0}, \"num_key_value_heads\": 8}");
        Assert.Equal((32768, 8), (overridden.Spec!.DerivedMaxModelLen, overridden.Spec.NumKeyValueHeads));

        var catalog = ModelResolver.Resolve("Qwen/Qwen2.5-7B-Instruct", hfOverrides: "{\"rope_scaling\": {\"type\": \"yarn\", \"factor\": 4.0, \"original_max_position_embeddings\": 32768}}");
        Assert.Equal(131072, catalog.Spec!.DerivedMaxModelLen);
        Assert.Equal("Qwen/Qwen2.5-7B-Instruct", catalog.Spec.Id);

        const string wrapper = """
            {"model_type": "llava", "text_config": {"model_type": "llama", "hidden_size": 4096, "num_attention_heads": 32,
             "num_hidden_layers": 32, "vocab_size": 32064, "max_position_embeddings": 4096}}
            """;
        Assert.Equal(16384, ModelResolver.Resolve("/m/llava", configJson: wrapper, hfOverrides: "{\"text_config\": {\"max_position_embeddings\": 16384}}").Spec!.DerivedMaxModelLen);
        Assert.Equal(4096, ModelResolver.Resolve("/m/llava", configJson: wrapper, hfOverrides: "[1, 2]").Spec!.DerivedMaxModelLen);
    }

    [Fact]
    public void A_written_length_beyond_the_scaled_one_is_refused_with_the_scaled_figure()
    {
        var config = "{" + Llama + ", \"max_position_embeddings\": 16384, \"rope_scaling\": {\"type\": \"linear\", \"factor\": 4.0}}";
        var options = VramLintOptions.Default with { GpuMemoryGiB = 79.2 };
        DeploymentInput Input(string length) => new(VllmArgumentReader.Read(ArgumentToken.FromWords(new[] { "serve", "/models/acme-long", "--max-model-len", length }))) { ModelConfigJson = config };

        Assert.DoesNotContain(DeploymentChecker.Check(Input("65536"), options).Findings, f => f.Id == "VRAM007");
        Assert.Contains(
            DeploymentChecker.Check(Input("65537"), options).Findings,
            f => f.Id == "VRAM007" && f.Message.StartsWith("max-model-len 65537 is longer than /models/acme-long supports (65536); vLLM would stop with: User-specified max_model_len (65537) is greater than the derived max_model_len (65536); to fit: ", StringComparison.Ordinal));
    }
}
