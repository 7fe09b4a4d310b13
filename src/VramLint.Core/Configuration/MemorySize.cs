namespace VramLint.Core.Configuration;

/// <summary>Memory sizes as users write them. (Helper-owned: work in progress.)</summary>
public static class MemorySize
{
    /// <summary>"24GiB", "80GB", "24576MiB", "23.64" (bare = GiB) to GiB. GB is decimal (10^9), GiB binary.</summary>
    public static bool TryParseGiB(string text, out double gib) => throw new NotImplementedException();
}
