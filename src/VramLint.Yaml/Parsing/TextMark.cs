namespace VramLint.Yaml.Parsing;

/// <summary>
/// A place in YAML text with YamlDotNet's mark arithmetic (index in chars, 1-based line and column), kept as three ints:
/// the reader makes one for every token, and YamlDotNet's <c>Mark</c> checks its arguments each time.
/// </summary>
internal readonly struct TextMark
{
    public TextMark(int index, int line, int column)
    {
        Index = index;
        Line = line;
        Column = column;
    }

    public int Index { get; }

    public int Line { get; }

    public int Column { get; }
}
