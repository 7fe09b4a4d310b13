using VramLint.Core.Diagnostics;
using VramLint.Core.Estimation;

namespace VramLint.Core;

/// <summary>Everything VramLint concludes about one deployment.</summary>
public sealed class CheckResult
{
    public CheckResult(IReadOnlyList<Finding> findings, MemoryEstimate? estimate, string? reason = null, IReadOnlyList<string>? skipped = null)
    {
        Findings = findings;
        Estimate = estimate;
        Reason = reason;
        Skipped = skipped ?? Array.Empty<string>();
    }

    /// <summary>Why no verdict was made (no estimate); null when one was.</summary>
    public string? Reason { get; }

    /// <summary>Checks the verdict could not make (e.g. the max-model-len check for a model whose context is unknown), each saying why.</summary>
    public IReadOnlyList<string> Skipped { get; }

    /// <summary>The verdict: null when none was made (see <see cref="Reason"/>), else <see cref="Fits"/>.</summary>
    public bool? Verdict => Estimate is null ? null : Fits;

    /// <summary>All findings, in a stable order (argument problems first, then verdicts), with fixes attached.</summary>
    public IReadOnlyList<Finding> Findings { get; }

    /// <summary>The estimate, when one could be made (model size and GPU capacity known).</summary>
    public MemoryEstimate? Estimate { get; }

    /// <summary>True exactly when no finding has error severity (default severities): predicted to start and run.</summary>
    public bool Fits => Findings.All(f => f.Severity != FindingSeverity.Error);
}
