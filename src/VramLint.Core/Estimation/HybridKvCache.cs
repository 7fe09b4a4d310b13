using VramLint.Core.Models;

namespace VramLint.Core.Estimation;

/// <summary>
/// The layers of one stage by the kind of cache they keep, as vLLM groups them (kv_cache_utils.py,
/// <c>_get_kv_cache_groups_uniform_page_size</c>): every page is <see cref="BytesPerTokenPerLayer"/> x block size, state
/// pages are padded to it; layers of each kind are split into groups of <see cref="GroupSize"/> layers, and one pool page
/// index serves one layer of every group.
/// </summary>
/// <param name="BytesPerTokenPerLayer">KV bytes one attention layer keeps per token on one GPU.</param>
/// <param name="StateBlocksPerRequest">Pages one state group needs per request: 1, 2 in vLLM's "align" prefix-caching mode.</param>
/// <param name="AlignedBlockSize">The block size vLLM raises the attention block to so a page holds a layer's state; 0 without state.</param>
public sealed record KvLayerGroups(double BytesPerTokenPerLayer, int FullLayers, int SlidingLayers, int StateLayers, double StateBytesPerLayer, int StateBlocksPerRequest, int AlignedBlockSize = 0)
{
    /// <summary>
    /// Gemma 4: bytes per token of one full-attention layer when it differs from the sliding layers' (its own head size and
    /// KV heads); 0 when every attention layer keeps <see cref="BytesPerTokenPerLayer"/>. vLLM unifies the page sizes
    /// (<c>unify_kv_cache_spec_page_size</c>): the smaller kind's block holds proportionally more tokens.
    /// </summary>
    public double FullBytesPerTokenPerLayer { get; init; }

    /// <summary>Bytes per token of the kind with the larger page: a page is this times the block size.</summary>
    public double PageBytesPerToken => Math.Max(BytesPerTokenPerLayer, FullBytesPerTokenPerLayer);

    /// <summary>Tokens of a full-attention block over the block size (vLLM's block_size x page ratio); 1 normally.</summary>
    public int FullBlockRatio => FullBytesPerTokenPerLayer > 0 ? Math.Max(1, (int)Math.Round(PageBytesPerToken / FullBytesPerTokenPerLayer)) : 1;

    /// <summary>The same for the sliding-window layers.</summary>
    public int SlidingBlockRatio => FullBytesPerTokenPerLayer > 0 && BytesPerTokenPerLayer > 0 ? Math.Max(1, (int)Math.Round(PageBytesPerToken / BytesPerTokenPerLayer)) : 1;

    /// <summary>
    /// Layers per group: the fewest layers of any kind (the "1" of an n:1 pattern), or the most when no kind has 1.5 times
    /// another's (gpt-oss: 12 sliding + 12 full).
    /// </summary>
    public int GroupSize
    {
        get
        {
            var counts = new[] { FullLayers, SlidingLayers, StateLayers }.Where(c => c > 0).ToArray();
            if (counts.Length == 0)
            {
                return 1;
            }

            var min = counts.Min();
            var max = counts.Max();
            return max < min * 1.5 ? max : min;
        }
    }

    public int FullGroups => Groups(FullLayers);

    public int SlidingGroups => Groups(SlidingLayers);

    public int StateGroups => Groups(StateLayers);

    /// <summary>The block size in use: the written or default one, raised to the state alignment.</summary>
    public int BlockSize(int blockSize) => Math.Max(Math.Max(1, blockSize), AlignedBlockSize);

    /// <summary>Bytes of one page of one layer.</summary>
    public double PageBytes(int blockSize) => BlockSize(blockSize) * PageBytesPerToken;

    private int Groups(int layers) => layers <= 0 ? 0 : (layers + GroupSize - 1) / GroupSize;
}

/// <summary>Settings that change a hybrid model's state pages.</summary>
/// <param name="StateElementBytes">--mamba-ssm-cache-dtype float32 (4) or the model dtype (null).</param>
/// <param name="AlignMode">vLLM's "align" Mamba cache mode (prefix caching on, newer releases): two state pages per request.</param>
public sealed record HybridCacheOptions(int? StateElementBytes, bool AlignMode)
{
    public static HybridCacheOptions Default { get; } = new(null, AlignMode: false);
}

