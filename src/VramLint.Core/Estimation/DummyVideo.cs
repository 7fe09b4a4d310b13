namespace VramLint.Core.Estimation;

/// <summary>
/// The dummy video vLLM profiles a Qwen2-VL-style tower with (<c>Qwen2VLProcessingInfo.get_num_frames_with_most_features</c>):
/// frames of the largest image size, as many as the sequence holds shared among the videos a prompt may carry, merged in
/// pairs (temporal_patch_size 2). Each frame pair is as many encoder patches as one image of the largest size.
/// </summary>
/// <param name="Frames">Frames of the dummy video.</param>
/// <param name="FramePairs">Temporal patches: frames padded to the temporal patch size, divided by it (at least 1).</param>
/// <param name="Patches">Encoder patches of the whole video.</param>
/// <param name="Tokens">Language-model tokens of the whole video (vLLM's max tokens per video item).</param>
public sealed record DummyVideo(int Frames, long FramePairs, long Patches, long Tokens)
{
    /// <summary>The cap on the dummy video's frames (<c>_MAX_FRAMES_PER_VIDEO</c> in qwen2_vl.py).</summary>
    public const int MaxFramesPerVideo = 14;

    /// <summary>
    /// The most frames whose tokens fit the sequence (counting from one frame), shared among the per-prompt video limit, at
    /// most 14 and at least 1. V1 sizes the sequence at max-model-len; V0 at its share of max-num-batched-tokens (vLLM PR
    /// 12604's V0 log at 128000 tokens: 14 frames, 7 pairs of 16384 tokens = 114688).
    /// </summary>
    public static DummyVideo For(long patchesPerFrame, long tokensPerFrame, int temporalPatch, long sequenceTokens, int videoLimit)
    {
        var total = 1;
        while (TokensOf(total + 1, tokensPerFrame, temporalPatch) <= sequenceTokens && total < 4096)
        {
            total++;
        }

        var frames = Math.Max(1, Math.Min(total / Math.Max(1, videoLimit), MaxFramesPerVideo));
        return Of(frames, patchesPerFrame, tokensPerFrame, temporalPatch);
    }

    private static DummyVideo Of(int frames, long patchesPerFrame, long tokensPerFrame, int temporalPatch)
    {
        var pairs = Pairs(frames, temporalPatch);
        return new DummyVideo(frames, pairs, pairs * patchesPerFrame, pairs * tokensPerFrame);
    }

    /// <summary>Frames are padded to a multiple of the temporal patch (vLLM: frames + frames % temporal_patch_size).</summary>
    private static long Pairs(int frames, int temporalPatch)
    {
        var t = Math.Max(1, temporalPatch);
        return Math.Max((frames + (frames % t)) / t, 1);
    }

    private static long TokensOf(int frames, long tokensPerFrame, int temporalPatch) => Pairs(frames, temporalPatch) * tokensPerFrame;
}
