using VramLint.Core.Configuration;

namespace VramLint.Yaml.Tests;

/// <summary>Every prefix and every one-character corruption of real deployment files: the linter answers, never throws.</summary>
public class RobustnessTests
{
    private const string Samples = """
        services:
          llm:
            image: vllm/vllm-openai:${TAG:-latest}
            command: ["meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", "131072", "-tp", '2']
            deploy: {resources: {reservations: {devices: [{count: 2}]}}}
        ---
        kind: Deployment
        spec:
          template:
            spec:
              nodeSelector: {nvidia.com/gpu.product: NVIDIA-L4}
              containers:
                - image: vllm/vllm-openai
                  command: [/bin/sh, -c]
                  args: ["vllm serve Qwen/Qwen2.5-7B-Instruct --max-model-len \"32k\" --gpu-memory-utilization 0.95"]
                  resources: {limits: {nvidia.com/gpu: "1"}}
        """;

    private static readonly VramLintOptions Options = VramLintOptions.FromLookup(k => k switch { ConfigKeys.Gpu => "L4", ConfigKeys.GpuCount => "4", _ => null });

    [Fact]
    public void Every_prefix_of_a_file_is_answered()
    {
        for (var length = 0; length <= Samples.Length; length++)
        {
            var result = YamlLinter.Lint("prefix.yaml", Samples.Substring(0, length), Options);
            Assert.NotNull(result);
        }
    }

    [Fact]
    public void Corrupted_characters_are_answered()
    {
        var random = new Random(20261124);
        const string noise = "[]{}:-'\"#&*!|>%@` \n\t\\,?";
        for (var i = 0; i < 1500; i++)
        {
            var chars = Samples.ToCharArray();
            for (var k = 0; k < 3; k++)
            {
                chars[random.Next(chars.Length)] = noise[random.Next(noise.Length)];
            }

            var result = YamlLinter.Lint("corrupt.yaml", new string(chars), Options);
            Assert.All(result.Findings, f => Assert.True(f.Line >= 1 && f.Column >= 1));
        }
    }
}
