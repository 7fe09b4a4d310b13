using VramLint.Core.Arguments;

namespace VramLint.Yaml.Recognizers;

/// <summary>
/// Generic Helm chart values with a <c>vllm:</c> section that plainly names vLLM settings: <c>model</c> (or
/// <c>modelName</c>/<c>modelId</c>), camelCase or snake_case engine arguments that vLLM knows (<c>tensorParallelSize</c>,
/// <c>max_model_len</c>...), and <c>extraArgs</c>/<c>args</c> lists. Keys vLLM does not know are left alone: a chart may
/// use them for anything. GPUs from <c>resources</c> and <c>nodeSelector</c> beside or inside the section.
/// </summary>
internal sealed class HelmVllmValuesRecognizer : IYamlRecognizer
{
    private static readonly string[] ModelKeys = { "model", "modelName", "modelId", "model_name", "model_id" };
    private static readonly string[] ListKeys = { "extraArgs", "args", "extra_args" };

    public IEnumerable<YamlDeployment> Find(YamlDocument document, YamlContext context)
    {
        var nodes = context.Nodes;
        var root = document.RootNode;
        if (YamlNodes.Child(root, "apiVersion") is not null || YamlNodes.Child(root, "vllm") is not YamlMappingNode section)
        {
            yield break;
        }

        var modelKey = ModelKeys.FirstOrDefault(k => YamlNodes.Child(section, k) is YamlScalarNode);
        if (modelKey is null)
        {
            yield break;
        }

        var words = new List<ArgumentToken> { new("vllm"), new("serve") };
        var known = nodes.Token(YamlNodes.Child(section, modelKey)!) is { } model && Add(words, model);
        foreach (var field in section.Children)
        {
            if (field.Key is not YamlScalarNode { Value: { } key } keyNode || ModelKeys.Contains(key) || ListKeys.Contains(key))
            {
                continue;
            }

            var flag = HelmProductionStackRecognizer.Kebab(key).Replace('_', '-');
            if (VllmFlags.Find(VllmFlags.Canonical(flag)) is null)
            {
                continue;
            }

            var flagToken = new ArgumentToken("--" + flag, new SourceLocation(nodes.Origin(keyNode)));
            if (field.Value is YamlScalarNode { Value: "true" or "false", Style: YamlDotNet.Core.ScalarStyle.Plain } boolean)
            {
                words.Add(boolean.Value == "true" ? flagToken : new ArgumentToken("--no-" + flag, flagToken.Location));
            }
            else if (nodes.Token(field.Value) is { } value)
            {
                words.Add(flagToken);
                words.Add(value);
            }
            else
            {
                known = false;
            }
        }

        foreach (var listKey in ListKeys)
        {
            known &= KubernetesRecognizer.Append(words, YamlNodes.Child(section, listKey) as YamlSequenceNode, nodes);
        }

        var deployment = new YamlDeployment($"Helm values 'vllm' (model '{YamlNodes.Scalar(YamlNodes.Child(section, modelKey))}')", nodes.Origin(section), known ? VllmArgumentReader.Read(words) : null);
        deployment.GpuLimit(nodes, YamlNodes.Child(section, "resources") ?? YamlNodes.Child(root, "resources"));
        KubernetesRecognizer.GpuType(YamlNodes.Child(section, "nodeSelector") is not null ? section : root, nodes, deployment);
        yield return deployment;
    }

    private static bool Add(List<ArgumentToken> words, ArgumentToken token)
    {
        words.Add(token);
        return true;
    }
}
