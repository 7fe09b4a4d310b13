using Microsoft.CodeAnalysis;
using VramLint.Core.Arguments;

namespace VramLint.Analyzers.Flow;

/// <summary>
/// A value as the analyzer could read it at compile time, with where it sits; or, when <see cref="Text"/> is null, the
/// expression it could not read and where that value comes from (<see cref="ValueOrigin.Unresolved"/>).
/// </summary>
internal sealed class ResolvedValue
{
    /// <summary>The word that stands for an unread value among a deployment's words.</summary>
    public const string UnresolvedWord = "\u0000unresolved";

    public ResolvedValue(string? text, ValueOrigin origin, IReadOnlyList<(string Text, ValueOrigin Origin)>? segments = null)
    {
        Text = text;
        Origin = origin;
        Segments = segments;
    }

    public string? Text { get; }

    public ValueOrigin Origin { get; }

    /// <summary>For a value built from parts (an interpolation, a concatenation): each part with its own origin.</summary>
    public IReadOnlyList<(string Text, ValueOrigin Origin)>? Segments { get; }

    public bool IsKnown => Text is not null;

    public static ResolvedValue Unknown(string source, Location location) => new(null, new ValueOrigin(location, -1) { Unresolved = source });

    public static ResolvedValue Known(string text, Location location, int contentOffset, string? note = null) =>
        new(text, new ValueOrigin(location, contentOffset, text.Length) { Note = note });

    /// <summary>The same value noted as a default used in place of a run-time one.</summary>
    public ResolvedValue WithNote(string note) => Text is null ? this : new ResolvedValue(Text, new ValueOrigin(Origin.Location, Origin.ContentOffset, Origin.ContentLength) { Note = note, ContentMap = Origin.ContentMap }, Segments);

    /// <summary>The value as one argument token.</summary>
    public ArgumentToken ToToken()
    {
        if (Text is null)
        {
            return new ArgumentToken(UnresolvedWord, new SourceLocation(Origin));
        }

        if (Origin.ContentMap is { } map)
        {
            return new ArgumentToken(Text, new SourceLocation(Origin, map[0], map[map.Count - 1] - map[0]), map.Select(m => m - map[0]).ToArray());
        }

        return new ArgumentToken(Text, Origin.ContentOffset >= 0 ? new SourceLocation(Origin, Origin.ContentOffset, Text.Length) : new SourceLocation(Origin));
    }

    /// <summary>The value as the words of a one-string command line, split by <paramref name="split"/> (.NET's or a shell's rules).</summary>
    public IReadOnlyList<ArgumentToken> ToWords(Func<string, object?, int, IReadOnlyList<ArgumentToken>> split)
    {
        if (Text is null)
        {
            return new[] { ToToken() };
        }

        if (Segments is null && Origin.ContentMap is { } map)
        {
            // Word spans in the value's characters, moved onto the literal's raw text through the escape map.
            return split(Text, null, 0).Select(w =>
            {
                var start = w.Location!.Start;
                var end = start + w.Location.Length;
                var rawStart = map[start];
                var rawEnd = end > start ? map[end - 1] + 1 : rawStart;
                var offsets = w.RawOffsets is null
                    ? Enumerable.Range(start, end - start + 1).Select(i => map[Math.Min(i, map.Count - 1)] - rawStart).ToArray()
                    : w.RawOffsets.Select(o => map[Math.Min(start + o, map.Count - 1)] - rawStart).ToArray();
                return new ArgumentToken(w.Text, new SourceLocation(Origin, rawStart, rawEnd - rawStart), offsets);
            }).ToArray();
        }

        if (Segments is null)
        {
            return Origin.ContentOffset >= 0
                ? split(Text, Origin, Origin.ContentOffset)
                : split(Text, null, 0).Select(w => new ArgumentToken(w.Text, new SourceLocation(Origin))).ToArray();
        }

        // Each word lands on the part that holds it; a word made of several parts lands on the whole expression.
        var words = new List<ArgumentToken>();
        foreach (var word in split(Text, null, 0))
        {
            var start = word.Location!.Start;
            var end = start + word.Location.Length;
            var offset = 0;
            ArgumentToken? placed = null;
            foreach (var (text, origin) in Segments)
            {
                if (start >= offset && end <= offset + text.Length)
                {
                    placed = origin.ContentOffset >= 0
                        ? new ArgumentToken(word.Text, new SourceLocation(origin, origin.ContentOffset + start - offset, end - start), word.RawOffsets)
                        : new ArgumentToken(word.Text, new SourceLocation(origin));
                    break;
                }

                offset += text.Length;
            }

            words.Add(placed ?? new ArgumentToken(word.Text, new SourceLocation(Origin)));
        }

        return words;
    }
}
