using VramLint.Core.Configuration;
using VramLint.Core.Estimation;
using VramLint.Core.Models;

namespace VramLint.Core.Tests.Checking;

public class DeploymentPlannerTests
{
    [Fact]
    public void Blog_plan_for_the_seeds_awq_model_on_the_seeds_cluster()
    {
        var model = new ModelResolution
        {
            Id = "Qwen2.5-72B-Instruct-AWQ",
            Source = ModelSource.Name,
            NameParameters = 72e9,
            Quantization = new QuantizationScheme { Method = QuantizationMethod.Awq, Bits = 4, GroupSize = 128, Label = "AWQ" },
        };
        var cluster = new GpuCapacity { Name = "24.0 GiB GPU", MemoryGiB = 24, Count = 4, ClusterCount = 4, GpusPerNode = 4, CountDeclared = true };

        var rows = DeploymentPlanner.Plan(model, cluster, new VramLintOptions { Estimator = EstimatorKind.Blog });

        // TP 1 and 2 never fit (36 and 18 GiB of weights); at TP 4, (9 + 3 + seqs x len / 10240) x 1.30 <= 24.
        Assert.DoesNotContain(rows, r => r.TensorParallelSize < 4 && r.Fits);
        var tp4 = rows.Where(r => r.TensorParallelSize == 4).Select(r => (r.MaxModelLen, r.MaxNumSeqs)).ToArray();
        Assert.Equal(
            new (int, int?)[] { (2048, 32), (4096, 16), (8192, 8), (16384, 4), (32768, 2), (65536, 1), (131072, null), (262144, null) },
            tp4);
        Assert.Equal(18.4, rows.Single(r => r.TensorParallelSize == 4 && r.MaxModelLen == 8192).Estimate!.PerGpu.SteadyGiB, 9);
    }
}
