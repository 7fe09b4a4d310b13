using VramLint.Core.Diagnostics;
using VramLint.Core.Settings;

namespace VramLint.Core.Estimation;

/// <summary>
/// vLLM's start-up failures as findings (vllm-notes 2.6 and 8), in the order vLLM meets them, each quoting how vLLM
/// words it. The weight and cache-block failures land on the model (what is too large for the GPU; the fix raising
/// tensor-parallel-size edits or adds that value wherever it is), the length failure on max-model-len, the start-up
/// peak on gpu-memory-utilization, a batch the cache cannot hold on max-num-seqs.
/// </summary>
internal static class VllmVerdicts
{
    private static readonly string[] WeightLevers = { SettingNames.TensorParallelSize };

    /// <summary>Lowering max-num-seqs shrinks the sampler warm-up and the CUDA graphs; the fix search offers it only when that is enough.</summary>
    private static readonly string[] PoolLevers = { SettingNames.TensorParallelSize, SettingNames.MaxNumSeqs };

    private static readonly string[] LengthLevers = { SettingNames.MaxModelLen, SettingNames.TensorParallelSize, SettingNames.MaxNumSeqs };

    public static IReadOnlyList<EstimatorFinding> For(EstimationRequest request, VllmFacts facts)
    {
        var findings = Verdicts(request, facts);
        var assumed = !request.Options.VllmVersionDeclared && request.Options.VllmVersion == VllmVersion.Latest && !request.WithoutText;
        return assumed ? findings.Select(AssumingNewest).ToList() : findings;
    }

    /// <summary>
    /// Without <c>vramlint.vllm_version</c> (and no other release given, such as an image tag) the newest release's
    /// accounting is used; a start-up verdict says so, since an older release (V0 profiling, the 0.11 sampler, graphs
    /// outside the budget) can decide otherwise.
    /// </summary>
    private static EstimatorFinding AssumingNewest(EstimatorFinding finding) =>
        finding.Finding.Id is DiagnosticIds.DoesNotFit or DiagnosticIds.StartupPeak
            ? finding with
            {
                Finding = new Finding(
                    finding.Finding.Id,
                    finding.Finding.Message + $" (assuming vLLM {VllmVersion.Latest}: set vramlint.vllm_version to the release you run)",
                    finding.Finding.Setting,
                    finding.Finding.Location,
                    finding.Finding.Fixes),
            }
            : finding;

