using System.Globalization;
using VramLint.Core.Configuration;
using VramLint.Core.Diagnostics;
using VramLint.Core.Estimation;
using VramLint.Core.Models;
using VramLint.Core.Settings;
using VramLint.Core.Tests.Estimation;
using Xunit.Abstractions;

namespace VramLint.Core.Tests.Calibration;

/// <summary>
/// Source: the llm-d capacity planner's measurement report, "vLLM Empirical Test Results Analysis"
/// (github.com/llm-d/llm-d-benchmark, config_explorer/empirical-vllm-memory-results.md at commit 4f4d44943c39):
/// vLLM v0.11.0 on H100s (79.18 GiB), --gpu-memory-utilization 0.9, --max-model-len 16000 unless noted,
/// --block-size 128, each value read from vLLM's own start-up log. Terms are GiB per GPU.
/// </summary>
public class LlmdPlannerReportTests
{
    private const double H100Total = 79.18;

    private static readonly VramLintOptions V011 = new() { VllmVersion = new VllmVersion(0, 11) };

    private readonly ITestOutputHelper output;

    public LlmdPlannerReportTests(ITestOutputHelper output) => this.output = output;

    public static TheoryData<string, int, string?, double, double, double, double, double> Measurements => new()
    {
        // model, TP, --quantization, gpu-memory-utilization, weights, activation, non-torch, KV cache
        { "meta-llama/Llama-3.1-8B-Instruct", 1, null, 0.9, 14.99, 4.76, 0.13, 51.38 },
        { "Qwen/Qwen3-0.6B", 1, null, 0.9, 1.12, 5.56, 0.13, 64.45 },
        { "Qwen/Qwen3-32B", 1, null, 0.9, 61.03, 5.64, 0.14, 4.45 },
        { "Qwen/Qwen3-32B", 2, null, 0.9, 30.59, 5.64, 0.54, 34.49 },
        { "openai/gpt-oss-20b", 1, null, 0.9, 13.47, 7.38, 0.13, 50.28 },

        // The report's table says 0.9, but its terms add up only at 0.95: 0.95 x 79.18 - 64.38 - 7.38 - 0.13 = 3.33.
        { "openai/gpt-oss-120b", 1, null, 0.95, 64.38, 7.38, 0.13, 3.33 },

        // RedHatAI/Llama-3.3-70B-Instruct-FP8-dynamic: Llama-3.3-70B with FP8 weights (the catalog's architecture, --quantization fp8).
        { "meta-llama/Llama-3.3-70B-Instruct", 2, "fp8", 0.9, 33.88, 4.84, 0.55, 32.00 },
    };

    /// <summary>Outcomes the report logged, including the failures, and the verdict VramLint must give for each.</summary>
    public static TheoryData<string, string[], string> Outcomes => new()
    {
        { "Qwen/Qwen3-32B", new[] { "--max-model-len", "16000" }, "starts" },
        { "Qwen/Qwen3-32B", new[] { "--max-model-len", "32000" }, "To serve at least one request with the model's max seq len (32000)" },
        { "Qwen/Qwen3-0.6B", new[] { "--max-model-len", "32000" }, "starts" },
        { "meta-llama/Llama-3.3-70B-Instruct", new[] { "--quantization", "fp8", "--max-model-len", "16000" }, "No available memory for the cache blocks" },
        { "meta-llama/Llama-3.3-70B-Instruct", new[] { "--quantization", "fp8", "--max-model-len", "16000", "-tp", "2" }, "starts" },
        { "deepseek-ai/DeepSeek-R1", new[] { "--max-model-len", "16000" }, "Failed to load model - not enough GPU memory" },
        { "openai/gpt-oss-120b", new[] { "--max-model-len", "16000", "--gpu-memory-utilization", "0.95" }, "starts" },
    };

    [Theory]
    [MemberData(nameof(Measurements))]
    public void Terms_match_vllms_own_log(string model, int tp, string? quantization, double gmu, double weights, double activation, double nonTorch, double kvCache)
    {
        var args = new List<string> { "-tp", tp.ToString(CultureInfo.InvariantCulture), "--gpu-memory-utilization", gmu.ToString(CultureInfo.InvariantCulture), "--max-model-len", "16000", "--block-size", "128" };
        if (quantization is not null)
        {
            args.AddRange(new[] { "--quantization", quantization });
        }

        var e = VllmEstimatorTests.Estimate(model, H100(tp), V011, args.ToArray()).Estimate.PerGpu;
        output.WriteLine($"| {model} | {tp} | {Term(e.WeightsGiB, weights)} | {Term(e.ActivationGiB, activation)} | {Term(e.NonTorchGiB, nonTorch)} | {Term(e.KvCacheGiB, kvCache)} |");

        // Weights from the tensors as vLLM lays them out: within 0.5% (the rotary cache and load padding included).
        Assert.InRange(e.WeightsGiB, weights * 0.995, weights * 1.005);

        // Measured terms carry a 5% margin: at or a little above the log, never more than 3% under it.
        Assert.InRange(e.ActivationGiB, activation * 0.97, activation * 1.10);

        // Non-torch memory on one GPU matches; at TP 2 the NVLink term is fitted across the corpus's H100 and H200 runs
        // (0.54, 0.55 and 1.38 GiB: 0.82 + 5%), so these two H100 runs sit 0.31-0.32 GiB under it.
        Assert.InRange(e.NonTorchGiB, nonTorch - 0.01, nonTorch + (tp > 1 ? 0.33 : 0.05));

        // The KV pool vLLM allocates: the estimate may be up to 0.6 GiB smaller (the margin), never more than 0.1 GiB larger.
        Assert.InRange(e.KvCacheGiB, kvCache - 0.6, kvCache + 0.1);
    }

