namespace VramLint.Core.Configuration;

/// <summary>A severity as written in <c>dotnet_diagnostic.ID.severity</c>.</summary>
public enum ReportSeverity
{
    /// <summary>Not configured: the diagnostic's default.</summary>
    Default,

    /// <summary>none: not reported.</summary>
    None,

    /// <summary>silent / hidden.</summary>
    Hidden,

    /// <summary>suggestion / info.</summary>
    Info,

    Warning,
    Error,
}
