
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

    /// <summary>
    /// The first object of one of <paramref name="kinds"/> that <paramref name="matches"/> (its name, say) in the file itself,
    /// else in its neighbours in order (read only until it is found, and walked once per run), with the nodes of the file that holds it.
    /// </summary>
    public (YamlNodes Nodes, YamlNode Root)? FindObject(IReadOnlyCollection<string> kinds, Func<YamlNode, bool> matches)
    {
        foreach (var root in Documents.SelectMany(YamlDocuments.Objects).Select(d => d.RootNode))
        {
            if (kinds.Contains(YamlNodes.Scalar(YamlNodes.Child(root, "kind")) ?? "") && matches(root))
            {
                return (Nodes, root);
            }
        }

        if (Project is { } project)
        {
            foreach (var (file, root, kind) in project.SiblingObjects(Path))
            {
                if (kinds.Contains(kind) && matches(root))
                {
                    return (file.Nodes, root);
                }
            }
        }

        return null;
    }
}
