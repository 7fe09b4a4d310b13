using VramLint.Core.Estimation;
using VramLint.Core.Models;

namespace VramLint.Core.Tests.Models;

/// <summary>
/// Families of issue 10's second pass. Releases held with a sibling's architecture and their own sourced differences:
/// GLM-4.6 (GLM-4.5's shape at 202,752 positions), MiniMax-M2 and M2.1 (MiniMax-M2.5's shape), Kimi-K2-Thinking (Kimi-K2's
/// shape, 262,144 tokens, INT4 weights); and OPT, a GPT-2-style decoder.
/// </summary>
public class CatalogSecondPassFamiliesTests
{
    private static ModelSpec Get(string id)
    {
        Assert.True(ModelCatalog.TryGet(id, out var spec), id);
        return spec;
    }

    private static double KvPerToken(ModelSpec spec) => KvCacheSize.For(spec, 1, spec.NumHiddenLayers!.Value, "auto", "bfloat16", false)!.BytesPerToken;

    [Fact]
    public void Glm_4_6_is_glm_4_5_at_its_longer_context()
    {
        var glm46 = Get("zai-org/GLM-4.6");
        Assert.Equal(ModelComponents.From(Get("zai-org/GLM-4.5"))!.Total, ModelComponents.From(glm46)!.Total);

        // 92 layers x 2 x 8 KV heads x 128 x 2 bytes; vLLM serves 202,752 tokens by default.
        Assert.Equal((376_832.0, 202_752), (KvPerToken(glm46), glm46.DerivedMaxModelLen!.Value));

        var nvfp4 = Get("RedHatAI/GLM-4.6-NVFP4");
        Assert.Equal(("zai-org/GLM-4.6", QuantizationMethod.Nvfp4, 16), (nvfp4.BaseModel, nvfp4.Quantization.Method, nvfp4.Quantization.GroupSize!.Value));
        Assert.Equal(QuantizationMethod.Fp8, Get("zai-org/GLM-4.6-FP8").Quantization.Method);
        Assert.Contains(glm46.Sources, s => s.StartsWith("vocab_size: not in the page excerpt", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("MiniMaxAI/MiniMax-M2")]
    [InlineData("MiniMaxAI/MiniMax-M2.1")]
    public void MiniMax_m2_releases_share_one_fp8_architecture(string id)
    {
        var spec = Get(id);
        Assert.Equal(ModelComponents.From(Get("MiniMaxAI/MiniMax-M2.5"))!.Total, ModelComponents.From(spec)!.Total);

        // 62 layers x 2 x 8 KV heads x 128 x 2 bytes; the native checkpoint is FP8.
        Assert.Equal((253_952.0, 196_608, QuantizationMethod.Fp8), (KvPerToken(spec), spec.DerivedMaxModelLen!.Value, spec.Quantization.Method));
        Assert.Contains(spec.Sources, s => s.StartsWith("same architecture: https://github.com/vllm-project/recipes/", StringComparison.Ordinal));
    }

    [Fact]
    public void Kimi_k2_thinking_serves_262144_tokens_with_int4_weights()
    {
        var spec = Get("moonshotai/Kimi-K2-Thinking");
        Assert.Equal(ModelComponents.From(Get("moonshotai/Kimi-K2-Instruct"))!.Total, ModelComponents.From(spec)!.Total);

        // MLA: 61 layers x (512 latent + 64 rope) x 2 bytes per token; yarn 4096 x 64.
        Assert.Equal((70_272.0, 262_144), (KvPerToken(spec), spec.DerivedMaxModelLen!.Value));
        Assert.Equal((QuantizationMethod.CompressedTensors, 4), (spec.Quantization.Method, spec.Quantization.Bits));
    }

    [Fact]
    public void Opt_counts_biases_layer_norms_and_two_extra_position_rows()
    {
        // OPT-1.3b's shape: keras-hub's exact preset count 1,315,753,984 holds 2,048 position rows; Hugging Face's table
        // (and vLLM's) has 2,050, two rows of 2,048 more.
        var opt13 = ModelCatalog.FromConfigJson("""{"model_type": "opt", "hidden_size": 2048, "num_hidden_layers": 24, "num_attention_heads": 32, "ffn_dim": 8192, "vocab_size": 50272, "max_position_embeddings": 2048, "tie_word_embeddings": true}""", "test/opt-1.3b")!;
        Assert.Equal(1_315_753_984L + (2 * 2048), ModelComponents.From(opt13)!.Total);

        // OPT-2.7b: 32 layers x 2 x 32 heads x 80 x 2 bytes of KV per token, 2048 positions.
        var spec = Get("facebook/opt-2.7b");
        Assert.Equal((2_651_596_800L, 327_680.0, 2048), (ModelComponents.From(spec)!.Total, KvPerToken(spec), spec.DerivedMaxModelLen!.Value));
    }
}
