
namespace VramLint.Yaml;

/// <summary>
/// Helm's layering of values: the chart's values.yaml first, the given values file over it, mappings merged key by key
/// and everything else (scalars, lists) replaced. Nodes from the chart's file keep their own file and positions.
/// </summary>
internal static class ValuesLayers
{
    public static IReadOnlyList<YamlDocument> Apply(IReadOnlyList<YamlDocument> documents, YamlProject.ProjectFile? defaults, YamlNodes nodes)
    {
        if (defaults is null || defaults.Documents.Count != 1 || documents.Count != 1
            || defaults.Documents[0].RootNode is not YamlMappingNode chart || documents[0].RootNode is not YamlMappingNode given)
        {
            return documents;
        }

        return new[] { new YamlDocument(Merge(chart, given, defaults.Nodes, nodes)) };
    }

    private static YamlNode Merge(YamlNode chart, YamlNode given, YamlNodes chartNodes, YamlNodes nodes)
    {
        if (chart is not YamlMappingNode chartMap || given is not YamlMappingNode givenMap)
        {
            return given;
        }

        var children = new List<KeyValuePair<YamlNode, YamlNode>>(chartMap.Children.Count + givenMap.Children.Count);
        foreach (var child in chartMap.Children)
        {
            var key = (child.Key as YamlScalarNode)?.Value;
            var over = givenMap.Children.FirstOrDefault(c => (c.Key as YamlScalarNode)?.Value == key);
            if (over.Key is null)
            {
                Borrow(child.Key, chartNodes, nodes);
                Borrow(child.Value, chartNodes, nodes);
                children.Add(child);
            }
            else
            {
                children.Add(new KeyValuePair<YamlNode, YamlNode>(over.Key, Merge(child.Value, over.Value, chartNodes, nodes)));
            }
        }

        foreach (var child in givenMap.Children.Where(c => !chartMap.Children.Any(d => (d.Key as YamlScalarNode)?.Value == (c.Key as YamlScalarNode)?.Value)))
        {
            children.Add(child);
        }

        var merged = new YamlMappingNode(children.ToArray());
        nodes.StandIns[merged] = given;
        return merged;
    }

    /// <summary>The node and everything inside it keep the chart's file and positions (aliases share nodes: a node met
    /// again is not walked again, so a cycle ends).</summary>
    private static void Borrow(YamlNode node, YamlNodes chartNodes, YamlNodes nodes)
    {
        if (nodes.Borrowed.ContainsKey(node))
        {
            return;
        }

        nodes.Borrowed[node] = chartNodes;
        switch (node)
        {
            case YamlMappingNode map:
                foreach (var child in map.Children)
                {
                    Borrow(child.Key, chartNodes, nodes);
                    Borrow(child.Value, chartNodes, nodes);
                }

                break;
            case YamlSequenceNode sequence:
                foreach (var item in sequence.Children)
                {
                    Borrow(item, chartNodes, nodes);
                }

                break;
        }
    }
}
