using VramLint.Core.Configuration;
using VramLint.Core.Diagnostics;
using VramLint.Core.Estimation;
using VramLint.Core.Models;
using VramLint.Core.Settings;

namespace VramLint.Core.Tests.Checking;

/// <summary>Core's one fix search, driven through the blog estimator whose arithmetic is easy to follow by hand.</summary>
public class FixSearchTests
{
    private static readonly VramLintOptions Blog125 = new() { Estimator = EstimatorKind.Blog, StartupPeakFactor = 1.25 };

    private static (EstimationRequest Request, EstimatorFinding Finding) Verdict(ModelResolution model, DeploymentSettings settings, VramLintOptions options, GpuCapacity? capacity = null)
    {
        var request = new EstimationRequest { Model = model, Settings = settings, Capacity = capacity ?? SeedCluster.FourGpus, Options = options };
        var finding = Assert.Single(new BlogEstimator().Estimate(request).Findings);
        return (request, finding);
    }

    [Fact]
    public void Lowers_batch_and_context_to_the_largest_values_that_fit()
    {
        // 9.0 + 64 x 3000 / 10240 + 3.0 = 30.75 GiB; at x1.25 the per-GPU need must stay within 19.2 GiB.
        var (request, finding) = Verdict(
            SeedCluster.Named("Qwen2.5-72B-Instruct-AWQ", 72, bits: 4),
            new DeploymentSettings { TensorParallelSize = 4, MaxNumSeqs = 64, MaxModelLen = 3000 },
            Blog125);
        Assert.Equal(DiagnosticIds.DoesNotFit, finding.Finding.Id);

        var fixes = FixSearch.Find(new BlogEstimator(), request, finding);

        Assert.Collection(
            fixes,
            f =>
            {
                Assert.Equal((SettingNames.MaxNumSeqs, "24"), (f.Setting, f.Value));
                Assert.Equal("Lower max-num-seqs to 24 (per GPU 19.0 of 24.0 GiB, 4.97 GiB spare; margin: the 0.6 GiB error band + one 16-token KV block)", f.Title);
            },
            f =>
            {
                // 64 x L / 10240 <= 7.2 gives L <= 1152, written as the round 1024.
                Assert.Equal((SettingNames.MaxModelLen, "1024"), (f.Setting, f.Value));
                Assert.Equal("Lower max-model-len to 1024 (per GPU 18.4 of 24.0 GiB, 5.60 GiB spare; margin: the 0.6 GiB error band + one 16-token KV block)", f.Title);
            });
        Assert.All(fixes, f => Assert.Equal(DiagnosticIds.DoesNotFit, f.DiagnosticId));
    }

    [Fact]
    public void Raises_tensor_parallelism_to_the_smallest_size_that_clears_the_startup_peak_too()
    {
        // TP 1: 28 + 6.4 + 3 = 37.4. TP 2: 23.4 fits steady but peaks at 29.25. TP 4: 16.4, peak 20.5.
        var (request, finding) = Verdict(
            SeedCluster.Named("Qwen/Qwen2.5-14B-Instruct", 14),
            new DeploymentSettings { TensorParallelSize = 1, MaxNumSeqs = 8, MaxModelLen = 8192 },
            Blog125);

        var fix = Assert.Single(FixSearch.Find(new BlogEstimator(), request, finding));

        Assert.Equal((SettingNames.TensorParallelSize, "4"), (fix.Setting, fix.Value));
        Assert.Equal("Raise tensor-parallel-size to 4 (per GPU 16.4 of 24.0 GiB, 7.60 GiB spare; margin: the 0.6 GiB error band + one 16-token KV block)", fix.Title);
        Assert.Null(fix.GpuCount);
    }

    [Fact]
    public void Raising_tensor_parallelism_raises_a_gpu_count_the_deployment_states()
    {
        var requestsOne = SeedCluster.FourGpus with { Count = 1, CountFromDeployment = true };
        var (request, finding) = Verdict(
            SeedCluster.Named("Qwen/Qwen2.5-14B-Instruct", 14),
            new DeploymentSettings { TensorParallelSize = 1, MaxNumSeqs = 8, MaxModelLen = 8192 },
            Blog125,
            requestsOne);

        var fix = Assert.Single(FixSearch.Find(new BlogEstimator(), request, finding));

        Assert.Equal("4", fix.Value);
        Assert.Equal(4, fix.GpuCount);
        Assert.Equal("Raise tensor-parallel-size to 4 on 4 GPUs (per GPU 16.4 of 24.0 GiB, 7.60 GiB spare; margin: the 0.6 GiB error band + one 16-token KV block)", fix.Title);
    }

    [Fact]
    public void Offers_nothing_when_nothing_fits()
    {
        // The seed's S7: even batch 1 peaks above the card at x1.30, and TP 8 exceeds the 4 GPUs.
        var (request, finding) = Verdict(
            SeedCluster.Named("Qwen/Qwen-32B-Chat", 32),
            new DeploymentSettings { TensorParallelSize = 4, MaxNumSeqs = 8, MaxModelLen = 8192 },
            new VramLintOptions { Estimator = EstimatorKind.Blog });

        Assert.Empty(FixSearch.Find(new BlogEstimator(), request, finding));
    }

    [Theory]
    [InlineData(1000, 768)]
    [InlineData(255, 255)]
    [InlineData(1152, 1024)]
    [InlineData(2047, 1792)]
    [InlineData(20000, 19456)]
    public void Context_lengths_are_rounded_the_way_people_write_them(int length, int expected) =>
        Assert.Equal(expected, FixSearch.RoundLength(length));
}
