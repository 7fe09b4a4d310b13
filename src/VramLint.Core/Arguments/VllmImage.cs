namespace VramLint.Core.Arguments;

/// <summary>
/// The one test of "does this container image run vLLM" for every front end (docker run, compose, Kubernetes, Aspire,
/// container specs): the image reference names vLLM (<c>vllm/vllm-openai</c>, <c>rocm/vllm</c>,
/// <c>registry.example/vllm-cpu:v0.8</c>), whatever its registry, tag or digest; its entrypoint is then <c>vllm serve</c>.
/// </summary>
public static class VllmImage
{
    public static bool IsVllm(string? image) =>
        image is not null && image.IndexOf("vllm", StringComparison.OrdinalIgnoreCase) >= 0;
}
