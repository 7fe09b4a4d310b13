using VramLint.Core.Settings;

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

    // The releases whose official CUDA image runs FlashInfer's top-p/top-k by default.
    private static readonly VllmVersion FirstFlashInferSamplerImage = new(0, 9);
    private static readonly VllmVersion LastFlashInferSamplerImage = new(0, 10);

    /// <summary>
    /// The top-p/top-k kernel vLLM's own CUDA image runs when the configuration does not say: the <c>vllm/vllm-openai</c>
    /// images carry FlashInfer, and vLLM 0.9 and 0.10 take its kernel whenever FlashInfer is installed (docs/accuracy.md,
    /// "Which sampler each corpus run warmed up"). Null for other images (ROCm, CPU, custom builds, whose FlashInfer is
    /// unknown) and other releases: 0.8 turned on the FlashInfer version inside, and 0.11.1 made PyTorch's the default,
    /// which a major.minor release cannot tell from 0.11.0.
    /// </summary>
    public static VllmSampler? DefaultSampler(string? image, VllmVersion version)
    {
        if (image is null || version < FirstFlashInferSamplerImage || version > LastFlashInferSamplerImage)
        {
            return null;
        }

        var reference = image.Trim();
        var colon = reference.LastIndexOf(':');
        var repository = colon > reference.LastIndexOf('/') ? reference.Substring(0, colon) : reference;
        return repository.EndsWith("vllm/vllm-openai", StringComparison.OrdinalIgnoreCase) ? VllmSampler.FlashInfer : null;
    }

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
