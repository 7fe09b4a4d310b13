using VramLint.Core.Configuration;
using VramLint.Core.Diagnostics;
using VramLint.Core.Estimation;
using VramLint.Core.Models;
using VramLint.Core.Settings;

namespace VramLint.Core.Tests.Seed;

/// <summary>The blog estimator reproduces the seed's rules and worked examples to the printed digit (seed-method.md).</summary>
public class SeedMethodTests
{
    private static EstimationResult Estimate(ModelResolution model, int tp, int seqs, int len, VramLintOptions? options = null) =>
        new BlogEstimator().Estimate(new EstimationRequest
        {
            Model = model,
            Settings = new DeploymentSettings { Model = model.Id, TensorParallelSize = tp, MaxNumSeqs = seqs, MaxModelLen = len },
            Capacity = SeedCluster.FourGpus,
            Options = options ?? new VramLintOptions { Estimator = EstimatorKind.Blog },
        });

    [Theory]
    [InlineData(32, 16, 64.0)] // S1: QwQ-32B in FP16
    [InlineData(32, 4, 16.0)] // S1: Qwen-32B-AWQ
    [InlineData(72, 4, 36.0)] // S1: Qwen2.5-72B-AWQ
    [InlineData(7, 8, 7.0)] // 8-bit: half of FP16
    public void S1_weights_from_the_name(double billions, int bits, double expectedGiB) =>
        Assert.Equal(expectedGiB, BlogEstimator.WeightsGiB(billions * 1e9, bits), 9);

    [Theory]
    [InlineData(4, 2048, 0.8)]
    [InlineData(8, 4096, 3.2)]
    [InlineData(16, 8192, 12.8)]
    [InlineData(8, 8192, 6.4)] // S7
    public void S3_kv_cache_table(int batch, int seq, double expectedGiB) =>
        Assert.Equal(expectedGiB, BlogEstimator.KvCacheGiB(batch, seq), 9);

    [Fact]
    public void S7_qwen_32b_chat_does_not_fit()
    {
        var result = Estimate(SeedCluster.Named("Qwen/Qwen-32B-Chat", 32), tp: 4, seqs: 8, len: 8192);

        Assert.Equal(16.0, result.Estimate.PerGpu.WeightsGiB, 9);
        Assert.Equal(6.4, result.Estimate.PerGpu.KvCacheGiB, 9);
        Assert.Equal(3.0, result.Estimate.PerGpu.OverheadGiB, 9);
        Assert.Equal(25.4, result.Estimate.PerGpu.SteadyGiB, 9);
        var finding = Assert.Single(result.Findings).Finding;
        Assert.Equal(DiagnosticIds.DoesNotFit, finding.Id);
        Assert.Equal(
            "per-GPU need 25.4 GiB (weights 16.0 + KV cache 6.4 + overhead 3.0) exceeds the 24.0 GiB per GPU "
            + "(weights 64.0 / tensor-parallel-size 4, KV cache 8 x 8192 / 10240)",
            finding.Message);
    }

    [Fact]
    public void S7_even_batch_1_and_seq_512_exceeds_the_card_at_the_startup_peak()
    {
        var result = Estimate(SeedCluster.Named("Qwen/Qwen-32B-Chat", 32), tp: 4, seqs: 1, len: 512);

        Assert.Equal(19.05, result.Estimate.PerGpu.SteadyGiB, 9);
        Assert.Equal(24.765, result.Estimate.PerGpu.StartupPeakGiB, 9);
        var finding = Assert.Single(result.Findings).Finding;
        Assert.Equal(DiagnosticIds.StartupPeak, finding.Id);
        Assert.StartsWith("startup peak 24.8 GiB (per-GPU 19.1 GiB = weights 16.0 + KV cache 0.1 + overhead 3.0, x 1.30) exceeds the 24.0 GiB per GPU", finding.Message);
    }

    [Fact]
    public void S7_claim_does_not_hold_at_factor_1_25()
    {
        var result = Estimate(SeedCluster.Named("Qwen/Qwen-32B-Chat", 32), tp: 4, seqs: 1, len: 512, new VramLintOptions { Estimator = EstimatorKind.Blog, StartupPeakFactor = 1.25 });

        Assert.Equal(23.8125, result.Estimate.PerGpu.StartupPeakGiB, 9);
        Assert.Empty(result.Findings);
    }

    [Fact]
    public void S8_qwen_72b_awq_fits_including_the_startup_peak()
    {
        var result = Estimate(SeedCluster.Named("Qwen2.5-72B-Instruct-AWQ", 72, bits: 4), tp: 4, seqs: 8, len: 8192);

        Assert.Equal(9.0, result.Estimate.PerGpu.WeightsGiB, 9);
        Assert.Equal(18.4, result.Estimate.PerGpu.SteadyGiB, 9);
        Assert.Equal(23.92, result.Estimate.PerGpu.StartupPeakGiB, 9);
        Assert.Empty(result.Findings);
    }

    [Fact]
    public void S8_startup_peak_is_23_at_factor_1_25()
    {
        var result = Estimate(SeedCluster.Named("Qwen2.5-72B-Instruct-AWQ", 72, bits: 4), tp: 4, seqs: 8, len: 8192, new VramLintOptions { Estimator = EstimatorKind.Blog, StartupPeakFactor = 1.25 });

        Assert.Equal(23.0, result.Estimate.PerGpu.StartupPeakGiB, 9);
    }

    [Fact]
    public void S9_72b_fp16_exceeds_the_whole_cluster()
    {
        var result = Estimate(SeedCluster.Named("Qwen/Qwen2.5-72B-Instruct", 72), tp: 4, seqs: 8, len: 8192);

        var finding = Assert.Single(result.Findings);
        Assert.Equal(DiagnosticIds.ExceedsCluster, finding.Finding.Id);
        Assert.Empty(finding.Levers);
        Assert.Equal(
            "the weights of Qwen/Qwen2.5-72B-Instruct need 144.0 GiB (72.0B parameters x 2 bytes), more than the 96.0 GiB of all 4 declared GPUs (4 x 24.0 GiB); no parallelism can fit it",
            finding.Finding.Message);
    }

    [Fact]
    public void Overhead_is_configurable()
    {
        var result = Estimate(SeedCluster.Named("Qwen/Qwen-32B-Chat", 32), tp: 4, seqs: 8, len: 8192, new VramLintOptions { Estimator = EstimatorKind.Blog, OverheadGiB = 2.0 });

        Assert.Equal(24.4, result.Estimate.PerGpu.SteadyGiB, 9);
    }
}
