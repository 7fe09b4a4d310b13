using VramLint.Core.Json;

namespace VramLint.Core.Models;

/// <summary>
/// Kimi-K2.5's MoonViT tower and its patch-merger projector, as vLLM lays them out (vllm/model_executor/models/
/// kimi_k25_vit.py: <c>MoonViT3dPretrainedModel</c>, <c>KimiK25MultiModalProjector</c>). Its vision_config names the
/// tower's sizes with a <c>vt_</c> prefix. Each layer: two norms, a packed QKV and an output projection, a two-matrix MLP;
/// then a patch convolution, a learned init_pos_emb_height x init_pos_emb_width position table (the temporal sin-cos
/// table is a buffer, not a weight) and a final norm. By default (Kimi-K2.5) the norms are LayerNorms and every linear
/// and the convolution have biases; the config's attn_bias, linear_bias, patch_embed_proj_bias, norm_type and
/// qkv_hidden_size change that as vLLM reads them. The projector folds merge_kernel_size patches into one token:
/// "patchmerger" (K2.5) is a LayerNorm of the tower's width and two biased linears into mm_hidden_size, which vLLM's
/// KimiK25Config sets to the text width when the config leaves it at the tower's; "patchmergerv2" is two bias-free
/// linears into text_hidden_size and an RMSNorm there.
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
    /// The tower and projector of a vision_config with vt_* sizes, into a language model <paramref name="textHidden"/> wide.
    /// Position rows and columns default to 64 (vLLM's KimiK25VisionConfig); the patch convolution takes 3 channels
    /// (MoonVision3dPatchEmbed's in_dim, which no config key sets).
    /// </summary>
    public static long Parameters(JsonObject vision, long textHidden)
    {
        long hidden = vision["vt_hidden_size"]?.AsInt ?? 0;
        long intermediate = vision["vt_intermediate_size"]?.AsInt ?? 4 * hidden;
        long layers = vision["vt_num_hidden_layers"]?.AsInt ?? 0;
        long patch = vision["patch_size"]?.AsInt ?? 14;
        long qkv = vision["qkv_hidden_size"]?.AsInt ?? hidden;
        var attentionBias = vision["attn_bias"]?.AsBool ?? true;
        var linearBias = vision["linear_bias"]?.AsBool ?? true;
        long norm = vision["norm_type"]?.AsString == "rmsnorm" ? hidden : 2 * hidden; // weight, and a LayerNorm's bias

        var layer = (2 * norm)
            + (hidden * 3 * qkv) + (attentionBias ? 3 * qkv : 0) // wqkv
            + (qkv * hidden) + (attentionBias ? hidden : 0) // wo
            + (2 * hidden * intermediate) + (linearBias ? intermediate + hidden : 0); // fc0, fc1
        var embeddings = (3 * patch * patch * hidden) + (vision["patch_embed_proj_bias"]?.AsBool ?? true ? hidden : 0)
            + ((long)(vision["init_pos_emb_height"]?.AsInt ?? 64) * (vision["init_pos_emb_width"]?.AsInt ?? 64) * hidden)
            + norm; // final_layernorm

        var merged = hidden * PatchesPerToken(vision);
        long projector;
        if (vision["mm_projector_type"]?.AsString == "patchmergerv2")
        {
            long output = vision["text_hidden_size"]?.AsInt ?? vision["mm_hidden_size"]?.AsInt ?? hidden;
            projector = (merged * merged) + (merged * output) + output; // linear_1, linear_2, post_norm
        }
        else
        {
            long stated = vision["mm_hidden_size"]?.AsInt ?? hidden;
            var output = stated == hidden ? textHidden : stated;
            projector = (2 * hidden) + (merged * merged) + merged + (merged * output) + output; // pre_norm, linear_1, linear_2
        }

        return (layers * layer) + embeddings + projector;
    }
}
