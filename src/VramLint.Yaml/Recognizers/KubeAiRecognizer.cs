using VramLint.Core.Arguments;

namespace VramLint.Yaml.Recognizers;

/// <summary>
/// KubeAI: a <c>Model</c> resource (<c>kubeai.org</c>) or an enabled entry of the models chart's <c>catalog</c>, with
/// <c>engine: VLLM</c>, the model in <c>url</c> (<c>hf://org/name</c>), vLLM flags in <c>args</c>, and the GPUs in
/// <c>resourceProfile</c>: <c>nvidia-gpu-l4:8</c> is 8 L4s; a <c>cpu:</c> profile is not a GPU deployment.
/// </summary>
internal sealed class KubeAiRecognizer : IYamlRecognizer
{
    public IEnumerable<YamlDeployment> Find(YamlDocument document, YamlContext context)
    {
        var nodes = context.Nodes;
        var root = document.RootNode;
        if (YamlNodes.Scalar(YamlNodes.Child(root, "kind")) == "Model" && (YamlNodes.Scalar(YamlNodes.Child(root, "apiVersion")) ?? "").StartsWith("kubeai.org", StringComparison.Ordinal)
            && YamlNodes.Child(root, "spec") is { } spec && Model(spec, $"KubeAI Model '{YamlNodes.Scalar(YamlNodes.Child(root, "metadata", "name")) ?? "?"}'", nodes) is { } model)
        {
            yield return model;
        }

        var everything = YamlNodes.Scalar(YamlNodes.Child(root, "all", "enabled")) == "true";
        foreach (var entry in (YamlNodes.Child(root, "catalog") as YamlMappingNode)?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>())
        {
            if ((everything || YamlNodes.Scalar(YamlNodes.Child(entry.Value, "enabled")) == "true") && YamlNodes.Child(entry.Value, "url") is not null
                && Model(entry.Value, $"KubeAI catalog model '{(entry.Key as YamlScalarNode)?.Value}'", nodes) is { } fromCatalog)
            {
                yield return fromCatalog;
            }
        }
    }

    private static YamlDeployment? Model(YamlNode spec, string name, YamlNodes nodes)
    {
        if (!string.Equals(YamlNodes.Scalar(YamlNodes.Child(spec, "engine")), "VLLM", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var words = new List<ArgumentToken> { new("vllm"), new("serve") };
        var known = YamlNodes.Child(spec, "url") is { } url && nodes.Token(url) is { } model && Add(words, model);
        known &= KubernetesRecognizer.Append(words, YamlNodes.Child(spec, "args"), nodes);
        var deployment = new YamlDeployment(name, nodes.Origin(spec), known ? VllmArgumentReader.Read(words) : null);
        if (YamlNodes.Child(spec, "resourceProfile") is YamlScalarNode { Value: { } profile } profileNode)
        {
            var colon = profile.LastIndexOf(':');
            var type = colon > 0 ? profile.Substring(0, colon) : profile;
            var token = nodes.Token(profileNode);
            if (type.StartsWith("cpu", StringComparison.OrdinalIgnoreCase))
            {
                return deployment.Skip($"resource profile '{profile}' runs on CPU; VramLint sizes GPU deployments", nodes.Origin(profileNode));
            }

            deployment.GpuType = type;
            deployment.GpuTypeLocation = token?.Slice(0, type.Length);
            if (colon > 0)
            {
                deployment.RequestGpuCount(profile.Substring(colon + 1), token?.Slice(colon + 1, profile.Length - colon - 1), nodes.Origin(profileNode), "resourceProfile");
            }
        }

        return deployment;
    }

    private static bool Add(List<ArgumentToken> words, ArgumentToken token)
    {
        words.Add(token);
        return true;
    }
}
