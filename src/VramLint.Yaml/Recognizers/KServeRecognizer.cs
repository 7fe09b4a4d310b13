using VramLint.Core.Arguments;
using YamlDotNet.RepresentationModel;

namespace VramLint.Yaml.Recognizers;

/// <summary>
/// KServe (vllm-notes 6.5): an <c>InferenceService</c> whose Hugging Face runtime passes vLLM flags in
/// <c>spec.predictor.model.args</c> (model from <c>--model_id</c> or <c>storageUri</c>), and an <c>LLMInferenceService</c>
/// with <c>spec.model.uri</c>, <c>spec.parallelism</c> and the <c>VLLM_ADDITIONAL_ARGS</c> string.
/// </summary>
internal static class KServeRecognizer
{
    public static IEnumerable<YamlDeployment> Find(YamlDocument document, YamlNodes nodes)
    {
        var root = document.RootNode;
        var kind = YamlNodes.Scalar(YamlNodes.Child(root, "kind"));
        var name = YamlNodes.Scalar(YamlNodes.Child(root, "metadata", "name")) ?? "?";
        if (kind == "InferenceService" && YamlNodes.Child(root, "spec", "predictor", "model") is { } model)
        {
            var words = new List<ArgumentToken>();
            var known = true;
            var skipValue = false;
            foreach (var arg in YamlNodes.Items(YamlNodes.Child(model, "args")))
            {
                if (nodes.Token(arg) is not { } token)
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

    private static bool Add(List<ArgumentToken> words, params ArgumentToken[] tokens)
    {
        words.AddRange(tokens);
        return true;
    }
}
