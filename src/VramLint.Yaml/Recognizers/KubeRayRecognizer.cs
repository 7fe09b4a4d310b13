using VramLint.Core.Arguments;

namespace VramLint.Yaml.Recognizers;

/// <summary>
/// KubeRay RayService serving Ray Serve LLM (vllm-notes 6.6): <c>spec.serveConfigV2</c> is a YAML string whose
/// <c>applications[].args.llm_configs[]</c> name the model (<c>model_loading_config.model_id</c>), the GPU type
/// (<c>accelerator_type</c>) and vLLM engine arguments in snake_case (<c>engine_kwargs</c>). Findings land on the string.
/// An application without <c>llm_configs</c> that passes the engine settings as <c>runtime_env.env_vars</c> (MODEL_ID,
/// TENSOR_PARALLELISM, MAX_MODEL_LEN...) runs on the GPUs of the RayService's cluster. A serveConfigV2 that is not YAML is a VRAM008.
/// </summary>
internal sealed class KubeRayRecognizer : IYamlRecognizer
{
    public IEnumerable<YamlDeployment> Find(YamlDocument document, YamlContext context)
    {
        var nodes = context.Nodes;
        if (YamlNodes.Scalar(YamlNodes.Child(document.RootNode, "kind")) != "RayService"
            || YamlNodes.Child(document.RootNode, "spec", "serveConfigV2") is not YamlScalarNode serveConfig || serveConfig.Value is null)
        {
            yield break;
        }

        var at = new SourceLocation(nodes.Origin(serveConfig));
        var inner = YamlDocuments.Load(serveConfig.Value, out var problem, out _);
        var serviceName = YamlNodes.Scalar(YamlNodes.Child(document.RootNode, "metadata", "name")) ?? "?";
        if (inner is null)
        {
            var broken = new YamlDeployment($"RayService '{serviceName}'", nodes.Origin(serveConfig), null);
            broken.Problems.Add((new Core.Diagnostics.Finding(Core.Diagnostics.DiagnosticIds.UnreadableFile, "spec.serveConfigV2 " + problem!.Message.Replace("the file is", "is").Replace("(line ", "(its line ").Replace("it was not checked", "the RayService was not checked")), nodes.Origin(serveConfig)));
            yield return broken;
            yield break;
        }

        foreach (var app in inner.SelectMany(d => YamlNodes.Items(YamlNodes.Child(d.RootNode, "applications"))))
        {
            if (YamlNodes.Child(app, "args", "llm_configs") is null && EnvironmentApp(app, serveConfig, document.RootNode, nodes, serviceName) is { } fromEnvironment)
            {
                yield return fromEnvironment;
                continue;
            }

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

    /// <summary>Engine settings an application's own code reads from environment variables (the pattern of Ray's vLLM examples).</summary>
    private static readonly Dictionary<string, string> EnvironmentSettings = new(StringComparer.Ordinal)
    {
        ["MODEL_ID"] = "model", ["MODEL_NAME"] = "model", ["MODEL"] = "model",
        ["TENSOR_PARALLELISM"] = "tensor-parallel-size", ["TENSOR_PARALLEL_SIZE"] = "tensor-parallel-size", ["TP_SIZE"] = "tensor-parallel-size",
        ["PIPELINE_PARALLELISM"] = "pipeline-parallel-size", ["PIPELINE_PARALLEL_SIZE"] = "pipeline-parallel-size",
        ["MAX_MODEL_LEN"] = "max-model-len", ["GPU_MEMORY_UTILIZATION"] = "gpu-memory-utilization", ["MAX_NUM_SEQS"] = "max-num-seqs",
        ["DTYPE"] = "dtype", ["QUANTIZATION"] = "quantization", ["KV_CACHE_DTYPE"] = "kv-cache-dtype",
    };

    private static YamlDeployment? EnvironmentApp(YamlNode app, YamlScalarNode serveConfig, YamlNode root, YamlNodes nodes, string serviceName)
    {
        if (YamlNodes.Child(app, "runtime_env", "env_vars") is not YamlMappingNode env
            || !env.Children.Any(c => c.Key is YamlScalarNode { Value: { } k } && EnvironmentSettings.TryGetValue(k, out var s) && s == "model"))
        {
            return null;
        }

        var locate = ScalarLocator.For(nodes, serveConfig);
        SourceLocation? Locate(YamlNode node)
        {
            var start = node.Start;
            var end = node.End;
            var quoted = node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.SingleQuoted or YamlDotNet.Core.ScalarStyle.DoubleQuoted };
            return quoted ? locate(start + 1, end - start - 2) : locate(start, end - start);
        }

        var appName = YamlNodes.Scalar(YamlNodes.Child(app, "name")) ?? "?";
        var entries = new List<ConfigEntry>();
        string? unresolved = null;
        SourceLocation? unresolvedAt = null;
        foreach (var pair in env.Children)
        {
            if (pair.Key is YamlScalarNode { Value: { } key } && EnvironmentSettings.TryGetValue(key, out var setting) && pair.Value is YamlScalarNode { Value: { } value } scalar)
            {
                if (UnresolvedValue.IsTemplated(value))
                {
                    unresolved ??= $"env_vars {key} is {UnresolvedValue.Describe(value)}: an envsubst-style template, left unchecked";
                    unresolvedAt ??= Locate(scalar);
                    continue;
                }

                entries.Add(new ConfigEntry(setting, ConfigValueKind.Scalar, value, Locate(pair.Key), Locate(scalar)));
            }
        }

        var deployment = new YamlDeployment($"RayService '{serviceName}' application '{appName}'", nodes.Origin(serveConfig), VllmArgumentReader.ReadConfigFile(entries));
        if (unresolved is not null)
        {
            deployment.Skip(unresolved, YamlOrigin.Range(unresolvedAt) is { } range ? new YamlOrigin(range.Start, range.End) : nodes.Origin(serveConfig));
        }

        if (YamlNodes.Child(root, "spec", "rayClusterConfig") is { } cluster)
        {
            if (RayClusterRecognizer.ClusterGpus(cluster) is { } total)
            {
                deployment.RequestTotalGpus(total, nodes.Origin(cluster), $"RayService '{serviceName}'");
            }
            RayClusterRecognizer.GpuType(cluster, nodes, deployment);
        }

        return deployment;
    }
}
