using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using VramLint.Core.Arguments;

namespace VramLint.Analyzers;

/// <summary>
/// The origin of a value in C#: the expression that holds it and, for a plain string literal, where its characters
/// start inside the expression's text, so Core's ranges (a word in a one-string command line, the value after '=')
/// map back to exact source spans. A value read from configuration with a constant default carries a note saying so;
/// a value that could not be read carries where it comes from instead.
/// </summary>
internal sealed class ValueOrigin
{
    public ValueOrigin(Location location, int contentOffset, int contentLength = -1)
    {
        Location = location;
        ContentOffset = contentOffset;
        ContentLength = contentLength;
    }

    public Location Location { get; }

    /// <summary>Offset of the value's first character in the expression's text; -1 when characters do not map one to one (escapes, constants from elsewhere).</summary>
    public int ContentOffset { get; }

    /// <summary>Length of the value's text, when <see cref="ContentOffset"/> maps it.</summary>
    public int ContentLength { get; }

    /// <summary>
    /// For a literal whose escapes shift its characters (<c>"\"quoted\" 131072"</c>): the offset in the expression's text of
    /// each character of the value, plus one for its end. Null when <see cref="ContentOffset"/> maps them one to one.
    /// </summary>
    public IReadOnlyList<int>? ContentMap { get; init; }

    /// <summary>A default the check used in place of a run-time value, e.g. "configuration key Llm:ContextLength (default 131072)".</summary>
    public string? Note { get; init; }

    /// <summary>Where an unreadable value comes from, e.g. "configuration key Llm:ContextLength with no default"; null when the value is known.</summary>
    public string? Unresolved { get; init; }

    /// <summary>The Roslyn location of a Core location: the exact range when it maps, else the whole expression.</summary>
    public static Location? ToLocation(SourceLocation? source)
    {
        if (source?.Origin is not ValueOrigin origin)
        {
            return null;
        }

        // A range covering the whole value is the whole expression: the squiggle takes the literal's quotes too.
        if (origin.ContentOffset < 0 || !source.HasRange || origin.Location.SourceTree is null
            || (source.Start == origin.ContentOffset && source.Length == origin.ContentLength))
        {
            return origin.Location;
        }

        var span = origin.Location.SourceSpan;
        var start = span.Start + source.Start;
        var end = Math.Min(span.End, start + source.Length);
        return start < span.Start || start > span.End ? origin.Location : Location.Create(origin.Location.SourceTree, TextSpan.FromBounds(start, end));
    }
}
