using VramLint.Core.Json;
using VramLint.Core.Models;

namespace VramLint.Core.Tests.Models;

/// <summary>Kimi-K2.5's MoonViT tower and patch-merger projector, counted as vLLM loads them.</summary>
public class MoonVitTowerTests
{
    /// <summary>Kimi-K2.5's vision_config as its config.json states it (tools/catalog/manifest.json), in a wrapper with the text width.</summary>
    private const string KimiK25 = """
        {"architectures": ["KimiK25ForConditionalGeneration"], "model_type": "kimi_k25",
         "text_config": {"model_type": "kimi_k2", "hidden_size": 7168},
         "vision_config": {"init_pos_emb_height": 64, "init_pos_emb_time": 4, "init_pos_emb_width": 64, "merge_kernel_size": [2, 2],
          "merge_type": "sd2_tpool", "mm_hidden_size": 1152, "mm_projector_type": "patchmerger", "patch_size": 14,
          "pos_emb_type": "divided_fixed", "projector_hidden_act": "gelu", "text_hidden_size": 7168, "vt_hidden_size": 1152,
          "vt_intermediate_size": 4304, "vt_num_attention_heads": 16, "vt_num_hidden_layers": 27}}
        """;

    [Fact]
    public void Kimi_k25_config_counts_moonvit_and_its_projector()
    {
        // 27 layers of two LayerNorms, biased wqkv and wo and a biased 1152-4304-1152 MLP: 27 x 15,239,504; patch convolution
        // 3 x 14 x 14 x 1152 + 1152; the 64 x 64 position table; the final LayerNorm; the projector's LayerNorm and two biased
        // linears, 4608 -> 4608 -> 7168.
        var tower = VisionEncoder.From(JsonNode.Parse(KimiK25)!)!;
        Assert.Equal(411_466_608 + 678_528 + 4_718_592 + 2_304 + 54_277_888, tower.Parameters);
        Assert.Equal(471_143_920, tower.Parameters);
        Assert.Equal((1152, 4, 7168), (tower.HiddenSize, tower.PatchesPerToken, tower.EmbeddingWidth));

        // The largest image is a processor setting (the config has no image_size): unknown, not guessed.
        Assert.Null(tower.PatchesPerImage);
    }

    [Theory]
    [InlineData("moonshotai/Kimi-K2.5")]
    [InlineData("nvidia/Kimi-K2.5-NVFP4")]
    public void Kimi_k25_records_with_their_tower_come_within_fireworks_mla_excess_of_its_total(string id)
    {
        // Fireworks' catalog: Kimi K2.5 1,028,542,417,904 and Kimi K2 Instruct 0905 (Kimi-K2's architecture) 1,028,071,273,984;
        // the difference is exactly the tower. Both exceed Core's exact Kimi-K2 text count by Fireworks' own 1,663,041,536
        // (61 x (1536 x 64 x 192 + 512 x 64 x 256)), so with the tower the whole model is 0.16% under, 0.21% without it.
        Assert.True(ModelCatalog.TryGet(id, out var spec));
        var text = ParameterCount.Estimate(spec)!.Value;
        Assert.Equal(1_026_408_232_448, text);
        Assert.Equal(1_028_542_417_904 - 1_028_071_273_984, spec.Vision!.Parameters);
        Assert.Equal(1_028_542_417_904 - 1_663_041_536, text + spec.Vision.Parameters);
    }

    [Fact]
    public void Moonvits_layout_keys_change_the_count_as_vllm_reads_them()
    {
        // The layout keys kimi_k25_vit.py reads, with the values the raw Kimi-K3 config states (tools/catalog: not a catalog
        // entry): RMSNorms (weight only), no biases, 12 heads of 128 (qkv 1536), and the v2 projector: two bias-free linears
        // into text_hidden_size and an RMSNorm there. 27 x (2 x 1024 + 1024 x 4608 + 1536 x 1024 + 2 x 1024 x 4096); patch
        // convolution without bias, 64 x 64 positions, final RMSNorm; 4096 x 4096 + 4096 x 7168 + 7168.
        const string config = """
            {"model_type": "kimi_k3", "text_config": {"hidden_size": 7168},
             "vision_config": {"attn_bias": false, "linear_bias": false, "norm_type": "rmsnorm", "patch_embed_proj_bias": false, "qkv_hidden_size": 1536,
              "mm_projector_type": "patchmergerv2", "mm_hidden_size": 1024, "text_hidden_size": 7168, "merge_kernel_size": [2, 2], "patch_size": 14,
              "init_pos_emb_height": 64, "init_pos_emb_width": 64, "vt_hidden_size": 1024, "vt_intermediate_size": 4096, "vt_num_attention_heads": 12,
              "vt_num_hidden_layers": 27}}
            """;
        var tower = VisionEncoder.From(JsonNode.Parse(config)!)!;
        Assert.Equal((27L * 14_682_112) + 602_112 + 4_194_304 + 1_024 + 16_777_216 + 29_360_128 + 7_168, tower.Parameters);
        Assert.Equal(447_358_976, tower.Parameters);
    }

    [Fact]
    public void Only_vt_sizes_make_a_moonvit()
    {
        // A Qwen-style tower that names its width hidden_size is not MoonViT; without merge_kernel_size vLLM merges 2 x 2.
        Assert.False(MoonVitTower.Is((JsonObject)JsonNode.Parse("""{"hidden_size": 1152, "depth": 27}""")!));
        Assert.True(MoonVitTower.Is((JsonObject)JsonNode.Parse("""{"vt_hidden_size": 1152, "vt_num_hidden_layers": 27}""")!));
        Assert.Equal(4, MoonVitTower.PatchesPerToken((JsonObject)JsonNode.Parse("""{"vt_hidden_size": 1152}""")!));
        Assert.Equal(9, MoonVitTower.PatchesPerToken((JsonObject)JsonNode.Parse("""{"merge_kernel_size": [3, 3]}""")!));
    }
}
