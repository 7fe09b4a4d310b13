using VramLint.Core.Estimation;
using VramLint.Core.Json;
using VramLint.Core.Models;

namespace VramLint.Core.Tests.Models;

/// <summary>
/// Hybrid models' per-request state read from config.json, shaped as vLLM's MambaStateShapeCalculator shapes it:
/// mamba1 (conv: inner x (kernel-1), state: inner x d_state), mamba2 (conv: (inner + 2 x groups x d_state) / TP x (kernel-1),
/// groups padded to TP when TP does not divide them; state: heads / TP x head_dim x d_state), gated delta net
/// (conv: (2 x key heads x key dim + value heads x value dim) / TP x (kernel-1); state: value heads / TP x key dim x value dim).
/// The configs below are small made-up shapes that exercise each rule.
/// </summary>
public class RecurrentStateTests
{
    private static ModelSpec Spec(string json) => ModelCatalog.FromConfigJson(json, "test/hybrid") ?? throw new InvalidOperationException(json);

    [Fact]
    public void Gated_delta_net_layers_come_from_layer_types_or_the_interval()
    {
        var byInterval = Spec("""{"model_type": "qwen3_next", "hidden_size": 256, "num_hidden_layers": 8, "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 64, "vocab_size": 1000, "full_attention_interval": 4, "linear_num_key_heads": 2, "linear_num_value_heads": 4, "linear_key_head_dim": 32, "linear_value_head_dim": 16, "linear_conv_kernel_dim": 4}""");
        var state = byInterval.RecurrentState!;
        Assert.Equal(("gated_delta_net", 6, 2), (state.Kind, state.Layers, state.AttentionLayers));

        // conv (2 x 2 x 32 + 4 x 16) = 192 channels x 3 steps, state 4 heads x 32 x 16, both bf16.
        Assert.Equal((192 * 3 * 2) + (4 * 32 * 16 * 2), state.BytesPerLayer(1, 2, 2));

        // TP 2 halves both.
        Assert.Equal((96 * 3 * 2) + (2 * 32 * 16 * 2), state.BytesPerLayer(2, 2, 2));

        var byTypes = Spec("""{"model_type": "qwen3_5_text", "hidden_size": 256, "num_hidden_layers": 4, "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 64, "vocab_size": 1000, "layer_types": ["linear_attention", "full_attention", "linear_attention", "linear_attention"], "linear_num_key_heads": 2, "linear_num_value_heads": 4, "linear_key_head_dim": 32, "linear_value_head_dim": 16, "mamba_ssm_dtype": "float32"}""");
        Assert.Equal((3, 1, 4), (byTypes.RecurrentState!.Layers, byTypes.RecurrentState.AttentionLayers, byTypes.RecurrentState.StateElementBytes!.Value));
    }

    [Fact]
    public void Mamba2_pads_its_groups_to_the_tensor_parallel_size()
    {
        // Granite-4.0-H style: layer_types "mamba" / "attention"; 8 heads of 16 with state 32, one group, kernel 4.
        var granite = Spec("""{"model_type": "granitemoehybrid", "hidden_size": 64, "num_hidden_layers": 4, "num_attention_heads": 4, "num_key_value_heads": 1, "vocab_size": 1000, "layer_types": ["mamba", "mamba", "mamba", "attention"], "mamba_n_heads": 8, "mamba_d_head": 16, "mamba_d_state": 32, "mamba_n_groups": 1, "mamba_d_conv": 4}""");
        var state = granite.RecurrentState!;
        Assert.Equal(("mamba2", 3, 1), (state.Kind, state.Layers, state.AttentionLayers));
        Assert.Equal((((128 + (2 * 32)) * 3) + (8 * 16 * 32)) * 2.0, state.BytesPerLayer(1, 2, 2));

        // TP 2: the single group becomes two (vLLM's extra_groups_for_head_shards), then everything is split.
        Assert.Equal(((((128 + (2 * 2 * 32)) / 2) * 3) + (4 * 16 * 32)) * 2.0, state.BytesPerLayer(2, 2, 2));

        // Nemotron-H style pattern: M = Mamba, * = attention, - = MLP only (neither).
        var nemotron = Spec("""{"model_type": "nemotron_h", "hidden_size": 64, "num_hidden_layers": 6, "num_attention_heads": 4, "num_key_value_heads": 1, "vocab_size": 1000, "hybrid_override_pattern": "M-M*-M", "mamba_num_heads": 8, "mamba_head_dim": 16, "ssm_state_size": 32, "n_groups": 2, "conv_kernel": 4}""");
        Assert.Equal((3, 1), (nemotron.RecurrentState!.Layers, nemotron.RecurrentState.AttentionLayers));
    }

