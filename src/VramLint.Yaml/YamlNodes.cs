using VramLint.Core.Arguments;
using YamlDotNet.Core;

namespace VramLint.Yaml;

/// <summary>Small helpers over the YAML tree: child lookup, scalar text and the scalar's place in the file.</summary>
internal sealed class YamlNodes
{
    private readonly string text;

    public YamlNodes(string text, string? file = null)
    {
        this.text = text;
        File = file;
    }

    /// <summary>Null for the file being linted; the path of another file whose nodes these are.</summary>
    public string? File { get; }

    public string Text => text;

    /// <summary>Nodes borrowed from another file (chart defaults layered under a values file): their positions are that file's.</summary>
    public Dictionary<YamlNode, YamlNodes> Borrowed { get; } = new();

    /// <summary>Mappings built by layering values files: each stands for the node of the file being linted it was merged from.</summary>
    public Dictionary<YamlNode, YamlNode> StandIns { get; } = new();

    /// <summary>Scalars whose value could not be resolved (a template, a variable with no value), in the order met.</summary>
    public List<(string Value, YamlOrigin At)> Unresolved { get; } = new();

    /// <summary>The value under <paramref name="key"/> of a mapping; null for anything else.</summary>
    /// <remarks>One and two keys have overloads of their own: the params array would be a new array on every look-up,
    /// and each recognizer looks up several keys in every document.</remarks>
    public static YamlNode? Child(YamlNode? node, string key) => node is YamlMappingNode map ? ChildOf(map, key) : null;

    /// <summary>The value under <paramref name="key"/>, then <paramref name="nested"/>; null where a step is not a mapping or has no such key.</summary>
    public static YamlNode? Child(YamlNode? node, string key, string nested) => Child(Child(node, key), nested);

    /// <summary>The value at the end of <paramref name="path"/>, one mapping key a step.</summary>
    public static YamlNode? Child(YamlNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode map)
            {
                return null;
            }

