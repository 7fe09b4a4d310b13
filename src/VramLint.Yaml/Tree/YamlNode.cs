using YamlDotNet.Core;

namespace VramLint.Yaml;

/// <summary>
/// A node of VramLint's own YAML tree: what the recognizers read, shaped like YamlDotNet's representation model but with
/// no dictionary or list per collection (a file's nodes are its largest share of what a check allocates). Nodes compare
/// by reference: an alias is the node it names.
/// </summary>
internal abstract class YamlNode
{
    protected YamlNode(int start, int end)
    {
        Start = start;
        End = end;
    }

    /// <summary>Where the node's first token starts in its text (its anchor, when it has one).</summary>
    public int Start { get; }

    /// <summary>
    /// Where a scalar ends; for a collection, where YamlDotNet ends its start event, at its first token (see
    /// <see cref="YamlNodes.Span"/> for the text a collection covers).
    /// </summary>
    public int End { get; }
}

internal sealed class YamlScalarNode : YamlNode
{
    public YamlScalarNode(string value, ScalarStyle style, int start, int end)
        : base(start, end)
    {
        Value = value;
        Style = style;
    }

    public string Value { get; }

    public ScalarStyle Style { get; }
}

internal sealed class YamlMappingNode : YamlNode
{
    /// <summary>A mapping whose children are set once they are built (an alias inside may name the mapping itself).</summary>
    public YamlMappingNode(int start, int end)
        : base(start, end)
    {
    }

    public YamlMappingNode(KeyValuePair<YamlNode, YamlNode>[] children, int start = 0, int end = 0)
        : base(start, end)
    {
        Children = new NodeList<KeyValuePair<YamlNode, YamlNode>>(children);
    }

    public NodeList<KeyValuePair<YamlNode, YamlNode>> Children { get; internal set; }
}

internal sealed class YamlSequenceNode : YamlNode
{
    public YamlSequenceNode(int start, int end)
        : base(start, end)
    {
    }

    public NodeList<YamlNode> Children { get; internal set; }
}