    [Fact]
    public void Jamba_keeps_mamba1_state_and_attention_every_period()
    {
        var jamba = Spec("""{"model_type": "jamba", "hidden_size": 64, "num_hidden_layers": 16, "num_attention_heads": 4, "num_key_value_heads": 1, "vocab_size": 1000, "attn_layer_period": 8, "attn_layer_offset": 4, "mamba_d_state": 16, "mamba_d_conv": 4, "mamba_expand": 2}""");
        var state = jamba.RecurrentState!;
        Assert.Equal(("mamba1", 14, 2), (state.Kind, state.Layers, state.AttentionLayers));
        Assert.Equal(((128 * 3) + (128 * 16)) * 2.0, state.BytesPerLayer(1, 2, 2));
    }

    [Fact]
    public void Falcon_h1_layers_keep_both_a_kv_cache_and_a_state()
    {
        var falcon = Spec("""{"model_type": "falcon_h1", "hidden_size": 64, "num_hidden_layers": 4, "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 16, "vocab_size": 1000, "mamba_d_ssm": 128, "mamba_n_heads": 8, "mamba_d_head": 16, "mamba_d_state": 16, "mamba_n_groups": 1, "mamba_d_conv": 4}""");
        Assert.Equal((4, 4), (falcon.RecurrentState!.Layers, falcon.RecurrentState.AttentionLayers));

        // Equal counts: one group of 4 layers per kind; a request takes its attention pages plus one state page.
        var kv = KvCacheSize.For(falcon, 1, 4, "auto", "bfloat16", false)!;
        Assert.Equal((4, 1, 1), (kv.Groups!.GroupSize, kv.Groups.FullGroups, kv.Groups.StateGroups));
        var block = kv.Groups.BlockSize(16);
        Assert.Equal(4 * kv.Groups.PageBytes(16) * (((1000 + block - 1) / block) + 1), kv.RequestBytes(1000, 2048, 16));
    }

    [Fact]
    public void A_catalog_record_states_the_linear_layer_count_and_an_encoder_flag()
    {
        // Catalog records carry linear_attention_layers and the linear_* facts flat, and is_encoder_only for encoders.
        var record = JsonNode.Parse("""{"hf_id": "test/hybrid", "model_type": "qwen3_5_moe_text", "num_hidden_layers": 40, "hidden_size": 2048, "num_attention_heads": 16, "num_key_value_heads": 2, "head_dim": 256, "vocab_size": 1000, "linear_attention_layers": 30, "linear_num_key_heads": 16, "linear_num_value_heads": 32, "linear_key_head_dim": 128, "linear_value_head_dim": 128, "linear_conv_kernel_dim": 4, "mamba_ssm_dtype": "float32"}""")!;
        var state = ModelCatalog.FromRecord(record).RecurrentState!;
        Assert.Equal((30, 10, 4), (state.Layers, state.AttentionLayers, state.StateElementBytes!.Value));

        var encoder = ModelCatalog.FromRecord(JsonNode.Parse("""{"hf_id": "test/encoder", "model_type": "custom_encoder", "num_hidden_layers": 2, "hidden_size": 64, "num_attention_heads": 2, "vocab_size": 100, "is_encoder_only": true}""")!);
        Assert.True(EncoderOnlyModels.Is(encoder));
        Assert.True(KvCacheSize.For(encoder, 1, 2, "auto", null, false)!.KeepsNothing);
    }

    [Fact]
    public void A_model_without_state_keys_has_none()
    {
        var dense = Spec("""{"model_type": "llama", "hidden_size": 64, "num_hidden_layers": 4, "num_attention_heads": 4, "vocab_size": 1000}""");
        Assert.Null(dense.RecurrentState);
        Assert.Null(KvCacheSize.For(dense, 1, 4, "auto", null, false)!.Groups);
    }
}
