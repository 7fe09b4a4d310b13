namespace VramLint.Core.Estimation;

/// <summary>What vLLM will actually do (vllm-notes section 8). (Helper-owned: work in progress.)</summary>
public sealed class VllmEstimator : IMemoryEstimator
{
    public EstimatorKind Kind => EstimatorKind.Vllm;

    public EstimationResult Estimate(EstimationRequest request) => throw new NotImplementedException();
}
