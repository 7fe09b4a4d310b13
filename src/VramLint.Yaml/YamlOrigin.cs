using VramLint.Core.Arguments;

namespace VramLint.Yaml;

/// <summary>
/// Where a value sits in a YAML file: the character range of the scalar (quotes included) and, when its characters map
/// one to one (plain or quoted on one line, no escapes), where the value's text starts inside it.
/// </summary>
public sealed class YamlOrigin : SourceOrigin
{
    private readonly int start;
    private readonly int end;

    public YamlOrigin(int start, int end, int contentOffset = -1, int contentLength = -1, string? file = null)
        : base(contentOffset, contentLength)
    {
        this.start = start;
        this.end = end;
        File = file;
    }

    /// <summary>The file the value sits in when it is not the file being linted (a ConfigMap, the chart's values.yaml); else null.</summary>
    public string? File { get; }

    public override int Start => start;

    public override int End => end;

    /// <summary>The character range [start, end) of a Core location (<see cref="SourceOrigin.Map"/>); null when it has no YAML origin.</summary>
    public static (int Start, int End)? Range(SourceLocation? location) =>
        SourceOrigin.Map(location) is { Origin: YamlOrigin } range ? (range.Start, range.End) : null;
}
