using VramLint.Core.Models;
using VramLint.Core.Settings;

namespace VramLint.Core.Estimation;

/// <summary>
/// What a speculative-decoding drafter adds to each GPU (vllm-notes 1.2): its weights, loaded on the same GPUs and
/// counted as weights, and its attention layers' KV cache, which takes pages from the same pool. A separate draft
/// model is sized like any model; an EAGLE head or an MTP module is one decoder layer shaped like the target's
/// (embedding and LM head shared with the target); n-gram and suffix drafting load nothing.
/// </summary>
/// <param name="BytesPerGpu">Weight bytes per GPU.</param>
/// <param name="Kv">KV per token per GPU of the drafter's layers; null when unknown or none.</param>
/// <param name="Description">For the breakdown, e.g. "draft model meta-llama/Llama-3.2-1B-Instruct"; null when there is no drafter.</param>
/// <param name="Caveat">What could not be counted, for the breakdown; null when everything was.</param>
public sealed record SpeculativeDraft(double BytesPerGpu, KvCacheSize? Kv, string? Description, string? Caveat)
{
    public static SpeculativeDraft None { get; } = new(0, null, null, null);

    public static SpeculativeDraft For(DeploymentSettings settings, ModelResolution target, ModelComponents? targetComponents, int tp, int dp)
    {
        var method = settings.SpeculativeMethod?.Trim().ToLowerInvariant() ?? "";
        var name = string.IsNullOrWhiteSpace(settings.SpeculativeModel) ? null : settings.SpeculativeModel!.Trim();
        if (method is "ngram" or "[ngram]" or "ngram_gpu" or "suffix" || (name is null && method.Length == 0))
        {
            return None;
        }

        var lowerName = name?.ToLowerInvariant() ?? "";
        if (method.EndsWith("mtp", StringComparison.Ordinal))
        {
            return OneTargetLayer(settings, target, targetComponents, tp, dp, "MTP module", mtp: true);
        }

        if (method is "eagle" or "eagle3" or "medusa" or "mlp_speculator" || lowerName.Contains("eagle") || lowerName.Contains("medusa"))
        {
            return OneTargetLayer(settings, target, targetComponents, tp, dp, "EAGLE head " + (name ?? method), mtp: false);
        }

        if (name is null)
        {
            return new SpeculativeDraft(0, null, null, $"the drafter of speculative method '{method}' is not counted");
        }

        var draft = ModelResolver.Resolve(name);
        var description = "draft model " + name;
        if (draft.Spec is { } spec && ModelComponents.From(spec) is { } components)
        {
            var bytes = WeightBytes.PerGpu(components, spec, draft.Quantization, settings.Dtype, tp, dp, 0, components.Layers, pp: 1)
                - SharedRotaryCache(spec, target.Spec, settings.Dtype);
            var kv = KvCacheSize.For(spec, tp, components.Layers, settings.KvCacheDtype, settings.Dtype, settings.DisableSlidingWindow == true);
            return new SpeculativeDraft(bytes, kv, description, kv is null ? "its KV cache is unknown" : null);
        }

        if (draft.Parameters is { } parameters)
        {
            var bytes = parameters * WeightBytes.QuantizedBytes(draft.Quantization, settings.Dtype) / Math.Max(1, tp);
            return new SpeculativeDraft(bytes, null, description, "its weights come from its name and its KV cache is unknown");
        }

        return new SpeculativeDraft(0, null, null, $"the draft model '{ValueRanges.Shorten(name)}' is unknown and its name states no size, so it is not counted");
    }

    /// <summary>
    /// vLLM caches rotary embeddings by their parameters (get_rope), so a draft model whose rotary shape matches the
    /// target's (same family, head size and positions, e.g. Llama-3.1-8B drafting for Llama-3.1-70B) adds no second cache.
    /// </summary>
    private static double SharedRotaryCache(ModelSpec draft, ModelSpec? target, string? dtype) =>
        target is not null && draft.ModelType == target.ModelType && draft.HeadDim == target.HeadDim && draft.MaxPositionEmbeddings == target.MaxPositionEmbeddings
            ? WeightBytes.RotaryCache(draft, WeightBytes.DenseBytes(dtype))
            : 0;

    /// <summary>
    /// EAGLE: one dense decoder layer of the target in 16 bits plus the fc layer that folds the target's hidden states
    /// in (2 x hidden, 3 x hidden for EAGLE-3). MTP: one decoder layer as the target stores it (MoE when the target is)
    /// plus its projection of two hidden states and two norms.
    /// </summary>
    private static SpeculativeDraft OneTargetLayer(DeploymentSettings settings, ModelResolution target, ModelComponents? c, int tp, int dp, string description, bool mtp)
    {
        if (target.Spec is not { } spec || c is null)
        {
            return new SpeculativeDraft(0, null, null, $"the {description} is not counted: the target's architecture is unknown");
        }

        var hidden = (double)(spec.HiddenSize ?? 0);
        var dense = WeightBytes.DenseBytes(settings.Dtype);
        double bytes;
        if (mtp)
        {
            bytes = WeightBytes.DecoderLayer(c, spec, target.Quantization, settings.Dtype, tp, dp, moe: spec.IsMoe)
                + (((2 * hidden * hidden) + (2 * hidden)) * dense);
        }
        else
        {
            var folded = settings.SpeculativeMethod?.Trim().ToLowerInvariant() == "eagle3" || description.IndexOf("eagle3", StringComparison.OrdinalIgnoreCase) >= 0 ? 3 : 2;
            bytes = WeightBytes.DecoderLayer(c, spec, QuantizationScheme.None, settings.Dtype, tp, dp, moe: false)
                + (folded * hidden * hidden * dense);
        }

        var kv = KvCacheSize.For(spec, tp, 1, settings.KvCacheDtype, settings.Dtype, disableSlidingWindow: true);
        return new SpeculativeDraft(bytes, kv, description, null);
    }
}
