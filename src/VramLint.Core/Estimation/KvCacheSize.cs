using VramLint.Core.Models;

namespace VramLint.Core.Estimation;

/// <summary>
/// KV-cache bytes per token per GPU from the architecture (vllm-notes section 2.2): K and V for each KV head a rank
/// holds (one at least, so replication stops the shrinking), MLA's single latent vector that TP does not split, and
/// sliding-window layers that keep only a window per request.
/// </summary>
public sealed class KvCacheSize
{
    private KvCacheSize(double fullBytesPerToken, double slidingBytesPerToken, int? window, KvLayerGroups? groups = null)
    {
        FullBytesPerToken = fullBytesPerToken;
        SlidingBytesPerToken = slidingBytesPerToken;
        Window = window;
        Groups = groups;
    }

    /// <summary>
    /// vLLM's KV cache groups when the layers are not all alike (Mamba / linear-attention state, or full and
    /// sliding-window attention at once); null for a uniform model. <see cref="HybridKvCache"/> does the page arithmetic.
    /// </summary>
    public KvLayerGroups? Groups { get; }

    /// <summary>Bytes of one state-holding layer's state per request (unpadded), 0 without such layers.</summary>
    public double StateBytesPerLayer => Groups?.StateBytesPerLayer ?? 0;

    /// <summary>Per token, the layers that attend over the whole sequence.</summary>
    public double FullBytesPerToken { get; }

    /// <summary>Per token, the sliding-window layers.</summary>
    public double SlidingBytesPerToken { get; }

    public int? Window { get; }

    /// <summary>Per token over all the stage's layers, as a naive count would say.</summary>
    public double BytesPerToken => FullBytesPerToken + SlidingBytesPerToken;

    /// <summary>
    /// True for encoder-only models: no layer gets a KV cache spec, so vLLM skips its cache checks
    /// (<c>check_enough_kv_cache_memory</c> returns at once for an empty spec).
    /// </summary>
    public bool KeepsNothing => BytesPerToken <= 0 && Groups is null;

    /// <summary>True when every layer attends over the whole sequence, so vLLM's block arithmetic is exact.</summary>
    public bool IsUniform => SlidingBytesPerToken <= 0 && Groups is null && EncoderPositions is null;

    /// <summary>
    /// Encoder-decoder models (Whisper): the encoder positions one request's cross-attention layers attend to; null for other
    /// models. Half of <see cref="FullBytesPerToken"/> is then the decoder's cross-attention layers, whose pages a request
    /// holds for the encoder's tokens, not for its own length.
    /// </summary>
    public long? EncoderPositions { get; private init; }

    /// <summary>
    /// The encoder tokens a request's cross-attention pages are reserved for: vLLM V1 reserves its encoder budget,
    /// max(max-num-batched-tokens, encoder positions) (a Whisper log on 0.15.1: 2048 at the default batch).
    /// </summary>
    public long CrossAttentionTokens(int maxNumBatchedTokens) => EncoderPositions is { } positions ? Math.Max(positions, Math.Max(0, maxNumBatchedTokens)) : 0;

    /// <summary>Bytes of one KV element: the model dtype for auto, one byte for the fp8/int8 modes.</summary>
    public static double ElementBytes(string? kvCacheDtype, string? dtype, int kvHeadsPerGpu, out double scaleBytesPerToken)
    {
        scaleBytesPerToken = 0;
        switch (kvCacheDtype ?? "auto")
        {
            case "fp8":
            case "fp8_e4m3":
            case "fp8_e5m2":
            case "fp8_inc":
            case "fp8_ds_mla":
                return 1;
            case "int8_per_token_head":
            case "fp8_per_token_head":
                // An fp32 scale per token, head and K/V.
                scaleBytesPerToken = 2.0 * kvHeadsPerGpu * 4;
                return 1;
            case "nvfp4":
                return 0.5625;
            case "float32":
                return 4;
            default:
                return (kvCacheDtype ?? "").StartsWith("turboquant_", StringComparison.Ordinal) ? 0.5 : dtype is "float" or "float32" ? 4 : 2;
        }
    }

    /// <summary>Bytes a sparse-attention indexer caches per token and layer: its key in fp8 and an fp32 scale per 128 values.</summary>
    public static int IndexerKeyBytes(int indexHeadDim) => indexHeadDim + (indexHeadDim / 128 * 4);

