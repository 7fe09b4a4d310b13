namespace VramLint.Yaml.Parsing;

/// <summary>
/// A forward-only position in YAML text with YamlDotNet's mark arithmetic: index in chars, 1-based line and column, a
/// CRLF pair counted as one line break. The text has passed <see cref="YamlEventReader"/>'s character check, so a line
/// break is always <c>\n</c> or <c>\r\n</c> and there are no tabs.
/// </summary>
internal sealed class YamlCursor
{
    private readonly string text;

    public YamlCursor(string text) => this.text = text;

    public string Text => text;

    public int Position { get; private set; }

    public int Line { get; private set; } = 1;

    /// <summary>Where the current line starts, for the 0-based column.</summary>
    public int LineStart { get; private set; }

    public int Column => Position - LineStart;

    public bool AtEnd => Position >= text.Length;

    public char Current => Position < text.Length ? text[Position] : '\0';

    public char At(int index) => index < text.Length ? text[index] : '\0';

    public TextMark Mark() => new(Position, Line, Column + 1);

    /// <summary>
    /// Where YamlDotNet puts the end of the stream: here at the start of a line, else where a final line break would end
    /// (its scanner forces one when the text does not end with a break).
    /// </summary>
    public TextMark EndOfStreamMark() => Column == 0 ? Mark() : new TextMark(Position, Line + 1, 1);

    /// <summary>Moves along the current line only (never over a line break).</summary>
    public void Advance(int count) => Position += count;

    public void MoveTo(int index) => Position = index;

    public bool AtBreak => IsBreak(Current);

    public static bool IsBreak(char c) => c is '\n' or '\r';

    /// <summary>A space, a line break or the end of the text: what must follow an indicator such as <c>-</c> or <c>:</c>.</summary>
    public bool IsBlankOrEnd(int index) => index >= text.Length || text[index] is ' ' or '\n' or '\r';

    /// <summary>Steps over one line break (<c>\n</c> or <c>\r\n</c>).</summary>
    public void SkipBreak()
    {
        Position += text[Position] == '\r' ? 2 : 1;
        Line++;
        LineStart = Position;
    }

    public void SkipSpaces()
    {
        while (Position < text.Length && text[Position] == ' ')
        {
            Position++;
        }
    }

    /// <summary>Skips spaces, comments and line breaks up to the next token.</summary>
    public void SkipToNextToken()
    {
        while (true)
        {
            SkipSpaces();
            if (Current == '#')
            {
                // A comment needs white space before it; "a#b" is content YamlDotNet reads its own way.
                if (Position > LineStart && text[Position - 1] != ' ')
                {
                    throw new Declined("a '#' right after a token");
                }

                while (Position < text.Length && !IsBreak(text[Position]))
                {
                    Position++;
                }
            }

            if (!AtBreak)
            {
                return;
            }

            SkipBreak();
        }
    }

    /// <summary>True when only spaces come before the position on its line: the token starts a line.</summary>
    public bool FirstOnLine()
    {
        for (var i = LineStart; i < Position; i++)
        {
            if (text[i] != ' ')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A <c>---</c> or <c>...</c> marker here: at column 0, followed by a blank or the end.</summary>
    public bool AtDocumentMarker(char marker) => Column == 0 && Current == marker && IsDocumentMarkerAt(Position);

    /// <summary>Three <c>-</c> or three <c>.</c> at <paramref name="index"/>, followed by a blank or the end (the caller knows the column).</summary>
    public bool IsDocumentMarkerAt(int index) =>
        index + 3 <= text.Length && (text[index] is '-' or '.') && text[index + 1] == text[index] && text[index + 2] == text[index]
        && IsBlankOrEnd(index + 3);

    public bool AtAnyDocumentMarker => AtDocumentMarker('-') || AtDocumentMarker('.');
}
