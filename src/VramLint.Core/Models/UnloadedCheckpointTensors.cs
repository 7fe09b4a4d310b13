using VramLint.Core.Json;

namespace VramLint.Core.Models;

/// <summary>
/// Tensors a checkpoint stores that vLLM does not load, so the checkpoint's exact bytes would overstate the weights:
/// the second copy of a tied LM head (the Falcon and Qwen1.5-0.5B safetensors hold lm_head.weight beside the embedding
/// the config ties; vLLM skips lm_head.* then) and boolean tensors, which are never weights: the causal-mask buffers
/// (attention.bias, max_position_embeddings squared bytes a layer) that older GPT-NeoX checkpoints saved.
/// </summary>
internal static class UnloadedCheckpointTensors
{
    /// <summary>Whether vLLM loads tensors of a safetensors dtype ("BOOL" holds only mask buffers).</summary>
    public static bool IsLoadedDtype(string dtype) => !string.Equals(dtype, "BOOL", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The bytes of the tensors an index's weight_map names that vLLM skips; <paramref name="elementBytes"/> is the
    /// size of one of the checkpoint's floating-point values (the stored head has the embedding's dtype).
    /// </summary>
    public static double IndexBytes(JsonNode? weightMap, ModelSpec spec, double elementBytes)
    {
        if (weightMap is not JsonObject map)
        {
            return 0;
        }

        double bytes = 0;
        if (spec.TieWordEmbeddings == true && map["lm_head.weight"] is not null && spec.VocabSize is { } vocab && spec.HiddenSize is { } hidden)
        {
            bytes += (double)vocab * hidden * elementBytes;
        }

        // GPT-NeoX's attention projections are query_key_value.* and dense.*: a tensor named attention.bias is the mask.
        if (spec.ModelType == "gpt_neox" && spec.MaxPositionEmbeddings is { } positions)
        {
            bytes += map.Properties.Count(p => p.Key.EndsWith(".attention.bias", StringComparison.Ordinal)) * (double)positions * positions;
        }

        return bytes;
    }
}
