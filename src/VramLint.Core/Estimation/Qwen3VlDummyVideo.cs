using VramLint.Core.Settings;

namespace VramLint.Core.Estimation;

/// <summary>
/// The dummy video vLLM profiles a Qwen3-VL or Qwen3.5 tower with. Its video processor (transformers'
/// <c>Qwen3VLVideoProcessor</c>) spreads one pixel budget, <c>size.longest_edge</c> (25165824 in the checkpoints'
/// video_preprocessor_config.json), over all frames, so the frames shrink as they grow in number.
/// <list type="bullet">
/// <item>0.11-0.12 (qwen3_vl.py with <c>_MAX_FRAMES_PER_VIDEO</c> 24576, vLLM PR 25557): as many frames of the largest
/// image as the sequence holds counting from 2, at most 24576, resized together; a video item is counted at 12.5 times its
/// embeddings (the timestamp and frame-marker tokens around each frame). At max-model-len 65536 that is 24576 frames of
/// 32 x 32 pixels: 49152 patches, 12288 embeddings, a 153600-token item (the 0.11.0 log of code-search file
/// 42588844709).</item>
/// <item>From 0.13 (vLLM PR 30475: the encoder budget counts embeddings only): the item is its embeddings, 12288 at the
/// default budget, so an image of the default 16384 tokens is profiled instead when images are allowed. Later releases
/// profile 2 frames of the largest size the budget holds (4096 x 3072: the same 49152 patches).</item>
/// </list>
/// </summary>
/// <param name="Frames">Frames of the dummy video.</param>
/// <param name="Height">Frame height in pixels after the video processor's resize.</param>
/// <param name="Width">Frame width in pixels after the resize.</param>
/// <param name="Patches">Encoder patches of the whole video.</param>
/// <param name="Embeddings">Language-model embeddings the encoder returns for it.</param>
/// <param name="ItemTokens">The tokens vLLM counts the item at (its max tokens per video item and encoder budget).</param>
public sealed record Qwen3VlDummyVideo(int Frames, long Height, long Width, long Patches, long Embeddings, long ItemTokens)
{
    /// <summary>The video processor's total pixel budget (<c>size.longest_edge</c> of Qwen3-VL's and Qwen3.5's video_preprocessor_config.json).</summary>
    public const long VideoMaxPixels = 25165824;

    /// <summary>The video processor's lower bound (<c>size.shortest_edge</c>).</summary>
    public const long VideoMinPixels = 4096;

    /// <summary>The image processor's largest image (<c>size.longest_edge</c> of preprocessor_config.json: 4096 x 4096).</summary>
    public const long ImageMaxPixels = 16777216;

    /// <summary>The image processor's lower bound (<c>size.shortest_edge</c> of preprocessor_config.json).</summary>
    public const long ImageMinPixels = 65536;

    /// <summary>The cap on the dummy video's frames in 0.11-0.12 (<c>_MAX_FRAMES_PER_VIDEO</c> in qwen3_vl.py).</summary>
    public const int MaxFrames = 24576;

    /// <summary>
    /// 0.11-0.12 count a video item at 12.5 tokens an embedding ("&lt;t seconds&gt;" of about 9.5 tokens, vision start,
    /// the embedding and vision end, in <c>get_max_video_tokens</c>).
    /// </summary>
    public const double TokensPerEmbeddingWithTimestamps = 12.5;

    /// <summary>The first release whose encoder budget counts a video item's embeddings only (vLLM PR 30475, December 2025).</summary>
    public static VllmVersion EmbeddingsOnlyFrom { get; } = new(0, 13);

    /// <summary>
    /// The dummy video of one prompt's video at <paramref name="sequenceTokens"/> (max-model-len: V1 sizes the video with one
    /// video counted, whatever the per-prompt limit), for a tower of the given patch, spatial merge and temporal patch, whose
    /// largest image is <paramref name="imageMaxPixels"/>.
    /// </summary>
    public static Qwen3VlDummyVideo For(VllmVersion version, long imageMaxPixels, long sequenceTokens, int patchSize, int mergeSize, int temporalPatch)
    {
        var patch = Math.Max(1, patchSize);
        var merge = Math.Max(1, mergeSize);
        var temporal = Math.Max(1, temporalPatch);
        var factor = patch * merge;
        if (version >= EmbeddingsOnlyFrom)
        {
            // The frame size whose merged patches fill half the budget (a frame pair), as near square as the count allows.
            var (height, width) = FactorPairSize(VideoMaxPixels / temporal / ((long)factor * factor), factor);
            return Of(2, height, width, patch, merge, temporal, timestamps: false);
        }

        // vLLM's frame search counts up one frame at a time, up to 24576 sizes: the fix search asks again with the same
        // inputs for every candidate, so the last answer is kept.
        var key = (imageMaxPixels, sequenceTokens, patch, merge, temporal);
        if (lastSearch is { } last && last.Key == key)
        {
            return last.Video;
        }

        var (imageHeight, imageWidth) = ImageResize(9999999, 9999999, factor, ImageMinPixels, Math.Max(1, imageMaxPixels));
        var frames = MostFrames(imageHeight, imageWidth, Math.Max(0, sequenceTokens), patch, merge, temporal);
        var (h, w) = VideoResize(frames, imageHeight, imageWidth, temporal, factor);
        var video = Of(Math.Max(frames, 2), h, w, patch, merge, temporal, timestamps: true);
        lastSearch = new FrameSearch(key, video);
        return video;
    }

