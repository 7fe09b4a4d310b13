using VramLint.Core.Diagnostics;
using VramLint.Core.Models;
using VramLint.Core.Settings;

namespace VramLint.Core.Estimation;

/// <summary>
/// What vLLM will actually do at start-up (vllm-notes sections 2 and 8), per GPU of the worst pipeline stage:
/// budget = total x gpu-memory-utilization; KV pool = budget - weights - activation peak - non-torch - CUDA graphs;
/// then vLLM's own checks: the weights load, some memory is left for cache blocks, one max-model-len request fits.
/// </summary>
public sealed class VllmEstimator : IMemoryEstimator
{
    private const string ConservingMemory = "See https://docs.vllm.ai/en/latest/configuration/conserving_memory/";

    public EstimatorKind Kind => EstimatorKind.Vllm;

    public EstimationResult Estimate(EstimationRequest request)
    {
        var model = request.Model;
        var settings = request.Settings;
        var capacity = request.Capacity;
        var options = request.Options;
        var effective = VllmDefaults.Resolve(settings, model, capacity, options.VllmVersion);
        var tp = Math.Max(1, effective.TensorParallelSize);
        var pp = Math.Max(1, effective.PipelineParallelSize);
        var dp = Math.Max(1, effective.DataParallelSize);
        var spec = model.Spec;
        var components = spec is null ? null : ModelComponents.From(spec);

        var total = capacity.MemoryGiB;
        var gmu = effective.GpuMemoryUtilization;
        var budget = total * gmu;
        var context = RuntimeMemory.ContextGiB(tp, pp);
        var graphsOff = settings.EnforceEager == true || settings.OptimizationLevel == 0 || string.Equals(settings.CudagraphMode, "NONE", StringComparison.OrdinalIgnoreCase);
        var largestCapture = RuntimeMemory.LargestCapture(effective.MaxNumSeqs, settings.NumSpeculativeTokens ?? 0, effective.MaxNumBatchedTokens, settings.MaxCudagraphCaptureSize ?? settings.CudagraphCaptureSizes?.Max());
        var graphs = RuntimeMemory.CudaGraphGiB(largestCapture, graphsOff);

        // Graph memory is subtracted from the KV budget from vLLM 0.21 on; before, it came out of the headroom.
        var graphsInBudget = options.VllmVersion >= VllmVersion.V0_21;
        var nonTorch = RuntimeMemory.NonTorchGiB(tp, pp);
        var draft = DraftWeightsGiB(settings, tp);

        StageEstimate? worst = null;
        var stages = components is null ? new[] { (First: 0, End: 0) } : WeightBytes.PipelineStages(components.Layers, pp).ToArray();
        foreach (var (first, end) in stages)
        {
            var isLast = components is null || end >= components.Layers;
            var weights = StageWeightsGiB(model, components, settings, tp, dp, pp, first, end) + draft + LoraGiB(spec, settings, tp, end - first);
            weights = Math.Max(0, weights - (settings.CpuOffloadGb ?? 0));
            var activation = Numbers.ToGiB(RuntimeMemory.ActivationBytes(spec, model, tp, effective.MaxNumBatchedTokens, effective.MaxNumSeqs, isLast));
            var pool = settings.KvCacheMemoryBytes is { } fixedPool
                ? Numbers.ToGiB(fixedPool)
                : budget - weights - activation - nonTorch - (graphsInBudget ? graphs : 0);
            var kv = spec is null ? null : KvCacheSize.For(spec, tp, end - first, effective.KvCacheDtype, settings.Dtype, settings.DisableSlidingWindow == true);
            var stage = new StageEstimate(weights, activation, pool, kv);
            if (worst is null || stage.TokensPerGiB(effective) < worst.TokensPerGiB(effective) || stage.Weights > worst.Weights)
            {
                worst = stage;
            }
        }

        var s = worst!;
        var blockSize = settings.BlockSize ?? VllmDefaults.BlockSize;
        var derivedLength = VllmDefaults.DerivedMaxModelLen(model);
        var maxModelLen = effective.MaxModelLen;
        var poolBytes = Math.Max(0, s.Pool) * Numbers.BytesPerGiB;
        long fitting = 0;
        if (s.Kv is not null)
        {
            fitting = s.Kv.LongestFitting(poolBytes, effective.MaxNumBatchedTokens, derivedLength ?? Math.Max(maxModelLen, 1 << 21), blockSize);
            if (settings.MaxModelLenAuto)
            {
                // --max-model-len auto: vLLM lowers the length to what fits, up to the model's own maximum.
                maxModelLen = (int)Math.Min(fitting, derivedLength ?? fitting);
                effective = effective with { MaxModelLen = maxModelLen };
            }
        }

        var requestGiB = s.Kv is not null && maxModelLen > 0 ? Numbers.ToGiB(s.Kv.RequestBytes(maxModelLen, effective.MaxNumBatchedTokens, blockSize)) : 0;
        var concurrency = requestGiB > 0 && s.Pool > 0 ? s.Pool / requestGiB : 0;
        var bytesPerToken = s.Kv?.BytesPerToken ?? 0;
        var steady = s.Weights + s.Activation + nonTorch + graphs + requestGiB;
        var outside = context + (graphsInBudget ? 0 : graphs);
        var requested = Math.Ceiling(budget * 100) / 100;
        var totalWeights = TotalWeightsGiB(model, components, settings);

        var breakdown = $"budget {Numbers.F1(budget)} GiB ({Numbers.F2(gmu)} x {Numbers.F2(total)}) - weights {Numbers.F1(s.Weights)} - activation {Numbers.F1(s.Activation)}"
            + $" - non-torch {Numbers.F2(nonTorch)}" + (graphsInBudget ? $" - CUDA graphs {Numbers.F2(graphs)}" : "")
            + $" = KV cache {Numbers.F2(s.Pool)} GiB"
            + (settings.KvCacheMemoryBytes is not null ? " (set by --kv-cache-memory-bytes)" : "")
            + (spec is null ? "; weights estimated from the name, KV cache per token unknown" : "");

        var estimate = new MemoryEstimate
        {
            Estimator = "vllm",
            Model = model,
            WeightBytes = totalWeights * Numbers.BytesPerGiB,
            Gpu = capacity,
            Settings = effective,
            PerGpu = new PerGpuMemory
            {
                WeightsGiB = s.Weights,
                KvCacheGiB = Math.Max(0, s.Pool),
                ActivationGiB = s.Activation,
                NonTorchGiB = nonTorch,
                CudaGraphGiB = graphs,
                OverheadGiB = outside,
                SteadyGiB = steady,
                StartupPeakGiB = requested + outside,
                BudgetGiB = budget,
                CapacityGiB = total,
            },
            KvCache = new KvCacheFacts
            {
                BytesPerToken = bytesPerToken,
                CapacityTokens = (long)Math.Floor(concurrency * maxModelLen),
                MaxConcurrency = concurrency,
                MaxFittingModelLen = s.Kv is null ? null : (int)Math.Min(int.MaxValue, fitting),
            },
            Breakdown = breakdown,
        };

        return new EstimationResult { Estimate = estimate, Findings = Verdicts(request, estimate, s, totalWeights, requestGiB, fitting, context, outside, derivedLength) };
    }

