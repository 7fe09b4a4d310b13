namespace VramLint.Core.Json;

/// <summary>
/// Finds the spans of a JSON array's items and an object's top-level members without building nodes, so that a large
/// document can be indexed by a few keys and each item parsed (by <see cref="JsonNode"/>) only when it is needed.
/// It checks structure only as far as it walks; the spans it returns are parsed strictly later.
/// </summary>
internal static class JsonScanner
{
    // No [MethodImpl(AggressiveOptimization)] here: ReadyToRun leaves such methods out of the precompiled image, so every
    // compiler process would JIT them again; and no lists of value tuples, whose methods the framework has not precompiled.
    private static readonly char[] Structure = { '"', '{', '[', '}', ']' };
    private static readonly char[] StringEnd = { '"', '\\' };

    /// <summary>
    /// The items of the array at <paramref name="start"/>, as [start, end) spans written in pairs to <paramref name="spans"/>
    /// (cleared first): item k is spans[2k] to spans[2k + 1].
    /// </summary>
    public static void ArrayItems(string text, int start, List<int> spans)
    {
        spans.Clear();
        var i = SkipWhitespace(text, start);
        Expect(text, i, '[');
        i = SkipWhitespace(text, i + 1);
        if (i < text.Length && text[i] == ']')
        {
            return;
        }

        while (true)
        {
            var end = SkipValue(text, i);
            spans.Add(i);
            spans.Add(end);
            i = SkipWhitespace(text, end);
            if (i < text.Length && text[i] == ']')
            {
                return;
            }

            Expect(text, i, ',');
            i = SkipWhitespace(text, i + 1);
        }
    }

    /// <summary>
    /// The top-level members of the object at <paramref name="start"/>, written in fours to <paramref name="spans"/> (cleared
    /// first): member k's key (quotes included) is spans[4k] to spans[4k + 1], its value spans[4k + 2] to spans[4k + 3].
    /// Keys are left as spans: <see cref="KeyIs"/> compares one without making a string of it.
    /// </summary>
    public static void Members(string text, int start, List<int> spans)
    {
        spans.Clear();
        var i = SkipWhitespace(text, start);
        Expect(text, i, '{');
        i = SkipWhitespace(text, i + 1);
        if (i < text.Length && text[i] == '}')
        {
            return;
        }

        while (true)
        {
            Expect(text, i, '"');
            var keyEnd = SkipValue(text, i);
            spans.Add(i);
            spans.Add(keyEnd);
            i = SkipWhitespace(text, keyEnd);
            Expect(text, i, ':');
            var valueStart = SkipWhitespace(text, i + 1);
            var valueEnd = SkipValue(text, valueStart);
            spans.Add(valueStart);
            spans.Add(valueEnd);
            i = SkipWhitespace(text, valueEnd);
            if (i < text.Length && text[i] == '}')
            {
                return;
            }

            Expect(text, i, ',');
            i = SkipWhitespace(text, i + 1);
        }
    }

    /// <summary>True when the JSON string at [start, end) is <paramref name="key"/> (ordinal; escapes decoded).</summary>
    public static bool KeyIs(string text, int start, int end, string key)
    {
        var length = end - start - 2;
        if (length == key.Length && string.CompareOrdinal(text, start + 1, key, 0, length) == 0)
        {
            return text.IndexOf('\\', start, end - start) < 0;
        }

        // A key written with escapes is longer than its value: decode it (rare).
        return length > key.Length && text.IndexOf('\\', start, end - start) >= 0 && StringValue(text, start, end) == key;
    }

    /// <summary>The string a span holds (escapes decoded); null when the span is not a JSON string.</summary>
    public static string? StringValue(string text, int start, int end)
    {
        if (end - start < 2 || text[start] != '"')
        {
            return null;
        }

        // Most strings have no escapes: their characters are the value.
        return text.IndexOf('\\', start, end - start) < 0
            ? text.Substring(start + 1, end - start - 2)
            : JsonNode.Parse(text.Substring(start, end - start))?.AsString;
    }

    /// <summary>The end of the value starting at <paramref name="i"/>: past its closing quote or bracket, or its last character.</summary>
    private static int SkipValue(string text, int i)
    {
        if (i >= text.Length)
        {
            throw Error(i, "a value");
        }

        switch (text[i])
        {
            case '"':
                return SkipString(text, i);
            case '{':
            case '[':
                // Only quotes and brackets matter inside a nested value: jump between them (a vectorized search).
                var depth = 0;
                for (; i >= 0 && i < text.Length; i = text.IndexOfAny(Structure, i))
                {
                    switch (text[i])
                    {
                        case '"':
                            i = SkipString(text, i);
                            continue;
                        case '{':
                        case '[':
                            depth++;
                            break;
                        default:
                            if (--depth == 0)
                            {
                                return i + 1;
                            }

                            break;
                    }

                    i++;
                }

                throw Error(text.Length, "a closing bracket");
            default:
                var start = i;
                while (i < text.Length && text[i] is not (',' or ']' or '}') && !char.IsWhiteSpace(text[i]))
                {
                    i++;
                }

                return i > start ? i : throw Error(i, "a value");
        }
    }

    private static int SkipString(string text, int i)
    {
        // A backslash escapes the character after it: the search goes on past both.
        for (i = text.IndexOfAny(StringEnd, i + 1); i >= 0; i = i + 2 <= text.Length ? text.IndexOfAny(StringEnd, i + 2) : -1)
        {
            if (text[i] == '"')
            {
                return i + 1;
            }
        }

        throw Error(text.Length, "a closing quote");
    }

    private static int SkipWhitespace(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }

    private static void Expect(string text, int i, char c)
    {
        if (i >= text.Length || text[i] != c)
        {
            throw Error(i, "'" + c + "'");
        }
    }

    private static FormatException Error(int at, string expected) =>
        new($"expected {expected} at offset {at.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
}
