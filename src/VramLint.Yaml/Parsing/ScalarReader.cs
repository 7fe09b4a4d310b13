using System.Text;
using YamlDotNet.Core;

namespace VramLint.Yaml.Parsing;

/// <summary>A scalar as read: its value and style, where it starts and ends, and whether it spans lines (a key may not).</summary>
internal readonly struct ScalarToken
{
    public ScalarToken(string value, ScalarStyle style, TextMark start, TextMark end, bool multiLine)
    {
        Value = value;
        Style = style;
        Start = start;
        End = end;
        MultiLine = multiLine;
    }

    public string Value { get; }

    public ScalarStyle Style { get; }

    public TextMark Start { get; }

    public TextMark End { get; }

    public bool MultiLine { get; }
}

/// <summary>
/// Reads plain, quoted and block scalars from a <see cref="YamlCursor"/> with YAML's folding rules. <c>indent</c> is the
/// column of the enclosing block collection (-1 at the top): continuation lines must be indented further.
/// Single-line scalars, the usual case, are one substring of the text.
/// </summary>
internal static class ScalarReader
{
    /// <summary>YAML's flow indicators, for a search of a whole value; <see cref="IsFlowIndicator"/> tests one character.</summary>
    public static readonly char[] FlowIndicators = { ',', '[', ']', '{', '}' };

    public static bool IsFlowIndicator(char c) => c is ',' or '[' or ']' or '{' or '}';

    /// <summary>A plain scalar; in a flow collection it ends at a flow indicator and never continues on the next line.</summary>
    public static ScalarToken ReadPlain(YamlCursor cursor, int indent, bool inFlow)
    {
        var text = cursor.Text;
        var start = cursor.Mark();
        string? value = null;
        StringBuilder? folded = null;
        var multiLine = false;
        while (true)
        {
            var from = cursor.Position;
            var contentEnd = from;
            var i = from;
            for (; i < text.Length; i++)
            {
                var c = text[i];
                if (c is '\n' or '\r')
                {
                    break;
                }

                if (c == ':')
                {
                    if (cursor.IsBlankOrEnd(i + 1) || (inFlow && IsFlowIndicator(cursor.At(i + 1))))
                    {
                        break;
                    }

                }
                else if (c == ' ')
                {
                    if (cursor.At(i + 1) == '#')
                    {
                        break;
                    }

                    continue;
                }
                else if (inFlow && IsFlowIndicator(c))
                {
                    break;
                }
                else if (c == '*')
                {
                    // YamlDotNet does not see the ':' of "a *b: c" as a key's: a '*' is left to it.
                    throw new Declined("a '*' inside a plain scalar");
                }

                contentEnd = i + 1;
            }

            if (contentEnd == from)
            {
                throw new Declined("an empty plain scalar line");
            }

            var piece = text.Substring(from, contentEnd - from);
            if (folded is null)
            {
                value = piece;
            }
            else
            {
                folded.Append(piece);
            }

            cursor.MoveTo(contentEnd);
            var end = cursor.Mark();
            var breaks = inFlow || i >= text.Length || !YamlCursor.IsBreak(text[i]) ? 0 : ContinuationBreaks(cursor, i, indent);
            if (breaks == 0)
            {
                return new ScalarToken(folded?.ToString() ?? value!, ScalarStyle.Plain, start, end, multiLine);
            }

            multiLine = true;
            folded ??= new StringBuilder(value);
            AppendFold(folded, breaks);
            cursor.MoveTo(i);
            for (var b = 0; b < breaks; b++)
            {
                cursor.SkipBreak();
                cursor.SkipSpaces();
            }
        }
    }

    /// <summary>
    /// The number of line breaks before the line a plain scalar continues on, or 0 when it does not continue (the next
    /// content line is a comment, a document marker, not indented past <paramref name="indent"/>, or there is none).
    /// </summary>
    private static int ContinuationBreaks(YamlCursor cursor, int breakAt, int indent)
    {
        var text = cursor.Text;
        var i = breakAt;
        var breaks = 0;
        while (i < text.Length && YamlCursor.IsBreak(text[i]))
        {
            i += text[i] == '\r' ? 2 : 1;
            breaks++;
            var lineStart = i;
            while (i < text.Length && text[i] == ' ')
            {
                i++;
            }

            if (i >= text.Length || YamlCursor.IsBreak(text[i]))
            {
                continue;
            }

            var column = i - lineStart;
            if (text[i] == '#' || column <= indent || (column == 0 && cursor.IsDocumentMarkerAt(i)))
            {
                return 0;
            }

            return breaks;
        }

        return 0;
    }

    /// <summary>Line folding: one break is a space, n breaks are n-1 newlines.</summary>
    private static void AppendFold(StringBuilder value, int breaks)
    {
        if (breaks == 1)
        {
            value.Append(' ');
        }
        else
        {
            value.Append('\n', breaks - 1);
        }
    }