    private static IReadOnlyList<EstimatorFinding> Verdicts(EstimationRequest request, MemoryEstimate e, StageEstimate s, double totalWeights, double requestGiB, long fitting, double context, double outside, int? derivedLength)
    {
        var findings = new List<EstimatorFinding>();
        var settings = request.Settings;
        var capacity = request.Capacity;
        var model = request.Model;
        var p = e.PerGpu;
        var len = e.Settings.MaxModelLen;
        var gpu = $"{capacity.Name} ({Numbers.F2(p.CapacityGiB)} GiB)";
        var cluster = capacity.ClusterCount * p.CapacityGiB;
        var tpLever = new[] { SettingNames.TensorParallelSize };

        if (totalWeights > cluster)
        {
            findings.Add(new EstimatorFinding(
                new Finding(
                    DiagnosticIds.ExceedsCluster,
                    $"the weights of {model.Id} take {Numbers.F1(totalWeights)} GiB, more than the {Numbers.F1(cluster)} GiB of all {capacity.ClusterCount} declared GPUs "
                    + $"({capacity.ClusterCount} x {Numbers.F2(p.CapacityGiB)} GiB); no parallelism can fit it: use a quantized checkpoint or more GPUs",
                    SettingNames.Model),
                Array.Empty<string>()));
            return findings;
        }

        var free = p.CapacityGiB - context;
        if (s.Weights > free)
        {
            findings.Add(new EstimatorFinding(
                new Finding(
                    DiagnosticIds.DoesNotFit,
                    $"the weights need {Numbers.F1(s.Weights)} GiB per GPU ({Numbers.F1(totalWeights)} GiB over tensor-parallel-size {e.Settings.TensorParallelSize}"
                    + (e.Settings.PipelineParallelSize > 1 ? $" x pipeline-parallel-size {e.Settings.PipelineParallelSize}" : "")
                    + $"), more than the {Numbers.F1(free)} GiB free on {gpu} after the CUDA context; "
                    + "vLLM would stop with: Failed to load model - not enough GPU memory (CUDA out of memory)",
                    SettingNames.Model),
                tpLever));
            return findings;
        }

        if (s.Pool <= 0)
        {
            findings.Add(new EstimatorFinding(
                new Finding(
                    DiagnosticIds.DoesNotFit,
                    $"no memory is left for the KV cache: {e.Breakdown}; vLLM would stop with: No available memory for the cache blocks. "
                    + "Try increasing `gpu_memory_utilization` when initializing the engine",
                    SettingNames.Model),
                tpLever));
            return findings;
        }

        if (s.Kv is not null && len > 0)
        {
            if (settings.MaxModelLenAuto && fitting < 1)
            {
                findings.Add(new EstimatorFinding(
                    new Finding(
                        DiagnosticIds.DoesNotFit,
                        $"max-model-len auto finds no length that fits: {e.Breakdown}; vLLM would stop with: Cannot auto-fit max_model_len: not enough GPU memory available to serve even a single token",
                        SettingNames.MaxModelLen),
                    tpLever));
            }
            else if (requestGiB > p.KvCacheGiB)
            {
                var suggestion = FixSearch.RoundLength((int)Math.Min(int.MaxValue, fitting));
                findings.Add(new EstimatorFinding(
                    new Finding(
                        DiagnosticIds.DoesNotFit,
                        $"one request of max-model-len {len} needs {Numbers.F2(requestGiB)} GiB of KV cache ({Numbers.F1(e.KvCache.BytesPerToken / 1024)} KiB per token per GPU), "
                        + $"more than the {Numbers.F2(p.KvCacheGiB)} GiB left ({e.Breakdown}); the largest max-model-len that fits is {suggestion}; "
                        + $"vLLM would stop with: To serve at least one request with the model's max seq len ({len}), ({Numbers.F2(requestGiB)} GiB KV cache is needed, "
                        + $"which is larger than the available KV cache memory ({Numbers.F2(p.KvCacheGiB)} GiB). Based on the available memory, the estimated maximum model length is {fitting}",
                        SettingNames.MaxModelLen),
                    new[] { SettingNames.MaxModelLen, SettingNames.TensorParallelSize }));
            }
        }

        if (derivedLength is { } derived && settings.MaxModelLen is { } written && written > derived)
        {
            findings.Add(new EstimatorFinding(
                new Finding(
                    DiagnosticIds.InvalidValue,
                    $"max-model-len {written} is longer than {model.Id} supports ({derived}); vLLM would stop with: User-specified max_model_len ({written}) is greater than the derived max_model_len ({derived})",
                    SettingNames.MaxModelLen),
                new[] { SettingNames.MaxModelLen }));
        }

        if (p.StartupPeakGiB > p.CapacityGiB)
        {
            findings.Add(new EstimatorFinding(
                new Finding(
                    DiagnosticIds.StartupPeak,
                    $"vLLM requests {Numbers.F1(p.BudgetGiB)} GiB ({Numbers.F2(e.Settings.GpuMemoryUtilization)} x {Numbers.F2(p.CapacityGiB)}) up front, and {Numbers.F2(outside)} GiB "
                    + $"(CUDA context{(outside > context ? ", CUDA graphs" : "")}) lives outside that budget: {Numbers.F1(p.StartupPeakGiB)} GiB exceeds the {Numbers.F2(p.CapacityGiB)} GiB of {capacity.Name}; "
                    + "vLLM would stop with: Free memory on device ... on startup is less than desired GPU memory utilization; lower gpu-memory-utilization",
                    SettingNames.GpuMemoryUtilization),
                Array.Empty<string>()));
        }

        if (settings.MaxNumSeqs is { } seqs && e.KvCache.MaxConcurrency > 0 && seqs > Math.Floor(e.KvCache.MaxConcurrency) && findings.All(f => f.Finding.Id != DiagnosticIds.DoesNotFit))
        {
            findings.Add(new EstimatorFinding(
                new Finding(
                    DiagnosticIds.BatchExceedsKvCache,
                    $"max-num-seqs {seqs} exceeds the {Math.Floor(e.KvCache.MaxConcurrency):0} requests of {len} tokens the {Numbers.F2(p.KvCacheGiB)} GiB KV cache holds at once "
                    + $"(vLLM: Maximum concurrency for {len} tokens per request: {e.KvCache.MaxConcurrency:0.00}x); longer batches will be preempted",
                    SettingNames.MaxNumSeqs),
                new[] { SettingNames.MaxNumSeqs }));
        }

        return findings;
    }

