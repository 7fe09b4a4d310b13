using VramLint.Core.Arguments;
using YamlDotNet.Core;

namespace VramLint.Yaml;

/// <summary>A vLLM config file kept as a ConfigMap key, found in the same file or folder, read with positions in its file.</summary>
internal static class ConfigMaps
{
    public static (YamlNodes Nodes, YamlScalarNode Scalar)? Find(YamlContext context, string name, string key) =>
        context.FindObject(new[] { "ConfigMap" }, root => YamlNodes.Scalar(YamlNodes.Child(root, "metadata", "name")) == name) is { } found && YamlNodes.Child(found.Root, "data", key) is YamlScalarNode data
            ? (found.Nodes, data)
            : null;

    /// <summary>The file's top-level entries as vLLM reads a --config file; null with the reason when it is not a flat mapping of YAML.</summary>
    public static IReadOnlyList<ConfigEntry>? Entries(YamlNodes nodes, YamlScalarNode data, out string? problem)
    {
        problem = null;
        var inner = YamlDocuments.Load(data.Value ?? "", out var error, out _);
        if (inner is null || inner.Count != 1 || inner[0].RootNode is not YamlMappingNode root)
        {
            problem = error is null ? "is not a mapping of vLLM settings" : "is not valid YAML: " + error.Message;
            return null;
        }

        var locate = ScalarLocator.For(nodes, data);
        SourceLocation? Locate(YamlNode node)
        {
            var start = node.Start;
            var end = node.End;
            var quoted = node is YamlScalarNode { Style: ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted };
            return quoted ? locate(start + 1, end - start - 2) : locate(start, end - start);
        }

        var entries = new List<ConfigEntry>();
        foreach (var child in root.Children)
        {
            if (child.Key is not YamlScalarNode { Value: { } key })
            {
                continue;
            }

            var keyAt = Locate(child.Key);
            switch (child.Value)
            {
                case YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "True" or "false" or "False" } flag:
                    entries.Add(new ConfigEntry(key, flag.Value!.StartsWith("t", StringComparison.OrdinalIgnoreCase) ? ConfigValueKind.True : ConfigValueKind.False, flag.Value, keyAt, Locate(flag)));
                    break;
                case YamlScalarNode scalar:
                    entries.Add(new ConfigEntry(key, ConfigValueKind.Scalar, scalar.Value, keyAt, Locate(scalar)));
                    break;
                case YamlSequenceNode list:
                    entries.Add(new ConfigEntry(key, ConfigValueKind.List, keyLocation: keyAt, items: list.Children.Select(i => new ArgumentToken(YamlNodes.Scalar(i) ?? "", Locate(i))).ToArray()));
                    break;
                case YamlMappingNode map:
                    entries.Add(new ConfigEntry(key, ConfigValueKind.Map, YamlJson.Write(map), keyAt, Locate(map)));
                    break;
            }
        }

        return entries;
    }
}
