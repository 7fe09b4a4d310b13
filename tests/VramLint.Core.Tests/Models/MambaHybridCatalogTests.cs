using VramLint.Core.Estimation;
using VramLint.Core.Models;

namespace VramLint.Core.Tests.Models;

/// <summary>
/// Mamba2 hybrids in the catalog. Nemotron-H: each layer is one block of hybrid_override_pattern (M Mamba2, * attention,
/// - squared-ReLU MLP, E MoE), one RMSNorm a layer. A Mamba2 mixer is in_proj (hidden x (2 x inner + 2 x groups x state +
/// heads)), a depthwise convolution with a bias over inner + 2 x groups x state channels, dt_bias, A_log and D per head,
/// a gated norm over inner and out_proj (inner x hidden).
/// </summary>
public class MambaHybridCatalogTests
{
    private static ModelSpec Get(string id)
    {
        Assert.True(ModelCatalog.TryGet(id, out var spec), id);
        return spec;
    }

    [Fact]
    public void Nemotron_h_counts_each_layer_as_one_block_of_its_pattern()
    {
        // 56B: 54 Mamba, 10 attention, 54 MLP layers; hidden 8192, 256 Mamba heads of 64, state 256, 8 groups.
        var spec = Get("nvidia/Nemotron-H-56B-Base-8K");
        var c = ModelComponents.From(spec)!;
        Assert.Equal((118, 54, 10, 54, 0), (c.Layers, c.MambaLayers, c.FullAttentionLayers, c.DenseLayers, c.MoeLayers));

        // inner 16384, convolution channels 16384 + 2 x 8 x 256 = 20480: in_proj 8192 x (16384 + 20480 + 256),
        // convolution 20480 x 4 + 20480, 3 x 256, norm 16384, out_proj 16384 x 8192.
        Assert.Equal((8192L * (16384 + 20480 + 256)) + (20480 * 5) + (3 * 256) + 16384 + (16384L * 8192), c.MambaMixer);

        // The MLP is two matrices (relu2), not three; one norm per layer.
        Assert.Equal((2L * 8192 * 32768, 8192L), (c.DenseMlp, c.Norms));
        Assert.Equal(56_324_350_464L, c.Total);

        // Unquantized weights on one GPU are every parameter twice (plus the rotary cache); at TP 4 the stage holds a quarter
        // of every matrix but the norms, the same whichever layer kind holds them.
        var whole = WeightBytes.Total(c, spec, QuantizationScheme.None, "bfloat16") - WeightBytes.RotaryCache(spec, 2);
        Assert.Equal(2.0 * c.Total, whole, precision: 0);
        var tp4 = WeightBytes.PerGpu(c, spec, QuantizationScheme.None, "bfloat16", 4, 1, 0, 118, 1) - WeightBytes.RotaryCache(spec, 2);
        var replicated = 2.0 * ((118 * c.Norms) + c.FinalNorm);
        Assert.Equal(((whole - replicated) / 4) + replicated, tp4, precision: 0);
    }

    [Fact]
    public void Nemotron_3_nano_keeps_float32_state_beside_six_attention_layers()
    {
        // 23 Mamba, 6 attention, 23 MoE layers: 128 routed experts of 1856 (two matrices) and a 3712-wide shared expert
        // (counted as two of 1856), a router with a score-correction bias.
        var spec = Get("nvidia/NVIDIA-Nemotron-3-Nano-30B-A3B-BF16");
        var c = ModelComponents.From(spec)!;
        Assert.Equal((23, 6, 0, 23), (c.MambaLayers, c.FullAttentionLayers, c.DenseLayers, c.MoeLayers));
        Assert.Equal((128L * 2 * 2688 * 1856, 2L * 2 * 2688 * 1856, (2688L * 128) + 128), (c.RoutedExperts, c.SharedExperts, c.Router));
        Assert.Equal(31_577_940_288L, c.Total);

        // KV: 6 layers x 2 x 2 KV heads x 128 x 2 bytes = 6,144 bytes per token. State per Mamba layer: convolution
        // (4096 + 2 x 8 x 128) x 3 x 2 = 36,864 plus 64 heads x 64 x 128 x 4 (mamba_ssm_cache_dtype float32) = 2,097,152;
        // vLLM raises the attention block to 16 x cdiv(2,134,016, 16 x 1,024) = 2,096 tokens.
        var kv = KvCacheSize.For(spec, 1, 52, "auto", "bfloat16", false)!;
        Assert.Equal((6144.0, 6, 23, 2_134_016.0, 2096), (kv.FullBytesPerToken, kv.Groups!.FullLayers, kv.Groups.StateLayers, kv.Groups.StateBytesPerLayer, kv.Groups.AlignedBlockSize));

        // Nemotron 3.5 Lightning lists its layers as layers_block_type: the same 52 blocks, served to 1,048,576 tokens.
        var lightning = Get("nvidia/NVIDIA-Nemotron-3.5-Lightning-30B-A3B-BF16");
        Assert.Equal((spec.HybridLayerPattern, c.Total, 1_048_576), (lightning.HybridLayerPattern, ModelComponents.From(lightning)!.Total, lightning.DerivedMaxModelLen!.Value));

        // The NVFP4 release: same architecture, ModelOpt NVFP4 weights.
        var nvfp4 = Get("nvidia/NVIDIA-Nemotron-3-Nano-30B-A3B-NVFP4");
        Assert.Equal((QuantizationMethod.Nvfp4, c.Total), (nvfp4.Quantization.Method, ModelComponents.From(nvfp4)!.Total));
    }

