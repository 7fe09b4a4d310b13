using VramLint.Core.Diagnostics;
using VramLint.Core.Models;
using VramLint.Core.Settings;

namespace VramLint.Core.Estimation;

/// <summary>
/// The parallelism vLLM accepts (vllm-notes sections 3 and 5): TP divides the attention heads, the KV heads split or
/// replicate evenly, TP x PP x DP fits the GPUs, and TP stays on one node unless the deployment is multi-node.
/// </summary>
public static class ParallelismRules
{
    /// <summary>Ray or --nnodes: the deployment may span nodes.</summary>
    public static bool IsMultiNode(DeploymentSettings settings) =>
        string.Equals(settings.DistributedExecutorBackend, "ray", StringComparison.OrdinalIgnoreCase) || settings.NNodes is > 1;

    /// <summary>Why vLLM would refuse this tensor-parallel size for the model, or null when it accepts it.</summary>
    public static string? ModelRejection(ModelResolution model, int tp)
    {
        var spec = model.Spec;
        if (spec is null || tp <= 1)
        {
            return null;
        }

        if (spec.NumAttentionHeads is { } heads && heads % tp != 0)
        {
            return $"total number of attention heads ({heads}) must be divisible by tensor parallel size ({tp})";
        }

        if (spec.NumKeyValueHeads is { } kv && !spec.IsMla && kv > 0)
        {
            var ok = tp >= kv ? tp % kv == 0 : kv % tp == 0;
            if (!ok)
            {
                return $"the {kv} KV heads can neither be split evenly over nor replicated evenly across tensor parallel size {tp}";
            }
        }

        if (spec.IntermediateSize is { } inter && !spec.IsMoe && inter % tp != 0)
        {
            return $"intermediate size {inter} is not divisible by tensor parallel size {tp}";
        }

        var q = model.Quantization;
        if (q.Method is QuantizationMethod.Awq or QuantizationMethod.Gptq && q.GroupSize is { } group && group > 0
            && spec.IntermediateSize is { } width && !spec.IsMoe && width % tp == 0 && (width / tp) % group != 0)
        {
            return $"each GPU's share of the intermediate size ({width} / {tp} = {width / tp}) is not divisible by the quantization group size {group} (Marlin kernels)";
        }

        if (q.Method == QuantizationMethod.BitsAndBytes)
        {
            return "pre-quantized bitsandbytes models do not support tensor parallelism in vLLM (use pipeline parallelism)";
        }

        return null;
    }

    /// <summary>Tensor-parallel sizes worth trying, ascending: powers of two when the architecture is unknown, else every accepted size.</summary>
    /// <remarks>
    /// Bounded by the model, not by the GPUs declared: a size must divide the attention heads (or, without them, the
    /// intermediate size), so no more than those are tried; with neither, only powers of two. So a GPU count of
    /// 2147483647 costs no more than 8.
    /// </remarks>
    public static IEnumerable<int> Candidates(ModelResolution model, int maxTp)
    {
        var spec = model.Spec;
        int? divisorBound = spec?.NumAttentionHeads ?? (spec is { IsMoe: false } ? spec.IntermediateSize : null);
        var upper = Math.Min(Math.Min(maxTp, ValueRanges.MaxGpus), divisorBound ?? int.MaxValue);
        for (long tp = 1; tp <= upper; tp = divisorBound is null ? tp * 2 : tp + 1)
        {
            if (spec is null || ModelRejection(model, (int)tp) is null)
            {
                yield return (int)tp;
            }
        }
    }

    /// <summary>The largest TP the GPUs allow for this deployment: all GPUs when multi-node, else one node's.</summary>
    public static int MaxTensorParallel(DeploymentSettings settings, GpuCapacity capacity, EffectiveSettings effective)
    {
        var perReplicaGpus = capacity.Count / Math.Max(1, effective.PipelineParallelSize * effective.DataParallelSize);
        var limit = IsMultiNode(settings) ? perReplicaGpus : Math.Min(perReplicaGpus, capacity.GpusPerNode);
        return Math.Max(1, limit);
    }

    /// <summary>VRAM005 findings for this deployment; each lands on tensor-parallel-size, the value to change.</summary>
    public static IReadOnlyList<EstimatorFinding> Check(ModelResolution model, DeploymentSettings settings, EffectiveSettings effective, GpuCapacity capacity)
    {
        var findings = new List<EstimatorFinding>();
        var levers = new[] { SettingNames.TensorParallelSize };
        var tp = effective.TensorParallelSize;
        var pp = effective.PipelineParallelSize;
        var dp = effective.DataParallelSize;

        if (ModelRejection(model, tp) is { } rejection)
        {
            findings.Add(new EstimatorFinding(
                new Finding(DiagnosticIds.InvalidParallelism, $"tensor-parallel-size {tp} is invalid for {ValueRanges.Shorten(model.Id)}: {rejection}", SettingNames.TensorParallelSize),
                levers));
        }

        var world = (long)tp * pp * dp;
        if (capacity.CountDeclared && world > capacity.Count)
        {
            findings.Add(new EstimatorFinding(
                new Finding(
                    DiagnosticIds.InvalidParallelism,
                    $"tensor-parallel-size {tp} x pipeline-parallel-size {pp} x data-parallel-size {dp} needs {world} GPUs, but {capacity.Count} are declared",
                    SettingNames.TensorParallelSize),
                levers));
        }
        else if (!IsMultiNode(settings) && tp * pp > capacity.GpusPerNode && capacity.GpusPerNode < capacity.Count)
        {
            findings.Add(new EstimatorFinding(
                new Finding(
                    DiagnosticIds.InvalidParallelism,
                    $"world size {tp * pp} (tensor-parallel-size {tp} x pipeline-parallel-size {pp}) is larger than the {capacity.GpusPerNode} GPUs of one node; "
                    + "set --distributed-executor-backend ray or --nnodes, or use pipeline parallelism across nodes",
                    SettingNames.TensorParallelSize),
                levers));
        }

        return findings;
    }
}
