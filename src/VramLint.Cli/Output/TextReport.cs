using VramLint.Core;
using VramLint.Core.Estimation;

namespace VramLint.Cli.Output;

/// <summary>The human report of <c>vramlint estimate</c>: the settings used, the per-GPU table, the verdicts and fixes.</summary>
internal static class TextReport
{
    public static void Write(TextWriter w, CheckResult result, IReadOnlyList<ReportedFinding> findings)
    {
        if (result.Estimate is { } e)
        {
            var s = e.Settings;
            var gpu = e.Gpu.Gpu is null ? e.Gpu.Name : $"{e.Gpu.Name} ({Numbers.F2(e.Gpu.MemoryGiB)} GiB visible to CUDA)";
            w.WriteLine($"{e.Model.Id} on {e.Gpu.Count} x {gpu}, {e.Estimator} estimator");
            w.WriteLine($"  tensor-parallel-size {s.TensorParallelSize}, pipeline-parallel-size {s.PipelineParallelSize}, max-model-len {(s.MaxModelLen > 0 ? s.MaxModelLen.ToString(System.Globalization.CultureInfo.InvariantCulture) : "unknown")}, "
                + $"max-num-seqs {s.MaxNumSeqs}, max-num-batched-tokens {s.MaxNumBatchedTokens}, gpu-memory-utilization {Numbers.F2(s.GpuMemoryUtilization)}");
            w.WriteLine($"  model: {Describe(e)}");
            w.WriteLine();
            w.WriteLine("  per GPU                GiB");
            Row(w, "weights", e.PerGpu.WeightsGiB);
            Row(w, "KV cache", e.PerGpu.KvCacheGiB);
            if (e.Estimator != "blog")
            {
                Row(w, "activation", e.PerGpu.ActivationGiB);
                Row(w, "non-torch", e.PerGpu.NonTorchGiB);
                Row(w, "CUDA graphs", e.PerGpu.CudaGraphGiB);
            }

            Row(w, "overhead", e.PerGpu.OverheadGiB);
            Row(w, "steady", e.PerGpu.SteadyGiB);
            Row(w, "startup peak", e.PerGpu.StartupPeakGiB);
            Row(w, "budget", e.PerGpu.BudgetGiB);
            Row(w, "GPU memory", e.PerGpu.CapacityGiB);
            if (e.KvCache.BytesPerToken <= 0)
            {
                w.WriteLine("  KV cache: per-token size unknown (the model's architecture is not known)");
            }
            else if (e.KvCache.CapacityTokens > 0 || e.Estimator != "blog")
            {
                w.WriteLine($"  KV cache: {Numbers.Grouped(e.KvCache.CapacityTokens)} tokens, {e.KvCache.BytesPerToken / 1024:0.#} KiB per token, "
                    + $"{e.KvCache.MaxConcurrency:0.##} requests of {s.MaxModelLen} tokens at once");
            }

            w.WriteLine();
        }

        foreach (var f in findings)
        {
            w.WriteLine($"{JsonReport.SeverityWord(f.Severity)} {f.Finding.Id}: {f.Finding.Message}");
            foreach (var fix in f.Finding.Fixes)
            {
                w.WriteLine($"  fix: {fix.Title}: --{fix.Setting} {fix.Value}");
            }
        }

        w.WriteLine(result.Verdict switch
        {
            null => "no verdict: " + result.Reason,
            true when result.Skipped.Count > 0 => "fits as far as checked; skipped " + string.Join("; ", result.Skipped),
            true => "fits",
            false => "does not fit",
        });
    }

    private static string Describe(MemoryEstimate e)
    {
        var p = e.Model.Parameters is { } n ? $"{Numbers.F1(n / 1e9)}B parameters" : "size unknown";
        return $"{p}, quantization {e.Model.Quantization}, weights {Numbers.F1(Numbers.ToGiB(e.WeightBytes))} GiB in total ({e.Model.Source.ToString().ToLowerInvariant()})";
    }

    private static void Row(TextWriter w, string label, double gib) => w.WriteLine($"    {label,-16}{gib,8:0.0}");
}
