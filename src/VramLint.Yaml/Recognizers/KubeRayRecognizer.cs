using VramLint.Core.Arguments;
using YamlDotNet.RepresentationModel;

namespace VramLint.Yaml.Recognizers;

/// <summary>
/// KubeRay RayService serving Ray Serve LLM (vllm-notes 6.6): <c>spec.serveConfigV2</c> is a YAML string whose
/// <c>applications[].args.llm_configs[]</c> name the model (<c>model_loading_config.model_id</c>), the GPU type
/// (<c>accelerator_type</c>) and vLLM engine arguments in snake_case (<c>engine_kwargs</c>). Findings land on the string.
/// </summary>
internal static class KubeRayRecognizer
{
    public static IEnumerable<YamlDeployment> Find(YamlDocument document, YamlNodes nodes)
    {
        if (YamlNodes.Scalar(YamlNodes.Child(document.RootNode, "kind")) != "RayService"
            || YamlNodes.Child(document.RootNode, "spec", "serveConfigV2") is not YamlScalarNode serveConfig || serveConfig.Value is null)
        {
            yield break;
        }

        var at = new SourceLocation(nodes.Origin(serveConfig));
        var inner = YamlDocuments.Load(serveConfig.Value, out _, out _);
        foreach (var app in inner?.SelectMany(d => YamlNodes.Items(YamlNodes.Child(d.RootNode, "applications"))) ?? Enumerable.Empty<YamlNode>())
        {
            foreach (var llm in YamlNodes.Items(YamlNodes.Child(app, "args", "llm_configs")))
            {
                var model = YamlNodes.Scalar(YamlNodes.Child(llm, "model_loading_config", "model_source")) ?? YamlNodes.Scalar(YamlNodes.Child(llm, "model_loading_config", "model_id"));
                var entries = new List<ConfigEntry>();
                if (model is not null)
                {
                    entries.Add(new ConfigEntry("model", ConfigValueKind.Scalar, model, at, at));
                }

                foreach (var kwarg in (YamlNodes.Child(llm, "engine_kwargs") as YamlMappingNode)?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>())
                {
                    if (kwarg.Key is YamlScalarNode { Value: { } key } && kwarg.Value is YamlScalarNode { Value: { } value } scalar)
                    {
                        var kind = scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && value is "true" or "True" ? ConfigValueKind.True
                            : scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && value is "false" or "False" ? ConfigValueKind.False
                            : ConfigValueKind.Scalar;

                        // Ray passes engine_kwargs as Python arguments: a False is a real False there, not a dropped flag.
                        if (kind == ConfigValueKind.False)
                        {
                            entries.Add(new ConfigEntry("no-" + key, ConfigValueKind.True, null, at, at));
                            continue;
                        }

                        entries.Add(new ConfigEntry(key, kind, value, at, at));
                    }
                }

                var name = YamlNodes.Scalar(YamlNodes.Child(document.RootNode, "metadata", "name")) ?? "?";
                var deployment = new YamlDeployment($"RayService '{name}' model '{model ?? "?"}'", nodes.Origin(serveConfig), VllmArgumentReader.ReadConfigFile(entries));
                deployment.GpuType = YamlNodes.Scalar(YamlNodes.Child(llm, "accelerator_type"));
                deployment.GpuTypeLocation = at;
                yield return deployment;
            }
        }
    }
}
