using VramLint.Core.Json;

namespace VramLint.Core.Models;

/// <summary>
/// Kimi-K2.5's MoonViT tower and its patch-merger projector, as vLLM lays them out (vllm/model_executor/models/
/// kimi_k25_vit.py: <c>MoonViT3dPretrainedModel</c>, <c>KimiK25MultiModalProjector</c>). Its vision_config names the
/// tower's sizes with a <c>vt_</c> prefix. Each layer: two LayerNorms, a biased packed QKV and output projection, a biased
/// two-matrix GELU MLP; then a biased patch convolution, a learned init_pos_emb_height x init_pos_emb_width position table
/// (the temporal sin-cos table is a buffer, not a weight) and a final LayerNorm. The projector: a LayerNorm of the tower's
/// width, then two biased linears over merge_kernel_size patches concatenated, into the language model's width (vLLM's
/// KimiK25Config sets mm_hidden_size to the text width when the config leaves it at the tower's).
/// </summary>
internal static class MoonVitTower
{
    /// <summary>True for a Kimi-K2.5-style vision_config (vt_hidden_size and vt_num_hidden_layers).</summary>
    public static bool Is(JsonObject vision) => vision["vt_hidden_size"]?.AsInt is > 0 && vision["vt_num_hidden_layers"]?.AsInt is > 0;

    /// <summary>Patches folded into one language-model token: merge_kernel_size's product (2 x 2 when absent, vLLM's default).</summary>
    public static int PatchesPerToken(JsonObject vision)
    {
        if (vision["merge_kernel_size"] is JsonArray { Items.Count: 2 } kernel && kernel.Items[0]?.AsInt is > 0 && kernel.Items[1]?.AsInt is > 0)
        {
            return kernel.Items[0]!.AsInt!.Value * kernel.Items[1]!.AsInt!.Value;
        }

        return 4;
    }

    /// <summary>
    /// The tower and projector; position rows and columns default to 64 (vLLM's KimiK25VisionConfig), the patch convolution
    /// takes 3 channels (MoonVision3dPatchEmbed's in_dim, which no config key sets).
    /// </summary>
    public static long Parameters(long hidden, long intermediate, int layers, int patchSize, int positionRows, int positionColumns, int merged, long textHidden)
    {
        var layer = (2 * 2 * hidden) // norm0, norm1 (weight and bias)
            + (hidden * 3 * hidden) + (3 * hidden) // wqkv
            + (hidden * hidden) + hidden // wo
            + (hidden * intermediate) + intermediate // fc0
            + (intermediate * hidden) + hidden; // fc1
        var embeddings = (3L * patchSize * patchSize * hidden) + hidden // patch convolution
            + ((long)positionRows * positionColumns * hidden) // learned 2D position table
            + (2 * hidden); // final_layernorm
        var mergedWidth = hidden * merged;
        var projector = (2 * hidden) // pre_norm
            + (mergedWidth * mergedWidth) + mergedWidth // linear_1
            + (mergedWidth * textHidden) + textHidden; // linear_2
        return (layers * layer) + embeddings + projector;
    }
}