    /// <summary>Weights one GPU of the stage holds; from the parameter count when only the name is known.</summary>
    private static double StageWeightsGiB(ModelResolution model, ModelComponents? components, DeploymentSettings settings, int tp, int dp, int pp, int first, int end)
    {
        if (components is not null)
        {
            return Numbers.ToGiB(WeightBytes.PerGpu(components, model.Spec!, model.Quantization, settings.Dtype, tp, dp, first, end, pp));
        }

        return TotalWeightsGiB(model, null, settings) / (tp * pp);
    }

    private static double TotalWeightsGiB(ModelResolution model, ModelComponents? components, DeploymentSettings settings)
    {
        if (components is not null)
        {
            return Numbers.ToGiB(WeightBytes.Total(components, model.Spec!, model.Quantization, settings.Dtype));
        }

        // Name only: every parameter at the scheme's size, plus a tenth for the 16-bit embeddings, head and norms a
        // quantized checkpoint keeps (Qwen2.5-72B-AWQ: 38.7 GiB against 35.2 from the parameters alone).
        var parameters = model.Parameters ?? 0;
        var bytes = WeightBytes.QuantizedBytes(model.Quantization, settings.Dtype);
        return Numbers.ToGiB(parameters * bytes * (model.Quantization.IsQuantized ? 1.10 : 1.0));
    }

