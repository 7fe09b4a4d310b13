using VramLint.Core.Models;
using VramLint.Core.Settings;

namespace VramLint.Core.Estimation;

/// <summary>
/// What vLLM will actually do at start-up (vllm-notes sections 2 and 8), per GPU of the worst pipeline stage:
/// budget = total x gpu-memory-utilization; KV pool = budget - weights - activation peak - non-torch - CUDA graphs;
/// then vLLM's own checks: the weights load, some memory is left for cache blocks, one max-model-len request fits.
/// docs/accuracy.md gives each term's source and its error on the calibration set.
/// </summary>
public sealed class VllmEstimator : IMemoryEstimator
{
    /// <summary>The search bound for the longest fitting length when the model states none (vLLM's own bound is max-model-len).</summary>
    private const long UnknownLengthBound = 1L << 21;

    public EstimatorKind Kind => EstimatorKind.Vllm;

    public EstimationResult Estimate(EstimationRequest request)
    {
        var model = request.Model;
        var settings = request.Settings;
        var capacity = request.Capacity;
        var effective = VllmDefaults.Resolve(settings, model, capacity, request.Options.VllmVersion);
        var tp = Math.Max(1, effective.TensorParallelSize);
        var pp = Math.Max(1, effective.PipelineParallelSize);
        var dp = Math.Max(1, effective.DataParallelSize);
        var spec = model.Spec;
        var components = spec is null ? null : ModelComponents.From(spec);

        var total = Finite(capacity.MemoryGiB);
        var gmu = Finite(effective.GpuMemoryUtilization);
        var budget = total * gmu;
        var runtime = RuntimeTerms.For(settings, effective, capacity, request.Options.VllmVersion, tp, pp, GraphShape.Of(spec, pp));
        var draft = SpeculativeDraft.For(settings, model, components, tp, dp);
        var blockSize = settings.BlockSize is > 0 ? settings.BlockSize.Value : VllmDefaults.BlockSize;
        var derivedLength = VllmDefaults.DerivedMaxModelLen(model);
        var longestStated = Math.Max(derivedLength ?? 0, effective.MaxModelLen);
        var lengthBound = longestStated > 0 ? longestStated : UnknownLengthBound;
        var totalWeights = TotalWeightBytes(model, components, settings);
        var multimodal = MultimodalProfile.For(spec, settings, effective, request.Options.VllmVersion, tp);
        var pooling = settings.IsPooling || EncoderOnlyModels.Is(spec);
        var hybrid = new HybridCacheOptions(
            settings.MambaSsmCacheDtype is "float32" ? 4 : settings.MambaSsmCacheDtype is "bfloat16" or "float16" ? 2 : null,
            VllmBehaviour.Of(request.Options.VllmVersion).MambaAlignMode(settings.EnablePrefixCaching));

        var stages = new List<PipelineStage>();
        foreach (var (first, end) in StageLayers(spec, components, pp))
        {
            var isLast = end >= (spec?.NumHiddenLayers ?? 0);
            var weights = StageWeightBytes(model, components, settings, totalWeights, tp, dp, pp, first, end)
                + (isLast ? draft.BytesPerGpu : 0)
                + LoraSlots.BytesPerGpu(spec, settings, tp, end - first)
                + (first == 0 ? multimodal.WeightBytes : 0);
            var weightsGiB = Math.Max(0, Numbers.ToGiB(weights) - Math.Max(0, Finite(settings.CpuOffloadGb ?? 0)));
            // The pooling runner warms up its pooler, not the sampler; the encoder profile runs on the first stage, whose
            // language-model dummy run then holds the encoder's outputs.
            double ActivationWith(VllmSampler sampler) => Numbers.ToGiB(Math.Max(
                RuntimeMemory.ActivationBytes(spec, model, tp, effective.MaxNumBatchedTokens, effective.MaxNumSeqs, isLast && !pooling, request.Options.VllmVersion, effective.ChunkedPrefill, sampler)
                    + (first == 0 ? multimodal.HeldBytes : 0),
                first == 0 ? multimodal.ActivationBytes : 0));
            var activation = ActivationWith(request.Options.Sampler);

            // Undeclared, the sampler kernel is an assumption the breakdown states when the other kernel moves the activation.
            var otherSampler = request.Options.Sampler == VllmSampler.FlashInfer ? VllmSampler.PyTorch : VllmSampler.FlashInfer;
            double? otherSamplerActivation = isLast && !pooling && !request.Options.SamplerDeclared && VllmBehaviour.Of(request.Options.VllmVersion).SamplerKernelMatters
                ? ActivationWith(otherSampler)
                : null;
            var pool = settings.KvCacheMemoryBytes is { } fixedPool
                ? Numbers.ToGiB(fixedPool)
                : budget - weightsGiB - activation - runtime.NonTorchGiB - runtime.GraphsInBudgetGiB;
            var kv = spec is null ? null : KvCacheSize.For(spec, tp, end - first, effective.KvCacheDtype, settings.Dtype, settings.DisableSlidingWindow == true || settings.DisableHybridKvCacheManager == true, hybrid);
            if (isLast)
            {
                // The drafter runs on the last stage; when its own cache is unknown the breakdown says so.
                kv = kv?.Plus(draft.Kv);
            }

            var fitting = kv?.LongestFitting(Math.Max(0, pool) * Numbers.BytesPerGiB, effective.MaxNumBatchedTokens, lengthBound, blockSize);
            stages.Add(new PipelineStage(stages.Count, first, end, weightsGiB, activation, pool, kv, fitting) { Sampler = request.Options.Sampler, OtherSamplerActivation = otherSamplerActivation });
        }

        var worst = Worst(stages, total - runtime.ContextGiB);
        if (settings.MaxModelLenAuto && worst.LongestFitting is { } longest)
        {
            // --max-model-len auto: vLLM lowers the length to what fits on every worker, up to the model's own maximum.
            effective = effective with { MaxModelLen = (int)Math.Min(longest, derivedLength ?? int.MaxValue) };
        }

        var maxModelLen = effective.MaxModelLen;
        var requestGiB = worst.Kv is not null && maxModelLen > 0 ? Numbers.ToGiB(worst.Kv.RequestBytes(maxModelLen, effective.MaxNumBatchedTokens, blockSize)) : 0;
        var kvCapacity = worst.Kv is null ? default : VllmBlocks.Of(Math.Max(0, worst.Pool) * Numbers.BytesPerGiB, worst.Kv, blockSize, maxModelLen, effective.MaxNumBatchedTokens);
        var requested = Math.Ceiling(budget * 100) / 100;

        var estimate = new MemoryEstimate
        {
            Estimator = "vllm",
            Model = model,
            WeightBytes = totalWeights,
            Gpu = capacity,
            Settings = effective,
            PerGpu = new PerGpuMemory
            {
                WeightsGiB = worst.Weights,
                // An encoder-only model gets no KV cache spec: vLLM neither profiles it nor allocates the budget's rest.
                KvCacheGiB = pooling && worst.Kv is { KeepsNothing: true } ? 0 : Math.Max(0, worst.Pool),
                ActivationGiB = worst.Activation,
                NonTorchGiB = runtime.NonTorchGiB,
                CudaGraphGiB = runtime.GraphsGiB,
                OverheadGiB = runtime.OutsideBudgetGiB,
                SteadyGiB = worst.Weights + worst.Activation + runtime.NonTorchGiB + runtime.GraphsGiB + requestGiB,
                StartupPeakGiB = requested + runtime.OutsideBudgetGiB,
                CapturePeakGiB = requested + runtime.ContextGiB + Math.Max(0, runtime.GraphsGiB - runtime.GraphsInBudgetGiB - worst.Activation),
                BudgetGiB = budget,
                CapacityGiB = total,
            },
            KvCache = new KvCacheFacts
            {
                BytesPerToken = worst.Kv?.BytesPerToken ?? 0,
                CapacityTokens = kvCapacity.Tokens,
                MaxConcurrency = kvCapacity.Concurrency,
                MaxFittingModelLen = worst.LongestFitting is { } fit ? (int)Math.Min(int.MaxValue, fit) : null,
            },
            DescribeBreakdown = request.WithoutText ? null : BreakdownOf(model, settings, runtime, budget, gmu, total, worst, stages.Count, draft, tp, multimodal, pooling),
        };

        var facts = new VllmFacts(estimate, worst, runtime, requestGiB, derivedLength, Numbers.ToGiB(totalWeights));
        return new EstimationResult { Estimate = estimate, Findings = VllmVerdicts.For(request, facts) };
    }

