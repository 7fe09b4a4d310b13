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
    public void A_deployment_of_the_repository_resolves_exactly()
    {
        var resolution = ModelResolver.Resolve("meta-llama/Llama-3.2-11B-Vision-Instruct", null);
        Assert.Equal(ModelMatch.Exact, resolution.Match);
        Assert.Equal(40, resolution.Spec!.NumHiddenLayers);
    }
}