    private static List<EstimatorFinding> Verdicts(EstimationRequest request, VllmFacts facts)
    {
        var findings = new List<EstimatorFinding>();
        var e = facts.Estimate;
        var p = e.PerGpu;
        var settings = request.Settings;
        var capacity = request.Capacity;
        var model = request.Model;
        var s = facts.Worst;
        var len = e.Settings.MaxModelLen;
        string Gpu() => $"{capacity.Name} ({Numbers.F2(p.CapacityGiB)} GiB)";

        // A fix-search candidate is read for its finding IDs only: its messages are not written (each is a dozen numbers).
        EstimatorFinding Finding(string id, Func<string> message, string setting, IReadOnlyList<string>? levers = null) =>
            new(new Finding(id, request.WithoutText ? "" : message(), setting), levers ?? Array.Empty<string>());

        var clusterCount = Math.Max(1, capacity.ClusterCount);
        var cluster = clusterCount * p.CapacityGiB;

        if (facts.TotalWeightsGiB > cluster)
        {
            findings.Add(Finding(
                DiagnosticIds.ExceedsCluster,
                () => $"the weights of {ValueRanges.Shorten(model.Id)} take {Numbers.F1(facts.TotalWeightsGiB)} GiB, more than the {Numbers.F1(cluster)} GiB of all {clusterCount} declared GPUs "
                + $"({clusterCount} x {Numbers.F2(p.CapacityGiB)} GiB); no parallelism can fit it: use a quantized checkpoint or more GPUs",
                SettingNames.Model));
            return findings;
        }

        var free = p.CapacityGiB - facts.Runtime.ContextGiB;
        if (s.Weights > free)
        {
            findings.Add(Finding(
                DiagnosticIds.DoesNotFit,
                () => $"the weights need {Numbers.F1(s.Weights)} GiB per GPU ({Numbers.F1(facts.TotalWeightsGiB)} GiB over tensor-parallel-size {e.Settings.TensorParallelSize}"
                + (e.Settings.PipelineParallelSize > 1 ? $" x pipeline-parallel-size {e.Settings.PipelineParallelSize}" : "")
                + $"), more than the {Numbers.F1(free)} GiB free on {Gpu()} after the CUDA context; "
                + "vLLM would stop with: Failed to load model - not enough GPU memory (CUDA out of memory)",
                SettingNames.Model,
                WeightLevers));
            return findings;
        }

        if (settings.KvCacheMemoryBytes is not null)
        {
            var sum = s.Weights + s.Activation + p.NonTorchGiB + p.CudaGraphGiB + s.Pool;
            if (sum > free)
            {
                findings.Add(Finding(
                    DiagnosticIds.DoesNotFit,
                    () => $"the KV cache set by --kv-cache-memory-bytes does not fit beside the rest: weights {Numbers.F1(s.Weights)} + activation {Numbers.F1(s.Activation)} "
                    + $"+ non-torch {Numbers.F2(p.NonTorchGiB)} + CUDA graphs {Numbers.F2(p.CudaGraphGiB)} + KV cache {Numbers.F2(s.Pool)} = {Numbers.F1(sum)} GiB, "
                    + $"more than the {Numbers.F1(free)} GiB free on {Gpu()} after the CUDA context; vLLM would stop with: CUDA out of memory",
                    SettingNames.KvCacheMemoryBytes,
                    WeightLevers));
                return findings;
            }
        }
        else if (s.Pool <= 0 && s.Kv is not { KeepsNothing: true })
        {
            findings.Add(Finding(
                DiagnosticIds.DoesNotFit,
                () => $"no memory is left for the KV cache: {e.Breakdown}; vLLM would stop with: No available memory for the cache blocks. "
                + "Try increasing `gpu_memory_utilization` when initializing the engine",
                SettingNames.Model,
                PoolLevers));
            return findings;
        }

        if (s.Kv is not null && s.LongestFitting is { } fitting)
        {
            if (settings.MaxModelLenAuto && fitting < 1)
            {
                findings.Add(Finding(
                    DiagnosticIds.DoesNotFit,
                    () => $"max-model-len auto finds no length that fits: {e.Breakdown}; vLLM would stop with: Cannot auto-fit max_model_len: not enough GPU memory available to serve even a single token",
                    SettingNames.MaxModelLen,
                    PoolLevers));
            }
            else if (len > 0 && facts.RequestGiB > p.KvCacheGiB)
            {
                var suggestion = FixSearch.RoundLength((int)Math.Min(int.MaxValue, fitting));
                findings.Add(Finding(
                    DiagnosticIds.DoesNotFit,
                    () => $"one request of max-model-len {len} needs {Numbers.F2(facts.RequestGiB)} GiB of KV cache ({Numbers.F1(e.KvCache.BytesPerToken / 1024)} KiB per token per GPU), "
                    + $"more than the {Numbers.F2(p.KvCacheGiB)} GiB left ({e.Breakdown}); the largest max-model-len that fits is {suggestion}; "
                    + $"vLLM would stop with: To serve at least one request with the model's max seq len ({len}), ({Numbers.F2(facts.RequestGiB)} GiB KV cache is needed, "
                    + $"which is larger than the available KV cache memory ({Numbers.F2(p.KvCacheGiB)} GiB). Based on the available memory, the estimated maximum model length is {fitting}",
                    SettingNames.MaxModelLen,
                    LengthLevers));
            }
        }

        if (facts.DerivedLength is { } derived && settings.MaxModelLen is { } written && written > derived)
        {
            findings.Add(Finding(
                DiagnosticIds.InvalidValue,
                () => $"max-model-len {written} is longer than {ValueRanges.Shorten(model.Id)} supports ({derived}); vLLM would stop with: User-specified max_model_len ({written}) is greater than the derived max_model_len ({derived})",
                SettingNames.MaxModelLen,
                new[] { SettingNames.MaxModelLen }));
        }

        if (StateBlocksBelowSequences(request, facts) is { } stateBlocks)
        {
            var sequences = e.Settings.MaxNumSeqs;
            findings.Add(Finding(
                DiagnosticIds.DoesNotFit,
                () => $"max-num-seqs {sequences} exceeds the {Numbers.Int(stateBlocks)} blocks the {Numbers.F2(p.KvCacheGiB)} GiB KV cache holds, and a hybrid model's every decoding sequence needs one for its "
                + $"recurrent state ({e.Breakdown}); vLLM would stop with: max_num_seqs ({sequences}) exceeds available Mamba cache blocks ({stateBlocks}). "
                + "Each decode sequence requires one Mamba cache block, so CUDA graph capture cannot proceed",
                SettingNames.MaxNumSeqs,
                new[] { SettingNames.MaxNumSeqs, SettingNames.TensorParallelSize }));
        }

        if (p.StartupPeakGiB > p.CapacityGiB)
        {
            findings.Add(Finding(DiagnosticIds.StartupPeak, () => StartupPeakMessage(e, facts.Runtime, capacity.Name), SettingNames.GpuMemoryUtilization));
        }

        if (settings.MaxNumSeqs is { } seqs && e.KvCache.MaxConcurrency > 0 && seqs > Math.Floor(e.KvCache.MaxConcurrency) && findings.All(f => f.Finding.Id != DiagnosticIds.DoesNotFit))
        {
            var held = (long)Math.Floor(e.KvCache.MaxConcurrency);
            findings.Add(Finding(
                DiagnosticIds.BatchExceedsKvCache,
                () => $"max-num-seqs {seqs} exceeds the {Numbers.Int(held)} request{(held == 1 ? "" : "s")} of {len} tokens the {Numbers.F2(p.KvCacheGiB)} GiB KV cache holds at once "
                + $"(vLLM: Maximum concurrency for {len} tokens per request: {Numbers.F2(e.KvCache.MaxConcurrency)}x); vLLM still starts and schedules only what fits, "
                + "so more requests of full length wait or are preempted; shorter requests share the cache",
                SettingNames.MaxNumSeqs));
        }

        return findings;
    }

