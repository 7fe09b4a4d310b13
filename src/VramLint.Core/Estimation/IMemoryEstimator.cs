using VramLint.Core.Configuration;
using VramLint.Core.Diagnostics;
using VramLint.Core.Models;
using VramLint.Core.Settings;

namespace VramLint.Core.Estimation;

/// <summary>One way to predict a deployment's per-GPU memory and its verdicts.</summary>
public interface IMemoryEstimator
{
    EstimatorKind Kind { get; }

    /// <summary>
    /// Estimates one deployment. Never throws for any settings; returns findings (VRAM001-VRAM004, and VRAM007 for a length beyond the model's) without fixes,
    /// each naming the setting responsible and the levers (settings whose change could clear it).
    /// </summary>
    EstimationResult Estimate(EstimationRequest request);
}

public sealed record EstimationRequest
{
    public ModelResolution Model { get; init; } = new();

    public DeploymentSettings Settings { get; init; } = DeploymentSettings.Empty;

    public GpuCapacity Capacity { get; init; } = new();

    public VramLintOptions Options { get; init; } = VramLintOptions.Default;

    /// <summary>A fix-search candidate: only its numbers and finding IDs are read, so no breakdown text is built.</summary>
    internal bool WithoutText { get; init; }
}

public sealed record EstimationResult
{
    public MemoryEstimate Estimate { get; init; } = MemoryEstimate.None;

    public IReadOnlyList<EstimatorFinding> Findings { get; init; } = Array.Empty<EstimatorFinding>();
}

/// <summary>A finding as an estimator produces it: the finding plus the settings that could clear it, in preference order.</summary>
public sealed record EstimatorFinding(Finding Finding, IReadOnlyList<string> Levers);
