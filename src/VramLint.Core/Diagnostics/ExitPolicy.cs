namespace VramLint.Core.Diagnostics;

/// <summary>
/// The one exit-code policy of every front end (design.md section 6): 1 when any finding is an error after the
/// configured severities, 0 otherwise. An unreadable or malformed file is a VRAM008 finding with its own severity,
/// never an exit code of its own; 2 is left to the command line's usage errors and paths that do not exist.
/// </summary>
public static class ExitPolicy
{
    public const int Ok = 0;
    public const int Errors = 1;
    public const int Usage = 2;

    /// <param name="effectiveSeverities">The severity each reported finding has after configuration.</param>
    public static int For(IEnumerable<FindingSeverity> effectiveSeverities) =>
        effectiveSeverities.Any(s => s == FindingSeverity.Error) ? Errors : Ok;
}
