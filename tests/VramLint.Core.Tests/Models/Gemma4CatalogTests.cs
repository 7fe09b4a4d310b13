using VramLint.Core.Estimation;
using VramLint.Core.Models;

namespace VramLint.Core.Tests.Models;

/// <summary>
/// Gemma 4: sliding layers attend with head_dim 256 over num_key_value_heads, full layers with global_head_dim 512 over
/// num_global_key_value_heads; with attention_k_eq_v the checkpoint has no v_proj on full layers, but vLLM allocates it and
/// caches K and V. vLLM unifies the two page sizes (unify_kv_cache_spec_page_size): the smaller kind's block holds
/// proportionally more tokens. The 26B-A4B runs a 128-expert MoE block beside every dense MLP.
/// </summary>
public class Gemma4CatalogTests
{
    private static ModelSpec Catalog(string id) => ModelCatalog.TryGet(id, out var spec) ? spec : throw new InvalidOperationException(id);

    [Theory]
    [InlineData("google/gemma-4-31B-it")]
    [InlineData("google/gemma-4-31B")]
    public void The_31b_counts_its_two_attention_kinds(string id)
    {
        // Sliding layer: q/o 2 x 5376 x 32 x 256 = 88,080,384; k/v 2 x 5376 x 16 x 256 = 44,040,192; q/k norms 512; MLP
        // 3 x 5376 x 21504 = 346,816,512; four norms 21,504: 478,959,104 x 50. Full layer: q/o 2 x 5376 x 32 x 512 =
        // 176,160,768; k and the V vLLM allocates 2 x 5376 x 4 x 512 = 22,020,096; norms 1,024; MLP and norms as above:
        // 545,019,904 x 10. Tied embedding 262144 x 5376 = 1,409,286,144; final norm 5,376: 30,807,445,760.
        var spec = Catalog(id);
        Assert.Equal(30_807_445_760L, spec.ParametersComputed);

        // With the vision tower (the generic ViT count of its 27 layers of 1152, 418,590,720): 31.23B against the "31B".
        Assert.InRange((spec.ParametersComputed!.Value + spec.Vision!.Parameters - 31e9) / 31e9, 0, 0.01);
    }

    [Fact]
    public void The_31b_keeps_two_page_kinds_unified_by_block_size()
    {
        // TP 1, bf16: a sliding layer 2 x 16 x 256 x 2 = 16,384 bytes a token (50 layers), a full layer 2 x 4 x 512 x 2 = 8,192 (10).
        var kv = KvCacheSize.For(Catalog("google/gemma-4-31B-it"), 1, 60, "auto", "bfloat16", false)!;
        Assert.Equal((81_920.0, 819_200.0, 1024), (kv.FullBytesPerToken, kv.SlidingBytesPerToken, kv.Window!.Value));

        // Groups of 10 layers: 1 full, 5 sliding; a page is 16 tokens of the larger kind, 262,144 bytes, so a full-attention
        // block holds 32 tokens. 8192 tokens with 2048 batched: 8192 / 32 = 256 full pages, 5 x (ceil(3071 / 16) + 1) = 965
        // sliding pages; 1,221 pages x 10 layers x 262,144 bytes = 3,200,778,240.
        Assert.Equal((1, 5, 2), (kv.Groups!.FullGroups, kv.Groups.SlidingGroups, kv.Groups.FullBlockRatio));
        Assert.Equal(262_144.0, kv.Groups.PageBytes(16));
        Assert.Equal(3_200_778_240.0, kv.RequestBytes(8192, 2048, 16));

        // TP 8: 2 sliding KV heads and 1 full KV head a rank (4 heads replicated), 2,048 bytes each: one page kind again.
        var tp8 = KvCacheSize.For(Catalog("google/gemma-4-31B-it"), 8, 60, "auto", "bfloat16", false)!;
        Assert.Equal((20_480.0, 102_400.0, 1), (tp8.FullBytesPerToken, tp8.SlidingBytesPerToken, tp8.Groups!.FullBlockRatio));
    }

    [Fact]
    public void The_26b_a4b_runs_its_experts_beside_a_dense_mlp()
    {
        // Per layer: the dense MLP 3 x 2816 x 2112 is three 704-wide experts' worth (counted as shared experts); 128 routed
        // experts 128 x 3 x 2816 x 704; the router 2816 x 128 plus its input scale 2816 and per-expert scale 128; seven norms.
        var spec = Catalog("google/gemma-4-26B-A4B-it");
        Assert.Equal((128, 8, 3, 704), (spec.NumExperts!.Value, spec.NumExpertsPerToken!.Value, spec.NumSharedExperts!.Value, spec.MoeIntermediateSize!.Value));

        // Sliding layer: q/o 2 x 2816 x 16 x 256 = 23,068,672, k/v 2 x 2816 x 8 x 256 = 11,534,336, norms 512; full layer:
        // q/o 46,137,344, k/v 2 x 2816 x 2 x 512 = 5,767,168, norms 1,024; MoE 761,266,176 + shared 17,842,176 + router
        // 363,392; norms 7 x 2816. 25 sliding and 5 full layers, tied 262144 x 2816 embedding: 25,247,559,680.
        Assert.Equal(25_247_559_680L, spec.ParametersComputed);
        Assert.InRange(Math.Abs(spec.ParametersComputed!.Value + spec.Vision!.Parameters - 26e9) / 26e9, 0, 0.0192);

        // KV: sliding 2 x 8 x 256 x 2 = 8,192 bytes a token x 25, full 2 x 2 x 512 x 2 = 4,096 x 5.
        var kv = KvCacheSize.For(spec, 1, 30, "auto", "bfloat16", false)!;
        Assert.Equal((20_480.0, 204_800.0), (kv.FullBytesPerToken, kv.SlidingBytesPerToken));
    }
}
