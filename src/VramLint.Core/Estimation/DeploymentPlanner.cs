using VramLint.Core.Configuration;
using VramLint.Core.Models;
using VramLint.Core.Settings;

namespace VramLint.Core.Estimation;

/// <summary>One candidate layout: tensor parallelism x context length, with the largest batch that fits.</summary>
public sealed record PlanRow(int TensorParallelSize, int MaxModelLen, int? MaxNumSeqs, MemoryEstimate? Estimate)
{
    public bool Fits => MaxNumSeqs is not null;
}

/// <summary>
/// Which tensor-parallel sizes, context lengths and batch sizes fit a model on given GPUs (<c>vramlint plan</c>):
/// the same estimator and rules as every verdict, run over a grid.
/// </summary>
public static class DeploymentPlanner
{
    /// <summary>Context lengths people deploy with; the model's own maximum is added when known.</summary>
    public static IReadOnlyList<int> StandardLengths { get; } = new[] { 2048, 4096, 8192, 16384, 32768, 65536, 131072, 262144 };

    public static IReadOnlyList<PlanRow> Plan(ModelResolution model, GpuCapacity capacity, VramLintOptions options, DeploymentSettings? baseSettings = null)
    {
        var settings = (baseSettings ?? DeploymentSettings.Empty) with { Model = model.Id };
        var estimator = DeploymentChecker.EstimatorFor(options.Estimator);
        var cluster = capacity with { Count = capacity.ClusterCount };
        var effective = VllmDefaults.Resolve(settings, model, cluster, options.VllmVersion);
        var maxTp = ParallelismRules.MaxTensorParallel(settings, cluster, effective);
        var derived = VllmDefaults.DerivedMaxModelLen(model);
        var lengths = StandardLengths.Where(l => derived is null || l < derived).ToList();
        if (derived is { } d)
        {
            lengths.Add(d);
        }

        var rows = new List<PlanRow>();
        foreach (var tp in ParallelismRules.Candidates(model, maxTp))
        {
            foreach (var length in lengths)
            {
                var layout = settings with { TensorParallelSize = tp, MaxModelLen = length, MaxModelLenAuto = false };
                var defaultSeqs = VllmDefaults.Resolve(layout with { MaxNumSeqs = null }, model, cluster, options.VllmVersion).MaxNumSeqs;
                EstimationRequest With(int seqs) => new()
                {
                    Model = model,
                    Settings = layout with { MaxNumSeqs = seqs },
                    Capacity = cluster,
                    Options = options,
                };

                var seqsThatFit = FixSearch.LargestClean(seqs => FixSearch.TryCandidate(estimator, With(seqs), targetId: "") is not null, defaultSeqs);
                var estimate = seqsThatFit is { } n ? FixSearch.TryCandidate(estimator, With(n), targetId: "") : estimator.Estimate(With(defaultSeqs)).Estimate;
                rows.Add(new PlanRow(tp, length, seqsThatFit, estimate));
            }
        }

        return rows;
    }
}
