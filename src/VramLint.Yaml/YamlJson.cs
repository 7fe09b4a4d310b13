using System.Text;

namespace VramLint.Yaml;

/// <summary>A YAML mapping as the JSON vLLM passes for nested config values (--compilation-config, --speculative-config).</summary>
internal static class YamlJson
{
    public static string Write(YamlNode node, int depth = 0)
    {
        if (depth > 20)
        {
            return "null";
        }

        switch (node)
        {
            case YamlMappingNode map:
                return "{" + string.Join(", ", map.Children.Select(c => Quote((c.Key as YamlScalarNode)?.Value ?? "") + ": " + Write(c.Value, depth + 1))) + "}";
            case YamlSequenceNode seq:
                return "[" + string.Join(", ", seq.Children.Select(c => Write(c, depth + 1))) + "]";
            case YamlScalarNode scalar:
                var v = scalar.Value ?? "";
                var plain = scalar.Style == YamlDotNet.Core.ScalarStyle.Plain;
                return plain && (v is "true" or "false" or "null" || Core.Settings.ValueRanges.TryParseFinite(v, out _)) ? v : Quote(v);
            default:
                return "null";
        }
    }

    private static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            sb.Append(c switch { '"' => "\\\"", '\\' => "\\\\", '\n' => "\\n", '\r' => "\\r", '\t' => "\\t", _ => c.ToString() });
        }

        return sb.Append('"').ToString();
    }
}
