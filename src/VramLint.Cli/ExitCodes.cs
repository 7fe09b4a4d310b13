namespace VramLint.Cli;

/// <summary>The exit codes scripts and CI depend on (design.md section 6).</summary>
public static class ExitCodes
{
    /// <summary>No error-severity findings.</summary>
    public const int Ok = 0;

    /// <summary>At least one error-severity finding.</summary>
    public const int Errors = 1;

    /// <summary>Bad usage or unreadable/unusable input.</summary>
    public const int Usage = 2;
}
