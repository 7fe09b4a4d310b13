using System.Text;
using VramLint.Core.Arguments;

namespace VramLint.Yaml.Recognizers;

/// <summary>
/// vLLM production-stack Helm values (vllm-notes 6.4): <c>servingEngineSpec.modelSpec[]</c> with <c>modelURL</c> (the
/// positional model), <c>vllmConfig</c> typed fields (camelCase, booleans as <c>--flag</c>/<c>--no-flag</c>),
/// <c>vllmConfig.extraArgs</c> appended last, and <c>requestGPU</c> as the GPU count.
/// </summary>
internal sealed class HelmProductionStackRecognizer : IYamlRecognizer
{
    public IEnumerable<YamlDeployment> Find(YamlDocument document, YamlContext context)
    {
        var nodes = context.Nodes;
        foreach (var spec in YamlNodes.Items(YamlNodes.Child(document.RootNode, "servingEngineSpec", "modelSpec")))
        {
            var name = YamlNodes.Scalar(YamlNodes.Child(spec, "name")) ?? "model";
            var words = new List<ArgumentToken> { new("vllm"), new("serve") };
            var known = true;
            if (YamlNodes.Child(spec, "modelURL") is { } model && nodes.Token(model) is { } modelToken)
            {
                words.Add(modelToken);
            }
            else
            {
                known = false;
            }

            var config = YamlNodes.Child(spec, "vllmConfig") as YamlMappingNode;
            foreach (var field in config?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>())
            {
                if (field.Key is not YamlScalarNode key || key.Value is null or "extraArgs")
                {
                    continue;
                }

                var flag = "--" + Kebab(key.Value);
                var flagToken = new ArgumentToken(flag, new SourceLocation(nodes.Origin(key)));
                if (field.Value is YamlScalarNode { Value: "true" or "false" } boolean && boolean.Style == YamlDotNet.Core.ScalarStyle.Plain)
                {
                    words.Add(boolean.Value == "true" ? flagToken : new ArgumentToken("--no-" + Kebab(key.Value), flagToken.Location));
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

            foreach (var extra in YamlNodes.Items(YamlNodes.Child(config, "extraArgs")))
            {
                if (nodes.Token(extra) is { } token)
                {
                    words.Add(token);
                }
                else
                {
                    known = false;
                }
            }

            var deployment = new YamlDeployment($"modelSpec '{name}'", nodes.Origin(spec), known ? VllmArgumentReader.Read(words) : null);
            if (YamlNodes.Child(spec, "requestGPU") is YamlScalarNode gpus)
            {
                deployment.SetGpuCount(nodes, gpus, "requestGPU");
            }

            yield return deployment;
        }
    }

    /// <summary>tensorParallelSize -> tensor-parallel-size.</summary>
    internal static string Kebab(string camel)
    {
        var sb = new StringBuilder();
        foreach (var c in camel)
        {
            if (char.IsUpper(c) && sb.Length > 0)
            {
                sb.Append('-');
            }

            sb.Append(char.ToLowerInvariant(c));
        }

        return sb.ToString();
    }
}