    [Fact]
    public void Nemotron_nano_9b_v2_state_defaults_to_16_bit()
    {
        // 27 Mamba (128 heads of 80, state 128, 8 groups), 4 attention (8 KV heads of 128), 25 MLP layers.
        var spec = Get("nvidia/NVIDIA-Nemotron-Nano-9B-v2");
        var c = ModelComponents.From(spec)!;
        Assert.Equal((56, 27, 4, 25), (c.Layers, c.MambaLayers, c.FullAttentionLayers, c.DenseLayers));
        Assert.Equal(8_888_227_328L, c.Total);

        // Its config names no state dtype: vLLM takes float16 for Nemotron-H. Convolution (10240 + 2048) x 3 x 2 = 73,728,
        // state 128 x 80 x 128 x 2 = 2,621,440; KV 4 x 2 x 8 x 128 x 2 = 16,384 bytes per token; block 16 x cdiv(2,695,168, 16 x 4,096) = 672.
        var kv = KvCacheSize.For(spec, 1, 56, "auto", "bfloat16", false)!;
        Assert.Equal((16384.0, 2_695_168.0, 672), (kv.FullBytesPerToken, kv.Groups!.StateBytesPerLayer, kv.Groups.AlignedBlockSize));
        Assert.Equal(2, spec.RecurrentState!.StateElementBytes);
    }

    [Fact]
    public void Granite_4_h_config_counts_mamba_mixers_experts_and_the_shared_mlp()
    {
        // A small Granite-4.0-H-style config.json: 3 Mamba2 layers (8 heads of 16,
        // state 32, one group) and 1 attention layer (4 heads, 1 KV head of 16); 4 experts of 32 and a shared MLP of 64.
        const string granite = """
            {"model_type": "granitemoehybrid", "hidden_size": 64, "num_hidden_layers": 4, "num_attention_heads": 4, "num_key_value_heads": 1,
             "vocab_size": 1000, "tie_word_embeddings": true, "layer_types": ["mamba", "mamba", "attention", "mamba"],
             "mamba_n_heads": 8, "mamba_d_head": 16, "mamba_d_state": 32, "mamba_n_groups": 1, "mamba_d_conv": 4,
             "mamba_conv_bias": true, "mamba_proj_bias": false, "num_local_experts": 4, "num_experts_per_tok": 2,
             "intermediate_size": 32, "shared_intermediate_size": 64}
            """;
        var c = ModelComponents.From(ModelCatalog.FromConfigJson(granite, "acme/granite-h")!)!;

        // Mixer: in_proj 64 x (128 + 192 + 8), out_proj 128 x 64, convolution 192 x 4 + 192, 3 x 8, norm 128.
        Assert.Equal((3, 1, 30_296L), (c.MambaLayers, c.FullAttentionLayers, c.MambaMixer));

        // Every layer: the experts (4 x 3 x 64 x 32), the shared MLP as two expert-widths, the router; two norms.
        Assert.Equal((4, 24_576L, 12_288L, 256L), (c.MoeLayers, c.RoutedExperts, c.SharedExperts, c.Router));
        Assert.Equal(64_000L + 64 + 10_240 + (3 * 30_296) + (4 * 128) + (4 * (24_576 + 12_288 + 256)), c.Total);

        // Without experts (h-micro style) the shared MLP is the whole MLP.
        var dense = ModelComponents.From(ModelCatalog.FromConfigJson(granite.Replace("\"num_local_experts\": 4", "\"num_local_experts\": 0"), "acme/granite-h-dense")!)!;
        Assert.Equal((4, 0, 3L * 64 * 64), (dense.DenseLayers, dense.MoeLayers, dense.DenseMlp));

        // Granite-4.0-micro style: every layer attention, so no Mamba state at all (a plain KV cache).
        var attentionOnly = ModelCatalog.FromConfigJson(granite.Replace("[\"mamba\", \"mamba\", \"attention\", \"mamba\"]", "[\"attention\", \"attention\", \"attention\", \"attention\"]"), "acme/granite-micro")!;
        Assert.Null(attentionOnly.RecurrentState);
        Assert.Equal((0, 4), (ModelComponents.From(attentionOnly)!.MambaLayers, ModelComponents.From(attentionOnly)!.FullAttentionLayers));
        Assert.Equal(4 * 2 * 1 * 16 * 2.0, KvCacheSize.For(attentionOnly, 1, 4, "auto", "bfloat16", false)!.BytesPerToken);
    }

