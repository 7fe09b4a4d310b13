namespace VramLint.Core.Settings;

/// <summary>Canonical names of the settings findings and fixes refer to.</summary>
public static class SettingNames
{
    public const string Model = "model";
    public const string TensorParallelSize = "tensor-parallel-size";
    public const string PipelineParallelSize = "pipeline-parallel-size";
    public const string DataParallelSize = "data-parallel-size";
    public const string MaxModelLen = "max-model-len";
    public const string MaxNumSeqs = "max-num-seqs";
    public const string MaxNumBatchedTokens = "max-num-batched-tokens";
    public const string GpuMemoryUtilization = "gpu-memory-utilization";
    public const string KvCacheDtype = "kv-cache-dtype";
    public const string KvCacheMemoryBytes = "kv-cache-memory-bytes";
    public const string Quantization = "quantization";
    public const string Dtype = "dtype";
    public const string CpuOffloadGb = "cpu-offload-gb";
    public const string EnforceEager = "enforce-eager";

    /// <summary>Pseudo setting: the number of GPUs the deployment itself requests (--gpus, nvidia.com/gpu, device_ids).</summary>
    public const string GpuCount = "gpu-count";

    /// <summary>Pseudo setting: the GPU type the deployment itself names (node selector, accelerator label).</summary>
    public const string GpuType = "gpu-type";
}
