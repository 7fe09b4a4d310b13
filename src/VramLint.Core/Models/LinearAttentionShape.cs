using VramLint.Core.Json;

namespace VramLint.Core.Models;

/// <summary>
/// The linear-attention layers of the hybrids whose mixer is not Gated DeltaNet: MiniMax-Text-01 / MiniMax-M1's lightning
/// attention (<c>attn_type_list</c> 0, or <c>layer_types</c> "linear_attention", beside softmax attention) and Kimi-Linear's
/// Kimi Delta Attention (<c>linear_attn_config.kda_layers</c>, beside MLA). Read from a config.json or from a catalog record
/// (<c>linear_attention_kind</c> with the <c>linear_*</c> keys). Shapes as vLLM's MiniMaxText01LinearAttention and
/// KimiDeltaAttention build them.
/// </summary>
/// <param name="Kind"><see cref="Lightning"/> or <see cref="Kda"/>.</param>
/// <param name="Layers">Layers with this mixer; the others are softmax attention (MiniMax) or MLA (Kimi-Linear).</param>
/// <param name="Heads">Heads of the linear mixer.</param>
/// <param name="HeadDim">Their head size (keys and values alike).</param>
/// <param name="ConvKernel">KDA's short convolution width; 0 for lightning attention, which has none.</param>
public sealed record LinearAttentionShape(string Kind, int Layers, int Heads, int HeadDim, int ConvKernel)
{
    public const string Lightning = "lightning";

    public const string Kda = "kda";

    /// <summary>The shape a config.json or catalog record states; null for models without these mixers (Gated DeltaNet included).</summary>
    public static LinearAttentionShape? Read(JsonNode text, int layers)
    {
        int? Int(string key) => text[key]?.AsInt;
        var recorded = text["linear_attention_kind"]?.AsString;
        if (recorded is Lightning or Kda)
        {
            return Int("linear_attention_layers") is { } count && Int("linear_num_value_heads") is { } heads && Int("linear_value_head_dim") is { } dim
                ? new LinearAttentionShape(recorded, count, heads, dim, Int("linear_conv_kernel_dim") ?? 0)
                : null;
        }

        // Kimi-Linear: linear_attn_config names the KDA layers (1-based) and the mixer's heads; the others are MLA.
        if (text["linear_attn_config"] is JsonObject kda && kda["kda_layers"] is JsonArray kdaLayers && kdaLayers.Items.Count > 0
            && kda["num_heads"]?.AsInt is { } kdaHeads && kda["head_dim"]?.AsInt is { } kdaDim)
        {
            return new LinearAttentionShape(Kda, Math.Min(layers, kdaLayers.Items.Count), kdaHeads, kdaDim, kda["short_conv_kernel_size"]?.AsInt ?? 4);
        }

        // MiniMax-Text-01 / M1: attn_type_list (0 lightning, 1 softmax) or layer_types; the lightning mixer uses the model's heads.
        var type = text["model_type"]?.AsString ?? "";
        if (type is "minimax_text_01" or "minimax_m1" or "minimax" or "MiniMaxM1" or "minimax_vl_01_text"
            && Int("num_attention_heads") is { } minimaxHeads && minimaxHeads > 0 && Int("hidden_size") is { } hidden)
        {
            var lightning = text["attn_type_list"] is JsonArray codes && codes.Items.Count > 0
                ? codes.Items.Count(c => c.AsInt == 0)
                : text["layer_types"] is JsonArray types ? types.Items.Count(t => t.AsString == "linear_attention") : 0;
            return lightning > 0
                ? new LinearAttentionShape(Lightning, Math.Min(layers, lightning), minimaxHeads, Int("head_dim") ?? (hidden / minimaxHeads), 0)
                : null;
        }

        return null;
    }

    /// <summary>Width of the mixer's projections: heads x head size.</summary>
    public long Projection => (long)Heads * HeadDim;

    /// <summary>
    /// Parameters of one layer's mixer. Lightning: qkv_proj (hidden to 3 x P), output_gate (hidden to P), out_proj and the
    /// RMSNorm over P. KDA: q/k/v_proj, the low-rank forget gate (f_a hidden x d, f_b d x P) and dt_bias P, b_proj (hidden x
    /// heads), three depthwise convolutions (P x kernel), A_log per head, the low-rank output gate (g_a, g_b), the gated
    /// norm over d and o_proj.
    /// </summary>
    public long MixerParameters(long hidden)
    {
        long p = Projection, d = HeadDim;
        return Kind == Lightning
            ? (5 * hidden * p) + p
            : (4 * hidden * p) + (2 * hidden * d) + (2 * d * p) + p + (hidden * Heads) + (3 * p * ConvKernel) + Heads + d;
    }

    /// <summary>
    /// The state vLLM keeps per request and layer (MambaStateShapeCalculator): lightning, one heads x d x d matrix in the
    /// model dtype; KDA, three convolution windows of P x (kernel - 1) in the model dtype and a heads x d x d state in
    /// float32 (<c>kda_state_dtype</c>).
    /// </summary>
    public RecurrentState State(int totalLayers) => new()
    {
        Kind = Kind,
        Layers = Layers,
        AttentionLayers = totalLayers - Layers,
        ConvChannels = Kind == Kda ? 3 * Projection : 0,
        ConvWidth = Kind == Kda ? Math.Max(0, ConvKernel - 1) : 0,
        Heads = Heads,
        HeadElements = (long)HeadDim * HeadDim,
        StateElementBytes = Kind == Kda ? 4 : null,
    };
}
