using VramLint.Core.Diagnostics;
using VramLint.Core.Settings;

namespace VramLint.Core.Estimation;

/// <summary>
/// The seed method (seed-method.md, rules S1-S9), exactly: weights = nominal billions x 2 bytes (x 1/4 for 4-bit,
/// x 1/2 for 8-bit); per GPU = weights / parallelism + max-num-seqs x max-model-len / 10240 + overhead; startup peak =
/// per GPU x factor; the cluster check compares the weights with all GPUs' memory. Sizes are the seed's "GB",
/// reported as GiB as the seed compares them with the card.
/// </summary>
public sealed class BlogEstimator : IMemoryEstimator
{
    /// <summary>S3: KV cache GiB = batch x seq / 10240 (about 0.1 MiB per token; reproduces 0.8, 3.2, 12.8 and 6.4).</summary>
    public const double TokensPerGiB = 10240;

    public EstimatorKind Kind => EstimatorKind.Blog;

    /// <summary>S1: weights in the seed's GB from the nominal parameter count and the quantization tag.</summary>
    public static double WeightsGiB(double parameters, int bits) => parameters / 1e9 * 2.0 * (bits >= 16 ? 1.0 : bits / 16.0);

    /// <summary>S3 shortcut in its exact form.</summary>
    public static double KvCacheGiB(long batch, long sequenceLength) => batch * sequenceLength / TokensPerGiB;