    /// <summary>
    /// The KV cache of <paramref name="stageLayers"/> decoder layers per GPU, or null when the architecture does not say
    /// enough (layers, KV heads or head size unknown): the KV verdicts are then skipped, never guessed.
    /// </summary>
    public static KvCacheSize? For(ModelSpec spec, int tp, int stageLayers, string? kvCacheDtype, string? dtype, bool disableSlidingWindow, HybridCacheOptions? hybrid = null)
    {
        var layers = Math.Max(0, stageLayers);
        var totalLayers = spec.NumHiddenLayers ?? 0;
        if (layers == 0 || totalLayers <= 0)
        {
            return null;
        }

        // Encoder-only models (BERT-style embedders and rerankers): vLLM gives their attention no KV cache spec.
        if (EncoderOnlyModels.Is(spec))
        {
            return new KvCacheSize(0, 0, null);
        }

        double perLayer;
        double? globalPerLayer = null;
        if (spec.IsMla)
        {
            // One latent vector per token (kv_lora_rank + rope dims), not split by TP; fp8_ds_mla packs it in 656 bytes.
            perLayer = kvCacheDtype == "fp8_ds_mla" ? 656 : (spec.KvLoraRank!.Value + (spec.QkRopeHeadDim ?? 64)) * ElementBytes(kvCacheDtype, dtype, 1, out _);

            // DeepSeek-V3.2 / GLM-5: the indexer caches its key per token and layer beside the latent, whatever the KV
            // dtype: fp8 values and an fp32 scale per 128 of them (vLLM's DeepseekV32IndexerCache, uint8), in the same
            // page as the latent (UniformTypeKVCacheSpecs sums the layers' page sizes).
            if (spec.HasIndexer)
            {
                perLayer += IndexerKeyBytes(spec.IndexHeadDim!.Value);
            }
        }
        else
        {
            var heads = spec.NumAttentionHeads ?? 0;
            var kvHeads = spec.NumKeyValueHeads is > 0 ? spec.NumKeyValueHeads.Value : heads;
            var headDim = spec.HeadDim is > 0 ? spec.HeadDim.Value : heads > 0 && spec.HiddenSize is > 0 ? spec.HiddenSize.Value / heads : 0;
            if (kvHeads <= 0 || headDim <= 0)
            {
                return null;
            }

            var perGpuHeads = Math.Max(1, kvHeads / Math.Max(1, tp));
            var element = ElementBytes(kvCacheDtype, dtype, perGpuHeads, out var scales);
            perLayer = (2.0 * perGpuHeads * headDim * element) + scales;

            // Gemma 4: the full-attention layers cache their own head size over their own KV heads (K and V both, even
            // with attention_k_eq_v: vLLM loads K into both slots).
            if (spec.GlobalHeadDim is { } globalDim)
            {
                var globalHeads = Math.Max(1, (spec.GlobalKeyValueHeads ?? kvHeads) / Math.Max(1, tp));
                var globalElement = ElementBytes(kvCacheDtype, dtype, globalHeads, out var globalScales);
                globalPerLayer = (2.0 * globalHeads * globalDim * globalElement) + globalScales;
            }
        }

        // Whisper: every decoder layer has a self-attention and a cross-attention layer, each with its own KV cache (vLLM V1
        // gives them two groups of equal pages).
        if (spec.Vision is { Modality: "audio", CrossAttention: true, PatchesPerImage: { } positions })
        {
            return new KvCacheSize(2 * layers * perLayer, 0, null) { EncoderPositions = positions };
        }

        if (spec.RecurrentState is { Layers: > 0 } state)
        {
            return HybridKvCache.WithState(spec, state, tp, layers, perLayer, kvCacheDtype, dtype, hybrid ?? HybridCacheOptions.Default);
        }

        // Gemma 3n: the last num_kv_shared_layers layers read earlier layers' KV and allocate none; the stage keeps its
        // share of the owning layers (the shared tail repeats the sliding/full pattern, so the split stays in proportion).
        var owning = Math.Max(0, totalLayers - Math.Min(totalLayers, Math.Max(0, spec.KvSharedLayers ?? 0))) / (double)totalLayers;
        var kvLayers = layers * owning;

        // The stage's share of sliding layers, in proportion: patterns interleave them through the stack.
        var slidingLayers = disableSlidingWindow || spec.SlidingWindow is not > 0
            ? 0
            : Math.Min(totalLayers, Math.Max(0, spec.SlidingWindowLayers ?? 0)) * kvLayers / totalLayers;
        var fullLayers = kvLayers - slidingLayers;
        if (globalPerLayer is { } fullPerLayer)
        {
            // Gemma 4: the layers that are not sliding are the global ones, whatever --disable-sliding-window does to the window.
            var globalLayers = Math.Min(totalLayers, Math.Max(0, totalLayers - (spec.SlidingWindowLayers ?? 0))) * kvLayers / totalLayers;
            var localLayers = kvLayers - globalLayers;
            var twoKinds = slidingLayers > 0 && fullLayers > 0
                ? new KvLayerGroups(perLayer, (int)Math.Round(fullLayers), (int)Math.Round(slidingLayers), 0, 0, 0) { FullBytesPerTokenPerLayer = fullPerLayer }
                : null;
            return new KvCacheSize((globalLayers * fullPerLayer) + ((localLayers - slidingLayers) * perLayer), slidingLayers * perLayer, slidingLayers > 0 ? spec.SlidingWindow : null, twoKinds);
        }

        var groups = slidingLayers > 0 && fullLayers > 0 ? new KvLayerGroups(perLayer, (int)Math.Round(fullLayers), (int)Math.Round(slidingLayers), 0, 0, 0) : null;
        return new KvCacheSize(fullLayers * perLayer, slidingLayers * perLayer, slidingLayers > 0 ? spec.SlidingWindow : null, groups);
    }

