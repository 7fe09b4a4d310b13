using YamlDotNet.RepresentationModel;

namespace VramLint.Yaml;

/// <summary>What a recognizer may look at beyond its document: the file's other documents and, in a run, its neighbours.</summary>
internal sealed class YamlContext
{
    public YamlContext(string path, YamlNodes nodes, IReadOnlyList<YamlDocument> documents, YamlProject? project)
    {
        Path = path;
        Nodes = nodes;
        Documents = documents;
        Project = project;
    }

    public string Path { get; }

    public YamlNodes Nodes { get; }

    public IReadOnlyList<YamlDocument> Documents { get; }

    public YamlProject? Project { get; }
}