    /// <summary>
    /// The breakdown's text, written when first read. A method of its own, so that the closure holding these values is
    /// made here and only for an estimate that keeps its text (a fix-search candidate makes none).
    /// </summary>
    private static Func<string> BreakdownOf(ModelResolution model, DeploymentSettings settings, RuntimeTerms runtime, double budget, double gmu, double total, PipelineStage worst, int stageCount, SpeculativeDraft draft, int tp, MultimodalProfile multimodal, bool pooling) =>
        () => VllmBreakdown.Describe(model, settings, runtime, budget, gmu, total, worst, stageCount, draft, tp, multimodal, pooling);

    /// <summary>
    /// The stage that decides: one whose weights do not load, else the one with the least pool when some pool is gone,
    /// else the one whose longest fitting request is shortest (vLLM checks every worker and keeps the least block count).
    /// </summary>
    private static PipelineStage Worst(IReadOnlyList<PipelineStage> stages, double loadableGiB)
    {
        // Plain loops, first of equals kept as OrderBy(...).First() would: LINQ ordering by a double or a long is
        // JIT-compiled afresh in every compiler process that runs the analyzer.
        var heaviest = stages[0];
        var leastPool = stages[0];
        var shortest = stages[0];
        foreach (var stage in stages)
        {
            heaviest = stage.Weights > heaviest.Weights ? stage : heaviest;
            leastPool = stage.Pool < leastPool.Pool ? stage : leastPool;
            long longest = stage.LongestFitting ?? long.MaxValue, shortestLongest = shortest.LongestFitting ?? long.MaxValue;
            shortest = longest < shortestLongest || (longest == shortestLongest && stage.TokensHeld < shortest.TokensHeld) ? stage : shortest;
        }

        if (heaviest.Weights > loadableGiB)
        {
            return heaviest;
        }

        return leastPool.Pool <= 0 ? leastPool : shortest;
    }

