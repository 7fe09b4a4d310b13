namespace VramLint.Core.Estimation;

public enum EstimatorKind
{
    /// <summary>What vLLM will actually do (the default).</summary>
    Vllm,

    /// <summary>The seed method S1-S9, exactly.</summary>
    Blog,
}
