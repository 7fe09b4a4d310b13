using VramLint.Core.Arguments;

namespace VramLint.Yaml.Recognizers;

/// <summary>
/// KServe (vllm-notes 6.5): an <c>InferenceService</c> whose runtime passes vLLM flags in
/// <c>spec.predictor.model.args</c> (model from <c>--model_id</c> or <c>storageUri</c>), after the arguments of the
/// <c>ServingRuntime</c> it names when that runtime is in the file or its folder (KServe appends the service's arguments
/// to the runtime's); and an <c>LLMInferenceService</c> with <c>spec.model.uri</c>, <c>spec.parallelism</c> and the
/// <c>VLLM_ADDITIONAL_ARGS</c> string.
/// </summary>
internal sealed class KServeRecognizer : IYamlRecognizer
{
    private static readonly string[] RuntimeKinds = { "ServingRuntime", "ClusterServingRuntime" };

    public IEnumerable<YamlDeployment> Find(YamlDocument document, YamlContext context)
    {
        var nodes = context.Nodes;
        var root = document.RootNode;
        var kind = YamlNodes.Scalar(YamlNodes.Child(root, "kind"));
        var name = YamlNodes.Scalar(YamlNodes.Child(root, "metadata", "name")) ?? "?";
        if (kind == "InferenceService" && YamlNodes.Child(root, "spec", "predictor", "model") is { } model)
        {
            var words = new List<ArgumentToken>();
            var known = true;
            var skipValue = false;
            var runtime = Runtime(context, model);
            foreach (var (argNodes, arg) in RuntimeArguments(runtime).Concat(YamlNodes.Items(YamlNodes.Child(model, "args")).Select(a => (nodes, a))))
            {
                if (argNodes.Token(arg) is not { } token)
                {
                    known = false;
                    continue;
                }

                // The runtime's own --model_id names the model; vLLM's reader knows it as --model. Its --model_name (the
                // served name) is the runtime's, not vLLM's: passing it on would read as an unknown vLLM option.
                var text = token.Text;
                if (text.StartsWith("--model_name", StringComparison.Ordinal) || text.StartsWith("--model-name", StringComparison.Ordinal))
                {
                    skipValue = text.IndexOf('=') < 0;
                    continue;
                }

                if (skipValue)
                {
                    skipValue = false;
                    if (!text.StartsWith("-", StringComparison.Ordinal))
                    {
                        continue;
                    }
                }

                words.Add(text.StartsWith("--model_id", StringComparison.Ordinal) || text.StartsWith("--model-id", StringComparison.Ordinal)
                    ? new ArgumentToken("--model" + text.Substring("--model_id".Length), token.Location, token.RawOffsets)
                    : token);
            }

            if (!words.Any(w => w.Text.StartsWith("--model", StringComparison.Ordinal)) && YamlNodes.Child(model, "storageUri") is YamlScalarNode uri && nodes.Token(uri) is { } uriToken)
            {
                words.InsertRange(0, new[] { new ArgumentToken("--model"), uriToken });
            }

            var deployment = new YamlDeployment($"InferenceService '{name}'", nodes.Origin(model), known ? VllmArgumentReader.Read(words) : null);
            deployment.GpuLimit(nodes, YamlNodes.Child(model, "resources"));
            yield return deployment;
        }
        else if (kind == "LLMInferenceService" && YamlNodes.Child(root, "spec") is { } spec)
        {
            var words = new List<ArgumentToken> { new("vllm"), new("serve") };
            var known = YamlNodes.Child(spec, "model", "uri") is YamlScalarNode uri && nodes.Token(uri) is { } uriToken && Add(words, uriToken);
            foreach (var (field, flag) in new[] { ("tensor", "--tensor-parallel-size"), ("pipeline", "--pipeline-parallel-size"), ("data", "--data-parallel-size") })
            {
                if (YamlNodes.Child(spec, "parallelism", field) is { } value)
                {
                    known &= nodes.Token(value) is { } token && Add(words, new ArgumentToken(flag, token.Location), token);
                }
            }

            var container = YamlNodes.Items(YamlNodes.Child(spec, "template", "containers")).FirstOrDefault();
            var extra = YamlNodes.Items(YamlNodes.Child(container, "env")).FirstOrDefault(e => YamlNodes.Scalar(YamlNodes.Child(e, "name")) == "VLLM_ADDITIONAL_ARGS");
            if (YamlNodes.Child(extra, "value") is { } line)
            {
                known &= nodes.Words(line) is { } split && Add(words, split.ToArray());
            }

            var deployment = new YamlDeployment($"LLMInferenceService '{name}'", nodes.Origin(spec), known ? VllmArgumentReader.Read(words) : null);
            deployment.GpuLimit(nodes, YamlNodes.Child(container, "resources"));
            yield return deployment;
        }
    }

    /// <summary>
    /// The ServingRuntime KServe runs the model with: the one its <c>runtime</c> names, else, for the <c>vLLM</c> model
    /// format, the first that declares it with <c>autoSelect: true</c>; null when neither is in the file or its folder. Other
    /// formats (<c>huggingface</c>) auto-select the runtimes KServe installs in the cluster, which no project file holds, so
    /// the folder is not searched for them.
    /// </summary>
    private static (YamlNodes Nodes, YamlNode Root)? Runtime(YamlContext context, YamlNode model)
    {
        if (YamlNodes.Scalar(YamlNodes.Child(model, "runtime")) is { } name)
        {
            return context.FindObject(RuntimeKinds, root => YamlNodes.Scalar(YamlNodes.Child(root, "metadata", "name")) == name);
        }

        var format = YamlNodes.Scalar(YamlNodes.Child(model, "modelFormat", "name"));
        return !string.Equals(format, "vLLM", StringComparison.OrdinalIgnoreCase) ? null : context.FindObject(RuntimeKinds, root => YamlNodes.Items(YamlNodes.Child(root, "spec", "supportedModelFormats")).Any(f =>
            string.Equals(YamlNodes.Scalar(YamlNodes.Child(f, "name")), format, StringComparison.OrdinalIgnoreCase) && YamlNodes.Scalar(YamlNodes.Child(f, "autoSelect")) == "true"));
    }

    /// <summary>
    /// The runtime container's arguments that carry settings: not the mount of the service's model
    /// (<c>--model=/mnt/models</c>) nor the served name KServe fills in (<c>{{.Name}}</c>).
    /// </summary>
    private static IEnumerable<(YamlNodes Nodes, YamlNode Arg)> RuntimeArguments((YamlNodes Nodes, YamlNode Root)? runtime)
    {
        if (runtime is not { } found)
        {
            yield break;
        }

        var container = YamlNodes.Items(YamlNodes.Child(found.Root, "spec", "containers")).FirstOrDefault();
        var args = YamlNodes.Items(YamlNodes.Child(container, "args")).ToList();
        for (var i = 0; i < args.Count; i++)
        {
            var text = YamlNodes.Scalar(args[i]) ?? "";
            var takesNext = text is "--model" or "--served-model-name" && i + 1 < args.Count;
            if (takesNext || text.StartsWith("--model=", StringComparison.Ordinal) || text.StartsWith("--served-model-name=", StringComparison.Ordinal) || text.IndexOf("{{", StringComparison.Ordinal) >= 0)
            {
                i += takesNext ? 1 : 0;
                continue;
            }

            yield return (found.Nodes, args[i]);
        }
    }

    private static bool Add(List<ArgumentToken> words, params ArgumentToken[] tokens)
    {
        words.AddRange(tokens);
        return true;
    }
}
