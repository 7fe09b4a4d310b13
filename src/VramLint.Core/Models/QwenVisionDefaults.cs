namespace VramLint.Core.Models;

/// <summary>
/// The vision-tower keys transformers fills in when a Qwen2-VL or Qwen2.5-VL config.json leaves them out (the official
/// configs state only hidden_size and in_chans): <c>Qwen2VLVisionConfig</c> (transformers
/// src/transformers/models/qwen2_vl/configuration_qwen2_vl.py at 4efabc6e: depth 32, embed_dim 1280, mlp_ratio 4, patch 14,
/// spatial merge 2, temporal patch 2) and <c>Qwen2_5_VLVisionConfig</c> (configuration_qwen2_5_vl.py at aa0dc95c: depth 32,
/// hidden_size 3584, intermediate_size 3420, patch 14, spatial merge 2, temporal patch 2, out_hidden_size 3584).
/// </summary>
internal sealed class QwenVisionDefaults
{
    private static readonly QwenVisionDefaults Qwen2Vl = new(new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["depth"] = 32, ["embed_dim"] = 1280, ["mlp_ratio"] = 4, ["patch_size"] = 14, ["spatial_merge_size"] = 2, ["temporal_patch_size"] = 2,
    });

    private static readonly QwenVisionDefaults Qwen25Vl = new(new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["depth"] = 32, ["hidden_size"] = 3584, ["intermediate_size"] = 3420, ["patch_size"] = 14, ["spatial_merge_size"] = 2,
        ["temporal_patch_size"] = 2, ["out_hidden_size"] = 3584,
    });

    private readonly IReadOnlyDictionary<string, int> values;

    private QwenVisionDefaults(IReadOnlyDictionary<string, int> values) => this.values = values;

    /// <summary>The defaults of the model type's vision config class; null for other model types.</summary>
    public static QwenVisionDefaults? For(string modelType) => modelType switch
    {
        "qwen2_vl" => Qwen2Vl,
        "qwen2_5_vl" => Qwen25Vl,
        _ => null,
    };

    public int? Value(string key) => values.TryGetValue(key, out var v) ? v : null;
}
