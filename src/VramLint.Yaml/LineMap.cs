namespace VramLint.Yaml;

/// <summary>Character index to 1-based line and column, for compiler-style positions.</summary>
internal sealed class LineMap
{
    private readonly List<int> lineStarts = new() { 0 };

    public LineMap(string text)
    {
        // From break to break with the vectorized search, not character by character.
        for (var i = text.IndexOf('\n'); i >= 0; i = text.IndexOf('\n', i + 1))
        {
            lineStarts.Add(i + 1);
        }
    }

    public (int Line, int Column) Position(int index)
    {
        var line = lineStarts.BinarySearch(index);
        if (line < 0)
        {
            line = ~line - 1;
        }

        return (line + 1, index - lineStarts[line] + 1);
    }
}
