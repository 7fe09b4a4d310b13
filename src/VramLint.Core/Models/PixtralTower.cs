using VramLint.Core.Json;

namespace VramLint.Core.Models;

/// <summary>
/// Mistral's vision tower (transformers' <c>PixtralVisionModel</c>) and the projector of the wrapper that holds it: layers
/// of bias-free attention (4 x width squared), a gated SiLU MLP (3 x width x intermediate) and two RMSNorms; a bias-free
/// patch convolution and one more RMSNorm. Mistral-Small 3.x and Ministral 3 (<c>Mistral3MultiModalProjector</c>) add the
/// projector's RMSNorm, a patch merger folding spatial_merge_size squared patches back to the width, and two linear layers
/// into the language model (biased only with <c>multimodal_projector_bias</c>, false by default); Pixtral-12B's LLaVA
/// wrapper (<c>LlavaMultiModalProjector</c>) has only the two linear layers, biased by default. A generic ViT count (a
/// two-matrix MLP, a merger of another shape) came to 306,184,192 for Ministral-3-3B where the checkpoint holds 420,083,712
/// (its Hub total of 3,849,090,048 less the text model).
/// </summary>
internal static class PixtralTower
{
    /// <summary>
    /// The keys transformers' <c>PixtralVisionConfig</c> fills in when a vision_config leaves them out (transformers
    /// src/transformers/models/pixtral/configuration_pixtral.py at 05cd1ec1: width 1024, intermediate 4096, 24 layers, 16
    /// heads, 3 channels, 1024-pixel images in 16-pixel patches): Pixtral-12B's transformers config states few of them.
    /// </summary>
    private static readonly Dictionary<string, int> Defaults = new(StringComparer.Ordinal)
    {
        ["hidden_size"] = 1024, ["intermediate_size"] = 4096, ["num_hidden_layers"] = 24, ["num_attention_heads"] = 16,
        ["num_channels"] = 3, ["image_size"] = 1024, ["patch_size"] = 16,
    };

    /// <summary>
    /// The projector a Pixtral tower feeds: Mistral3's for a <c>mistral3</c> config.json or a catalog record of one (its
    /// text model's type <c>ministral3</c>, or the wrapper's architecture the record keeps), LLaVA's for pixtral-12b's
    /// <c>llava</c> wrapper, and Mistral3's for any other Pixtral vision_config.
    /// </summary>
    public static PixtralProjector? ProjectorOf(JsonNode root, string rootType, JsonObject vision)
    {
        var architecture = root["architectures"] is JsonArray { Items.Count: > 0 } names ? names.Items[0]?.AsString : null;
        if (rootType is "mistral3" or "ministral3" || architecture == "Mistral3ForConditionalGeneration")
        {
            return PixtralProjector.Mistral3;
        }

        if (vision["model_type"]?.AsString != "pixtral")
        {
            return null;
        }

        return rootType == "llava" || architecture == "LlavaForConditionalGeneration" ? PixtralProjector.Llava : PixtralProjector.Mistral3;
    }

    /// <summary>The class default of a vision_config key the config leaves out; null for keys without one.</summary>
    public static int? Default(string key) => Defaults.TryGetValue(key, out var value) ? value : null;

    /// <summary>transformers' default <c>multimodal_projector_bias</c>: true for LlavaConfig, false for Mistral3Config.</summary>
    public static bool DefaultProjectorBias(PixtralProjector projector) => projector == PixtralProjector.Llava;

    /// <summary>Patches of the largest image: (image_size / patch_size) squared; Pixtral has no class token.</summary>
    public static long PatchesPerImage(int imageSize, int patchSize) => (long)(imageSize / patchSize) * (imageSize / patchSize);

    public static long Parameters(PixtralProjector layout, long hidden, long intermediate, int layers, int patchSize, int channels, int merge, long textHidden, bool projectorBias)
    {
        var layer = (4 * hidden * hidden) + (3 * hidden * intermediate) + (2 * hidden);
        var embeddings = ((long)channels * patchSize * patchSize * hidden) + hidden; // patch convolution, ln_pre
        var linears = (hidden * textHidden) + (textHidden * textHidden) + (projectorBias ? 2 * textHidden : 0); // linear_1, linear_2
        var projector = layout == PixtralProjector.Llava
            ? linears
            : hidden + (hidden * merge * merge * hidden) + linears; // norm, patch merger
        return (layers * layer) + embeddings + projector;
    }
}

/// <summary>The wrapper's projector behind a Pixtral tower.</summary>
internal enum PixtralProjector
{
    /// <summary>Mistral-Small 3.x, Ministral 3: RMSNorm, patch merger, two linear layers.</summary>
    Mistral3,

    /// <summary>Pixtral-12B in transformers' format: two linear layers, no merger.</summary>
    Llava,
}
