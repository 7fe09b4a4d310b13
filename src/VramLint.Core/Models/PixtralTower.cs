using VramLint.Core.Json;

namespace VramLint.Core.Models;

/// <summary>
/// Mistral's vision tower (transformers' <c>PixtralVisionModel</c>) and the <c>Mistral3MultiModalProjector</c> of Mistral-Small
/// 3.x and Ministral 3: layers of bias-free attention (4 x width squared), a gated SiLU MLP (3 x width x intermediate) and two
/// RMSNorms; a bias-free patch convolution and one more RMSNorm; then the projector's RMSNorm, a patch merger folding
/// spatial_merge_size squared patches back to the width, and two linear layers into the language model (biased only with
/// <c>multimodal_projector_bias</c>). A generic ViT count (a two-matrix MLP, a merger of another shape) came to 306,184,192
/// for Ministral-3-3B where the checkpoint holds 420,083,712 (its Hub total of 3,849,090,048 less the text model).
/// </summary>
internal static class PixtralTower
{
    /// <summary>
    /// True for a Mistral-3 wrapper's tower (config.json <c>mistral3</c>, a catalog record's <c>ministral3</c>) or a Pixtral
    /// vision_config outside LLaVA, whose pixtral-12b projector is two biased linear layers without a merger.
    /// </summary>
    public static bool Is(string rootType, JsonObject vision) =>
        rootType is "mistral3" or "ministral3" || (vision["model_type"]?.AsString == "pixtral" && rootType != "llava");

    /// <summary>Patches of the largest image: (image_size / patch_size) squared; Pixtral has no class token.</summary>
    public static long PatchesPerImage(int imageSize, int patchSize) => (long)(imageSize / patchSize) * (imageSize / patchSize);

    public static long Parameters(long hidden, long intermediate, int layers, int patchSize, int channels, int merge, long textHidden, bool projectorBias)
    {
        var layer = (4 * hidden * hidden) + (3 * hidden * intermediate) + (2 * hidden);
        var embeddings = ((long)channels * patchSize * patchSize * hidden) + hidden; // patch convolution, ln_pre
        var projector = hidden // norm
            + (hidden * merge * merge * hidden) // patch merger
            + (hidden * textHidden) + (textHidden * textHidden) // linear_1, linear_2
            + (projectorBias ? 2 * textHidden : 0);
        return (layers * layer) + embeddings + projector;
    }
}
