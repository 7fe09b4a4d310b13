using VramLint.Core.Models;
using VramLint.Core.Settings;

namespace VramLint.Core.Estimation;

/// <summary>
/// A multimodal model's vision tower at start-up, per GPU: its weights, and the torch peak of vLLM's encoder profiling
/// (<c>profile_run</c> runs the tower over dummy images of the largest size before the language-model dummy run).
/// </summary>
/// <param name="WeightBytes">The tower's weights on one GPU (sharded by TP; whole on every rank with --mm-encoder-tp-mode data).</param>
/// <param name="ActivationBytes">The encoder's profiling peak on one GPU; 0 when not profiled (no modality enabled, --skip-mm-profiling).</param>
/// <param name="Items">Dummy images in the profiled batch.</param>
/// <param name="PatchesPerItem">Encoder patches of the largest image; null when the largest size is unknown.</param>
/// <param name="Caveat">What the figure leaves out, for the breakdown; null when nothing.</param>
public sealed record MultimodalProfile(double WeightBytes, double ActivationBytes, long Items, long? PatchesPerItem, string? Caveat)
{
    public static MultimodalProfile None { get; } = new(0, 0, 0, null, null);

    /// <summary>
    /// Bytes the encoder's profile holds per patch, in copies of its hidden width at 16 bits: 18, fitted on Llama-3.2-11B-Vision
    /// (vLLM PR 12126: 36.63 GiB for 128 x 4 tiles x 1601 patches of width 1280 = 18.7) and Qwen2.5-VL-7B (one 65536-patch
    /// image of width 1280, 2.47 GiB = 15.8); the margin covers the larger.
    /// </summary>
    public const double CopiesPerPatch = 18;

    public static MultimodalProfile For(ModelSpec? spec, DeploymentSettings settings, EffectiveSettings effective, VllmVersion version, int tp)
    {
        if (spec?.Vision is not { } vision)
        {
            return None;
        }

        tp = Math.Max(1, tp);
        var dataParallelEncoder = settings.MmEncoderTpMode == "data";
        var weights = vision.Parameters * 2.0 / (dataParallelEncoder ? 1 : tp);
        var limits = settings.LimitMmPerPrompt;
        var behaviour = VllmBehaviour.Of(version);
        var imageLimit = limits?["image"] ?? behaviour.DefaultMultimodalLimit;
        if (imageLimit <= 0 || settings.SkipMmProfiling == true)
        {
            return new MultimodalProfile(weights, 0, 0, null, imageLimit <= 0 ? "no image profile (--limit-mm-per-prompt image 0)" : "encoder profile skipped (--skip-mm-profiling)");
        }

        var patches = vision.SizedByMaxPixels
            ? vision.PatchesForPixels(settings.MmProcessorKwargs?["max_pixels"]?.AsLong ?? vision.DefaultMaxPixels ?? 0)
            : vision.PatchesPerImage;
        if (patches is not > 1)
        {
            return new MultimodalProfile(weights, 0, 0, null, "the encoder's profiling peak is unknown (the largest image is a processor setting: set --mm-processor-kwargs max_pixels)");
        }

        var tokens = Math.Max(1, patches.Value / Math.Max(1, vision.PatchesPerToken));
        var items = ProfiledItems(spec, effective, behaviour, imageLimit, tokens);
        if (dataParallelEncoder)
        {
            // Data-parallel encoder: each rank encodes its share of the batch.
            items = (items + tp - 1) / tp;
        }

        var peak = items * (double)patches.Value * CopiesPerPatch * vision.HiddenSize * 2.0 * RuntimeMemory.Margin;
        var videoOn = limits?["video"] is not 0 && vision.SizedByMaxPixels;
        return new MultimodalProfile(weights, peak, items, patches, videoOn ? "video profile not modelled (set --limit-mm-per-prompt video 0, or expect more)" : null);
    }

    /// <summary>
    /// Dummy images vLLM profiles. V1 (<c>MultiModalBudget</c>): as many as the encoder budget max(max-num-batched-tokens,
    /// tokens per image) holds, at most max-num-seqs x the per-prompt limit (itself at most max-model-len / tokens per
    /// image), at least one. V0: one prompt of <c>limit</c> images per sequence, for as many sequences as the batch holds
    /// (encoder-decoder models such as Llama-3.2-Vision: every one of max-num-seqs).
    /// </summary>
    private static long ProfiledItems(ModelSpec spec, EffectiveSettings effective, VllmBehaviour behaviour, int limit, long tokensPerItem)
    {
        var seqs = Math.Max(1, effective.MaxNumSeqs);
        var batch = Math.Max(1, effective.MaxNumBatchedTokens);
        if (behaviour.IsV0)
        {
            var sequences = spec.Vision!.CrossAttention ? seqs : Math.Max(1, Math.Min(seqs, batch / tokensPerItem));
            return sequences * (long)limit;
        }

        var budget = Math.Max(batch, tokensPerItem);
        var perPrompt = Math.Max(1, Math.Min(limit, Math.Max(0, effective.MaxModelLen) / tokensPerItem));
        return Math.Max(1, Math.Min(budget / tokensPerItem, seqs * perPrompt));
    }
}
