using VramLint.Core.Models;
using VramLint.Core.Settings;

namespace VramLint.Core.Estimation;

/// <summary>
/// LoRA adapters are preallocated when the model loads (vllm-notes 1.2): max-loras slots of max-lora-rank for every
/// attention and MLP projection, in the model dtype, counted by vLLM as weights. Column-parallel projections keep the
/// A matrix whole and split B over TP; row-parallel ones split A and keep B whole. MoE experts are not counted.
/// </summary>
public static class LoraSlots
{
    public const int DefaultMaxLoras = 1;

    public const int DefaultMaxLoraRank = 16;

    public static double BytesPerGpu(ModelSpec? spec, DeploymentSettings settings, int tp, int layers)
    {
        if (settings.EnableLora != true || spec?.HiddenSize is not > 0 || layers <= 0)
        {
            return 0;
        }

        double hidden = spec.HiddenSize.Value;
        var heads = Math.Max(1, spec.NumAttentionHeads ?? 1);
        double headDim = spec.HeadDim is > 0 ? spec.HeadDim.Value : hidden / heads;
        var kvHeads = spec.NumKeyValueHeads is > 0 ? spec.NumKeyValueHeads.Value : heads;
        double width = spec.IntermediateSize is > 0 ? spec.IntermediateSize.Value : 0;
        var slots = Math.Max(0, settings.MaxLoras ?? DefaultMaxLoras);
        var rank = Math.Max(0, settings.MaxLoraRank ?? DefaultMaxLoraRank);

        // Whole on every rank: A of q/k/v (3 x hidden) and gate/up (2 x hidden), B of o and down (hidden each).
        var whole = 7 * hidden;

        // Split over TP: B of q/k/v and gate/up, A of o and down.
        var split = (heads * headDim) + (2 * kvHeads * headDim) + (heads * headDim) + (3 * width);
        var perLayer = rank * (whole + (split / Math.Max(1, tp)));
        return (double)slots * perLayer * layers * WeightBytes.DenseBytes(settings.Dtype);
    }
}