    [Fact]
    public void Granite_4_h_small_counts_36_mamba_mixers_and_72_experts_in_every_layer()
    {
        // IBM's card: 40 layers, 4 attention (32 heads, 8 KV heads of 128) and 36 Mamba2 (128 heads of 64, state 128, one
        // group); in every layer 72 experts of 768 (10 active) and a shared MLP of 1536; 100352 tied embeddings.
        var spec = Get("ibm-granite/granite-4.0-h-small");
        var c = ModelComponents.From(spec)!;
        Assert.Equal((36, 4, 40), (c.MambaLayers, c.FullAttentionLayers, c.MoeLayers));

        // Mixer: in_proj 4096 x (2 x 8192 + 2 x 128 + 128), convolution 8448 x 4 + 8448, 3 x 128, norm 8192, out_proj 8192 x 4096.
        Assert.Equal((4096L * 16768) + (8448 * 5) + (3 * 128) + 8192 + (8192L * 4096), c.MambaMixer);
        Assert.Equal((72L * 3 * 4096 * 768, 3L * 4096 * 1536, 4096L * 72), (c.RoutedExperts, c.SharedExperts, c.Router));

        // 100352 x 4096 + 36 mixers + 4 x (2 x 4096^2 + 2 x 4096 x 1024 = 41,943,040) + 40 x (experts + shared + router) + 81 norms of 4096.
        Assert.Equal(
            (100352L * 4096) + (36 * c.MambaMixer) + (4 * 41_943_040L) + (40 * (c.RoutedExperts + c.SharedExperts + c.Router)) + (81 * 4096L),
            c.Total);
        Assert.Equal(32_207_337_984L, c.Total); // IBM's card: "32B"

        // KV: 4 layers x 2 x 8 KV heads x 128 x 2 bytes = 16,384 bytes per token. State per Mamba layer in bf16: convolution
        // 8448 x 3 x 2 = 50,688 plus 128 heads x 64 x 128 x 2 = 2,097,152; the block is 16 x cdiv(2,147,840, 16 x 4,096) = 528 tokens.
        var kv = KvCacheSize.For(spec, 1, 40, "auto", "bfloat16", false)!;
        Assert.Equal((16384.0, 4, 36, 2_147_840.0, 528), (kv.FullBytesPerToken, kv.Groups!.FullLayers, kv.Groups.StateLayers, kv.Groups.StateBytesPerLayer, kv.Groups.AlignedBlockSize));
    }

    [Theory]
    [InlineData("ibm-granite/granite-4.0-h-tiny", 36, 4 * 2 * 4 * 128 * 2.0)] // 4 attention layers x 2 x 4 KV heads x 128 x 2 bytes
    [InlineData("ibm-granite/granite-4.0-h-micro", 36, 4 * 2 * 8 * 64 * 2.0)] // 4 x 2 x 8 KV heads of 64
    [InlineData("ibm-granite/granite-4.0-micro", 0, 40 * 2 * 8 * 64 * 2.0)] // every layer attention: no Mamba state
    public void Granite_4_family_keeps_kv_only_in_its_attention_layers(string id, int mambaLayers, double kvBytesPerToken)
    {
        var spec = Get(id);
        Assert.Equal(mambaLayers, ModelComponents.From(spec)!.MambaLayers);
        Assert.Equal(mambaLayers == 0, spec.RecurrentState is null);
        Assert.Equal(kvBytesPerToken, KvCacheSize.For(spec, 1, 40, "auto", "bfloat16", false)!.FullBytesPerToken);
    }
}
