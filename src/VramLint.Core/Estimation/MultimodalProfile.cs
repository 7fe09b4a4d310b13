using VramLint.Core.Models;
using VramLint.Core.Settings;

namespace VramLint.Core.Estimation;

/// <summary>
/// A multimodal model's encoder at start-up, per GPU: its weights, and the torch peak of vLLM's encoder profiling
/// (<c>profile_run</c> runs the tower over dummy items of the largest size before the language-model dummy run): images
/// for a vision tower, videos too for Qwen-VL towers, 30 s of audio for Whisper's encoder.
/// </summary>
/// <param name="WeightBytes">The tower's weights on one GPU (sharded by TP; whole on every rank with --mm-encoder-tp-mode data).</param>
/// <param name="ActivationBytes">The encoder's profiling peak on one GPU; 0 when not profiled (no modality enabled, --skip-mm-profiling).</param>
/// <param name="Items">Dummy items in the profiled batch.</param>
/// <param name="PatchesPerItem">Encoder patches (audio: positions) of the largest item; null when the largest size is unknown.</param>
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

    private const string VideoUnmodelled = "video profile not modelled for this tower (set --limit-mm-per-prompt video 0, or expect more)";

    /// <summary>What the profiled items are: "image", "video", "image and video" (V0 profiled both in one prompt) or "audio".</summary>
    public string Modality { get; init; } = "image";

    /// <summary>The dummy video's frames when videos are profiled; null otherwise.</summary>
    public int? VideoFrames { get; init; }

    /// <summary>
    /// The encoder's outputs V1 keeps on the GPU through the language model's dummy run (<c>encoder_cache["tmp"]</c>), on one
    /// GPU: each item's embeddings, padded to the whole encoder budget in 0.11-0.12 (vLLM PR 25810, undone by PR 30475 in
    /// 0.13). 0 on V0 and where the tower's embedding width is unknown.
    /// </summary>
    public double HeldBytes { get; init; }

    /// <summary>The first release that pads each profiled item's outputs to the encoder budget (vLLM PR 25810, September 2025).</summary>
    public static VllmVersion PaddedOutputsFrom { get; } = new(0, 11);

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
        var itemLimit = limits?[vision.Modality] ?? behaviour.DefaultMultimodalLimit;
        var videoLimit = vision.TakesVideo || vision.VideoSpreadsPixelBudget || vision.VideoUnmodelled ? limits?["video"] ?? behaviour.DefaultMultimodalLimit : 0;
        if (itemLimit <= 0 && videoLimit <= 0 && vision.TextOnlyFrom is { } textOnly && version >= textOnly)
        {
            // Text-only mode: every modality the tower takes is 0, so vLLM does not build it.
            return new MultimodalProfile(0, 0, 0, null, "text-only mode: the encoder is not loaded (--limit-mm-per-prompt sets every modality to 0)");
        }

        if (itemLimit <= 0 && videoLimit > 0 && vision.VideoUnmodelled)
        {
            return new MultimodalProfile(weights, 0, 0, null, VideoUnmodelled);
        }

        if ((itemLimit <= 0 && videoLimit <= 0) || settings.SkipMmProfiling == true)
        {
            return new MultimodalProfile(weights, 0, 0, null, settings.SkipMmProfiling == true
                ? "encoder profile skipped (--skip-mm-profiling)"
                : $"no {vision.Modality} profile (--limit-mm-per-prompt {vision.Modality} 0)");
        }

        var patches = vision.SizedByMaxPixels
            ? vision.PatchesForPixels(settings.MmProcessorKwargs?["max_pixels"]?.AsLong ?? vision.DefaultMaxPixels ?? 0)
            : vision.PatchesPerImage;
        // A Qwen3-VL-style video is sized by its own processor: with images off it is profiled even when the largest image is unknown.
        var ownVideoOnly = itemLimit <= 0 && vision.VideoSpreadsPixelBudget && !behaviour.IsV0;
        if (patches is not > 1 && !ownVideoOnly)
        {
            return new MultimodalProfile(weights, 0, 0, null, "the encoder's profiling peak is unknown (the largest image is a processor setting: set --mm-processor-kwargs max_pixels)");
        }

        var imagePatches = patches is > 1 ? patches.Value : 1;
        var tokens = Math.Max(1, imagePatches / Math.Max(1, vision.PatchesPerToken));
        var modelledVideos = vision.TakesVideo || (vision.VideoSpreadsPixelBudget && !behaviour.IsV0) ? videoLimit : 0;
        var batch = behaviour.IsV0
            ? V0Batch(spec, effective, Math.Max(0, itemLimit), imagePatches, tokens, modelledVideos)
            : V1Batch(effective, behaviour, Math.Max(0, itemLimit), imagePatches, tokens, modelledVideos, vision, settings);
        var items = batch.Items;
        var totalPatches = batch.Patches;
        if (dataParallelEncoder)
        {
            // Data-parallel encoder: each rank encodes its share of the batch.
            items = (items + tp - 1) / tp;
            totalPatches = (totalPatches + tp - 1) / tp;
        }

        var peak = totalPatches * CopiesPerPatch * vision.HiddenSize * 2.0 * RuntimeMemory.Margin;

        // Every rank keeps all items' outputs (a data-parallel encoder gathers them back).
        var padded = version >= PaddedOutputsFrom && version < Qwen3VlDummyVideo.EmbeddingsOnlyFrom;
        var heldRows = padded ? Math.Max(batch.EmbeddingsPerItem, batch.Budget) : batch.EmbeddingsPerItem;
        var held = behaviour.IsV0 ? 0 : batch.Items * (double)heldRows * vision.EmbeddingWidth * 2.0;
        return new MultimodalProfile(weights, peak, items, batch.PatchesPerItem, vision.VideoUnmodelled && videoLimit > 0 ? VideoUnmodelled : null)
        {
            Modality = batch.Modality,
            VideoFrames = batch.VideoFrames,
            HeldBytes = held,
        };
    }

    /// <summary>
    /// V1 (<c>MultiModalBudget</c>): one modality is profiled, the one whose largest item has the most tokens (an image on a
    /// tie). A Qwen2-VL video is never smaller than an image; it is profiled once it holds two frame pairs or more. A Qwen3-VL
    /// video is counted at 12.5 tokens an embedding in 0.11-0.12 and so is always profiled there; from 0.13 its 12288
    /// embeddings lose to a 16384-token image. As many of its items as the encoder
    /// budget max(max-num-batched-tokens, tokens per item) holds, at most max-num-seqs x the per-prompt limit (itself at most
    /// max-model-len / tokens per item), at least one. Before 0.11 the budget's items were rounded up and the per-prompt
    /// limit taken whole.
    /// </summary>
    private static ProfiledBatch V1Batch(EffectiveSettings effective, VllmBehaviour behaviour, int limit, long patches, long tokens, int videoLimit, VisionEncoder vision, DeploymentSettings settings)
    {
        var seqs = Math.Max(1, effective.MaxNumSeqs);
        var batch = Math.Max(1, effective.MaxNumBatchedTokens);
        var modality = vision.Modality;
        int? frames = null;
        var embeddings = tokens;
        if (videoLimit > 0)
        {
            // Qwen3-VL's video is counted at its item tokens (0.11-0.12: 12.5 an embedding), Qwen2-VL's at its embeddings.
            var (videoFrames, videoPatches, videoTokens, videoEmbeddings) = vision.VideoSpreadsPixelBudget
                ? Qwen3Video(effective, behaviour.Version, vision, settings)
                : Qwen2Video(effective, patches, tokens, vision);
            if (limit <= 0 || videoTokens > tokens)
            {
                (modality, limit, patches, tokens, frames, embeddings) = ("video", videoLimit, videoPatches, videoTokens, videoFrames, videoEmbeddings);
            }
        }

        var budget = Math.Max(batch, tokens);
        var roundUp = behaviour.EncoderItemsRoundUp;
        var perPrompt = roundUp ? Math.Max(1, limit) : Math.Max(1, Math.Min(limit, Math.Max(0, effective.MaxModelLen) / tokens));
        var inBudget = roundUp ? (budget + tokens - 1) / tokens : budget / tokens;
        var items = Math.Max(1, Math.Min(inBudget, seqs * (long)perPrompt));
        return new ProfiledBatch(modality, items, patches, items * patches, frames) { EmbeddingsPerItem = embeddings, Budget = budget };
    }

    /// <summary>
    /// V1 sizes the dummy video with one video counted (<c>get_max_tokens_per_item_by_modality</c> passes
    /// <c>{modality: 1}</c>), whatever the per-prompt limit: a 0.23.0 Qwen2.5-VL-7B log at max-model-len 128000 with no limit
    /// set prints "a budget of 114688 tokens, and profiled with 1 video items" (14 frames; shared among 999 videos it would
    /// be 1 frame and the image would be profiled).
    /// </summary>
    private static (int Frames, long Patches, long Tokens, long Embeddings) Qwen2Video(EffectiveSettings effective, long patches, long tokens, VisionEncoder vision)
    {
        var video = DummyVideo.For(patches, tokens, vision.TemporalPatchSize, Math.Max(0, effective.MaxModelLen), 1);
        return (video.Frames, video.Patches, video.Tokens, video.Tokens);
    }

    private static (int Frames, long Patches, long Tokens, long Embeddings) Qwen3Video(EffectiveSettings effective, VllmVersion version, VisionEncoder vision, DeploymentSettings settings)
    {
        var imageMaxPixels = settings.MmProcessorKwargs?["max_pixels"]?.AsLong ?? vision.DefaultMaxPixels ?? Qwen3VlDummyVideo.ImageMaxPixels;
        var merge = (int)Math.Round(Math.Sqrt(Math.Max(1, vision.PatchesPerToken)));
        var video = Qwen3VlDummyVideo.For(version, imageMaxPixels, effective.MaxModelLen, vision.PatchSize, merge, vision.TemporalPatchSize);
        return (video.Frames, video.Patches, video.ItemTokens, video.Embeddings);
    }

    /// <summary>
    /// V0 (before 0.8): one prompt of <c>limit</c> items and <c>video limit</c> videos per sequence, for as many sequences as
    /// the batch holds (encoder-decoder models such as Llama-3.2-Vision and Whisper: every one of max-num-seqs). The dummy
    /// video's frames come from the sequence's share of max-num-batched-tokens.
    /// </summary>
    private static ProfiledBatch V0Batch(ModelSpec spec, EffectiveSettings effective, int limit, long patches, long tokens, int videoLimit)
    {
        var vision = spec.Vision!;
        var seqs = Math.Max(1, effective.MaxNumSeqs);
        var batch = Math.Max(1, effective.MaxNumBatchedTokens);
        // The sequences come from the largest prompt at max-model-len; each sequence's dummy video from its own share of the batch.
        DummyVideo? VideoFor(long sequenceTokens) => videoLimit > 0 ? DummyVideo.For(patches, tokens, vision.TemporalPatchSize, sequenceTokens, videoLimit) : null;
        var promptTokens = (limit * tokens) + (videoLimit * (VideoFor(Math.Max(0, effective.MaxModelLen))?.Tokens ?? 0));
        var sequences = vision.CrossAttention ? seqs : Math.Max(1, Math.Min(seqs, batch / Math.Max(1, promptTokens)));
        var video = VideoFor(batch / sequences);
        var modality = video is null ? vision.Modality : limit > 0 ? vision.Modality + " and video" : "video";
        var promptPatches = (limit * patches) + (videoLimit * (video?.Patches ?? 0));
        return new ProfiledBatch(modality, sequences * (limit + videoLimit), Math.Max(patches, video?.Patches ?? 0), sequences * promptPatches, video?.Frames);
    }

    private sealed record ProfiledBatch(string Modality, long Items, long PatchesPerItem, long Patches, int? VideoFrames)
    {
        /// <summary>Embeddings the encoder returns for one item (V1).</summary>
        public long EmbeddingsPerItem { get; init; }

        /// <summary>V1's encoder budget, max(max-num-batched-tokens, tokens per item).</summary>
        public long Budget { get; init; }
    }
}
