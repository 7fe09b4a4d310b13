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
internal sealed class ValueOrigin : SourceOrigin
{
    public ValueOrigin(Location location, int contentOffset, int contentLength = -1)
        : base(contentOffset, contentLength)
    {
        Location = location;
    }

    public Location Location { get; }

    public override int Start => Location.SourceSpan.Start;

    public override int End => Location.SourceSpan.End;

    /// <summary>
    /// For a literal whose escapes shift its characters (<c>"\"quoted\" 131072"</c>): the offset in the expression's text of
    /// each character of the value, plus one for its end. Null when <see cref="SourceOrigin.ContentOffset"/> maps them one to one.
    /// </summary>
    public IReadOnlyList<int>? ContentMap { get; init; }

    /// <summary>A default the check used in place of a run-time value, e.g. "configuration key Llm:ContextLength (default 131072)".</summary>
    public string? Note { get; init; }

    /// <summary>Where an unreadable value comes from, e.g. "configuration key Llm:ContextLength with no default"; null when the value is known.</summary>
    public string? Unresolved { get; init; }

    /// <summary>The Roslyn location of a Core location (<see cref="SourceOrigin.Map"/>); null when it has no C# origin.</summary>
    public static Location? ToLocation(SourceLocation? source) => SourceOrigin.Map(source) is { } range ? ToLocation(range) : null;

    /// <summary>The Roslyn location of a range in a C# origin's file: the expression itself when the range is all of it.</summary>
    public static Location ToLocation(SourceRange range)
    {
        var origin = (ValueOrigin)range.Origin;
        return origin.Location.SourceTree is not { } tree || (range.Start == origin.Start && range.End == origin.End)
            ? origin.Location
            : Location.Create(tree, TextSpan.FromBounds(range.Start, range.End));
    }
}
