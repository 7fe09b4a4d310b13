using VramLint.Core.Arguments;

namespace VramLint.Yaml;

/// <summary>
/// Where a value sits in a YAML file: the character range of the scalar and, when its characters map one to one
/// (plain or quoted on one line, no escapes), where the value's text starts inside it.
/// </summary>
public sealed class YamlOrigin
{
    public YamlOrigin(int start, int end, int contentOffset = -1, int contentLength = -1, string? file = null)
    {
        Start = start;
        End = end;
        ContentOffset = contentOffset;
        ContentLength = contentLength;
        File = file;
    }

    /// <summary>The file the value sits in when it is not the file being linted (a ConfigMap, the chart's values.yaml); else null.</summary>
    public string? File { get; }

    /// <summary>Character index of the scalar's first character (quotes included).</summary>
    public int Start { get; }

    public int End { get; }

    public int ContentOffset { get; }

    public int ContentLength { get; }

    /// <summary>The character range [start, end) of a Core location: exact when it maps, else the whole scalar.</summary>
    public static (int Start, int End)? Range(SourceLocation? location)
    {
        if (location?.Origin is not YamlOrigin origin)
        {
            return null;
        }

        if (origin.ContentOffset < 0 || !location.HasRange || (location.Start == origin.ContentOffset && location.Length == origin.ContentLength))
        {
            return (origin.Start, origin.End);
        }

        var start = origin.Start + location.Start;
        var end = Math.Min(origin.End, start + location.Length);
        return start >= origin.Start && start <= origin.End ? (start, end) : (origin.Start, origin.End);
    }
}