    /// <summary>Each stage's [first, end) decoder layers; one stage holding everything when the layer count is unknown.</summary>
    private static IReadOnlyList<(int First, int End)> StageLayers(ModelSpec? spec, ModelComponents? components, int pp)
    {
        var layers = components?.Layers ?? spec?.NumHiddenLayers ?? 0;
        return layers > 0 ? WeightBytes.PipelineStages(layers, pp) : new[] { (0, 0) };
    }

    /// <summary>
    /// Weight bytes one GPU of the stage holds; an even share of the total when the architecture is unknown. Exact checkpoint
    /// bytes rescale the computed layout, so sharding and replication keep their shape while the total is the checkpoint's.
    /// </summary>
    private static double StageWeightBytes(ModelResolution model, ModelComponents? components, DeploymentSettings settings, double totalWeights, int tp, int dp, int pp, int first, int end)
    {
        if (components is null)
        {
            return totalWeights / ((double)tp * pp);
        }

        var computed = WeightBytes.PerGpu(components, model.Spec!, model.Quantization, settings.Dtype, tp, dp, first, end, pp);
        var computedTotal = WeightBytes.Total(components, model.Spec!, model.Quantization, settings.Dtype);
        // A multimodal checkpoint's bytes include its vision tower, which MultimodalProfile places separately.
        return CheckpointBytes(model, settings) is { } exact && computedTotal > 0
            ? computed * Math.Max(0, exact - VisionBytes(model.Spec)) / computedTotal
            : computed;
    }

    /// <summary>All weight bytes: the checkpoint's exact bytes when known, else from the tensors when the architecture is known, else from the parameter count.</summary>
    private static double TotalWeightBytes(ModelResolution model, ModelComponents? components, DeploymentSettings settings) =>
        components is not null
            ? CheckpointBytes(model, settings) ?? (WeightBytes.Total(components, model.Spec!, model.Quantization, settings.Dtype) + VisionBytes(model.Spec))
            : NameOnlyWeights.Bytes(model.Parameters ?? 0, model.Quantization, settings.Dtype);

    /// <summary>The vision tower's 16-bit bytes (vLLM keeps encoders unquantized in the usual checkpoints).</summary>
    private static double VisionBytes(ModelSpec? spec) => (spec?.Vision?.Parameters ?? 0) * 2.0;

    /// <summary>The checkpoint's bytes, when they are what vLLM loads: not re-quantized online (--quantization) nor upcast (--dtype float32).</summary>
    private static double? CheckpointBytes(ModelResolution model, DeploymentSettings settings) =>
        model.Spec?.CheckpointWeightBytes is { } exact && exact > 0 && model.Quantization == model.Spec.Quantization && WeightBytes.DenseBytes(settings.Dtype) == 2.0
            ? exact
            : null;

    private static double Finite(double value) => double.IsNaN(value) || double.IsInfinity(value) ? 0 : Math.Max(0, value);
}

/// <summary>One pipeline stage's terms per GPU, in GiB; <see cref="LongestFitting"/> in tokens (null when the KV cache per token is unknown).</summary>
internal sealed record PipelineStage(int Index, int FirstLayer, int EndLayer, double Weights, double Activation, double Pool, KvCacheSize? Kv, long? LongestFitting)
{
    /// <summary>The sampler kernel the activation was sized for.</summary>
    public VllmSampler Sampler { get; init; }

    /// <summary>The activation with the other sampler kernel, when the kernel was assumed (not declared) and the release's kernel matters.</summary>
    public double? OtherSamplerActivation { get; init; }

    public double TokensHeld => Kv is { BytesPerToken: > 0 } kv ? Pool * Numbers.BytesPerGiB / kv.BytesPerToken : Pool;
}

/// <summary>What the verdicts need besides the estimate.</summary>
internal sealed record VllmFacts(MemoryEstimate Estimate, PipelineStage Worst, RuntimeTerms Runtime, double RequestGiB, int? DerivedLength, double TotalWeightsGiB);
