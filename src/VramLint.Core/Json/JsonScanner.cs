namespace VramLint.Core.Json;

/// <summary>
/// Finds the spans of a JSON array's items and an object's top-level members without building nodes, so that a large
/// document can be indexed by a few keys and each item parsed (by <see cref="JsonNode"/>) only when it is needed.
/// It checks structure only as far as it walks; the spans it returns are parsed strictly later.
/// </summary>
internal static class JsonScanner
{
    /// <summary>The [start, end) spans of the items of the array at <paramref name="start"/>.</summary>
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
                var depth = 0;
                for (; i < text.Length; i++)
                {
                    switch (text[i])
                    {
                        case '"':
                            i = SkipString(text, i) - 1;
                            break;
                        case '{':
                        case '[':
                            depth++;
                            break;
                        case '}':
                        case ']':
                            if (--depth == 0)
                            {
                                return i + 1;
                            }

                            break;
                    }
                }

                throw Error(i, "a closing bracket");
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
        for (i++; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == '"')
            {
                return i + 1;
            }
        }

        throw Error(i, "a closing quote");
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