    // One immutable entry, replaced whole, so threads that share it never see half of one.
    private static FrameSearch? lastSearch;

    private sealed record FrameSearch((long ImageMaxPixels, long SequenceTokens, int Patch, int Merge, int Temporal) Key, Qwen3VlDummyVideo Video);

    /// <summary>
    /// Counting from 2 frames, the most frames whose embeddings fit the sequence (the search stops at the first frame count
    /// that does not fit), at most <see cref="MaxFrames"/>.
    /// </summary>
    private static int MostFrames(long imageHeight, long imageWidth, long sequenceTokens, int patch, int merge, int temporal)
    {
        var frames = 2;
        while (frames < MaxFrames)
        {
            var next = frames + 1;
            var (h, w) = VideoResize(next, imageHeight, imageWidth, temporal, patch * merge);
            if (EmbeddingsOf(next, h, w, patch, merge, temporal) > sequenceTokens)
            {
                break;
            }

            frames = next;
        }

        return frames;
    }

    private static Qwen3VlDummyVideo Of(int frames, long height, long width, int patch, int merge, int temporal, bool timestamps)
    {
        var patches = Pairs(frames, temporal) * (height / patch) * (width / patch);
        var embeddings = patches / ((long)merge * merge);
        var itemTokens = timestamps ? (long)(embeddings * TokensPerEmbeddingWithTimestamps) : embeddings;
        return new Qwen3VlDummyVideo(frames, height, width, patches, embeddings, itemTokens);
    }

    private static long EmbeddingsOf(int frames, long height, long width, int patch, int merge, int temporal) =>
        Pairs(frames, temporal) * (height / patch) * (width / patch) / ((long)merge * merge);

    /// <summary>Frames are padded to a multiple of the temporal patch (frames + frames % temporal_patch_size).</summary>
    private static long Pairs(int frames, int temporal) => Math.Max((frames + (frames % temporal)) / temporal, 1);

    /// <summary>transformers' image <c>smart_resize</c>: sides rounded to the factor, scaled into [min, max] pixels.</summary>
    internal static (long Height, long Width) ImageResize(long height, long width, int factor, long minPixels, long maxPixels)
    {
        var hBar = RoundTo(height, factor);
        var wBar = RoundTo(width, factor);
        if (hBar * wBar > maxPixels)
        {
            var beta = Math.Sqrt((double)height * width / maxPixels);
            return (Math.Max(factor, FloorTo(height / beta, factor)), Math.Max(factor, FloorTo(width / beta, factor)));
        }

        if (hBar * wBar < minPixels)
        {
            var beta = Math.Sqrt(minPixels / ((double)height * width));
            return (CeilTo(height * beta, factor), CeilTo(width * beta, factor));
        }

        return (hBar, wBar);
    }

    /// <summary>The video processor's <c>smart_resize</c>: the same, with the frames (rounded to the temporal patch) in the pixel count.</summary>
    internal static (long Height, long Width) VideoResize(int frames, long height, long width, int temporal, int factor)
    {
        var hBar = RoundTo(height, factor);
        var wBar = RoundTo(width, factor);
        var tBar = (long)Math.Round((double)frames / temporal, MidpointRounding.ToEven) * temporal;
        if (tBar * hBar * wBar > VideoMaxPixels)
        {
            var beta = Math.Sqrt((double)frames * height * width / VideoMaxPixels);
            return (Math.Max(factor, FloorTo(height / beta, factor)), Math.Max(factor, FloorTo(width / beta, factor)));
        }

        if (tBar * hBar * wBar < VideoMinPixels)
        {
            var beta = Math.Sqrt(VideoMinPixels / ((double)frames * height * width));
            return (CeilTo(height * beta, factor), CeilTo(width * beta, factor));
        }

        return (hBar, wBar);
    }

    /// <summary>
    /// <c>get_image_size_with_most_features(max_pixels)</c> of later releases: the merged-patch count factored into the pair
    /// nearest a square (height the smaller), with an aspect ratio of at most 200.
    /// </summary>
    private static (long Height, long Width) FactorPairSize(long mergedPatches, int factor)
    {
        for (var n = Math.Max(1, mergedPatches); n > 0; n--)
        {
            var d = (long)Math.Sqrt(n);
            while (d * d > n)
            {
                d--;
            }

            while (n % d != 0)
            {
                d--;
            }

            if ((n / d) / (double)d <= 200)
            {
                return (d * factor, n / d * factor);
            }
        }

        return (factor, factor);
    }

    // Python's round() rounds halves to even, as Math.Round does by default.
    private static long RoundTo(long value, int factor) => (long)Math.Round((double)value / factor, MidpointRounding.ToEven) * factor;

    private static long FloorTo(double value, int factor) => (long)Math.Floor(value / factor) * factor;

    private static long CeilTo(double value, int factor) => (long)Math.Ceiling(value / factor) * factor;
}
