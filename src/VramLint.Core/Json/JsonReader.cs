using System.Globalization;
using System.Text;

namespace VramLint.Core.Json;

/// <summary>A strict recursive-descent JSON reader with a depth limit; reports the first error with its offset.</summary>
internal sealed class JsonReader
{
    private const int MaxDepth = 64;
    private readonly string text;
    private int position;

    public JsonReader(string text) => this.text = text ?? "";

    public bool TryRead(out JsonNode? node, out string? error)
    {
        try
        {
            node = ReadValue(0);
            SkipWhitespace();
            if (position != text.Length)
            {
                throw Error("unexpected text after the value");
            }

            error = null;
            return true;
        }
        catch (FormatException e)
        {
            node = null;
            error = e.Message;
            return false;
        }
    }

    private JsonNode ReadValue(int depth)
    {
        if (depth > MaxDepth)
        {
            throw Error("nested too deeply");
        }

        SkipWhitespace();
        if (position >= text.Length)
        {
            throw Error("unexpected end of text");
        }

        switch (text[position])
        {
            case '{':
                return ReadObject(depth);
            case '[':
                return ReadArray(depth);
            case '"':
                return new JsonString(ReadString());
            case 't':
                Expect("true");
                return new JsonBool(true);
            case 'f':
                Expect("false");
                return new JsonBool(false);
            case 'n':
                Expect("null");
                return JsonNull.Instance;
            default:
                return ReadNumber();
        }
    }

    private JsonObject ReadObject(int depth)
    {
        position++;
        var properties = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        SkipWhitespace();
        if (Peek() == '}')
        {
            position++;
            return new JsonObject(properties);
        }

        while (true)
        {
            SkipWhitespace();
            if (Peek() != '"')
            {
                throw Error("expected a property name");
            }

            var key = ReadString();
            SkipWhitespace();
            if (Peek() != ':')
            {
                throw Error("expected ':'");
            }

            position++;
            properties[key] = ReadValue(depth + 1);
            SkipWhitespace();
            var c = Peek();
            position++;
            if (c == '}')
            {
                return new JsonObject(properties);
            }

            if (c != ',')
            {
                position--;
                throw Error("expected ',' or '}'");
            }
        }
    }

    private JsonArray ReadArray(int depth)
    {
        position++;
        var items = new List<JsonNode>();
        SkipWhitespace();
        if (Peek() == ']')
        {
            position++;
            return new JsonArray(items);
        }

        while (true)
        {
            items.Add(ReadValue(depth + 1));
            SkipWhitespace();
            var c = Peek();
            position++;
            if (c == ']')
            {
                return new JsonArray(items);
            }

            if (c != ',')
            {
                position--;
                throw Error("expected ',' or ']'");
            }
        }
    }

    private string ReadString()
    {
        position++;

        // Most strings have no escapes: one substring, no builder (the embedded model catalog is read this way).
        var start = position;
        while (position < text.Length && text[position] != '"' && text[position] != '\\')
        {
            position++;
        }

        if (position < text.Length && text[position] == '"')
        {
            return text.Substring(start, position++ - start);
        }

        var builder = new StringBuilder(text, start, position - start, position - start + 16);
        while (position < text.Length)
        {
            var c = text[position++];
            if (c == '"')
            {
                return builder.ToString();
            }

            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }

            if (position >= text.Length)
            {
                break;
            }

            var e = text[position++];
            switch (e)
            {
                case '"': builder.Append('"'); break;
                case '\\': builder.Append('\\'); break;
                case '/': builder.Append('/'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'u':
                    if (position + 4 > text.Length || !int.TryParse(text.Substring(position, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
                    {
                        throw Error("bad \\u escape");
                    }

                    builder.Append((char)code);
                    position += 4;
                    break;
                default:
                    throw Error("bad escape");
            }
        }

        throw Error("unterminated string");
    }

    private JsonNumber ReadNumber()
    {
        var start = position;
        var integer = 0L;
        var digitsOnly = true;
        while (position < text.Length && "+-0123456789.eE".IndexOf(text[position]) >= 0)
        {
            var c = text[position];
            digitsOnly &= c is >= '0' and <= '9' && position - start < 18;
            integer = digitsOnly ? (integer * 10) + (c - '0') : 0;
            position++;
        }

        // Plain integers (most of the catalog's numbers) are exact without double.Parse.
        if (digitsOnly && position > start)
        {
            return new JsonNumber(integer);
        }

        if (position == start
            || !double.TryParse(text.Substring(start, position - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            position = start;
            throw Error("expected a value");
        }

        return new JsonNumber(value);
    }

    private void Expect(string word)
    {
        if (string.CompareOrdinal(text, position, word, 0, word.Length) != 0)
        {
            throw Error("expected a value");
        }

        position += word.Length;
    }

    private char Peek() => position < text.Length ? text[position] : '\0';

    private void SkipWhitespace()
    {
        while (position < text.Length && char.IsWhiteSpace(text[position]))
        {
            position++;
        }
    }

    private FormatException Error(string message) => new($"{message} at offset {position}");
}
