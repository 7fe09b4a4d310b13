using VramLint.Core.Arguments;
using VramLint.Core.Configuration;

namespace VramLint.Core.Tests.Arguments;

/// <summary>Random command lines built from vLLM's own vocabulary: reading and checking them never throws.</summary>
public class ArgumentFuzzTests
{
    private static readonly string[] Words =
    {
        "vllm", "serve", "python3", "-m", "vllm.entrypoints.openai.api_server", "docker", "run", "--gpus", "all", "2", "device=0,1", "vllm/vllm-openai",
        "sh", "-c", "--model", "meta-llama/Llama-3.1-8B-Instruct", "Qwen/Qwen-32B-Chat", "deepseek-ai/DeepSeek-V3", "openai/gpt-oss-120b", "x-7B-AWQ",
        "--tensor-parallel-size", "-tp", "--pipeline-parallel-size", "-pp", "--data-parallel-size", "--max-model-len", "--max-num-seqs",
        "--max-num-batched-tokens", "--gpu-memory-utilization", "--kv-cache-dtype", "fp8", "--quantization", "awq", "--enforce-eager", "--no-enforce-eager",
        "--kv-cache-memory-bytes", "--cpu-offload-gb", "--speculative-config", "{\"model\": \"x-1B\"}", "-cc", "{bad json", "-O0", "-O3",
        "--distributed-executor-backend", "ray", "--nnodes", "0", "1", "3", "8", "16", "-1", "auto", "32k", "32K", "1e9", "0.5", "1.5", "abc", "",
        "99999999999", "--max-model-len=4096", "--swap-space", "--cudagraph-capture-sizes", ";", "&&", "'", "\"",
    };

    [Fact]
    public void Random_command_lines_are_read_and_checked_without_throwing()
    {
        var random = new Random(1124);
        var options = VramLintOptions.FromLookup(k => k switch { ConfigKeys.Gpu => "L4", ConfigKeys.GpuCount => "8", _ => null });
        for (var i = 0; i < 3000; i++)
        {
            var words = Enumerable.Range(0, random.Next(0, 14)).Select(_ => Words[random.Next(Words.Length)]).ToArray();
            var parsed = VllmArgumentReader.Read(ArgumentToken.FromWords(words));
            var result = DeploymentChecker.Check(new DeploymentInput(parsed), options);
            Assert.NotNull(result.Findings);

            var line = VllmArgumentReader.Read(ShellWords.Split(string.Join(" ", words), "line"));
            Assert.NotNull(line.Settings);
        }
    }
}