    /// <summary>A separate draft model of --speculative-config is loaded on the same GPUs, sharded like the target.</summary>
    private static double DraftWeightsGiB(DeploymentSettings settings, int tp)
    {
        if (string.IsNullOrWhiteSpace(settings.SpeculativeModel))
        {
            return 0;
        }

        var draft = ModelResolver.Resolve(settings.SpeculativeModel!);
        var components = draft.Spec is null ? null : ModelComponents.From(draft.Spec);
        return TotalWeightsGiB(draft, components, settings) / tp;
    }

    /// <summary>LoRA slots are preallocated: max-loras x rank x (inputs + outputs) of every projection, 16-bit.</summary>
    private static double LoraGiB(ModelSpec? spec, DeploymentSettings settings, int tp, int layers)
    {
        if (settings.EnableLora != true || spec?.HiddenSize is not { } hidden)
        {
            return 0;
        }

        var heads = spec.NumAttentionHeads ?? 1;
        var headDim = spec.HeadDim ?? (hidden / heads);
        var kv = spec.NumKeyValueHeads ?? heads;
        var width = spec.IntermediateSize ?? (4 * hidden);
        double perLayer = (4.0 * hidden) + (heads * headDim * 2.0) + (2.0 * kv * headDim) + (3.0 * (hidden + width));
        var slots = (settings.MaxLoras ?? 1) * (settings.MaxLoraRank ?? 16);
        return Numbers.ToGiB(slots * perLayer * layers * 2.0 / tp);
    }

    private sealed record StageEstimate(double Weights, double Activation, double Pool, KvCacheSize? Kv)
    {
        /// <summary>How many tokens a GiB of this stage's pool holds; the stage with the fewest decides (vLLM takes the minimum block count).</summary>
        public double TokensPerGiB(EffectiveSettings effective) =>
            Kv is null || Kv.BytesPerToken <= 0 ? Pool : Pool * Numbers.BytesPerGiB / Kv.BytesPerToken;
    }
}
