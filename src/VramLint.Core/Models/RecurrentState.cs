using VramLint.Core.Json;

namespace VramLint.Core.Models;

/// <summary>
/// The fixed per-request state of a hybrid model's Mamba or linear-attention layers (vLLM's <c>MambaSpec</c>): a
/// convolution window of <see cref="ConvWidth"/> steps over <see cref="ConvChannels"/> channels, and a recurrent state of
/// <see cref="Heads"/> heads of <see cref="HeadElements"/> values each, per layer, whatever the sequence length. Shapes as
/// vLLM's <c>MambaStateShapeCalculator</c> builds them (mamba1, mamba2, gated delta net).
/// </summary>
public sealed record RecurrentState
{
    /// <summary>
    /// mamba1 (Jamba), mamba2 (Granite-4.0-H, Nemotron-H, Falcon-H1, Bamba), gated_delta_net (Qwen3-Next, Qwen3.5+),
    /// lightning (MiniMax-Text-01 / M1), kda (Kimi-Linear).
    /// </summary>
    public string Kind { get; init; } = "";

    /// <summary>How many of the model's layers hold this state instead of (or, Falcon-H1, besides) a KV cache.</summary>
    public int Layers { get; init; }

    /// <summary>Layers with attention, hence a KV cache (the rest are state-only or MLP-only).</summary>
    public int AttentionLayers { get; init; }

    /// <summary>Convolution channels split by TP (mamba2's B/C groups are counted in <see cref="Groups"/>).</summary>
    public long ConvChannels { get; init; }

    /// <summary>mamba2: B and C groups, each 2 x state size channels; padded to TP when TP does not divide them.</summary>
    public int Groups { get; init; }

    public int GroupChannels { get; init; }

    /// <summary>Convolution kernel minus one: the window kept per request.</summary>
    public int ConvWidth { get; init; }

    /// <summary>Recurrent-state heads, split by TP.</summary>
    public long Heads { get; init; }

    public long HeadElements { get; init; }

    /// <summary>
    /// Bytes of one recurrent-state element when the config fixes it (Qwen3.5+: <c>mamba_ssm_dtype</c> float32; Nemotron-H:
    /// <c>mamba_ssm_cache_dtype</c>, which vLLM adopts, else float16); null = the model dtype.
    /// </summary>
    public int? StateElementBytes { get; init; }

    /// <summary>mamba2: the convolution has a bias (<c>mamba_conv_bias</c> / <c>use_conv_bias</c>, true unless the config says not).</summary>
    public bool ConvBias { get; init; } = true;

    /// <summary>mamba2: in_proj and out_proj have biases (<c>mamba_proj_bias</c> / <c>use_bias</c>, false unless the config says so).</summary>
    public bool ProjectionBias { get; init; }

    /// <summary>
    /// Parameters of one mamba2 mixer (transformers/vLLM MambaMixer2): in_proj (hidden to 2 x inner + 2 x groups x state +
    /// heads), the depthwise convolution over inner + 2 x groups x state channels, dt_bias, A_log and D per head, the
    /// gated norm over the inner width and out_proj; 0 for other kinds.
    /// </summary>
    public long Mamba2MixerParameters(long hidden)
    {
        if (Kind != "mamba2")
        {
            return 0;
        }

        long inner = ConvChannels, groups = (long)Groups * GroupChannels, conv = inner + groups;
        var projections = (hidden * (inner + conv + Heads)) + (inner * hidden) + (ProjectionBias ? inner + conv + Heads + hidden : 0);
        return projections + (conv * (ConvWidth + 1)) + (ConvBias ? conv : 0) + (3 * Heads) + inner;
    }

    /// <summary>
    /// Bytes of one layer's state per request on one GPU, before vLLM pads it to the attention page: convolution state
    /// plus recurrent state, in the model dtype unless <c>--mamba-ssm-cache-dtype</c> says otherwise.
    /// </summary>
    public double BytesPerLayer(int tp, double convElementBytes, double stateElementBytes)
    {
        tp = Math.Max(1, tp);
        var groups = Groups <= 0 ? 0 : Groups % tp == 0 ? Groups : Groups + (tp - Groups);
        var conv = ((ConvChannels + ((long)groups * GroupChannels)) / tp) * (double)Math.Max(0, ConvWidth);
        var state = Math.Max(1, Heads / tp) * (double)HeadElements;
        return (conv * convElementBytes) + (state * stateElementBytes);
    }

