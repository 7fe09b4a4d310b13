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

    /// <summary>
    /// Found by the fuzz campaign once the file was parsed in one pass: an empty key in a list item, then a line indented
    /// under a plain scalar. The node builder stops before the scanner reaches the syntax error; the finding names it.
    /// </summary>
    [Fact]
    public void A_node_the_builder_cannot_place_is_reported_as_the_syntax_error_behind_it()
    {
        const string text = "model: meta-llama/Llama-3.1-8B-Instruct\nenable-lora: true\nlora-modules:\n  - : true\nloraname: sql\n    path: /adapters/sql\nmax_model_len: 131072\n";

        var finding = Assert.Single(YamlLinter.Lint("case.yaml", text, Options).Findings);

        Assert.Equal(("VRAM008", 6, 9), (finding.Finding.Id, finding.Line, finding.Column));
        Assert.StartsWith("the file is not valid YAML: ", finding.Finding.Message);
        Assert.EndsWith("(line 6, column 9); it was not checked", finding.Finding.Message);
    }
}
