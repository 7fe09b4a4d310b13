using VramLint.Core.Settings;

namespace VramLint.Core.Estimation;

/// <summary>
/// The deployment's measured-not-computed terms per GPU (GiB) and where each lives: non-torch memory and, from vLLM
/// 0.21, the CUDA-graph estimate come out of the gpu-memory-utilization budget; the CUDA context and NCCL set-up (and,
/// before 0.21, the graphs captured after the KV cache was sized) live outside it.
/// </summary>
public sealed record RuntimeTerms(double NonTorchGiB, double GraphsGiB, bool GraphsInBudget, double ContextGiB, bool Collective)
{
    /// <summary>The part of the graphs subtracted from the budget.</summary>
    public double GraphsInBudgetGiB => GraphsInBudget ? GraphsGiB : 0;

    /// <summary>Memory the card must hold besides the requested budget.</summary>
    public double OutsideBudgetGiB => ContextGiB + (GraphsInBudget ? 0 : GraphsGiB);

    /// <summary>True when graphs are off: --enforce-eager, -O0, or cudagraph_mode NONE.</summary>
    public static bool GraphsOff(DeploymentSettings settings) =>
        settings.EnforceEager == true || settings.OptimizationLevel == 0 || string.Equals(settings.CudagraphMode, "NONE", StringComparison.OrdinalIgnoreCase);

    public static RuntimeTerms For(DeploymentSettings settings, EffectiveSettings effective, GpuCapacity capacity, VllmVersion version, int tp, int pp, GraphShape? shape = null)
    {
        var interactivity = string.Equals(settings.PerformanceMode, "interactivity", StringComparison.OrdinalIgnoreCase);
        var explicitSize = settings.MaxCudagraphCaptureSize ?? (settings.CudagraphCaptureSizes is { Count: > 0 } sizes ? sizes.Max() : null);
        var largest = VllmBehaviour.Of(version).LargestGraphBatch is { } v0Cap
            ? explicitSize ?? RuntimeMemory.V0LargestGraphBatch(effective.MaxNumSeqs, v0Cap)
            : RuntimeMemory.LargestCapture(effective.MaxNumSeqs, settings.NumSpeculativeTokens ?? 0, effective.MaxNumBatchedTokens, explicitSize, interactivity);

        return new RuntimeTerms(
            RuntimeMemory.NonTorchGiB(tp, pp, RuntimeMemory.HasNvLink(capacity), version),
            RuntimeMemory.CudaGraphGiB(largest, GraphsOff(settings), shape, version, (long)tp * pp),
            GraphsInBudget: VllmBehaviour.Of(version).GraphsInBudget,
            RuntimeMemory.ContextGiB(tp, pp, RuntimeMemory.HasSwitchedCollectives(capacity)),
            Collective: (long)tp * pp > 1);
    }
}
