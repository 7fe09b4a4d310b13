using VramLint.Core.Estimation;
using VramLint.Core.Models;

namespace VramLint.Core.Tests.Estimation;

/// <summary>KV bytes per token per GPU, one request's need in blocks, and vLLM's block arithmetic over the pool.</summary>
public class KvCacheSizeTests
{
    private static readonly ModelSpec Llama8b = WeightBytesTests.Catalog("meta-llama/Llama-3.1-8B-Instruct");

    public static TheoryData<string, int, double> KvDtypes => new()
    {
        { "auto", 1, 32 * 2 * 8 * 128 * 2 },
        { "bfloat16", 1, 32 * 2 * 8 * 128 * 2 },
        { "fp8", 1, 32 * 2 * 8 * 128 * 1 },
        { "fp8_e5m2", 2, 32 * 2 * 4 * 128 * 1 },
        { "nvfp4", 1, 32 * 2 * 8 * 128 * 0.5625 },

        // One byte per element plus an fp32 scale per token, head and K/V.
        { "fp8_per_token_head", 1, 32 * ((2 * 8 * 128) + (2 * 8 * 4)) },
    };

    [Theory]
    [MemberData(nameof(KvDtypes))]
    public void Kv_cache_dtype_sets_the_bytes_of_each_element(string kvCacheDtype, int tp, double bytesPerToken) =>
        Assert.Equal(bytesPerToken, KvCacheSize.For(Llama8b, tp, 32, kvCacheDtype, null, false)!.BytesPerToken);

    [Fact]
    public void Float32_models_keep_a_float32_cache_under_auto() =>
        Assert.Equal(32 * 2 * 8 * 128 * 4, KvCacheSize.For(Llama8b, 1, 32, "auto", "float32", false)!.BytesPerToken);

    [Fact]
    public void Mla_stores_one_latent_vector_per_token_and_fp8_ds_mla_656_bytes()
    {
        var v3 = WeightBytesTests.Catalog("deepseek-ai/DeepSeek-V3");

        Assert.Equal(61 * 576 * 2, KvCacheSize.For(v3, 32, 61, "auto", null, false)!.BytesPerToken);
        Assert.Equal(61 * 576, KvCacheSize.For(v3, 8, 61, "fp8", null, false)!.BytesPerToken);
        Assert.Equal(61 * 656, KvCacheSize.For(v3, 8, 61, "fp8_ds_mla", null, false)!.BytesPerToken);
    }

    [Fact]
    public void Sliding_window_layers_keep_window_minus_one_plus_a_batch_per_request()
    {
        var gemma = WeightBytesTests.Catalog("google/gemma-3-27b-it");
        var kv = KvCacheSize.For(gemma, 1, 62, "auto", null, false)!;

        // 16 KV heads x 128 x K/V x 2 bytes = 8 KiB per layer per token: 10 global layers, 52 local ones with window 1024.
        Assert.Equal((10 * 8192, 52 * 8192, 1024), (kv.FullBytesPerToken, kv.SlidingBytesPerToken, kv.Window!.Value));
        Assert.False(kv.IsUniform);

        // vLLM groups the layers by kind in groups of the fewer kind's count (10): one global group, cdiv(52, 10) = 6 local
        // groups (8 padding layers); a page is 16 tokens x 8 KiB, and one pool index serves one layer of every group.
        Assert.Equal((10, 1, 6), (kv.Groups!.GroupSize, kv.Groups.FullGroups, kv.Groups.SlidingGroups));

        // 131072 tokens = 8192 pages in the global group; cdiv(1023 + 8192, 16) + 1 = 577 pages in each local one.
        Assert.Equal(10.0 * 16 * 8192 * (8192 + (6 * 577)), kv.RequestBytes(131072, 8192, 16));

        // A short request keeps every token in both kinds (plus the extra page).
        Assert.Equal(10.0 * 16 * 8192 * (32 + (6 * 33)), kv.RequestBytes(512, 8192, 16));

        // --disable-sliding-window runs them all as full attention.
        Assert.Equal(62 * 8192, KvCacheSize.For(gemma, 1, 62, "auto", null, disableSlidingWindow: true)!.FullBytesPerToken);
    }