            node = ChildOf(map, key);
        }

        return node;
    }

    /// <summary>The value of the first scalar key equal to <paramref name="key"/>: by position, since enumerating the
    /// children or matching with a lambda allocates on every lookup, and recognizers look up keys in every document.</summary>
    private static YamlNode? ChildOf(YamlMappingNode map, string key)
    {
        var children = map.Children;
        for (var i = 0; i < children.Count; i++)
        {
            var child = children[i];
            if (child.Key is YamlScalarNode scalar && scalar.Value == key)
            {
                return child.Value;
            }
        }

        return null;
    }

    public static string? Scalar(YamlNode? node) => (node as YamlScalarNode)?.Value;

    public static IEnumerable<YamlNode> Items(YamlNode? node) => node is YamlSequenceNode seq ? seq.Children : Enumerable.Empty<YamlNode>();

    /// <summary>A scalar as a token whose location maps into the file; null for templated values ({{ }}, ${VAR}).</summary>
    public ArgumentToken? Token(YamlNode node, Func<string, string?>? interpolate = null)
    {
        if (node is not YamlScalarNode scalar || scalar.Value is null)
        {
            return null;
        }

        if (Borrowed.TryGetValue(node, out var owner))
        {
            return owner.Token(node, interpolate);
        }

        var value = scalar.Value;
        var resolved = interpolate is null ? value : interpolate(value);
        if (resolved is null || resolved.Contains("{{"))
        {
            Unresolved.Add((value, Origin(scalar)));
            return null;
        }

        var origin = Origin(scalar, resolved == value ? value : null);
        return new ArgumentToken(resolved, new SourceLocation(origin, origin.ContentOffset, resolved.Length));
    }

    /// <summary>The words of a one-string command (a plain, quoted or block scalar), located inside it when its characters map.</summary>
    public IReadOnlyList<ArgumentToken>? Words(YamlNode node, Func<string, string?>? interpolate = null)
    {
        if (node is not YamlScalarNode scalar || scalar.Value is null)
        {
            return null;
        }

        if (Borrowed.TryGetValue(node, out var owner))
        {
            return owner.Words(node, interpolate);
        }

        var resolved = interpolate is null ? scalar.Value : interpolate(scalar.Value);
        if (resolved is null || resolved.Contains("{{"))
        {
            Unresolved.Add((scalar.Value, Origin(scalar)));
            return null;
        }

        var origin = Origin(scalar, resolved == scalar.Value ? scalar.Value : null);
        return origin.ContentOffset >= 0
            ? ShellWords.Split(resolved, origin, origin.ContentOffset)
            : ShellWords.Split(resolved).Select(w => new ArgumentToken(w.Text, new SourceLocation(origin))).ToArray();
    }

    /// <summary>The text a node covers with everything inside it (YamlDotNet ends a collection where it starts).</summary>
    public YamlOrigin Span(YamlNode node)
    {
        var start = Origin(node);
        var end = start.End;
        FurthestEnd(node, start.File, 0, ref end);
        return new YamlOrigin(start.Start, end, -1, -1, start.File);
    }

    /// <summary>
    /// The furthest end, in <paramref name="file"/>, of the node and everything inside it: a walk that allocates nothing
    /// (YamlDotNet's AllNodes builds an iterator per level). Aliases share nodes, so the depth is bounded.
    /// </summary>
    private void FurthestEnd(YamlNode node, string? file, int depth, ref int end)
    {
        var (nodeFile, nodeEnd) = EndOf(node);
        if (nodeFile == file && nodeEnd > end)
        {
            end = nodeEnd;
        }

        if (depth >= YamlDocuments.MaxDepth * 2)
        {
            return;
        }

        if (node is YamlMappingNode map)
        {
            var children = map.Children;
            for (var i = 0; i < children.Count; i++)
            {
                FurthestEnd(children[i].Key, file, depth + 1, ref end);
                FurthestEnd(children[i].Value, file, depth + 1, ref end);
            }
        }
        else if (node is YamlSequenceNode sequence)
        {
            var items = sequence.Children;
            for (var i = 0; i < items.Count; i++)
            {
                FurthestEnd(items[i], file, depth + 1, ref end);
            }
        }
    }

    /// <summary>Where a node ends and in which file, as <see cref="Origin"/> places it.</summary>
    private (string? File, int End) EndOf(YamlNode node)
    {
        if (Borrowed.TryGetValue(node, out var owner))
        {
            return owner.EndOf(node);
        }

        return (File, (StandIns.TryGetValue(node, out var original) ? original : node).End);
    }

    public YamlOrigin Origin(YamlNode node, string? value = null)
    {
        if (Borrowed.TryGetValue(node, out var owner))
        {
            return owner.Origin(node, value);
        }

        if (StandIns.TryGetValue(node, out var original))
        {
            node = original;
        }

        var start = node.Start;
        var end = node.End;
        var offset = value is null || node is not YamlScalarNode scalar ? -1 : ContentOffset(scalar, start, end, value);
        return new YamlOrigin(start, end, offset, offset >= 0 ? value!.Length : -1, File);
    }

    /// <summary>Where the value's characters start in the scalar's raw text, when they appear there unchanged.</summary>
    private int ContentOffset(YamlScalarNode scalar, int start, int end, string value)
    {
        if (end > text.Length || start < 0 || end < start)
        {
            return -1;
        }

        // Compared in place: the scalar's raw text is not copied out of the file for a look.
        var length = end - start;
        switch (scalar.Style)
        {
            case ScalarStyle.Plain when length == value.Length && string.CompareOrdinal(text, start, value, 0, length) == 0:
                return 0;
            case ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted when length == value.Length + 2 && string.CompareOrdinal(text, start + 1, value, 0, value.Length) == 0:
                return 1;
            default:
                return -1;
        }
    }
}
