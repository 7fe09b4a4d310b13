using System.Runtime.CompilerServices;

namespace VramLint.Core.Json;

/// <summary>
/// Finds the spans of a JSON array's items and an object's top-level members without building nodes, so that a large
/// document can be indexed by a few keys and each item parsed (by <see cref="JsonNode"/>) only when it is needed.
/// It checks structure only as far as it walks; the spans it returns are parsed strictly later.
/// </summary>
internal static class JsonScanner
{
    // Run once per process over the whole catalog: compiled optimized at once rather than first as slow tier-0 code.
    private const MethodImplOptions Optimized = (MethodImplOptions)512; // AggressiveOptimization, absent from netstandard2.0

    private static readonly char[] Structure = { '"', '{', '[', '}', ']' };
    private static readonly char[] StringEnd = { '"', '\\' };

    /// <summary>The [start, end) spans of the items of the array at <paramref name="start"/>.</summary>
    [MethodImpl(Optimized)]
    public static List<(int Start, int End)> ArrayItems(string text, int start = 0)
    {
        var items = new List<(int, int)>();
        var i = SkipWhitespace(text, start);
        Expect(text, i, '[');
        i = SkipWhitespace(text, i + 1);
        if (i < text.Length && text[i] == ']')
        {
            return items;
        }

        while (true)
        {
            var end = SkipValue(text, i);
            items.Add((i, end));
            i = SkipWhitespace(text, end);
            if (i < text.Length && text[i] == ']')
            {
                return items;
            }

            Expect(text, i, ',');
            i = SkipWhitespace(text, i + 1);
        }
    }

    /// <summary>The top-level members of the object at <paramref name="start"/>: each key with its value's [start, end) span.</summary>
    [MethodImpl(Optimized)]
    public static List<(string Key, int Start, int End)> Members(string text, int start)
    {
        var members = new List<(string, int, int)>();
        var i = SkipWhitespace(text, start);
        Expect(text, i, '{');
        i = SkipWhitespace(text, i + 1);
        if (i < text.Length && text[i] == '}')
        {
            return members;
        }

        while (true)
        {
            Expect(text, i, '"');
            var keyEnd = SkipValue(text, i);
            var key = StringValue(text, i, keyEnd);
            i = SkipWhitespace(text, keyEnd);
            Expect(text, i, ':');
            var valueStart = SkipWhitespace(text, i + 1);
            var valueEnd = SkipValue(text, valueStart);
            members.Add((key!, valueStart, valueEnd));
            i = SkipWhitespace(text, valueEnd);
            if (i < text.Length && text[i] == '}')
            {
                return members;
            }

            Expect(text, i, ',');
            i = SkipWhitespace(text, i + 1);
        }
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
    [MethodImpl(Optimized)]
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

    [MethodImpl(Optimized)]
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

    [MethodImpl(Optimized)]
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
