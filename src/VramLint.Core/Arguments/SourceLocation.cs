namespace VramLint.Core.Arguments;

/// <summary>
/// Where a piece of text came from, as far as Core can tell: an opaque origin that only the front end
/// understands (a Roslyn node, a YAML scalar...) and, optionally, a character range inside that origin's text.
/// </summary>
public sealed class SourceLocation
{
    public SourceLocation(object? origin, int start = -1, int length = 0)
    {
        Origin = origin;
        Start = start;
        Length = length;
    }

    /// <summary>The front end's own handle; Core never looks inside.</summary>
    public object? Origin { get; }

    /// <summary>Offset of the range in the origin's raw text (quotes included), or -1 for "the whole origin".</summary>
    public int Start { get; }

    public int Length { get; }

    public bool HasRange => Start >= 0;

    public SourceLocation Slice(int offset, int length) =>
        new(Origin, (HasRange ? Start : 0) + offset, length);
}