/// <summary>
/// vLLM's page arithmetic for models whose layers keep different caches (vllm-notes 2.3): Mamba / linear-attention state
/// (<c>MambaSpec</c>, one page per request, padded to the attention page) and sliding-window groups next to full attention.
/// </summary>
public static class HybridKvCache
{
    /// <summary>The alignment vLLM rounds the raised attention block to (FlashInfer / FlashAttention kernels take multiples of 16).</summary>
    public const int BlockAlignment = 16;

    /// <summary>
    /// A hybrid model's cache: attention layers with their KV per token, state layers with their fixed state; the attention
    /// block is raised to 16 x cdiv(state page, 16 x attention bytes per token) so one page holds a layer's state
    /// (<c>HybridAttentionMambaModelConfig.verify_and_update_config</c>: "Setting attention block size to N tokens").
    /// </summary>
    internal static KvCacheSize WithState(ModelSpec spec, RecurrentState state, int tp, int stageLayers, double bytesPerTokenPerLayer, string? kvCacheDtype, string? dtype, HybridCacheOptions options)
    {
        var total = Math.Max(1, spec.NumHiddenLayers ?? stageLayers);
        var share = stageLayers / (double)total;
        var attention = (int)Math.Round(state.AttentionLayers * share);
        var stateLayers = (int)Math.Round(state.Layers * share);
        var modelBytes = dtype is "float" or "float32" ? 4 : 2;
        var stateBytes = state.BytesPerLayer(tp, modelBytes, options.StateElementBytes ?? state.StateElementBytes ?? modelBytes);
        var aligned = bytesPerTokenPerLayer > 0
            ? BlockAlignment * (int)Math.Ceiling(stateBytes / (BlockAlignment * bytesPerTokenPerLayer))
            : 0;
        var groups = new KvLayerGroups(bytesPerTokenPerLayer, attention, 0, stateLayers, stateBytes, options.AlignMode ? 2 : 1, aligned);
        return KvCacheSize.Hybrid(attention * bytesPerTokenPerLayer, groups);
    }

    /// <summary>Pages one request of <paramref name="length"/> tokens takes over all groups (<c>_max_memory_usage_bytes_from_groups</c>, in pages).</summary>
    public static long PagesPerRequest(KvLayerGroups groups, int? window, long length, int maxNumBatchedTokens, int blockSize)
    {
        var block = groups.BlockSize(blockSize);
        length = Math.Max(0, length);
        var full = groups.FullGroups * Blocks(length, block * groups.FullBlockRatio);
        var sliding = window is { } w && groups.SlidingGroups > 0
            ? groups.SlidingGroups * (Blocks(Math.Min(w - 1L + Math.Max(0, maxNumBatchedTokens), length), block * groups.SlidingBlockRatio) + 1)
            : 0;
        var state = (long)groups.StateGroups * groups.StateBlocksPerRequest;
        return full + sliding + state;
    }

    /// <summary>Bytes one request needs: group size x page x pages over the groups.</summary>
    public static double RequestBytes(KvLayerGroups groups, int? window, long length, int maxNumBatchedTokens, int blockSize) =>
        groups.GroupSize * groups.PageBytes(blockSize) * PagesPerRequest(groups, window, length, maxNumBatchedTokens, blockSize);

    /// <summary>
    /// Blocks in the pool (pool / (page x group size)), concurrency (blocks / pages per request) and the tokens vLLM logs
    /// (concurrency x max-model-len, floored, as the 0.21+ logs show).
    /// </summary>
    public static KvCapacity Capacity(KvLayerGroups groups, int? window, double poolBytes, int blockSize, long maxModelLen, int maxNumBatchedTokens)
    {
        var page = groups.PageBytes(blockSize) * groups.GroupSize;
        if (poolBytes <= 0 || page <= 0)
        {
            return default;
        }

        var blocks = (long)Math.Min(1e15, Math.Floor(poolBytes / page));
        if (maxModelLen <= 0)
        {
            var kinds = Math.Max(1, groups.FullGroups + groups.SlidingGroups);
            return new KvCapacity(blocks, blocks / kinds * groups.BlockSize(blockSize), 0);
        }

        var pages = Math.Max(1, PagesPerRequest(groups, window, maxModelLen, maxNumBatchedTokens, blockSize));
        var concurrency = blocks / (double)pages;
        return new KvCapacity(blocks, (long)Math.Min(1e15, Math.Floor(concurrency * maxModelLen)), concurrency);
    }

    private static long Blocks(long tokens, int blockSize) => (tokens + blockSize - 1) / blockSize;
}