    public EstimationResult Estimate(EstimationRequest request)
    {
        var model = request.Model;
        var capacity = request.Capacity;
        var options = request.Options;
        var effective = VllmDefaults.Resolve(request.Settings, model, capacity, options.VllmVersion);

        // S1 reads the size from the name; a catalog count stands in only when the name has none.
        var parameters = model.NameParameters ?? model.Parameters ?? 0;
        var bits = model.Quantization.Bits;
        var totalWeights = WeightsGiB(parameters, bits);
        var shards = Math.Max(1, effective.TensorParallelSize * effective.PipelineParallelSize);
        var weights = totalWeights / shards;
        var seqLenKnown = effective.MaxModelLen > 0;
        var kv = seqLenKnown ? KvCacheGiB(effective.MaxNumSeqs, effective.MaxModelLen) : 0;
        var overhead = options.OverheadGiB;
        var perGpu = weights + kv + overhead;
        var peak = perGpu * options.StartupPeakFactor;
        var memory = capacity.MemoryGiB;
        var kvRoom = memory - weights - overhead;
        var sequencesHeld = seqLenKnown && kvRoom > 0 ? kvRoom * TokensPerGiB / effective.MaxModelLen : 0;

        var breakdown = $"weights {Numbers.F1(weights)} + KV cache {Numbers.F1(kv)} + overhead {Numbers.F1(overhead)}";
        var derivation = $"weights {Numbers.F1(totalWeights)} / {Parallelism(effective)}"
            + (seqLenKnown
                ? $", KV cache {effective.MaxNumSeqs} x {effective.MaxModelLen} / 10240"
                : ", KV cache not counted: max-model-len is not set and the model's context length is unknown");
        var gpu = GpuPhrase(capacity);

        var estimate = new MemoryEstimate
        {
            Estimator = "blog",
            Model = model,
            WeightBytes = totalWeights * Numbers.BytesPerGiB,
            Gpu = capacity,
            Settings = effective,
            PerGpu = new PerGpuMemory
            {
                WeightsGiB = weights,
                KvCacheGiB = kv,
                OverheadGiB = overhead,
                SteadyGiB = perGpu,
                StartupPeakGiB = peak,
                BudgetGiB = memory,
                CapacityGiB = memory,
            },
            KvCache = new KvCacheFacts
            {
                BytesPerToken = Numbers.BytesPerGiB / TokensPerGiB,
                CapacityTokens = kvRoom > 0 ? (long)Math.Floor(kvRoom * TokensPerGiB) : 0,
                MaxConcurrency = sequencesHeld,
                MaxFittingModelLen = kvRoom > 0 && effective.MaxNumSeqs > 0 ? (int)Math.Floor(kvRoom * TokensPerGiB / effective.MaxNumSeqs) : 0,
            },
            Breakdown = breakdown,
        };

        var findings = new List<EstimatorFinding>();
        var clusterMemory = memory * capacity.ClusterCount;

        if (totalWeights > clusterMemory)
        {
            // S9: nothing can fit, so no lever is offered.
            findings.Add(new EstimatorFinding(
                new Finding(
                    DiagnosticIds.ExceedsCluster,
                    $"the weights of {ValueRanges.Shorten(model.Id)} need {Numbers.F1(totalWeights)} GiB ({Numbers.F1(parameters / 1e9)}B parameters x {BytesPerParameter(bits)} bytes), "
                    + $"more than the {Numbers.F1(clusterMemory)} GiB of all {capacity.ClusterCount} declared GPUs ({capacity.ClusterCount} x {Numbers.F1(memory)} GiB); no parallelism can fit it",
                    SettingNames.Model),
                Array.Empty<string>()));
        }
        else if (perGpu > memory)
        {
            findings.Add(new EstimatorFinding(
                new Finding(
                    DiagnosticIds.DoesNotFit,
                    $"per-GPU need {Numbers.F1(perGpu)} GiB ({breakdown}) exceeds {gpu} ({derivation})",
                    kv > weights ? SettingNames.MaxNumSeqs : SettingNames.Model),
                new[] { SettingNames.MaxNumSeqs, SettingNames.TensorParallelSize, SettingNames.MaxModelLen }));
        }
        else if (peak > memory)
        {
            findings.Add(new EstimatorFinding(
                new Finding(
                    DiagnosticIds.StartupPeak,
                    $"startup peak {Numbers.F1(peak)} GiB (per-GPU {Numbers.F1(perGpu)} GiB = {breakdown}, x {Numbers.F2(options.StartupPeakFactor)}) exceeds {gpu}",
                    SettingNames.Model),
                new[] { SettingNames.MaxNumSeqs, SettingNames.TensorParallelSize, SettingNames.MaxModelLen }));
        }

        if (request.Settings.MaxNumSeqs is { } explicitSeqs && seqLenKnown && explicitSeqs > Math.Floor(sequencesHeld) && findings.Count == 0)
        {
            findings.Add(new EstimatorFinding(
                new Finding(
                    DiagnosticIds.BatchExceedsKvCache,
                    $"max-num-seqs {explicitSeqs} exceeds the {Math.Floor(sequencesHeld):0} sequences of {effective.MaxModelLen} tokens that the {Numbers.F1(Math.Max(0, kvRoom))} GiB left for the KV cache holds; longer batches wait or are preempted",
                    SettingNames.MaxNumSeqs),
                Array.Empty<string>()));
        }

        return new EstimationResult { Estimate = estimate, Findings = findings };
    }

    private static string Parallelism(EffectiveSettings effective) =>
        effective.PipelineParallelSize > 1
            ? $"(tensor-parallel-size {effective.TensorParallelSize} x pipeline-parallel-size {effective.PipelineParallelSize})"
            : $"tensor-parallel-size {effective.TensorParallelSize}";

    private static string BytesPerParameter(int bits) => bits >= 16 ? "2" : Numbers.F2(2.0 * bits / 16.0).TrimEnd('0').TrimEnd('.');

    /// <summary>"the 23.6 GiB of RTX 4090" or "the 24.0 GiB per GPU".</summary>
    internal static string GpuPhrase(GpuCapacity capacity) =>
        capacity.Gpu is not null
            ? $"the {Numbers.F1(capacity.MemoryGiB)} GiB of {capacity.Name}"
            : $"the {Numbers.F1(capacity.MemoryGiB)} GiB per GPU";
}
