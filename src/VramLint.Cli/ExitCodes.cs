using VramLint.Core.Diagnostics;

namespace VramLint.Cli;

/// <summary>The exit codes scripts and CI depend on (design.md section 6), from Core's <see cref="ExitPolicy"/>.</summary>
public static class ExitCodes
{
    /// <summary>No error-severity findings after configuration.</summary>
    public const int Ok = ExitPolicy.Ok;

    /// <summary>At least one error-severity finding after configuration.</summary>
    public const int Errors = ExitPolicy.Errors;

    /// <summary>Bad usage: an unknown command or option, a missing value, a path that does not exist.</summary>
    public const int Usage = ExitPolicy.Usage;
}
