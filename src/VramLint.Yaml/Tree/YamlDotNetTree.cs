using Loaded = YamlDotNet.RepresentationModel;

namespace VramLint.Yaml;

/// <summary>
/// VramLint's tree of the documents YamlDotNet's loader built, for the rare texts <see cref="YamlTreeBuilder"/> leaves
/// to it and the loader accepts (aliases before their anchor, complex keys, tagged keys that look alike, anchors given
/// twice). A node shared through an alias stays one node, and a collection that holds itself stays a cycle.
/// </summary>
internal static class YamlDotNetTree
{
    public static List<YamlDocument> Convert(Loaded.YamlStream stream)
    {
        var converted = new Dictionary<Loaded.YamlNode, YamlNode>(ByReference.Instance);
        var documents = new List<YamlDocument>(stream.Documents.Count);
        foreach (var document in stream.Documents)
        {
            documents.Add(new YamlDocument(Convert(document.RootNode, converted)));
        }

        return documents;
    }

    private static YamlNode Convert(Loaded.YamlNode node, Dictionary<Loaded.YamlNode, YamlNode> converted)
    {
        if (converted.TryGetValue(node, out var done))
        {
            return done;
        }

        var start = (int)node.Start.Index;
        var end = (int)node.End.Index;
        switch (node)
        {
            case Loaded.YamlMappingNode mapping:
            {
                var result = new YamlMappingNode(start, end);
                converted.Add(node, result);
                var children = new KeyValuePair<YamlNode, YamlNode>[mapping.Children.Count];
                var i = 0;
                foreach (var child in mapping.Children)
                {
                    children[i++] = new KeyValuePair<YamlNode, YamlNode>(Convert(child.Key, converted), Convert(child.Value, converted));
                }

                result.Children = new NodeList<KeyValuePair<YamlNode, YamlNode>>(children);
                return result;
            }

            case Loaded.YamlSequenceNode sequence:
            {
                var result = new YamlSequenceNode(start, end);
                converted.Add(node, result);
                var items = new YamlNode[sequence.Children.Count];
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = Convert(sequence.Children[i], converted);
                }

                result.Children = new NodeList<YamlNode>(items);
                return result;
            }

            case Loaded.YamlScalarNode scalar:
            {
                var result = new YamlScalarNode(scalar.Value ?? "", scalar.Style, start, end);
                converted.Add(node, result);
                return result;
            }

            default:
                // The loader resolves every alias before it returns; an alias node left in its tree would be its bug.
                throw new NotSupportedException($"YamlDotNet's loader left a {node.GetType().Name} in its tree at index {start}");
        }
    }

    /// <summary>YamlDotNet's nodes compare by value (and a cycle's hash never ends): these are told apart by identity.</summary>
    private sealed class ByReference : IEqualityComparer<Loaded.YamlNode>
    {
        public static readonly ByReference Instance = new();

        public bool Equals(Loaded.YamlNode? x, Loaded.YamlNode? y) => ReferenceEquals(x, y);

        public int GetHashCode(Loaded.YamlNode obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
    }
}
