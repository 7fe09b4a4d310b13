using VramLint.Core.Models;

namespace VramLint.Core.Tests.Models;

/// <summary>
/// Qwen2-VL's vision_config names the ViT's width embed_dim and the merger's output hidden_size, and its config.json
/// states only what differs from transformers' Qwen2VLVisionConfig (depth 32, embed_dim 1280, mlp_ratio 4, merge 2).
/// Read as Qwen2.5-VL's keys, the 7B's tower was 3584 wide, 5.2B parameters; from a real config it was missing.
/// </summary>
public class Qwen2VlVisionTowerTests
{
    private static ModelSpec Read(string vision, int textHidden) => ModelCatalog.FromConfigJson(
        $$"""
        {"architectures": ["Qwen2VLForConditionalGeneration"], "model_type": "qwen2_vl", "hidden_size": {{textHidden}},
         "intermediate_size": 18944, "num_attention_heads": 28, "num_hidden_layers": 28, "num_key_value_heads": 4,
         "vocab_size": 152064, "tie_word_embeddings": false, "max_position_embeddings": 32768, "vision_config": {{vision}}}
        """,
        "acme/qwen2-vl")!;

    [Theory]
    // The 7B's config.json: 32 x (4 x 1280^2 + 2 x 1280 x 5120) + 5120^2 + 5120 x 3584.
    [InlineData("""{"in_chans": 3, "model_type": "qwen2_vl", "spatial_patch_size": 14}""", 3584, 673_710_080L)]
    // Every key written out (transformers' class defaults): the same tower.
    [InlineData("""{"depth": 32, "embed_dim": 1280, "hidden_size": 3584, "mlp_ratio": 4, "num_heads": 16, "spatial_merge_size": 2, "patch_size": 14}""", 3584, 673_710_080L)]
    // The 72B states its merger's 8192-wide output: 5120 x 8192 instead of 5120 x 3584.
    [InlineData("""{"hidden_size": 8192, "in_chans": 3, "model_type": "qwen2_vl", "spatial_patch_size": 14}""", 8192, 697_303_040L)]
    public void The_tower_is_1280_wide_and_merges_into_the_language_model(string vision, int textHidden, long parameters)
    {
        var tower = Read(vision, textHidden).Vision!;
        Assert.Equal((parameters, 1280, 14, 4), (tower.Parameters, tower.HiddenSize, tower.PatchSize, tower.PatchesPerToken));
    }

    /// <summary>
    /// Qwen2.5-VL's config.json also states only what differs from Qwen2_5_VLVisionConfig: depth 32, a gated 3420-wide MLP
    /// and 16 heads come from the class; the output is the language model's width unless stated.
    /// </summary>
    [Theory]
    // The 7B: 32 x (4 x 1280^2 + 3 x 1280 x 3420) + 5120^2 + 5120 x 3584.
    [InlineData("Qwen/Qwen2.5-VL-7B-Instruct", 674_529_280L)]
    // The 3B states its 2048-wide output: 5120 x 2048.
    [InlineData("Qwen/Qwen2.5-VL-3B-Instruct", 666_664_960L)]
    // The 72B states a 3456-wide MLP and an 8192-wide output.
    [InlineData("Qwen/Qwen2.5-VL-72B-Instruct", 702_545_920L)]
    public void Qwen2_5_vl_towers_take_the_class_defaults_their_configs_leave_out(string id, long parameters)
    {
        Assert.True(ModelCatalog.TryGet(id, out var spec));
        Assert.Equal((parameters, 1280, 4, true), (spec.Vision!.Parameters, spec.Vision.HiddenSize, spec.Vision.PatchesPerToken, spec.Vision.SizedByMaxPixels));
    }

    [Fact]
    public void The_catalog_counts_the_7b_tower_with_the_hub_total()
    {
        Assert.True(ModelCatalog.TryGet("Qwen/Qwen2-VL-7B-Instruct", out var spec));
        Assert.Equal(673_710_080L, spec.Vision!.Parameters);
        Assert.Equal(8_289_326_592L, ModelComponents.From(spec)!.Total + spec.Vision.Parameters); // the Hub's 8.29B
    }
}
