namespace VramLint.Core.Arguments;

/// <summary>One word of a vLLM command line, as the process would receive it (quotes already removed).</summary>
public sealed class ArgumentToken
{
    public ArgumentToken(string text, SourceLocation? location = null, IReadOnlyList<int>? rawOffsets = null)
    {
        Text = text;
        Location = location;
        RawOffsets = rawOffsets;
    }

    /// <summary>The word as the program sees it.</summary>
    public string Text { get; }

    /// <summary>Where the raw word sits in the source (quotes included); null when unknown.</summary>
    public SourceLocation? Location { get; }

    /// <summary>
    /// For a word whose raw text differs from <see cref="Text"/> (quotes, escapes): the raw offset, relative to
    /// <see cref="Location"/>'s start, of each character of <see cref="Text"/> plus one for its end. Null means the raw
    /// text is the text itself.
    /// </summary>
    public IReadOnlyList<int>? RawOffsets { get; }

    /// <summary>The raw location of <paramref name="length"/> characters of <see cref="Text"/> from <paramref name="index"/>.</summary>
    public SourceLocation? Slice(int index, int length)
    {
        if (Location is null)
        {
            return null;
        }

        if (RawOffsets is null)
        {
            return Location.Slice(index, length);
        }

        // The end is just past the last character, not at the next character (a closing quote may sit between).
        var last = RawOffsets.Count - 1;
        var start = RawOffsets[Math.Min(index, last)];
        var end = length > 0 ? RawOffsets[Math.Min(index + length - 1, last)] + 1 : start;
        return Location.Slice(start, end - start);
    }

    /// <summary>Tokens for a plain list of words with no source information (CLI arguments, tests).</summary>
    public static IReadOnlyList<ArgumentToken> FromWords(IEnumerable<string> words) =>
        words.Select(w => new ArgumentToken(w)).ToArray();

    public override string ToString() => Text;
}
