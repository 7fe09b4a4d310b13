using VramLint.Core.Arguments;

namespace VramLint.Core.Tests.Arguments;

/// <summary>The one "does this image run vLLM" test every front end uses.</summary>
public class VllmImageTests
{
    [Theory]
    [InlineData("vllm/vllm-openai", true)]
    [InlineData("vllm/vllm-openai:v0.8.5", true)]
    [InlineData("docker.io/VLLM/vllm-openai@sha256:0123", true)]
    [InlineData("rocm/vllm:latest", true)]
    [InlineData("ghcr.io/acme/vllm-cpu:0.6", true)]
    [InlineData("redis:7", false)]
    [InlineData("ghcr.io/huggingface/text-generation-inference", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void An_image_runs_vllm_when_its_reference_names_vllm(string? image, bool vllm) => Assert.Equal(vllm, VllmImage.IsVllm(image));

    [Fact]
    public void Docker_run_uses_it()
    {
        var parsed = VllmArgumentReader.Read(ArgumentToken.FromWords(new[] { "docker", "run", "--gpus", "2", "rocm/vllm:latest", "meta-llama/Llama-3.1-8B-Instruct" }));

        Assert.True(parsed.IsVllmCommand);
        Assert.Equal(("meta-llama/Llama-3.1-8B-Instruct", 2), (parsed.Settings.Model, parsed.GpuCount));
    }

    [Theory]
    [InlineData("ghcr.io/acme/llm-server:1.4", "meta-llama/Llama-3.1-8B-Instruct --max-model-len 8192", true)]
    [InlineData("ghcr.io/acme/llm-server:1.4", "--model=Qwen/Qwen2.5-7B-Instruct --tensor_parallel_size 2", true)]
    [InlineData("ghcr.io/acme/llm-server:1.4", "--max-model-len 8192", false)]
    [InlineData("ghcr.io/acme/llm-server:1.4", "meta-llama/Llama-3.1-8B-Instruct --port 8000", false)]
    [InlineData("nginx", "--port 80", false)]
    [InlineData("vllm/vllm-openai", "", true)]
    public void A_custom_image_runs_vllm_when_its_arguments_are_plainly_vllms(string image, string arguments, bool vllm) =>
        Assert.Equal(vllm, VllmImage.RunsVllm(image, ArgumentToken.FromWords(arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))));
}
