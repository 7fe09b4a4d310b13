namespace VramLint.Core.Arguments;

/// <summary>
/// Where a value sits in a front end's file (a Roslyn expression, a YAML scalar): the characters [<see cref="Start"/>,
/// <see cref="End"/>) of the value as written, quotes included, and, when its characters map one to one, where the
/// value's text starts inside them. Core's ranges (a word of a one-string command line, the value after '=') map back to
/// exact source ranges through <see cref="Map"/>, the same way for every front end.
/// </summary>
public abstract class SourceOrigin
{
    protected SourceOrigin(int contentOffset, int contentLength)
    {
        ContentOffset = contentOffset;
        ContentLength = contentLength;
    }

    /// <summary>Character index of the value's first character in its file (quotes included).</summary>
    public abstract int Start { get; }

    /// <summary>Character index just past the value's last character in its file.</summary>
    public abstract int End { get; }

    /// <summary>Offset of the value's text from <see cref="Start"/>; -1 when its characters do not map one to one (escapes, folded scalars, constants from elsewhere).</summary>
    public int ContentOffset { get; }

    /// <summary>Length of the value's text, when <see cref="ContentOffset"/> maps it.</summary>
    public int ContentLength { get; }

    /// <summary>
    /// The range in the file of a Core location on a front end's origin: exact when its range maps into the value's text,
    /// else the whole value (a range covering the whole value is the whole value too, so a squiggle takes the quotes).
    /// Null when the location has no front-end origin.
    /// </summary>
    public static SourceRange? Map(SourceLocation? location)
    {
        if (location?.Origin is not SourceOrigin origin)
        {
            return null;
        }

        if (origin.ContentOffset < 0 || !location.HasRange || (location.Start == origin.ContentOffset && location.Length == origin.ContentLength))
        {
            return origin.Whole;
        }

        var start = origin.Start + location.Start;
        var end = Math.Min(origin.End, start + location.Length);
        return start >= origin.Start && start <= origin.End ? new SourceRange(origin, start, end) : origin.Whole;
    }

    /// <summary>The whole value.</summary>
    public SourceRange Whole => new(this, Start, End);
}

/// <summary>A character range [<see cref="Start"/>, <see cref="End"/>) in the file of <see cref="Origin"/>.</summary>
public readonly record struct SourceRange(SourceOrigin Origin, int Start, int End);