    /// <summary>A single- or double-quoted scalar, the cursor on its opening quote.</summary>
    public static ScalarToken ReadQuoted(YamlCursor cursor, int indent)
    {
        var text = cursor.Text;
        var quote = cursor.Current;
        var start = cursor.Mark();
        cursor.Advance(1);

        // The usual case: one line, no escapes.
        var from = cursor.Position;
        var i = from;
        while (i < text.Length && text[i] != quote && !(text[i] == '\\' && quote == '"') && !YamlCursor.IsBreak(text[i]))
        {
            i++;
        }

        if (i < text.Length && text[i] == quote && (quote == '"' || cursor.At(i + 1) != '\''))
        {
            cursor.MoveTo(i + 1);
            return new ScalarToken(text.Substring(from, i - from), Style(quote), start, cursor.Mark(), multiLine: false);
        }

        // Spaces before a line break are folded away with it: leave them to the loop below.
        while (i > from && text[i - 1] == ' ')
        {
            i--;
        }

        var value = new StringBuilder(text, from, i - from, i - from + 16);
        cursor.MoveTo(i);
        var multiLine = false;
        while (true)
        {
            if (cursor.AtEnd)
            {
                throw new Declined("a quoted scalar without its closing quote");
            }

            var c = cursor.Current;
            if (c == quote)
            {
                if (quote == '\'' && cursor.At(cursor.Position + 1) == '\'')
                {
                    value.Append('\'');
                    cursor.Advance(2);
                    continue;
                }

                cursor.Advance(1);
                return new ScalarToken(value.ToString(), Style(quote), start, cursor.Mark(), multiLine);
            }

            if (c == '\\' && quote == '"')
            {
                if (YamlCursor.IsBreak(cursor.At(cursor.Position + 1)))
                {
                    // An escaped line break joins the lines without a space.
                    cursor.Advance(1);
                    cursor.SkipBreak();
                    cursor.SkipSpaces();
                    RequireContinuation(cursor, indent);
                    multiLine = true;
                    continue;
                }

                AppendEscape(cursor, value);
                continue;
            }

            if (c == ' ')
            {
                // Spaces before a line break are folded away with it.
                var spaces = cursor.Position;
                cursor.SkipSpaces();
                if (!cursor.AtBreak)
                {
                    value.Append(' ', cursor.Position - spaces);
                }

                continue;
            }

            if (YamlCursor.IsBreak(c))
            {
                var breaks = 0;
                while (cursor.AtBreak)
                {
                    cursor.SkipBreak();
                    breaks++;
                    cursor.SkipSpaces();
                }

                RequireContinuation(cursor, indent);
                AppendFold(value, breaks);
                multiLine = true;
                continue;
            }

            // A run of content; a backslash is an escape in double quotes only.
            var run = cursor.Position;
            cursor.Advance(1);
            while (!cursor.AtEnd && cursor.Current is not ' ' and not '\n' and not '\r' && cursor.Current != quote && !(cursor.Current == '\\' && quote == '"'))
            {
                cursor.Advance(1);
            }

            value.Append(text, run, cursor.Position - run);
        }
    }

    private static ScalarStyle Style(char quote) => quote == '"' ? ScalarStyle.DoubleQuoted : ScalarStyle.SingleQuoted;

    /// <summary>A quoted scalar's next line must be indented past its collection (YamlDotNet's "wrong indentation" error otherwise).</summary>
    private static void RequireContinuation(YamlCursor cursor, int indent)
    {
        if (cursor.AtEnd || cursor.AtBreak || cursor.Column <= indent || cursor.AtAnyDocumentMarker)
        {
            throw new Declined("a quoted scalar continued on a line YamlDotNet may refuse");
        }
    }

    private static void AppendEscape(YamlCursor cursor, StringBuilder value)
    {
        var code = cursor.At(cursor.Position + 1);
        cursor.Advance(2);
        switch (code)
        {
            case '0': value.Append('\0'); return;
            case 'a': value.Append('\a'); return;
            case 'b': value.Append('\b'); return;
            case 't': value.Append('\t'); return;
            case 'n': value.Append('\n'); return;
            case 'v': value.Append('\v'); return;
            case 'f': value.Append('\f'); return;
            case 'r': value.Append('\r'); return;
            case 'e': value.Append('\x1B'); return;
            case ' ': value.Append(' '); return;
            case '"': value.Append('"'); return;
            case '/': value.Append('/'); return;
            case '\\': value.Append('\\'); return;
            case 'N': value.Append('\x85'); return;
            case '_': value.Append('\xA0'); return;
            case 'L': value.Append('\u2028'); return;
            case 'P': value.Append('\u2029'); return;
            case 'x': value.Append((char)Hex(cursor, 2)); return;
            case 'u': value.Append((char)Hex(cursor, 4)); return;
            default: throw new Declined($"the escape '\\{code}'");
        }
    }

