namespace VramLint.Core.Gpus;

/// <summary>The market a GPU is sold into; the docs group the catalog by it.</summary>
public enum GpuSegment
{
    Consumer,
    Workstation,
    DataCenter,
    AmdInstinct,
    UnifiedMemory,
}

/// <summary>How the CUDA-visible total was obtained: printed by CUDA/PyTorch/vLLM on that GPU, or computed from other figures.</summary>
public enum GpuTotalOrigin
{
    /// <summary>A total printed on that GPU (vLLM's start-up line, PyTorch's "total capacity", cudaMemGetInfo, rocminfo).</summary>
    Logged,

    /// <summary>Computed from the physical size and a reserve seen on a sibling GPU; the source says how.</summary>
    Derived,
}

/// <summary>One GPU model: the memory CUDA reports for it (what vLLM sizes from), not the marketing figure.</summary>
public sealed record GpuSpec
{
    /// <summary>Canonical display name, e.g. "RTX 4090", "H100 80GB".</summary>
    public string Name { get; init; } = "";

    /// <summary>CUDA-visible total in GiB (2^30 bytes), e.g. 79.19 for H100 80GB.</summary>
    public double CudaTotalGiB { get; init; }

    /// <summary>Marketing capacity in GB, e.g. 80.</summary>
    public double MarketingGb { get; init; }

    /// <summary>Compute capability, e.g. 9.0; null when not CUDA (AMD Instinct).</summary>
    public double? ComputeCapability { get; init; }

    public GpuSegment Segment { get; init; } = GpuSegment.DataCenter;

    public GpuTotalOrigin Origin { get; init; } = GpuTotalOrigin.Logged;

    /// <summary>Where <see cref="CudaTotalGiB"/> comes from: the log or issue that printed it, or the derivation.</summary>
    public string Source { get; init; } = "";

    /// <summary>How vLLM's budget differs on this GPU (unified memory, one device per die), or null.</summary>
    public string? Note { get; init; }

    /// <summary>Other names this GPU is written as (node labels, cloud instance families), for the docs.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = Array.Empty<string>();

    public bool SupportsBf16 => ComputeCapability is null or >= 8.0;

    /// <summary>vLLM's default batch class: at least 70 GiB and not an A100 (max-num-seqs 1024, batched tokens 8192).</summary>
    public bool IsLargeBatchClass => CudaTotalGiB >= 70 && Name.IndexOf("A100", StringComparison.OrdinalIgnoreCase) < 0;
}