    /// <summary>A cache of full-attention layers and state-holding layers (HybridKvCache builds it).</summary>
    internal static KvCacheSize Hybrid(double fullBytesPerToken, KvLayerGroups groups) => new(fullBytesPerToken, 0, null, groups);

    /// <summary>This cache plus another model's: a draft model's layers take their pages from the same pool.</summary>
    public KvCacheSize Plus(KvCacheSize? other) =>
        other is null
            ? this
            : new KvCacheSize(FullBytesPerToken + other.FullBytesPerToken, SlidingBytesPerToken + other.SlidingBytesPerToken, Window ?? other.Window, WithDraftLayers(Groups, other));

    /// <summary>
    /// A drafter's full-attention layers join the target's full-attention kind (vLLM: gpt-oss-20b + EAGLE is 12 sliding +
    /// 13 full, padded to groups of 13), counted in the target's per-layer bytes.
    /// </summary>
    private static KvLayerGroups? WithDraftLayers(KvLayerGroups? groups, KvCacheSize draft) =>
        groups is null || groups.BytesPerTokenPerLayer <= 0 || draft.FullBytesPerToken <= 0
            ? groups
            : groups with { FullLayers = groups.FullLayers + (int)Math.Ceiling((draft.FullBytesPerToken / groups.BytesPerTokenPerLayer) - 1e-9) };

    /// <summary>Bytes one request of <paramref name="length"/> tokens needs, in whole blocks; window layers keep window-1+batch tokens (+1 block).</summary>
    public double RequestBytes(long length, int maxNumBatchedTokens, int blockSize = VllmBlocks.DefaultBlockSize)
    {
        if (Groups is { } groups)
        {
            return HybridKvCache.RequestBytes(groups, Window, length, maxNumBatchedTokens, blockSize);
        }

        blockSize = Math.Max(1, blockSize);
        length = Math.Max(0, length);
        if (EncoderPositions is not null)
        {
            // Self-attention pages for the request's own tokens, cross-attention pages for the encoder's.
            var pages = Blocks(length, blockSize) + Blocks(CrossAttentionTokens(maxNumBatchedTokens), blockSize);
            return pages * (double)blockSize * FullBytesPerToken / 2;
        }

        var fullTokens = Blocks(length, blockSize) * (double)blockSize;
        var windowTokens = Window is { } w ? (Blocks(Math.Min(w - 1L + Math.Max(0, maxNumBatchedTokens), length), blockSize) + 1) * (double)blockSize : 0;
        return (fullTokens * FullBytesPerToken) + (windowTokens * SlidingBytesPerToken);
    }

    /// <summary>The longest request whose KV fits <paramref name="poolBytes"/> (vLLM's binary search); 0 when not even one block fits.</summary>
    public long LongestFitting(double poolBytes, int maxNumBatchedTokens, long upperBound, int blockSize = VllmBlocks.DefaultBlockSize)
    {
        if (poolBytes <= 0 || RequestBytes(1, maxNumBatchedTokens, blockSize) > poolBytes)
        {
            return 0;
        }

        long low = 1, high = Math.Max(1, upperBound);
        while (low < high)
        {
            var mid = low + ((high - low + 1) / 2);
            if (RequestBytes(mid, maxNumBatchedTokens, blockSize) <= poolBytes)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }

        return low;
    }

    private static long Blocks(long tokens, int blockSize) => (tokens + blockSize - 1) / blockSize;
}
