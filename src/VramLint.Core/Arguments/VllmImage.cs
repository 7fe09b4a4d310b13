namespace VramLint.Core.Arguments;

/// <summary>
/// The one test of "does this container image run vLLM" for every front end (docker run, compose, Kubernetes, Aspire,
/// container specs): the image reference names vLLM (<c>vllm/vllm-openai</c>, <c>rocm/vllm</c>,
/// <c>registry.example/vllm-cpu:v0.8</c>), whatever its registry, tag or digest; its entrypoint is then <c>vllm serve</c>.
/// </summary>
public static class VllmImage
{
    /// <summary>Flags only vLLM takes: with a model, they say a custom image's arguments are vLLM's.</summary>
    private static readonly string[] VllmOnlyFlags = { "max-model-len", "tensor-parallel-size", "gpu-memory-utilization", "max-num-seqs", "kv-cache-dtype", "max-num-batched-tokens", "pipeline-parallel-size" };

    public static bool IsVllm(string? image) =>
        image is not null && image.IndexOf("vllm", StringComparison.OrdinalIgnoreCase) >= 0;

    /// <summary>
    /// An image that runs vLLM: one that names it, or a custom image (built on vLLM, entrypoint <c>vllm serve</c>) whose
    /// arguments are plainly vLLM's: a model (first word with an org, or <c>--model</c>) and a flag only vLLM takes.
    /// </summary>
    public static bool RunsVllm(string? image, IReadOnlyList<ArgumentToken> arguments)
    {
        if (IsVllm(image))
        {
            return true;
        }

        var words = arguments.Select(w => w.Text).ToList();
        var hasModel = words.Contains("--model") || words.Any(w => w.StartsWith("--model=", StringComparison.Ordinal)) || (words.Count > 0 && !words[0].StartsWith("-", StringComparison.Ordinal) && words[0].IndexOf('/') > 0);
        return hasModel && words.Any(w => VllmOnlyFlags.Any(f => w == "--" + f || w.StartsWith("--" + f + "=", StringComparison.Ordinal) || w == "--" + f.Replace('-', '_')));
    }
}