    /// <summary>
    /// The blocks of a hybrid model's pool when they are fewer than max-num-seqs and the release refuses that (CUDA graphs
    /// on, nothing else already failing); null otherwise.
    /// </summary>
    private static long? StateBlocksBelowSequences(EstimationRequest request, VllmFacts facts)
    {
        var e = facts.Estimate;
        if (facts.Worst.Kv is not { Groups.StateLayers: > 0 } kv || RuntimeTerms.GraphsOff(request.Settings)
            || !VllmBehaviour.Of(request.Options.VllmVersion).RefusesSequencesBeyondStateBlocks || facts.Worst.Pool <= 0)
        {
            return null;
        }

        var blockSize = request.Settings.BlockSize is > 0 ? request.Settings.BlockSize.Value : VllmDefaults.BlockSize;
        var blocks = VllmBlocks.Of(facts.Worst.Pool * Numbers.BytesPerGiB, kv, blockSize, e.Settings.MaxModelLen, e.Settings.MaxNumBatchedTokens).Blocks;
        return blocks < e.Settings.MaxNumSeqs && facts.RequestGiB <= e.PerGpu.KvCacheGiB ? blocks : null;
    }

    /// <summary>
    /// VRAM002: the budget is requested up front and the CUDA context (NCCL with a process group) is already there;
    /// before vLLM 0.21 the CUDA graphs come on top of both.
    /// </summary>
    private static string StartupPeakMessage(MemoryEstimate e, RuntimeTerms runtime, string gpuName)
    {
        var p = e.PerGpu;
        var parts = new List<string> { runtime.Collective ? "CUDA context and NCCL" : "CUDA context" };
        if (!runtime.GraphsInBudget && runtime.GraphsGiB > 0)
        {
            parts.Add("CUDA graphs");
        }

        var head = $"vLLM requests {Numbers.F1(p.BudgetGiB)} GiB ({Numbers.F2(e.Settings.GpuMemoryUtilization)} x {Numbers.F2(p.CapacityGiB)}) up front, and {Numbers.F2(runtime.OutsideBudgetGiB)} GiB "
            + $"({string.Join(", ", parts)}) lives outside that budget: {Numbers.F1(p.StartupPeakGiB)} GiB exceeds the {Numbers.F2(p.CapacityGiB)} GiB of {gpuName}; ";
        var beforeGraphs = p.StartupPeakGiB - (runtime.GraphsInBudget ? 0 : runtime.GraphsGiB);
        if (beforeGraphs > p.CapacityGiB)
        {
            return head + "vLLM would stop with: Free memory on device ... on startup is less than desired GPU memory utilization; lower gpu-memory-utilization";
        }

        // Before 0.21 the graphs are captured into the room the profiled activation peak left free (vLLM issue 11452:
        // the service comes up, then runs out of memory when requested).
        return (p.CapturePeakGiB ?? p.StartupPeakGiB) > p.CapacityGiB
            ? head + "vLLM would run out of memory capturing CUDA graphs after sizing the KV cache (CUDA out of memory); lower gpu-memory-utilization or add --enforce-eager"
            : head + $"vLLM would start, its {Numbers.F2(runtime.GraphsGiB)} GiB of CUDA graphs taking the room of the {Numbers.F2(p.ActivationGiB)} GiB activation peak it profiled, "
                + "and then run out of memory on a batch that needs that peak (CUDA out of memory); lower gpu-memory-utilization or add --enforce-eager";
    }
}
