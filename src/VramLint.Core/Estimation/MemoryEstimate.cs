using VramLint.Core.Models;

namespace VramLint.Core.Estimation;

/// <summary>
/// The numbers behind a verdict, per GPU of the worst pipeline stage. Mirrors the <c>vramlint estimate --format json</c>
/// contract (design.md section 6); all sizes in GiB (2^30 bytes) unless the name says bytes.
/// </summary>
public sealed record MemoryEstimate
{
    /// <summary>"vllm" or "blog".</summary>
    public string Estimator { get; init; } = "";

    public ModelResolution Model { get; init; } = Defaults.Model;

    /// <summary>Bytes of all weights of the model (before sharding), as this estimator counts them.</summary>
    public double WeightBytes { get; init; }

    public GpuCapacity Gpu { get; init; } = Defaults.Gpu;

    public EffectiveSettings Settings { get; init; } = Defaults.Settings;

    public PerGpuMemory PerGpu { get; init; } = Defaults.PerGpu;

    public KvCacheFacts KvCache { get; init; } = Defaults.KvCache;

    private string? breakdown;
    private Func<string>? describeBreakdown;

    /// <summary>An estimate with nothing in it (a result without one), made once.</summary>
    internal static MemoryEstimate None { get; } = new();

    /// <summary>One-line arithmetic for messages, e.g. "weights 16.0 + KV cache 6.4 + overhead 3.0".</summary>
    public string Breakdown
    {
        get => breakdown ??= describeBreakdown?.Invoke() ?? "";
        init => breakdown = value;
    }

    /// <summary>
    /// Writes <see cref="Breakdown"/> when it is first read: only the messages of a failing deployment quote it, so the
    /// text of a deployment that fits (most of a project's) is never built. Two threads reading it at once build the same text.
    /// </summary>
    internal Func<string>? DescribeBreakdown
    {
        init => describeBreakdown = value;
    }

    /// <summary>
    /// What an estimate holds until its estimator sets it, made once: these records cannot change, and an estimator sets
    /// every one, so a fresh default for each estimate (four fix-search candidates a failing deployment) would be thrown away.
    /// </summary>
    private static class Defaults
    {
        public static readonly ModelResolution Model = new();
        public static readonly GpuCapacity Gpu = new();
        public static readonly EffectiveSettings Settings = new();
        public static readonly PerGpuMemory PerGpu = new();
        public static readonly KvCacheFacts KvCache = new();
    }
}

/// <summary>The settings the estimate used: what was written, else vLLM's default for this GPU and version.</summary>
public sealed record EffectiveSettings
{
    public int TensorParallelSize { get; init; } = 1;

    public int PipelineParallelSize { get; init; } = 1;

    public int DataParallelSize { get; init; } = 1;

    public int MaxModelLen { get; init; }

    public int MaxNumSeqs { get; init; }

    public int MaxNumBatchedTokens { get; init; }

    /// <summary>Whether vLLM prefills in chunks: written, else the release's default (always from V1; in V0 above 32768 tokens).</summary>
    public bool ChunkedPrefill { get; init; } = true;

    public double GpuMemoryUtilization { get; init; }

    public string KvCacheDtype { get; init; } = "auto";
}

/// <summary>Per-GPU memory terms in GiB.</summary>
public sealed record PerGpuMemory
{
    public double WeightsGiB { get; init; }

    /// <summary>vllm: the KV pool vLLM would allocate; blog: the seed's KV term.</summary>
    public double KvCacheGiB { get; init; }

    public double ActivationGiB { get; init; }

    public double NonTorchGiB { get; init; }

    public double CudaGraphGiB { get; init; }

    /// <summary>blog: the fixed overhead (S5); vllm: memory outside the budget (CUDA context, NCCL).</summary>
    public double OverheadGiB { get; init; }

    /// <summary>Steady-state need per GPU.</summary>
    public double SteadyGiB { get; init; }

    /// <summary>Peak during startup.</summary>
    public double StartupPeakGiB { get; init; }

    /// <summary>
    /// vllm: the most the card holds while vLLM starts. Before 0.21 the CUDA graphs are captured after the KV cache is
    /// sized, into the room the profiled activation peak left free, so only graphs beyond that room add to the budget and
    /// the memory outside it; <see cref="StartupPeakGiB"/> is the peak once a batch needs that activation again. From 0.21
    /// the two are equal. Null for the blog estimator.
    /// </summary>
    public double? CapturePeakGiB { get; init; }

    /// <summary>vllm: gpu-memory-utilization x total; blog: the GPU memory.</summary>
    public double BudgetGiB { get; init; }

    /// <summary>The GPU's memory (CUDA-visible total).</summary>
    public double CapacityGiB { get; init; }
}

/// <summary>KV-cache facts per GPU.</summary>
public sealed record KvCacheFacts
{
    /// <summary>KV bytes per token per GPU (all layers of the stage).</summary>
    public double BytesPerToken { get; init; }

    /// <summary>Tokens the KV pool holds.</summary>
    public long CapacityTokens { get; init; }

    /// <summary>How many max-model-len requests fit at once.</summary>
    public double MaxConcurrency { get; init; }

    /// <summary>vllm: the largest max-model-len whose one request fits the pool; null when not computed.</summary>
    public int? MaxFittingModelLen { get; init; }
}
