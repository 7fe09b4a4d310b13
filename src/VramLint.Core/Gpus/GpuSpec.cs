namespace VramLint.Core.Gpus;

/// <summary>One GPU model: the memory CUDA reports for it (what vLLM sizes from), not the marketing figure.</summary>
public sealed record GpuSpec
{
    /// <summary>Canonical display name, e.g. "RTX 4090", "H100 80GB".</summary>
    public string Name { get; init; } = "";

    /// <summary>CUDA-visible total in GiB (2^30 bytes), e.g. 79.19 for H100 80GB.</summary>
    public double CudaTotalGiB { get; init; }

    /// <summary>Marketing capacity in GB, e.g. 80.</summary>
    public double MarketingGb { get; init; }

    /// <summary>Compute capability, e.g. 9.0; null when not CUDA (MI300X).</summary>
    public double? ComputeCapability { get; init; }

    public bool SupportsBf16 => ComputeCapability is null or >= 8.0;

    /// <summary>vLLM's default batch class: at least 70 GiB and not an A100 (max-num-seqs 1024, batched tokens 8192).</summary>
    public bool IsLargeBatchClass => CudaTotalGiB >= 70 && Name.IndexOf("A100", StringComparison.OrdinalIgnoreCase) < 0;
}
