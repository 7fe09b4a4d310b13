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
    public void Mistral_small_3_1_config_counts_its_tower()
    {
        // Mistral-Small-3.1's config.json as TensorRT-LLM's tests copy it (mistral_small_3_1_24b_config, text layers restored to
        // 40; tools/catalog/manifest.json): the same tower, a projector into 5120. Norm 1,024 + merger 4,194,304 + 1024 x 5120 +
        // 5120 x 5120.
        const string config = """
            {"architectures": ["Mistral3ForConditionalGeneration"], "model_type": "mistral3", "spatial_merge_size": 2,
             "multimodal_projector_bias": false, "projector_hidden_act": "gelu", "vision_feature_layer": -1,
             "text_config": {"model_type": "mistral", "hidden_size": 5120, "intermediate_size": 32768, "num_hidden_layers": 40,
              "num_attention_heads": 32, "num_key_value_heads": 8, "head_dim": 128, "vocab_size": 131072},
             "vision_config": {"model_type": "pixtral", "hidden_size": 1024, "intermediate_size": 4096, "num_hidden_layers": 24,
              "num_attention_heads": 16, "num_channels": 3, "patch_size": 14, "image_size": 1540, "head_dim": 64}}
            """;
        var tower = VisionEncoder.From(JsonNode.Parse(config)!)!;
        Assert.Equal(402_702_336 + 603_136 + 1_024 + 4_194_304 + 5_242_880 + 26_214_400, tower.Parameters);
        Assert.Equal(438_958_080, tower.Parameters);
    }

    [Theory]
    [InlineData("mistralai/Mistral-Small-3.1-24B-Instruct-2503")]
    [InlineData("mistralai/Mistral-Small-3.1-24B-Base-2503")]
    [InlineData("mistralai/Mistral-Small-3.2-24B-Instruct-2506")]
    public void Mistral_small_3_records_and_their_towers_make_keras_hubs_totals(string id)
    {
        // keras-hub's mistral3 presets print 24011361280 for all three (tools/catalog/manifest.json): the text model plus the
        // tower, exactly. With 16-pixel patches (a class default some sources print) the convolution alone would add 184,320.
        Assert.True(ModelCatalog.TryGet(id, out var spec));
        var tower = spec.Vision!;
        Assert.Equal(438_958_080, tower.Parameters);
        Assert.Equal(23_572_403_200, ParameterCount.Estimate(spec)!.Value);
        Assert.Equal(24_011_361_280, ParameterCount.Estimate(spec)!.Value + tower.Parameters);
        Assert.Equal((14, 12_100L, 4, 3_025L), (tower.PatchSize, tower.PatchesPerImage!.Value, tower.PatchesPerToken, tower.TokensPerImage!.Value));
    }

    [Theory]
    [InlineData("RedHatAI/Mistral-Small-3.1-24B-Instruct-2503-FP8-dynamic", "mistralai/Mistral-Small-3.1-24B-Instruct-2503")]
    [InlineData("unsloth/Mistral-Small-3.2-24B-Instruct-2506-bnb-4bit", "mistralai/Mistral-Small-3.2-24B-Instruct-2506")]
    [InlineData("/models/mistral-small-3.1-24b-instruct-2503", "mistralai/Mistral-Small-3.1-24B-Instruct-2503")]
    public void Re_uploads_and_local_copies_of_mistral_small_3_carry_its_tower(string served, string baseId)
    {
        var model = ModelResolver.Resolve(served);
        Assert.Equal(baseId, model.MatchedId);
        Assert.Equal(438_958_080, model.Spec!.Vision!.Parameters);
    }

    [Fact]
    public void Mistral_small_3_2_in_16_bits_is_the_weight_llm_d_logged()
    {
        // llm-d's vLLM 0.11 run of Mistral-Small-3.2 logged 44.76 GiB of weights (docs/accuracy.md); the text model alone is
        // 43.91 GiB, text and tower 44.72.
        Assert.True(ModelCatalog.TryGet("mistralai/Mistral-Small-3.2-24B-Instruct-2506", out var spec));
        var gib = (ParameterCount.Estimate(spec)!.Value + spec.Vision!.Parameters) * 2.0 / (1L << 30);
        Assert.Equal(44.72, Math.Round(gib, 2));
        Assert.Equal(43.91, Math.Round(ParameterCount.Estimate(spec)!.Value * 2.0 / (1L << 30), 2));
    }

    [Fact]
    public void Pixtral_12b_takes_llavas_projector_and_the_class_defaults_its_config_leaves_out()
    {
        // pixtral-12b's transformers config states patch 16 and image 1024 but no width, depth or MLP size (PixtralVisionConfig's
        // defaults: 1024, 24, 4096, 3 channels), and no multimodal_projector_bias (LlavaConfig: true). LLaVA's projector:
        // 1024 x 5120 + 5120 and 5120 x 5120 + 5120, no norm or merger; the 16 x 16 convolution 786,432.
        const string config = """
            {"architectures": ["LlavaForConditionalGeneration"], "model_type": "llava", "image_token_index": 10, "projector_hidden_act": "gelu",
             "text_config": {"model_type": "mistral", "hidden_size": 5120, "intermediate_size": 14336, "num_hidden_layers": 40,
              "num_key_value_heads": 8, "head_dim": 128, "vocab_size": 131072},
             "vision_config": {"model_type": "pixtral", "head_dim": 64, "hidden_act": "silu", "image_size": 1024, "patch_size": 16, "rope_theta": 10000.0}}
            """;
        var fromConfig = VisionEncoder.From(JsonNode.Parse(config)!)!;
        Assert.True(ModelCatalog.TryGet("mistral-community/pixtral-12b", out var spec));
        foreach (var tower in new[] { fromConfig, spec.Vision! })
        {
            Assert.Equal(402_702_336 + 786_432 + 1_024 + 5_242_880 + 5_120 + 26_214_400 + 5_120, tower.Parameters);
            Assert.Equal(434_957_312, tower.Parameters);

            // The largest image, 1024 pixels in 16-pixel patches, one token each: 4,096.
            Assert.Equal((16, 4_096L, 1, 4_096L), (tower.PatchSize, tower.PatchesPerImage!.Value, tower.PatchesPerToken, tower.TokensPerImage!.Value));
        }

        Assert.Equal(434_957_312, ModelCatalog.TryGet("mistralai/Pixtral-12B-2409", out var released) ? released.Vision!.Parameters : 0);
    }

    [Fact]
    public void The_wrapper_decides_the_projector()
    {
        // pixtral-12b's LLaVA projector has no merger; a catalog record names its text model's type, so the wrapper's
        // architecture tells Mistral-Small 3.x from pixtral-12b.
        var vision = (JsonObject)JsonNode.Parse("""{"model_type": "pixtral", "hidden_size": 1024}""")!;
        var empty = JsonNode.Parse("{}")!;
        Assert.Equal(PixtralProjector.Llava, PixtralTower.ProjectorOf(empty, "llava", vision));
        Assert.Equal(PixtralProjector.Mistral3, PixtralTower.ProjectorOf(empty, "mistral3", vision));
        Assert.Equal(PixtralProjector.Mistral3, PixtralTower.ProjectorOf(empty, "ministral3", (JsonObject)empty));
        Assert.Equal(PixtralProjector.Llava, PixtralTower.ProjectorOf(JsonNode.Parse("""{"architectures": ["LlavaForConditionalGeneration"]}""")!, "mistral", vision));
        Assert.Equal(PixtralProjector.Mistral3, PixtralTower.ProjectorOf(JsonNode.Parse("""{"architectures": ["Mistral3ForConditionalGeneration"]}""")!, "mistral", vision));
        Assert.Null(PixtralTower.ProjectorOf(JsonNode.Parse("""{"architectures": ["LlavaForConditionalGeneration"]}""")!, "llava", (JsonObject)JsonNode.Parse("""{"model_type": "clip_vision_model"}""")!));
    }
}
