namespace VramLint.Core.Models;

/// <summary>
/// Llama-3.2-Vision's tower (transformers <c>MllamaVisionModel</c> and <c>MllamaForConditionalGeneration</c>'s projector),
/// counted whole: besides its local and gated global encoder layers it holds tile-position embeddings of
/// (aspect ratios + 1) x tiles x patches x width (74M parameters for 4 tiles) and projects the concatenated layer outputs,
/// <c>vision_output_dim</c> wide, straight into the language model. A generic ViT count missed 102M of the 11B's
/// 10,670,220,835 parameters.
/// </summary>
internal static class MllamaTower
{
    /// <summary>transformers' default <c>intermediate_layers_indices</c> (5 layers) plus the last output: 6 x width.</summary>
    private const int DefaultOutputsConcatenated = 6;

    public static long Parameters(long hidden, long intermediate, int localLayers, int globalLayers, int patchSize, int imageSize, int tiles, int? visionOutputDim, long textHidden)
    {
        long patches = ((long)(imageSize / patchSize) * (imageSize / patchSize)) + 1;

        // Aspect ratios of at most `tiles` tiles (4 tiles: 1x1, 1x2, 1x3, 1x4, 2x1, 2x2, 3x1, 4x1); embedding row 0 is padding.
        long ratios = 0;
        for (var w = 1; w <= tiles; w++)
        {
            ratios += tiles / w;
        }

        var ratioRows = ratios + 1;

        // Layers: q/k/v/o without bias, an MLP with biases, two LayerNorms; global layers add two scalar gates.
        var layer = (4 * hidden * hidden) + (2 * hidden * intermediate) + intermediate + hidden + (4 * hidden);
        var layers = ((localLayers + globalLayers) * layer) + (2L * globalLayers);

        var embeddings = (3L * patchSize * patchSize * hidden) // patch convolution, no bias
            + hidden // class embedding
            + (patches * hidden) + 1 // gated position embedding
            + (ratioRows * tiles * patches * hidden) // its per-tile part
            + (2 * ((ratioRows * tiles * hidden) + 1)) // gated pre- and post-tile embeddings
            + (2 * 2 * hidden); // LayerNorms before and after the layers

        var projector = ((visionOutputDim ?? (DefaultOutputsConcatenated * hidden)) * textHidden) + textHidden;
        return layers + embeddings + projector;
    }
}
