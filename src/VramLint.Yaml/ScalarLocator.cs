using VramLint.Core.Arguments;
using YamlDotNet.Core;

namespace VramLint.Yaml;

/// <summary>
/// Maps a character range of a scalar's value (a script in <c>run: |</c>, a config file in a ConfigMap) to the file:
/// one to one for plain and quoted one-line scalars, line by line for literal blocks. Anything else maps to nothing,
/// and the caller falls back to the whole scalar.
/// </summary>
internal static class ScalarLocator
{
    public static Func<int, int, SourceLocation?> For(YamlNodes nodes, YamlNode node)
    {
        if (nodes.Borrowed.TryGetValue(node, out var owner))
        {
            return For(owner, node);
        }

        var whole = nodes.Origin(node);
        if (node is not YamlScalarNode { Value: { } value } scalar)
        {
            return (_, _) => null;
        }

        var single = nodes.Origin(scalar, value);
        if (single.ContentOffset >= 0)
        {
            var first = single.Start + single.ContentOffset;
            return (start, length) => At(first + start, length, nodes.File);
        }

        if (scalar.Style != ScalarStyle.Literal || LiteralMap(nodes.Text, whole.Start, whole.End, value) is not { } map)
        {
            return (_, _) => null;
        }

        return (start, length) =>
        {
            if (start < 0 || start + length > map.Length || length <= 0)
            {
                return null;
            }

            var fileStart = map[start];
            return map[start + length - 1] == fileStart + length - 1 ? At(fileStart, length, nodes.File) : null;
        };
    }

    private static SourceLocation At(int start, int length, string? file) => new(new YamlOrigin(start, start + length, 0, length, file), 0, length);

    /// <summary>For each character of a literal block's value, its index in the file; null when the raw text does not reproduce the value.</summary>
    private static int[]? LiteralMap(string text, int start, int end, string value)
    {
        var newline = text.IndexOf('\n', start);
        if (newline < 0 || newline >= end)
        {
            return null;
        }

        var map = new List<int>();
        var index = newline + 1;
        int? indent = null;
        while (index < text.Length && map.Count < value.Length)
        {
            var lineEnd = text.IndexOf('\n', index);
            if (lineEnd < 0)
            {
                lineEnd = text.Length;
            }

            var line = text.Substring(index, lineEnd - index).TrimEnd('\r');
            if (line.Trim().Length > 0)
            {
                indent ??= line.Length - line.TrimStart(' ').Length;
                if (line.Length - line.TrimStart(' ').Length < indent)
                {
                    break;
                }

                for (var i = indent.Value; i < line.Length; i++)
                {
                    map.Add(index + i);
                }
            }

            map.Add(lineEnd);
            index = lineEnd + 1;
        }

        if (map.Count < value.Length)
        {
            return null;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = map[i] < text.Length ? text[map[i]] : '\n';
            if (c != value[i] && !(value[i] == '\n' && c is '\n' or '\r'))
            {
                return null;
            }
        }

        return map.ToArray();
    }
}