    [Fact]
    public void What_the_architecture_does_not_say_is_unknown_not_zero()
    {
        Assert.Null(KvCacheSize.For(new ModelSpec { Id = "no-layers", NumAttentionHeads = 32, HeadDim = 128 }, 1, 0, "auto", null, false));
        Assert.Null(KvCacheSize.For(new ModelSpec { Id = "no-heads", NumHiddenLayers = 32 }, 1, 32, "auto", null, false));
        Assert.Equal(4 * 2 * 4 * 16 * 2, KvCacheSize.For(new ModelSpec { Id = "mha", NumHiddenLayers = 4, NumAttentionHeads = 4, HiddenSize = 64 }, 1, 4, "auto", null, false)!.BytesPerToken);
    }

    [Fact]
    public void A_request_takes_whole_blocks_and_the_longest_fitting_is_vllms_binary_search()
    {
        var kv = KvCacheSize.For(Llama8b, 1, 32, "auto", null, false)!;
        var block = 16 * 131072.0;

        Assert.Equal(block, kv.RequestBytes(1, 2048, 16));
        Assert.Equal(2 * block, kv.RequestBytes(17, 2048, 16));
        Assert.Equal(160, kv.LongestFitting(10 * block, 2048, 131072, 16));
        Assert.Equal(160, kv.LongestFitting((11 * block) - 1, 2048, 131072, 16));
        Assert.Equal(100, kv.LongestFitting(10 * block, 2048, 100, 16));
        Assert.Equal(0, kv.LongestFitting(block - 1, 2048, 131072, 16));
        Assert.Equal(256, kv.LongestFitting(2 * 128 * 131072.0, 2048, 131072, 128));
    }

    [Fact]
    public void The_pool_is_cut_into_whole_blocks_and_concurrency_is_blocks_over_blocks_per_request()
    {
        var kv = KvCacheSize.For(Llama8b, 1, 32, "auto", null, false)!;

        // vllm-notes 2.1: 55.15 GiB at 128 KiB per token -> 28236 blocks of 16 -> 451,776 tokens; 4096-token requests take 256 blocks.
        var capacity = VllmBlocks.Of(55.15 * Numbers.BytesPerGiB, kv, 16, 4096, 16384);
        Assert.Equal(new KvCapacity(28236, 451_776, 28236 / 256.0), capacity);

        Assert.Equal(new KvCapacity(28236, 451_776, 0), VllmBlocks.Of(55.15 * Numbers.BytesPerGiB, kv, 16, 0, 16384));
        Assert.Equal(default, VllmBlocks.Of(-1, kv, 16, 4096, 16384));
    }

    [Fact]
    public void A_hybrid_model_reports_tokens_as_concurrency_times_length()
    {
        var gemma = WeightBytesTests.Catalog("google/gemma-3-27b-it");
        var kv = KvCacheSize.For(gemma, 1, 62, "auto", null, false)!;
        var pool = 1000 * 16 * kv.BytesPerToken;

        // Blocks = pool / (page x group size) = 1000 x 62 / 10; a 131072-token request takes 8192 + 6 x 577 pages.
        var capacity = VllmBlocks.Of(pool, kv, 16, 131072, 8192);
        Assert.Equal(6200, capacity.Blocks);
        Assert.Equal(6200 / 11654.0, capacity.Concurrency, 12);
        Assert.Equal((long)Math.Floor(6200 / 11654.0 * 131072), capacity.Tokens);
    }

    [Fact]
    public void A_drafters_layers_join_the_full_attention_groups_of_a_sliding_window_model()
    {
        // vLLM's own example (kv_cache_utils.py): gpt-oss-20b + an EAGLE layer is 12 sliding + 13 full, grouped by 13.
        var gptOss = WeightBytesTests.Catalog("openai/gpt-oss-20b");
        var target = KvCacheSize.For(gptOss, 1, 24, "auto", null, false)!;
        Assert.Equal((12, 12, 12), (target.Groups!.FullLayers, target.Groups.SlidingLayers, target.Groups.GroupSize));

        var eagle = KvCacheSize.For(gptOss, 1, 1, "auto", null, disableSlidingWindow: true);
        var both = target.Plus(eagle);
        Assert.Equal((13, 12, 13), (both.Groups!.FullLayers, both.Groups.SlidingLayers, both.Groups.GroupSize));
        Assert.Equal((1, 1), (both.Groups.FullGroups, both.Groups.SlidingGroups));
    }

    [Fact]
    public void A_drafters_layers_add_to_the_cache_per_token()
    {
        var target = KvCacheSize.For(Llama8b, 1, 32, "auto", null, false)!;
        var draft = KvCacheSize.For(Llama8b, 1, 1, "auto", null, false);

        Assert.Equal(33 * 4096, target.Plus(draft).BytesPerToken);
        Assert.Same(target, target.Plus(null));
    }
}
