using System.Globalization;
using System.Text;
using Loaded = YamlDotNet.RepresentationModel;

namespace VramLint.Yaml.Tests.Parsing;

/// <summary>
/// VramLint's tree of a text (<see cref="YamlDocuments.Load"/>) against the tree YamlDotNet's own loader builds from its
/// own parser, written as comparable lines: each node's kind, start and end, scalar style and value, and a node met
/// again (through an alias) by the number it was first given, so shared nodes must stay shared.
/// </summary>
internal static class TreeTrace
{
    /// <summary>Null when both trees are the same, or both refuse the text; otherwise the first difference.</summary>
    public static string? Difference(string text)
    {
        var mine = YamlDocuments.Load(text, out var problem, out _);
        List<string> reference;
        try
        {
            var stream = new Loaded.YamlStream();
            stream.Load(new StringReader(text));
            reference = Describe(stream);
        }
        catch (Exception e) when (e is YamlDotNet.Core.YamlException or InvalidOperationException or ArgumentException)
        {
            return mine is null ? null : $"YamlDotNet's loader fails ({e.Message}) where VramLint built {mine.Count} documents";
        }

        if (mine is null)
        {
            return $"VramLint refuses the text ({problem?.Message}) where YamlDotNet's loader built {reference.Count(l => l.StartsWith("document", StringComparison.Ordinal))} documents";
        }

        var lines = Describe(mine);
        for (var i = 0; i < Math.Min(lines.Count, reference.Count); i++)
        {
            if (lines[i] != reference[i])
            {
                return $"line {i}:\n  YamlDotNet: {reference[i]}\n  VramLint:   {lines[i]}";
            }
        }

        return lines.Count == reference.Count ? null : $"{lines.Count} lines, YamlDotNet {reference.Count}";
    }

    private static List<string> Describe(IReadOnlyList<YamlDocument> documents)
    {
        var lines = new List<string>();
        var seen = new Dictionary<object, int>(ReferenceEqualityComparer.Instance);
        foreach (var document in documents)
        {
            lines.Add("document");
            Write(document.RootNode, 0, lines, seen);
        }

        return lines;
    }

    private static void Write(YamlNode node, int depth, List<string> lines, Dictionary<object, int> seen)
    {
        if (Seen(node, depth, lines, seen))
        {
            return;
        }

        switch (node)
        {
            case YamlScalarNode scalar:
                lines.Add(Line(depth, "scalar", node.Start, node.End, $"{scalar.Style} '{Escape(scalar.Value)}'"));
                break;
            case YamlMappingNode mapping:
                lines.Add(Line(depth, "mapping", node.Start, node.End, mapping.Children.Count.ToString(CultureInfo.InvariantCulture)));
                foreach (var child in mapping.Children)
                {
                    Write(child.Key, depth + 1, lines, seen);
                    Write(child.Value, depth + 1, lines, seen);
                }

                break;
            case YamlSequenceNode sequence:
                lines.Add(Line(depth, "sequence", node.Start, node.End, sequence.Children.Count.ToString(CultureInfo.InvariantCulture)));
                foreach (var item in sequence.Children)
                {
                    Write(item, depth + 1, lines, seen);
                }

                break;
        }
    }

    private static List<string> Describe(Loaded.YamlStream stream)
    {
        var lines = new List<string>();
        var seen = new Dictionary<object, int>(ReferenceEqualityComparer.Instance);
        foreach (var document in stream.Documents)
        {
            lines.Add("document");
            Write(document.RootNode, 0, lines, seen);
        }

        return lines;
    }

    private static void Write(Loaded.YamlNode node, int depth, List<string> lines, Dictionary<object, int> seen)
    {
        if (Seen(node, depth, lines, seen))
        {
            return;
        }

        var start = (int)node.Start.Index;
        var end = (int)node.End.Index;
        switch (node)
        {
            case Loaded.YamlScalarNode scalar:
                lines.Add(Line(depth, "scalar", start, end, $"{scalar.Style} '{Escape(scalar.Value ?? "")}'"));
                break;
            case Loaded.YamlMappingNode mapping:
                lines.Add(Line(depth, "mapping", start, end, mapping.Children.Count.ToString(CultureInfo.InvariantCulture)));
                foreach (var child in mapping.Children)
                {
                    Write(child.Key, depth + 1, lines, seen);
                    Write(child.Value, depth + 1, lines, seen);
                }

                break;
            case Loaded.YamlSequenceNode sequence:
                lines.Add(Line(depth, "sequence", start, end, sequence.Children.Count.ToString(CultureInfo.InvariantCulture)));
                foreach (var item in sequence.Children)
                {
                    Write(item, depth + 1, lines, seen);
                }

                break;
            default:
                lines.Add(Line(depth, node.GetType().Name, start, end, ""));
                break;
        }
    }

    /// <summary>A node met before is written as a reference to the number it was given.</summary>
    private static bool Seen(object node, int depth, List<string> lines, Dictionary<object, int> seen)
    {
        if (seen.TryGetValue(node, out var number))
        {
            lines.Add($"{new string(' ', depth)}*{number}");
            return true;
        }

        seen.Add(node, seen.Count);
        return false;
    }

    private static string Line(int depth, string kind, int start, int end, string detail) =>
        new StringBuilder().Append(' ', depth).Append(kind).Append(' ').Append(start.ToString(CultureInfo.InvariantCulture))
            .Append('-').Append(end.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(detail).ToString();

    private static string Escape(string value) => value.Replace("\\", "\\\\").Replace("\r", "\\r").Replace("\n", "\\n");
}
