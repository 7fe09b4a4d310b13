using VramLint.Core.Estimation;
using VramLint.Core.Json;
using VramLint.Core.Models;

namespace VramLint.Core.Tests.Models;

/// <summary>
/// The linear-attention hybrids whose mixer is not Gated DeltaNet, sized as vLLM sizes them:
/// MiniMax-Text-01 / M1 (lightning attention: vLLM's linear_attention_state_shape, heads / TP x head_dim x head_dim in the
/// model dtype; softmax attention every 8th layer keeps the only KV cache) and Kimi-Linear (KDA: kda_state_shape, three
/// convolution windows of heads x head_dim / TP x (kernel - 1) in the model dtype and a heads / TP x head_dim x head_dim
/// state in float32; its full-attention layers are MLA).
/// </summary>
public class LinearAttentionHybridTests
{
    private static ModelSpec Spec(string json) => ModelCatalog.FromConfigJson(json, "test/linear") ?? throw new InvalidOperationException(json);

    private static ModelSpec Catalog(string id) => ModelCatalog.TryGet(id, out var spec) ? spec : throw new InvalidOperationException(id);

    [Fact]
    public void MiniMax_text_01_counts_lightning_softmax_and_expert_layers()
    {
        var spec = Catalog("MiniMaxAI/MiniMax-Text-01");

        // Hidden 6144, 64 heads of 128 (P = 8192), 8 KV heads, 32 experts of 9216, vocabulary 200064, untied:
        // 70 lightning layers x (5 x 6144 x 8192 + 8192 norm) = 70 x 251,666,432 = 17,616,650,240
        // 10 softmax layers x (2 x 6144 x 8192 + 2 x 6144 x 1024) = 10 x 113,246,208 = 1,132,462,080
        // 80 layers x (32 x 3 x 6144 x 9216 experts + 6144 x 32 router + 2 x 6144 norms) = 80 x 5,436,026,880 = 434,882,150,400
        // embedding and LM head 2 x 200064 x 6144 = 2,458,386,432; final norm 6144.
        Assert.Equal(456_089_655_296L, spec.ParametersComputed);

        // The card's "456B": 0.02% apart.
        Assert.InRange(Math.Abs(spec.ParametersComputed!.Value - 456e9) / 456e9, 0, 0.005);
        Assert.Equal(("lightning", 70, 10), (spec.RecurrentState!.Kind, spec.RecurrentState.Layers, spec.RecurrentState.AttentionLayers));
    }

    [Theory]
    [InlineData("MiniMaxAI/MiniMax-Text-01")]
    [InlineData("MiniMaxAI/MiniMax-M1-40k")]
    [InlineData("MiniMaxAI/MiniMax-Text-01-hf")]
    public void MiniMax_keeps_kv_only_for_softmax_layers_and_one_state_matrix_per_lightning_layer(string id)
    {
        var spec = Catalog(id);
        var kv = KvCacheSize.For(spec, 1, 80, "auto", "bfloat16", false)!;

        // KV per token: 10 softmax layers x 2 (K, V) x 8 heads x 128 x 2 bytes = 40,960.
        Assert.Equal(40_960, kv.FullBytesPerToken);

        // State per lightning layer and request: 64 heads x 128 x 128 x 2 bytes = 2,097,152 (2 MiB), no convolution.
        Assert.Equal(2_097_152, kv.StateBytesPerLayer);
        Assert.Equal((10, 70), (kv.Groups!.FullLayers, kv.Groups.StateLayers));

        // TP 8: 8 heads a rank, 262,144 bytes; the KV is 1 head a rank, 10 x 2 x 128 x 2 = 5,120 bytes per token.
        var tp8 = KvCacheSize.For(spec, 8, 80, "auto", "bfloat16", false)!;
        Assert.Equal((262_144.0, 5_120.0), (tp8.StateBytesPerLayer, tp8.FullBytesPerToken));
    }

