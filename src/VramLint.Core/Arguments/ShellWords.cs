namespace VramLint.Core.Arguments;

/// <summary>Splits a one-string command line into words as a POSIX shell would. (Helper-owned: work in progress.)</summary>
public static class ShellWords
{
    public static IReadOnlyList<ArgumentToken> Split(string text, object? origin = null, int originOffset = 0) => throw new NotImplementedException();
}
