using VramLint.Core.Models;

namespace VramLint.Core.Tests.Models;

/// <summary>
/// GLM-4.5's attention has q/k/v biases (config attention_bias) and per-head q/k RMSNorms (config use_qk_norm), which
/// Core did not count: GLM-4.5 computed 352,796,486,560, 1,342,464 under Fireworks' exact 352,797,829,024 (the main model
/// without its MTP layer; tools/catalog/README.md, eighth pass).
/// </summary>
public class Glm4MoeParameterCountTests
{
    // GLM-4.5's config.json values (the architecture keys of zai-org/GLM-4.5, as the catalog's config copy states them).
    private const string Glm45Config = """
        {"architectures": ["Glm4MoeForCausalLM"], "model_type": "glm4_moe", "attention_bias": true, "use_qk_norm": true,
         "head_dim": 128, "hidden_size": 5120, "intermediate_size": 12288, "moe_intermediate_size": 1536,
         "n_routed_experts": 160, "n_shared_experts": 1, "num_experts_per_tok": 8, "first_k_dense_replace": 3,
         "num_attention_heads": 96, "num_key_value_heads": 8, "num_hidden_layers": 92, "num_nextn_predict_layers": 1,
         "vocab_size": 151552, "tie_word_embeddings": false, "max_position_embeddings": 131072}
        """;

    private static long Count(string json) => ModelComponents.From(ModelCatalog.FromConfigJson(json, "zai-org/GLM-4.5")!)!.Total;

    [Fact]
    public void The_config_counts_the_qkv_biases_and_the_qk_norms()
    {
        Assert.Equal(352_797_829_024, Count(Glm45Config));

        // Each of the 92 layers: q/k/v biases of 96 x 128 + 2 x 8 x 128 = 14,336, and q/k norms of 2 x 128.
        Assert.Equal(352_797_829_024 - (92 * 256), Count(Glm45Config.Replace("\"use_qk_norm\": true", "\"use_qk_norm\": false")));
        Assert.Equal(352_797_829_024 - (92 * 256) - (92 * 14_336), Count(Glm45Config.Replace("\"use_qk_norm\": true", "\"use_qk_norm\": false").Replace("\"attention_bias\": true", "\"attention_bias\": false")));
    }

    [Theory]
    [InlineData("zai-org/GLM-4.5", 352_797_829_024L)] // Fireworks' paramCount, exactly
    [InlineData("zai-org/GLM-4.5-FP8", 352_797_829_024L)]
    [InlineData("zai-org/GLM-4.5-Air", 106_852_251_264L)] // biases (46 x 14,336 = 659,456), no q/k norms
    public void The_catalog_records_carry_the_flags(string id, long total)
    {
        Assert.True(ModelCatalog.TryGet(id, out var record));
        Assert.Equal(total, ModelComponents.From(record)!.Total);
    }
}
