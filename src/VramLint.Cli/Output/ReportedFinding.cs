using VramLint.Core.Diagnostics;

namespace VramLint.Cli.Output;

/// <summary>A finding with the severity the user's configuration gives it.</summary>
internal sealed record ReportedFinding(Finding Finding, FindingSeverity Severity);
