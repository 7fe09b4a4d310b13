using YamlDotNet.RepresentationModel;

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

        var merged = new YamlMappingNode();
        nodes.StandIns[merged] = given;
        foreach (var child in chartMap.Children)
        {
            var key = (child.Key as YamlScalarNode)?.Value;
            var over = givenMap.Children.FirstOrDefault(c => (c.Key as YamlScalarNode)?.Value == key);
            if (over.Key is null)
            {
                Borrow(child.Key, chartNodes, nodes);
                Borrow(child.Value, chartNodes, nodes);
                merged.Add(child.Key, child.Value);
            }
            else
            {
                merged.Add(over.Key, Merge(child.Value, over.Value, chartNodes, nodes));
            }
        }

        foreach (var child in givenMap.Children.Where(c => !chartMap.Children.Any(d => (d.Key as YamlScalarNode)?.Value == (c.Key as YamlScalarNode)?.Value)))
        {
            merged.Add(child.Key, child.Value);
        }

        return merged;
    }

    private static void Borrow(YamlNode node, YamlNodes chartNodes, YamlNodes nodes)
    {
        foreach (var n in node.AllNodes)
        {
            nodes.Borrowed[n] = chartNodes;
        }
    }
}