    [Fact]
    public void A_minimax_config_names_its_lightning_layers_by_attn_type_list_or_layer_types()
    {
        const string Shape = """
            "hidden_size": 64, "num_hidden_layers": 4, "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 16,
            "intermediate_size": 32, "num_local_experts": 4, "num_experts_per_tok": 2, "vocab_size": 100, "tie_word_embeddings": false
            """;
        var byCodes = Spec("{\"model_type\": \"minimax_text_01\", \"attn_type_list\": [0, 0, 0, 1], " + Shape + "}");
        var byTypes = Spec("{\"model_type\": \"minimax\", \"layer_types\": [\"linear_attention\", \"linear_attention\", \"linear_attention\", \"full_attention\"], " + Shape + "}");

        // 3 lightning layers x (5 x 64 x 64 + 64) = 61,632; 1 softmax layer 2 x 64 x 64 + 2 x 64 x 32 = 12,288;
        // 4 x (4 x 3 x 64 x 32 experts + 64 x 4 router + 2 x 64 norms) = 99,840; 2 x 100 x 64 + 64 = 12,864: 186,624.
        Assert.Equal(186_624L, byCodes.ParametersComputed);
        Assert.Equal(186_624L, byTypes.ParametersComputed);

        // State 4 heads x 16 x 16 x 2 bytes = 2,048 per layer; KV 1 layer x 2 x 2 heads x 16 x 2 = 128 bytes per token.
        var kv = KvCacheSize.For(byCodes, 1, 4, "auto", "bfloat16", false)!;
        Assert.Equal((2_048.0, 128.0, 3), (kv.StateBytesPerLayer, kv.FullBytesPerToken, kv.Groups!.StateLayers));

        // MiniMax-M2's attn_type_list is all softmax: no state at all.
        var m2 = Spec("{\"model_type\": \"minimax_m2\", \"attn_type_list\": [1, 1, 1, 1], " + Shape + "}");
        Assert.Null(m2.RecurrentState);
        Assert.Null(m2.LinearAttentionKind);
    }

    [Fact]
    public void Kimi_linear_counts_kda_and_mla_layers_and_keeps_a_float32_kda_state()
    {
        // Layers 1-3 KDA (2 heads of 16, P = 32, kernel 4), layer 4 MLA without q_lora (latent 32, nope 16, rope 8, v 16);
        // layer 1 dense (first_k_dense_replace 1), the others 4 experts of 8 and 1 shared expert.
        var spec = Spec("""
            {"model_type": "kimi_linear", "hidden_size": 64, "num_hidden_layers": 4, "num_attention_heads": 2, "num_key_value_heads": 2,
             "intermediate_size": 32, "vocab_size": 100, "tie_word_embeddings": false, "first_k_dense_replace": 1, "moe_layer_freq": 1,
             "num_experts": 4, "num_experts_per_token": 2, "num_shared_experts": 1, "moe_intermediate_size": 8,
             "q_lora_rank": null, "kv_lora_rank": 32, "qk_nope_head_dim": 16, "qk_rope_head_dim": 8, "v_head_dim": 16, "mla_use_nope": true,
             "linear_attn_config": {"kda_layers": [1, 2, 3], "full_attn_layers": [4], "num_heads": 2, "head_dim": 16, "short_conv_kernel_size": 4}}
            """);

        // KDA layer: q/k/v/o 4 x 64 x 32 = 8,192; f_a and g_a 2 x 64 x 16 = 2,048; f_b and g_b 2 x 16 x 32 = 1,024; dt_bias 32;
        // b_proj 64 x 2 = 128; three convolutions 3 x 32 x 4 = 384; A_log 2; o_norm 16: 11,826.
        // MLA layer: q_proj 64 x 2 x 24 = 3,072; o_proj 2 x 16 x 64 = 2,048; kv_b 32 x 2 x 32 = 2,048; kv_a 64 x 40 = 2,560;
        // kv_a_layernorm 32: 9,760. Dense MLP 3 x 64 x 32 = 6,144; MoE layer 4 x 3 x 64 x 8 + 3 x 64 x 8 + 64 x 4 + 4 bias = 7,940.
        // 3 x 11,826 + 9,760 + 4 x 128 norms + 6,144 + 3 x 7,940 + 2 x 100 x 64 + 64 = 88,578.
        Assert.Equal(88_578L, spec.ParametersComputed);
        Assert.Equal(("kda", 3, 1), (spec.RecurrentState!.Kind, spec.RecurrentState.Layers, spec.RecurrentState.AttentionLayers));

        // KV per token: the MLA layer's latent, (32 + 8) x 2 bytes = 80. State per KDA layer: conv 3 x 32 x 3 x 2 = 576 and
        // recurrent 2 x 16 x 16 x 4 (float32) = 2,048: 2,624; TP 2 halves both, 1,312.
        var kv = KvCacheSize.For(spec, 1, 4, "auto", "bfloat16", false)!;
        Assert.Equal((80.0, 2_624.0), (kv.FullBytesPerToken, kv.StateBytesPerLayer));
        Assert.Equal(1_312.0, KvCacheSize.For(spec, 2, 4, "auto", "bfloat16", false)!.StateBytesPerLayer);
    }

