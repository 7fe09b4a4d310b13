using VramLint.Core.Settings;

namespace VramLint.Core.Estimation;

/// <summary>What a KV pool holds, in vLLM's own units.</summary>
/// <param name="Blocks">Whole pages of <c>block-size</c> tokens across the stage's layers.</param>
/// <param name="Tokens">What vLLM logs as "GPU KV cache size: N tokens".</param>
/// <param name="Concurrency">What vLLM logs as "Maximum concurrency for L tokens per request: C x"; 0 when L is unknown.</param>
public readonly record struct KvCapacity(long Blocks, long Tokens, double Concurrency);

/// <summary>
/// vLLM's block arithmetic (vllm-notes section 2.3, kv_cache_utils.py): the pool is cut into whole pages of
/// block-size tokens over every layer; a request needs whole pages; concurrency is pages over pages per request.
/// </summary>
public static class VllmBlocks
{
    public const int DefaultBlockSize = VllmDefaults.BlockSize;

    /// <summary>Beyond this a count means nothing (and a double would no longer convert to a long).</summary>
    private const double Ceiling = 1e15;

    public static KvCapacity Of(double poolBytes, KvCacheSize kv, int blockSize, long maxModelLen, int maxNumBatchedTokens)
    {
        if (kv.Groups is { } groups)
        {
            // Hybrid and sliding-window models: per-kind groups over one pool of uniform pages.
            return HybridKvCache.Capacity(groups, kv.Window, poolBytes, blockSize, maxModelLen, maxNumBatchedTokens);
        }

        blockSize = Math.Max(1, blockSize);
        if (kv.EncoderPositions is not null)
        {
            return EncoderDecoder(poolBytes, kv, blockSize, maxModelLen, maxNumBatchedTokens);
        }

        var pageBytes = blockSize * kv.BytesPerToken;
        if (poolBytes <= 0 || pageBytes <= 0)
        {
            return default;
        }

        var blocks = (long)Math.Min(Ceiling, Math.Floor(poolBytes / pageBytes));
        if (maxModelLen <= 0)
        {
            return new KvCapacity(blocks, Clamp((double)blocks * blockSize), 0);
        }

        // Full-attention layers need ceil(L / block) pages; sliding-window layers only their window's, so a hybrid
        // model's request is counted in pages of the whole stack, as vLLM's get_max_concurrency_for_kv_cache_config does.
        var pagesPerRequest = kv.IsUniform
            ? Math.Ceiling(maxModelLen / (double)blockSize)
            : Math.Max(1, Math.Ceiling((kv.RequestBytes(maxModelLen, maxNumBatchedTokens, blockSize) / pageBytes) - 1e-9));
        var concurrency = blocks / pagesPerRequest;
        var tokens = kv.IsUniform ? (double)blocks * blockSize : concurrency * maxModelLen;
        return new KvCapacity(blocks, Clamp(tokens), concurrency);
    }

    /// <summary>
    /// Whisper in V1: two groups of equal pages, the decoder's self-attention layers and its cross-attention layers. A page
    /// is block-size tokens of one group; vLLM prints the tokens of pages / 2 (whole pages of each group), and a request
    /// takes pages for its own length plus pages for the encoder tokens its cross-attention reserves.
    /// </summary>
    private static KvCapacity EncoderDecoder(double poolBytes, KvCacheSize kv, int blockSize, long maxModelLen, int maxNumBatchedTokens)
    {
        var pageBytes = blockSize * kv.BytesPerToken / 2;
        if (poolBytes <= 0 || pageBytes <= 0)
        {
            return default;
        }

        var blocks = (long)Math.Min(Ceiling, Math.Floor(poolBytes / pageBytes));
        var tokens = (double)(blocks / 2) * blockSize;
        var pagesPerRequest = Math.Ceiling(Math.Max(0, maxModelLen) / (double)blockSize) + Math.Ceiling(kv.CrossAttentionTokens(maxNumBatchedTokens) / (double)blockSize);
        return new KvCapacity(blocks, Clamp(tokens), maxModelLen > 0 ? blocks / pagesPerRequest : 0);
    }

    private static long Clamp(double value) => (long)Math.Min(Ceiling, Math.Max(0, Math.Floor(value)));
}
