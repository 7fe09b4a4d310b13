using System.Globalization;
using System.Text.RegularExpressions;
using VramLint.Core.Arguments;

namespace VramLint.Yaml.Recognizers;

/// <summary>
/// llm-d modelservice chart values: <c>modelArtifacts.uri</c> (<c>hf://org/name</c>, may use
/// <c>{{ .Values.modelArtifacts.name }}</c>), and a <c>decode</c> and a <c>prefill</c> section, each its own deployment
/// when created: <c>parallelism.tensor</c> and <c>dataLocal</c> (GPUs per pod = tensor x dataLocal, as the chart computes,
/// unless the container's resources say), the vLLM container's <c>args</c>, and <c>acceleratorTypes</c> for the GPU type.
/// With <c>modelCommand: vllmServe</c> the chart writes <c>vllm serve MODEL --tensor-parallel-size N</c>; with <c>custom</c>
/// the container's own command; with <c>imageDefault</c> the image decides, which is said.
/// </summary>
internal sealed class LlmdModelServiceRecognizer : IYamlRecognizer
{
    private static readonly Regex ValuesReference = new(@"\{\{-?\s*\.Values\.([A-Za-z0-9_.]+)\s*-?\}\}", RegexOptions.CultureInvariant);

    public IEnumerable<YamlDeployment> Find(YamlDocument document, YamlContext context)
    {
        var nodes = context.Nodes;
        var root = document.RootNode;
        if (YamlNodes.Child(root, "modelArtifacts") is not YamlMappingNode artifacts)
        {
            yield break;
        }

        foreach (var role in new[] { "decode", "prefill" })
        {
            var section = YamlNodes.Child(root, role);
            if (section is not YamlMappingNode || YamlNodes.Scalar(YamlNodes.Child(section, "create")) == "false"
                || (role == "prefill" && YamlNodes.Child(section, "create") is null && YamlNodes.Child(section, "containers") is null))
            {
                continue;
            }

            var container = YamlNodes.Items(YamlNodes.Child(section, "containers")).FirstOrDefault(c => YamlNodes.Scalar(YamlNodes.Child(c, "name")) == "vllm")
                ?? YamlNodes.Items(YamlNodes.Child(section, "containers")).FirstOrDefault();
            if (container is null)
            {
                continue;
            }

            var name = $"llm-d {role}";
            var modelCommand = YamlNodes.Scalar(YamlNodes.Child(container, "modelCommand")) ?? "imageDefault";
            var words = new List<ArgumentToken>();
            var known = true;
            var tensor = YamlNodes.Child(section, "parallelism", "tensor") as YamlScalarNode;
            var dataLocal = YamlNodes.Child(section, "parallelism", "dataLocal") as YamlScalarNode;
            YamlDeployment deployment;
            if (modelCommand == "vllmServe")
            {
                words.Add(new ArgumentToken("vllm"));
                words.Add(new ArgumentToken("serve"));
                if (Model(root, artifacts, nodes) is { } model)
                {
                    words.Add(model);
                }
                else
                {
                    known = false;
                }

                if (tensor is not null && nodes.Token(tensor) is { } tp)
                {
                    words.Add(new ArgumentToken("--tensor-parallel-size", tp.Location));
                    words.Add(tp);
                }

                known &= KubernetesRecognizer.Append(words, YamlNodes.Child(container, "args"), nodes);
                deployment = new YamlDeployment(name, nodes.Origin(section), known ? VllmArgumentReader.Read(words) : null);
            }
            else if (modelCommand == "custom")
            {
                known = KubernetesRecognizer.Append(words, YamlNodes.Child(container, "command"), nodes) & KubernetesRecognizer.Append(words, YamlNodes.Child(container, "args"), nodes);
                deployment = new YamlDeployment(name, nodes.Origin(section), known ? VllmArgumentReader.Read(words) : null);
            }
            else
            {
                deployment = new YamlDeployment(name, nodes.Origin(section), null)
                    .Skip($"modelCommand '{modelCommand}' runs the image's own command ('{YamlNodes.Scalar(YamlNodes.Child(container, "image"))}'), which VramLint cannot see", nodes.Origin(YamlNodes.Child(container, "modelCommand") ?? container));
            }

            deployment.GpuLimit(nodes, YamlNodes.Child(container, "resources"));
            if (deployment.GpuCount is null)
            {
                var tp = int.TryParse(tensor?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? t : 1;
                var dl = int.TryParse(dataLocal?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : 1;
                deployment.GpuCount = tp * dl;
            }

            if (YamlNodes.Scalar(YamlNodes.Child(section, "acceleratorTypes", "labelKey")) is { } label && KubernetesRecognizer.GpuTypeLabels.Contains(label)
                && YamlNodes.Items(YamlNodes.Child(section, "acceleratorTypes", "labelValues")).FirstOrDefault() is YamlScalarNode type)
            {
                deployment.GpuType = type.Value;
                deployment.GpuTypeLocation = nodes.Token(type)?.Location;
            }
            else
            {
                KubernetesRecognizer.GpuType(section, nodes, deployment);
            }

            yield return deployment;
        }
    }

    /// <summary>The model from the URI; a {{ .Values.x }} inside it is looked up in the same values, and located there.</summary>
    private static ArgumentToken? Model(YamlNode root, YamlNode artifacts, YamlNodes nodes)
    {
        if (YamlNodes.Child(artifacts, "uri") is not YamlScalarNode { Value: { } uri } uriNode)
        {
            return null;
        }

        var reference = ValuesReference.Match(uri);
        if (!reference.Success)
        {
            return nodes.Token(uriNode);
        }

        if (YamlNodes.Child(root, reference.Groups[1].Value.Split('.')) is YamlScalarNode { Value: { } value } target && !value.Contains("{{"))
        {
            var text = uri.Substring(0, reference.Index).Replace("\"", "") + value + uri.Substring(reference.Index + reference.Length).Replace("\"", "");
            return new ArgumentToken(text, nodes.Token(target)?.Location);
        }

        nodes.Token(uriNode);
        return null;
    }
}
