using VramLint.Core.Json;
using VramLint.Core.Models;

namespace VramLint.Core.Tests.Models;

/// <summary>Mistral's Pixtral tower and Mistral3 projector, counted as the checkpoints store them.</summary>
public class PixtralTowerTests
{
    [Fact]
    public void Ministral_3_3b_tower_and_text_model_make_the_hubs_total()
    {
        // The Hub's safetensors total of mistralai/Ministral-3-3B-Instruct-2512 is 3,849,090,048 (tools/catalog/manifest.json):
        // 24 x (4 x 1024^2 + 3 x 1024 x 4096 + 2 x 1024) = 402,702,336; patch convolution 3 x 14^2 x 1024 + ln_pre 1024 =
        // 603,136; projector norm 1024 + merger 4096 x 1024 + 1024 x 3072 + 3072 x 3072 = 16,778,240; 420,083,712 in all.
        Assert.True(ModelCatalog.TryGet("mistralai/Ministral-3-3B-Instruct-2512", out var spec));
        var tower = spec.Vision!;
        Assert.Equal(420_083_712, tower.Parameters);
        Assert.Equal(3_849_090_048, ParameterCount.Estimate(spec)!.Value + tower.Parameters);

        // The largest image, 1540 pixels square in 14-pixel patches, merged 2 x 2: 12,100 patches, 3,025 tokens.
        Assert.Equal((12_100L, 4, 3_025L), (tower.PatchesPerImage!.Value, tower.PatchesPerToken, tower.TokensPerImage!.Value));
    }

    [Fact]
    public void A_checked_in_mistral_small_config_counts_its_tower()
    {
        // Mistral-Small-3.x's wrapper (text width 5120): the same tower, a projector into 5120. The llm-d report's 0.11 run of
        // Mistral-Small-3.2 loaded 44.76 GiB where the text model alone is 43.94: 438,958,080 x 2 bytes is the 0.82 between.
        const string config = """
            {"architectures": ["Mistral3ForConditionalGeneration"], "model_type": "mistral3", "spatial_merge_size": 2,
             "multimodal_projector_bias": false,
             "text_config": {"model_type": "mistral", "hidden_size": 5120, "intermediate_size": 32768, "num_hidden_layers": 40,
              "num_attention_heads": 32, "num_key_value_heads": 8, "head_dim": 128, "vocab_size": 131072},
             "vision_config": {"model_type": "pixtral", "hidden_size": 1024, "intermediate_size": 4096, "num_hidden_layers": 24,
              "num_attention_heads": 16, "num_channels": 3, "patch_size": 14, "image_size": 1540, "head_dim": 64}}
            """;
        var tower = VisionEncoder.From(JsonNode.Parse(config)!)!;
        Assert.Equal(402_702_336 + 603_136 + 1_024 + 4_194_304 + 5_242_880 + 26_214_400, tower.Parameters);
        Assert.Equal(438_958_080, tower.Parameters);
    }

    [Fact]
    public void Only_mistral3_wrappers_take_the_pixtral_layout()
    {
        // pixtral-12b's LLaVA projector has no merger: the Mistral3 layout does not apply to it.
        var vision = (JsonObject)JsonNode.Parse("""{"model_type": "pixtral", "hidden_size": 1024}""")!;
        Assert.False(PixtralTower.Is("llava", vision));
        Assert.True(PixtralTower.Is("mistral3", vision));
        Assert.True(PixtralTower.Is("ministral3", (JsonObject)JsonNode.Parse("{}")!));
    }
}
