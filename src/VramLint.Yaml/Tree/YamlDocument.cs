namespace VramLint.Yaml;

/// <summary>One document of a YAML stream: its root node.</summary>
internal sealed class YamlDocument
{
    public YamlDocument(YamlNode rootNode) => RootNode = rootNode;

    public YamlNode RootNode { get; }
}