    /// <summary>A hexadecimal escape's code, refusing surrogate halves (YamlDotNet's handling of those is its own).</summary>
    private static int Hex(YamlCursor cursor, int digits)
    {
        var code = 0;
        for (var d = 0; d < digits; d++)
        {
            var c = cursor.Current;
            var digit = c is >= '0' and <= '9' ? c - '0' : c is >= 'a' and <= 'f' ? c - 'a' + 10 : c is >= 'A' and <= 'F' ? c - 'A' + 10 : -1;
            if (digit < 0)
            {
                throw new Declined("a malformed hexadecimal escape");
            }

            code = (code * 16) + digit;
            cursor.Advance(1);
        }

        if (code is >= 0xD800 and <= 0xDFFF)
        {
            throw new Declined("an escaped surrogate");
        }

        return code;
    }

    /// <summary>
    /// A literal (<c>|</c>) or folded (<c>&gt;</c>) block scalar, the cursor on its indicator. Ends with the cursor past
    /// the indentation of the first line that is not part of it; its end mark is the start of that line.
    /// </summary>
    public static ScalarToken ReadBlock(YamlCursor cursor, int indent)
    {
        var text = cursor.Text;
        var start = cursor.Mark();
        var literal = cursor.Current == '|';
        cursor.Advance(1);
        var chomping = 0;
        var increment = 0;
        for (var k = 0; k < 2; k++)
        {
            var c = cursor.Current;
            if (c is '+' or '-' && chomping == 0)
            {
                chomping = c == '+' ? 1 : -1;
                cursor.Advance(1);
            }
            else if (c is >= '1' and <= '9' && increment == 0)
            {
                increment = c - '0';
                cursor.Advance(1);
            }
        }

        cursor.SkipSpaces();
        if (cursor.Current == '#')
        {
            if (cursor.At(cursor.Position - 1) != ' ')
            {
                throw new Declined("a block scalar header followed by '#'");
            }

            while (!cursor.AtEnd && !cursor.AtBreak)
            {
                cursor.Advance(1);
            }
        }

        if (!cursor.AtBreak)
        {
            throw new Declined("a block scalar header with more on its line, or at the end of the text");
        }

        cursor.SkipBreak();
        var contentIndent = increment > 0 ? Math.Max(indent, 0) + increment : 0;
        var trailingBreaks = 0;
        var end = cursor.Mark();
        if (contentIndent == 0)
        {
            // Leading empty lines, then the first content line sets the indentation.
            var deepestBlank = 0;
            while (true)
            {
                cursor.SkipSpaces();
                if (!cursor.AtBreak)
                {
                    break;
                }

                deepestBlank = Math.Max(deepestBlank, cursor.Column);
                trailingBreaks++;
                cursor.SkipBreak();
                end = cursor.Mark();
            }

            contentIndent = Math.Max(cursor.Column, Math.Max(indent + 1, 1));
            if (cursor.AtEnd || cursor.Column <= indent || deepestBlank > cursor.Column)
            {
                throw new Declined("an empty block scalar, or one whose leading blank lines are indented past its text");
            }
        }
        else
        {
            trailingBreaks = SkipBlockBreaks(cursor, contentIndent, ref end);
        }

        if (cursor.Column != contentIndent || cursor.AtEnd)
        {
            throw new Declined("a block scalar without text at its indentation");
        }

        var value = new StringBuilder();
        var leadingBreak = false;
        var leadingBlank = false;
        while (cursor.Column == contentIndent && !cursor.AtEnd)
        {
            var trailingBlank = cursor.Current == ' ';
            if (!literal && leadingBreak && !leadingBlank && !trailingBlank)
            {
                // Folding: a single break between two unindented lines is a space.
                if (trailingBreaks == 0)
                {
                    value.Append(' ');
                }
            }
            else if (leadingBreak)
            {
                value.Append('\n');
            }

            value.Append('\n', trailingBreaks);
            leadingBlank = trailingBlank;
            var from = cursor.Position;
            var to = from;
            while (to < text.Length && !YamlCursor.IsBreak(text[to]))
            {
                to++;
            }

            value.Append(text, from, to - from);
            cursor.MoveTo(to);
            end = cursor.Mark();
            if (cursor.AtEnd)
            {
                leadingBreak = false;
                trailingBreaks = 0;
                break;
            }

            cursor.SkipBreak();
            leadingBreak = true;
            end = cursor.Mark();
            trailingBreaks = SkipBlockBreaks(cursor, contentIndent, ref end);
        }

        if (chomping != -1 && leadingBreak)
        {
            value.Append('\n');
        }

        if (chomping == 1)
        {
            value.Append('\n', trailingBreaks);
        }

        return new ScalarToken(value.ToString(), literal ? ScalarStyle.Literal : ScalarStyle.Folded, start, end, multiLine: true);
    }

    /// <summary>Skips the indentation of empty lines (up to <paramref name="contentIndent"/>), counting them; the end moves past each.</summary>
    private static int SkipBlockBreaks(YamlCursor cursor, int contentIndent, ref TextMark end)
    {
        var breaks = 0;
        while (true)
        {
            while (cursor.Column < contentIndent && cursor.Current == ' ')
            {
                cursor.Advance(1);
            }

            if (!cursor.AtBreak)
            {
                return breaks;
            }

            breaks++;
            cursor.SkipBreak();
            end = cursor.Mark();
        }
    }
}
