using VramLint.Core.Estimation;
using VramLint.Core.Models;
using VramLint.Core.Tests.Calibration;

namespace VramLint.Core.Tests.Models;

/// <summary>
/// Llama-3.2-11B-Vision (mllama) from the catalog: the record keeps the tower's tile count and global layers, so a
/// deployment naming the repository is sized as its config.json would size it (ModelKindCalibrationTests), encoder
/// profile included, instead of by the "11B" in its name.
/// </summary>
public class MllamaCatalogTests
{
    [Theory]
    [InlineData("meta-llama/Llama-3.2-11B-Vision")]
    [InlineData("meta-llama/Llama-3.2-11B-Vision-Instruct")]
    public void The_catalog_record_sizes_the_model_as_its_config_does(string id)
    {
        Assert.True(ModelCatalog.TryGet(id, out var record));
        var config = ModelKindCalibrationTests.Spec(ModelKindCalibrationTests.Llama32VisionConfig, id);

        Assert.Equal(ModelComponents.From(config)!.Total, ModelComponents.From(record)!.Total);
        Assert.Equal(KvCacheSize.For(config, 1, 40, "auto", null, false)!.BytesPerToken, KvCacheSize.For(record, 1, 40, "auto", null, false)!.BytesPerToken);

        var tower = record.Vision!;
        Assert.Equal(config.Vision!.Parameters, tower.Parameters);
        Assert.Equal(4 * ((40 * 40) + 1), tower.PatchesPerImage); // 4 tiles of 1600 patches and a class token
        Assert.True(tower.CrossAttention);
    }

    [Fact]
    public void The_tower_counts_its_tile_position_embeddings_and_its_projector()
    {
        Assert.True(ModelCatalog.TryGet("meta-llama/Llama-3.2-11B-Vision-Instruct", out var record));

        // 40 layers of 19,672,320 (8 global ones with two gates), patch convolution, class and position embeddings,
        // 9 x 4 x 1601 x 1280 tile-position rows, pre/post tile embeddings and LayerNorms, projector 7680 x 4096 + bias.
        const long layers = (40 * 19_672_320L) + 16;
        const long embeddings = 752_640 + 1_280 + 2_049_281 + 73_774_080 + (2 * 46_081) + 5_120;
        const long projector = (7_680L * 4_096) + 4_096;
        Assert.Equal(layers + embeddings + projector, record.Vision!.Parameters);
        Assert.Equal(895_028_755, record.Vision.Parameters);

        // The whole checkpoint counts 10,670,220,835 (the Hub's safetensors count); the text model lacks only
        // the 8 image-token embedding rows and the cross-attention layers' norms and gates (34,832).
        var whole = ModelComponents.From(record)!.Total + record.Vision.Parameters;
        Assert.Equal(10_670_220_835 - 34_832, whole);
    }

    [Fact]
    public void A_deployment_of_the_repository_resolves_exactly()
    {
        var resolution = ModelResolver.Resolve("meta-llama/Llama-3.2-11B-Vision-Instruct", null);
        Assert.Equal(ModelMatch.Exact, resolution.Match);
        Assert.Equal(40, resolution.Spec!.NumHiddenLayers);
    }
}
