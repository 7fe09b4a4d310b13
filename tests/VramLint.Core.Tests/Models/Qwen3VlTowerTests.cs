using VramLint.Core.Models;

namespace VramLint.Core.Tests.Models;

/// <summary>
/// Qwen3-VL's tower beside the generic ViT count: a merger for each deepstack layer (its features go to the language
/// model's first layers) and learned position embeddings. Qwen3.5 keeps the embeddings and drops the deepstack mergers.
/// </summary>
public class Qwen3VlTowerTests
{
    private const long Block = (4L * 1152 * 1152) + (2L * 1152 * 4304);
    private const long Positions = 2304L * 1152;

    private static long Merger(long outHidden) => (4608L * 4608) + (4608L * outHidden);

    [Fact]
    public void Qwen3_vl_8b_counts_three_deepstack_mergers_and_its_position_embeddings()
    {
        Assert.True(ModelCatalog.TryGet("Qwen/Qwen3-VL-8B-Instruct", out var spec));

        Assert.Equal((27 * Block) + (4 * Merger(4096)) + Positions, spec.Vision!.Parameters);
        Assert.Equal(574_156_800, spec.Vision.Parameters);

        // The BF16 checkpoint's 17,534,247,392 bytes are 8,767,123,696 parameters; text model plus tower come within 0.03%.
        var whole = ModelComponents.From(spec)!.Total + spec.Vision.Parameters;
        Assert.InRange((whole - 8_767_123_696.0) / 8_767_123_696.0, -0.0003, 0);
    }

    [Fact]
    public void Qwen3_5_has_no_deepstack_merger_but_keeps_the_position_embeddings()
    {
        Assert.True(ModelCatalog.TryGet("Qwen/Qwen3.5-27B", out var spec));
        Assert.Equal((27 * Block) + Merger(5120) + Positions, spec.Vision!.Parameters);
    }
}