    [Theory]
    [MemberData(nameof(Outcomes))]
    public void Start_up_outcomes_match_the_report(string model, string[] args, string outcome)
    {
        var tp = args.Contains("-tp") ? 2 : 1;
        var result = VllmEstimatorTests.Estimate(model, H100(tp, declared: 8), V011, args.Concat(new[] { "--block-size", "128" }).ToArray());
        output.WriteLine($"{model} {string.Join(" ", args)}: {(result.Findings.Count == 0 ? "starts" : result.Findings[0].Finding.Message)}");

        if (outcome == "starts")
        {
            Assert.Empty(result.Findings);
        }
        else
        {
            var finding = Assert.Single(result.Findings);
            Assert.Equal(DiagnosticIds.DoesNotFit, finding.Finding.Id);
            Assert.Contains("vLLM would stop with: " + outcome, finding.Finding.Message);
        }
    }

    [Fact]
    public void Memory_in_use_before_vllm_measures_is_the_context_outside_the_budget()
    {
        // "Free memory on device: 78.57/79.18 GiB on startup" on one GPU (0.61 in use; 78.59/79.19 for Mistral-Small),
        // "77.64/79.18" at TP 2 (1.54 in use: NCCL). One GPU is 0.06 under the log (see docs/accuracy.md), TP 2 matches.
        var single = VllmEstimatorTests.Estimate("meta-llama/Llama-3.1-8B-Instruct", H100(1), V011, "--enforce-eager").Estimate.PerGpu.OverheadGiB;
        var tp2 = VllmEstimatorTests.Estimate("meta-llama/Llama-3.3-70B-Instruct", H100(2), V011, "-tp", "2", "--quantization", "fp8", "--enforce-eager").Estimate.PerGpu.OverheadGiB;
        output.WriteLine($"context: 1 GPU {Term(single, 79.18 - 78.57)}, TP 2 {Term(tp2, 79.18 - 77.64)}");

        Assert.InRange(single, 79.18 - 78.57 - 0.07, 79.18 - 78.57);
        Assert.InRange(tp2, 79.18 - 77.64, 79.18 - 77.64 + 0.05);
    }

    [Fact]
    public void Kv_per_token_blocks_and_concurrency_of_mistral_small()
    {
        // Mistral-Small-3.2-24B's language model as the report gives it: 40 layers, 32 heads, 8 KV heads, head dim 128.
        // "GPU KV cache size: 184,832 tokens (1,444 blocks x 128 tokens/block)", "Maximum concurrency for 16,000 tokens per
        // request: 11.55x", from "Available KV cache memory: 28.20 GiB".
        var spec = new ModelSpec { Id = "mistralai/Mistral-Small-3.2-24B-Instruct-2506", NumHiddenLayers = 40, NumAttentionHeads = 32, NumKeyValueHeads = 8, HeadDim = 128, HiddenSize = 5120 };
        var kv = KvCacheSize.For(spec, tp: 1, stageLayers: 40, "auto", null, disableSlidingWindow: false)!;
        Assert.Equal(163_840, kv.BytesPerToken);

        // 28.20 is rounded in the log; 1444 blocks need 28.203 GiB, so the rounded figure holds 1443.
        var capacity = VllmBlocks.Of(28.20 * Numbers.BytesPerGiB, kv, 128, 16000, 8192);
        Assert.Equal(1443, capacity.Blocks);
        Assert.Equal(1443 * 128, capacity.Tokens);
        Assert.Equal(1443 / 125.0, capacity.Concurrency, 12);
        Assert.InRange(capacity.Concurrency, 11.55 - 0.01, 11.55);
        Assert.Equal(1444, VllmBlocks.Of(28.205 * Numbers.BytesPerGiB, kv, 128, 16000, 8192).Blocks);
    }

    /// <summary>The report's H100: 79.18 GiB; <paramref name="declared"/> GPUs so that VRAM003 does not pre-empt a per-GPU verdict.</summary>
    private static GpuCapacity H100(int tp, int declared = 2) => VllmEstimatorTests.On("H100", Math.Max(tp, declared)) with { MemoryGiB = H100Total };

    private static string Term(double estimate, double measured) =>
        string.Create(CultureInfo.InvariantCulture, $"{estimate:0.00} ({estimate - measured:+0.00;-0.00;0.00})");
}
