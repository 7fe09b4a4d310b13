using VramLint.Core.Models;

namespace VramLint.Core.Tests.Models;

/// <summary>
/// The architectures the catalog gained read from a user's own config.json exactly as the catalog reads them: BERT-style
/// encoders, Llama 4's interleaved MoE and chunked attention, and Qwen3-Next-style linear-attention hybrids.
/// </summary>
public class ConfigJsonReaderArchitectureTests
{
    private static ModelSpec Read(string json) => ModelCatalog.FromConfigJson(json, "acme/model")!;

    [Fact]
    public void A_bert_encoder_has_token_types_a_pooler_and_no_lm_head()
    {
        var spec = Read("""
            {"architectures": ["BertModel"], "model_type": "bert", "hidden_size": 384, "intermediate_size": 1536, "num_hidden_layers": 6,
             "num_attention_heads": 12, "vocab_size": 30522, "max_position_embeddings": 512, "type_vocab_size": 2}
            """);
        var components = ModelComponents.From(spec)!;

        Assert.True(spec.IsEncoderOnly);
        Assert.Equal(2, spec.TypeVocabSize);
        Assert.Equal((30522L * 384) + (512 * 384) + (2 * 384), components.Embedding); // words, positions, token types
        Assert.Equal((384L * 384) + 384, components.LmHead); // the pooler
        Assert.Equal(22713216, components.Total);
    }

    [Fact]
    public void A_decoder_is_not_an_encoder_even_with_a_type_vocabulary()
    {
        var spec = Read("""
            {"model_type": "llama", "hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 2, "num_attention_heads": 4,
             "vocab_size": 100, "type_vocab_size": 2}
            """);

        Assert.False(spec.IsEncoderOnly);
        Assert.Null(spec.TypeVocabSize);
    }

    [Theory]
    [InlineData(", \"no_rope_layers\": [1, 1, 1, 0, 1, 1, 1, 0]", 6)] // the list wins
    [InlineData(", \"no_rope_layer_interval\": 2", 4)]
    [InlineData("", 6)] // transformers' default: every 4th layer global
    public void Llama_4_counts_its_chunked_layers(string extra, int chunked)
    {
        var spec = Read("""
            {"model_type": "llama4", "text_config": {"model_type": "llama4_text", "hidden_size": 64, "intermediate_size": 32, "intermediate_size_mlp": 128,
             "num_hidden_layers": 8, "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 16, "vocab_size": 100, "num_local_experts": 4,
             "num_experts_per_tok": 1, "interleave_moe_layer_step": 2, "attention_chunk_size": 8192
            """ + extra + "}}");
        var components = ModelComponents.From(spec)!;

        Assert.Equal((8192, chunked), (spec.AttentionChunkSize, spec.ChunkedAttentionLayers));
        Assert.Equal((128, 32, 1, 2), (spec.IntermediateSize, spec.MoeIntermediateSize, spec.NumSharedExperts, spec.InterleaveMoeLayerStep));
        Assert.Equal((4, 4), (components.DenseLayers, components.MoeLayers)); // every 2nd layer MoE
        Assert.Equal(3L * 64 * 128, components.DenseMlp);
        Assert.Equal(4L * 3 * 64 * 32, components.RoutedExperts);
    }

    [Fact]
    public void A_linear_attention_hybrid_counts_its_delta_net_and_gated_attention_layers()
    {
        var spec = Read("""
            {"model_type": "qwen3_next", "hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 4, "num_attention_heads": 4,
             "num_key_value_heads": 2, "head_dim": 16, "vocab_size": 100, "attn_output_gate": true,
             "layer_types": ["linear_attention", "linear_attention", "linear_attention", "full_attention"],
             "linear_num_key_heads": 2, "linear_num_value_heads": 4, "linear_key_head_dim": 8, "linear_value_head_dim": 8, "linear_conv_kernel_dim": 4}
            """);
        var c = ModelComponents.From(spec)!;

        Assert.Equal((3, 1), (c.LinearAttentionLayers, c.FullAttentionLayers));

        // keys 2x8 = 16, values 4x8 = 32: qkvz 64x96, ba 64x8, conv (32 + 32) x 4, dt and A 2x4, gated norm 8, out 32x64.
        Assert.Equal((64L * 96) + (64 * 8) + (64 * 4) + 8 + 8 + (32 * 64), c.LinearAttention);

        // Gated attention: q_proj yields query and gate (2 x 64x64), o_proj 64x64; K/V 2 x 64x32; q/k norms.
        Assert.Equal((3L * 64 * 64, 2L * 64 * 32), (c.AttentionQueryOutput, c.AttentionKeyValue));
        Assert.Equal(
            c.Embedding + c.LmHead + c.FinalNorm + (1 * (c.AttentionQueryOutput + c.AttentionKeyValue + c.AttentionExtras)) + (3 * c.LinearAttention) + (4 * (c.Norms + c.DenseMlp)),
            c.Total);
    }

    [Fact]
    public void A_model_without_linear_layers_states_none()
    {
        var spec = Read("""{"model_type": "qwen3", "hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 2, "num_attention_heads": 4, "vocab_size": 100, "layer_types": ["full_attention", "full_attention"]}""");

        Assert.Null(spec.LinearAttentionLayers);
        Assert.Equal(0, ModelComponents.From(spec)!.LinearAttentionLayers);
    }
}