    /// <summary>The state of a config.json (or a catalog record carrying the same keys); null for a model without one.</summary>
    public static RecurrentState? From(JsonNode text, int layers)
    {
        int? Int(string key) => text[key]?.AsInt;
        var type = text["model_type"]?.AsString ?? "";

        // MiniMax's lightning attention and Kimi-Linear's KDA: their own state shapes (LinearAttentionShape).
        if (LinearAttentionShape.Read(text, layers) is { } linearShape)
        {
            return linearShape.State(layers);
        }

        // Qwen3-Next and Qwen3.5+: gated delta net layers, with full attention every full_attention_interval layers.
        if (Int("linear_num_value_heads") is { } valueHeads && Int("linear_key_head_dim") is { } keyDim && Int("linear_value_head_dim") is { } valueDim)
        {
            var keyHeads = Int("linear_num_key_heads") ?? valueHeads;
            // The catalog states the count (linear_attention_layers); a config.json names the layers or the interval.
            var attention = (Int("linear_attention_layers") is { } linear ? layers - linear : (int?)null)
                ?? CountTypes(text, "full_attention")
                ?? (Int("full_attention_interval") is { } interval and > 0 ? layers / interval : (int?)null);
            if (attention is null)
            {
                return null;
            }

            return new RecurrentState
            {
                Kind = "gated_delta_net",
                Layers = layers - attention.Value,
                AttentionLayers = attention.Value,
                ConvChannels = (2L * keyHeads * keyDim) + ((long)valueHeads * valueDim),
                ConvWidth = (Int("linear_conv_kernel_dim") ?? 4) - 1,
                Heads = valueHeads,
                HeadElements = (long)keyDim * valueDim,
                StateElementBytes = DtypeBytes(text["mamba_ssm_dtype"]?.AsString),
            };
        }

        // Jamba: mamba1 layers, attention every attn_layer_period layers from attn_layer_offset.
        if (type == "jamba" && Int("hidden_size") is { } jambaHidden)
        {
            var period = Int("attn_layer_period") ?? 8;
            var offset = Int("attn_layer_offset") ?? 4;
            var attention = Enumerable.Range(0, layers).Count(i => period > 0 && i % period == offset);
            long inner = (Int("mamba_expand") ?? 2) * (long)jambaHidden;
            return new RecurrentState
            {
                Kind = "mamba1",
                Layers = layers - attention,
                AttentionLayers = attention,
                ConvChannels = inner,
                ConvWidth = (Int("mamba_d_conv") ?? 4) - 1,
                Heads = inner,
                HeadElements = Int("mamba_d_state") ?? 16,
            };
        }

        // Mamba2 hybrids: Granite-4.0-H (layer_types), Nemotron-H (hybrid_override_pattern), Falcon-H1 (both in every layer).
        var mambaHeads = Int("mamba_n_heads") ?? Int("mamba_num_heads");
        var mambaHeadDim = Int("mamba_d_head") ?? Int("mamba_head_dim");
        var stateSize = Int("mamba_d_state") ?? Int("ssm_state_size");
        if (mambaHeads is { } heads && mambaHeadDim is { } headDim && stateSize is { } dState)
        {
            int mambaLayers, attention;
            if (Int("mamba_layers") is { } counted)
            {
                // A catalog record states the count (Granite-4.0-H: the others are attention).
                mambaLayers = counted;
                attention = layers - counted;
            }
            else if (NemotronPattern(text) is { } pattern)
            {
                mambaLayers = pattern.Count(c => c == 'M');
                attention = pattern.Count(c => c == '*');
            }
            else if (CountTypes(text, "mamba") is { } m)
            {
                mambaLayers = m;
                attention = CountTypes(text, "attention") ?? (layers - m);
            }
            else if (type == "falcon_h1")
            {
                mambaLayers = layers;
                attention = layers;
            }
            else
            {
                return null;
            }

            // Granite-4.0-micro is a granitemoehybrid whose layer_types are all attention: no state to keep.
            if (mambaLayers <= 0)
            {
                return null;
            }

            return new RecurrentState
            {
                Kind = "mamba2",
                Layers = mambaLayers,
                AttentionLayers = attention,
                ConvChannels = (long)(Int("mamba_d_ssm") ?? (heads * headDim)),
                Groups = Int("mamba_n_groups") ?? Int("n_groups") ?? 1,
                GroupChannels = 2 * dState,
                ConvWidth = (Int("mamba_d_conv") ?? Int("conv_kernel") ?? 4) - 1,
                Heads = heads,
                HeadElements = (long)headDim * dState,
                StateElementBytes = type == "nemotron_h" ? DtypeBytes(text["mamba_ssm_cache_dtype"]?.AsString ?? "float16") : DtypeBytes(text["mamba_ssm_dtype"]?.AsString),
                ConvBias = (text["mamba_conv_bias"] ?? text["use_conv_bias"])?.AsBool ?? true,
                ProjectionBias = (text["mamba_proj_bias"] ?? text["use_bias"])?.AsBool ?? false,
            };
        }

        return null;
    }

    /// <summary>
    /// Nemotron-H's layer kinds, one character a layer (M Mamba2, * attention, - MLP, E MoE): <c>hybrid_override_pattern</c>,
    /// or Nemotron 3.5's <c>layers_block_type</c> list spelled the same way; null when the config has neither.
    /// </summary>
    public static string? NemotronPattern(JsonNode text)
    {
        if (text["hybrid_override_pattern"]?.AsString is { } pattern)
        {
            return pattern;
        }

        if (text["layers_block_type"] is not JsonArray kinds || kinds.Items.Count == 0)
        {
            return null;
        }

        var letters = kinds.Items.Select(k => k.AsString switch { "mamba" => 'M', "attention" => '*', "mlp" => '-', "moe" => 'E', _ => '?' }).ToArray();
        return letters.Contains('?') ? null : new string(letters);
    }

    private static int? DtypeBytes(string? dtype) => dtype switch
    {
        "float32" => 4,
        "bfloat16" or "float16" => 2,
        _ => null,
    };

    private static int? CountTypes(JsonNode text, string kind) =>
        text["layer_types"] is JsonArray types && types.Items.Count > 0 ? types.Items.Count(t => t.AsString == kind) : null;
}
