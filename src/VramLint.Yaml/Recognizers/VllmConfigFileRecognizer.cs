using VramLint.Core.Arguments;

namespace VramLint.Yaml.Recognizers;

/// <summary>
/// vLLM's own <c>--config</c> file: a flat mapping of long option names (dashes or underscores) with <c>model:</c>
/// (vllm-notes 1.1): <c>true</c> is the bare flag, <c>false</c> is dropped by vLLM, lists repeat, mappings become JSON.
/// </summary>
internal sealed class VllmConfigFileRecognizer : IYamlRecognizer
{
    /// <summary>Keys of task files (dstack, SkyPilot) that may also carry <c>model:</c> and <c>port:</c>: those are not config files.</summary>
    private static readonly string[] TaskKeys = { "commands", "run", "replicas", "resources", "image", "type" };

    public IEnumerable<YamlDeployment> Find(YamlDocument document, YamlContext context) =>
        Read(document, context.Nodes, context.Path) is { } deployment ? new[] { deployment } : Array.Empty<YamlDeployment>();

    private static YamlDeployment? Read(YamlDocument document, YamlNodes nodes, string path)
    {
        if (document.RootNode is not YamlMappingNode root
            || YamlNodes.Child(root, "model") is not YamlScalarNode
            || YamlNodes.Child(root, "apiVersion") is not null || YamlNodes.Child(root, "services") is not null
            || TaskKeys.Any(k => YamlNodes.Child(root, k) is not null)
            || !root.Children.Any(c => c.Key is YamlScalarNode k && k.Value != "model" && VllmFlags.Find(VllmFlags.Canonical(k.Value ?? "")) is not null))
        {
            return null;
        }

        var entries = new List<ConfigEntry>();
        foreach (var child in root.Children)
        {
            if (child.Key is not YamlScalarNode key || key.Value is null)
            {
                continue;
            }

            var keyLocation = new SourceLocation(nodes.Origin(key));
            switch (child.Value)
            {
                case YamlScalarNode scalar when scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && scalar.Value is "true" or "True" or "false" or "False":
                    entries.Add(new ConfigEntry(key.Value, scalar.Value!.StartsWith("t", StringComparison.OrdinalIgnoreCase) ? ConfigValueKind.True : ConfigValueKind.False, scalar.Value, keyLocation, new SourceLocation(nodes.Origin(scalar))));
                    break;
                case YamlScalarNode scalar:
                    var token = nodes.Token(scalar);
                    if (token is null)
                    {
                        return new YamlDeployment(path, nodes.Origin(root), null);
                    }

                    entries.Add(new ConfigEntry(key.Value, ConfigValueKind.Scalar, token.Text, keyLocation, token.Location));
                    break;
                case YamlSequenceNode list:
                    // Mapping items (lora-modules: - name: ..., path: ...) are passed as JSON, as vLLM reads them.
                    var items = list.Children.Select(i => i is YamlScalarNode ? nodes.Token(i) : new ArgumentToken(YamlJson.Write(i), new SourceLocation(nodes.Origin(i)))).ToList();
                    if (items.Any(i => i is null))
                    {
                        return new YamlDeployment(path, nodes.Origin(root), null);
                    }

                    entries.Add(new ConfigEntry(key.Value, ConfigValueKind.List, keyLocation: keyLocation, items: items!));
                    break;
                case YamlMappingNode map:
                    entries.Add(new ConfigEntry(key.Value, ConfigValueKind.Map, YamlJson.Write(map), keyLocation, new SourceLocation(nodes.Origin(map))));
                    break;
            }
        }

        return new YamlDeployment(System.IO.Path.GetFileName(path), nodes.Origin(root), VllmArgumentReader.ReadConfigFile(entries));
    }
}
