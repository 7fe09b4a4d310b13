using VramLint.Core.Diagnostics;
using VramLint.Core.Estimation;

namespace VramLint.Core;

/// <summary>Everything VramLint concludes about one deployment.</summary>
public sealed class CheckResult
{
    public CheckResult(IReadOnlyList<Finding> findings, MemoryEstimate? estimate)
    {
        Findings = findings;
        Estimate = estimate;
    }

    /// <summary>All findings, in a stable order (argument problems first, then verdicts), with fixes attached.</summary>
    public IReadOnlyList<Finding> Findings { get; }

    /// <summary>The estimate, when one could be made (model size and GPU capacity known).</summary>
    public MemoryEstimate? Estimate { get; }

    /// <summary>True exactly when no finding has error severity (default severities): predicted to start and run.</summary>
    public bool Fits => Findings.All(f => f.Severity != FindingSeverity.Error);
}