    [Theory]
    [InlineData("moonshotai/Kimi-Linear-48B-A3B-Instruct")]
    [InlineData("moonshotai/Kimi-Linear-48B-A3B-Base")]
    public void Kimi_linear_48b_counts_its_kda_mla_and_expert_layers(string id)
    {
        var spec = Catalog(id);

        // Hidden 2304; KDA (32 heads of 128, P = 4096, kernel 4): 4 x 2304 x 4096 + 2 x 2304 x 128 + 2 x 128 x 4096 + 4096
        // + 2304 x 32 + 3 x 4096 x 4 + 32 + 128 = 39,514,272 a layer, x 20. MLA (32 heads, latent 512, nope 128, rope 64,
        // v 128, no q_lora): 2304 x 32 x 192 + 32 x 128 x 2304 + 512 x 32 x 256 + 2304 x 576 + 512 = 29,114,880, x 7.
        // Layer 1 dense 3 x 2304 x 9216; 26 MoE layers of 256 + 1 shared experts of 1024 (3 x 2304 x 1024 each) and a
        // router 2304 x 256 + 256; 2 norms a layer; untied 163840 x 2304 embedding and head; final norm: 49,122,681,728.
        Assert.Equal(49_122_681_728L, spec.ParametersComputed);

        // The Hub's "49B": 0.25% apart, inside the rounding of that figure.
        Assert.InRange(Math.Abs(spec.ParametersComputed!.Value - 49e9) / 49e9, 0, 0.005);

        // KV per token: 7 MLA layers x (512 + 64) x 2 bytes = 8,064. State per KDA layer and request: conv 3 x 4096 x 3 x 2
        // = 73,728 and recurrent 32 x 128 x 128 x 4 (float32) = 2,097,152: 2,170,880; at TP 4, 542,720.
        var kv = KvCacheSize.For(spec, 1, 27, "auto", "bfloat16", false)!;
        Assert.Equal((8_064.0, 2_170_880.0), (kv.FullBytesPerToken, kv.StateBytesPerLayer));
        Assert.Equal((7, 20), (kv.Groups!.FullLayers, kv.Groups.StateLayers));
        Assert.Equal(542_720.0, KvCacheSize.For(spec, 4, 27, "auto", "bfloat16", false)!.StateBytesPerLayer);
    }

    [Fact]
    public void A_catalog_record_carries_the_linear_attention_kind()
    {
        var record = JsonNode.Parse("""
            {"hf_id": "test/kda", "model_type": "kimi_linear", "num_hidden_layers": 4, "hidden_size": 64, "num_attention_heads": 2, "num_key_value_heads": 2,
             "vocab_size": 100, "linear_attention_layers": 3, "linear_attention_kind": "kda", "linear_num_key_heads": 2, "linear_num_value_heads": 2,
             "linear_key_head_dim": 16, "linear_value_head_dim": 16, "linear_conv_kernel_dim": 4}
            """)!;
        var state = ModelCatalog.FromRecord(record).RecurrentState!;
        Assert.Equal(("kda", 3, 1, 4), (state.Kind, state.Layers, state.AttentionLayers, state.StateElementBytes!.Value));
        Assert.Equal(2_624.0, state.BytesPerLayer(1, 2, state.StateElementBytes.Value));
    }
}
