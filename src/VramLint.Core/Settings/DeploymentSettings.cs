using VramLint.Core.Json;

namespace VramLint.Core.Settings;

/// <summary>
/// The memory-relevant vLLM engine arguments of one deployment, as written. A null member was not
/// written and takes vLLM's default (see <see cref="VllmDefaults"/>), which may depend on the GPU and the vLLM version.
/// </summary>
public sealed record DeploymentSettings
{
    public static DeploymentSettings Empty { get; } = new();

    /// <summary>Hugging Face id or path (positional after <c>serve</c>, <c>--model</c>, or <c>model:</c>).</summary>
    public string? Model { get; init; }

    /// <summary>auto, half/float16, bfloat16, float/float32.</summary>
    public string? Dtype { get; init; }

    /// <summary>Explicit --quantization (awq, gptq, fp8, bitsandbytes, gguf, ...); null = from the checkpoint.</summary>
    public string? Quantization { get; init; }

    /// <summary>auto, fp8, fp8_e4m3, fp8_e5m2, bfloat16, ...</summary>
    public string? KvCacheDtype { get; init; }

    /// <summary>--max-model-len as a number; null when not written or when <see cref="MaxModelLenAuto"/>.</summary>
    public int? MaxModelLen { get; init; }

    /// <summary>--max-model-len auto / -1: vLLM picks the largest length that fits.</summary>
    public bool MaxModelLenAuto { get; init; }

    public int? MaxNumSeqs { get; init; }

    public int? MaxNumBatchedTokens { get; init; }

    public double? GpuMemoryUtilization { get; init; }

    public long? KvCacheMemoryBytes { get; init; }

    public int? NumGpuBlocksOverride { get; init; }

    public int? TensorParallelSize { get; init; }

    public int? PipelineParallelSize { get; init; }

    public int? DataParallelSize { get; init; }

    public int? DataParallelSizeLocal { get; init; }

    public bool? EnableExpertParallel { get; init; }

    public int? PrefillContextParallelSize { get; init; }

    public int? DecodeContextParallelSize { get; init; }

    /// <summary>ray, mp, uni, external_launcher.</summary>
    public string? DistributedExecutorBackend { get; init; }

    public int? NNodes { get; init; }

    public bool? EnforceEager { get; init; }

    /// <summary>-O0 .. -O3.</summary>
    public int? OptimizationLevel { get; init; }

    public int? MaxCudagraphCaptureSize { get; init; }

    /// <summary>Explicit --cudagraph-capture-sizes.</summary>
    public IReadOnlyList<int>? CudagraphCaptureSizes { get; init; }

    /// <summary>--compilation-config cudagraph_mode (NONE, PIECEWISE, FULL, FULL_AND_PIECEWISE, ...).</summary>
    public string? CudagraphMode { get; init; }

    public int? BlockSize { get; init; }

    public bool? EnablePrefixCaching { get; init; }

    public bool? EnableChunkedPrefill { get; init; }

    /// <summary>GiB of weights per GPU kept in CPU memory.</summary>
    public double? CpuOffloadGb { get; init; }

    /// <summary>Draft/EAGLE/MTP model of --speculative-config (or --spec-model).</summary>
    public string? SpeculativeModel { get; init; }

    public string? SpeculativeMethod { get; init; }

    public int? NumSpeculativeTokens { get; init; }

    public bool? EnableLora { get; init; }

    public int? MaxLoras { get; init; }

    public int? MaxLoraRank { get; init; }

    public bool? DisableSlidingWindow { get; init; }

    /// <summary>balanced, throughput, interactivity.</summary>
    public string? PerformanceMode { get; init; }

    public bool? SkipMmProfiling { get; init; }

    /// <summary>--limit-mm-per-prompt: items per prompt by modality; null when not written.</summary>
    public MultimodalLimits? LimitMmPerPrompt { get; init; }

    /// <summary>--mm-processor-kwargs (max_pixels and the like); null when not written.</summary>
    public JsonNode? MmProcessorKwargs { get; init; }

    /// <summary>--mm-encoder-tp-mode: weights (shard the encoder, default) or data (replicate it on every rank).</summary>
    public string? MmEncoderTpMode { get; init; }

    /// <summary>--runner auto / generate / pooling / draft.</summary>
    public string? Runner { get; init; }

    /// <summary>--convert embed / classify / reward...: a generative checkpoint served by the pooling runner.</summary>
    public string? Convert { get; init; }

    /// <summary>--task (releases before its removal): embed, score, classify, reward run the pooling runner.</summary>
    public string? Task { get; init; }

    /// <summary>--mamba-ssm-cache-dtype: the recurrent state's element type (auto = the model dtype, or the config's).</summary>
    public string? MambaSsmCacheDtype { get; init; }

    public bool? DisableHybridKvCacheManager { get; init; }

    /// <summary>True when vLLM runs the pooling runner (embeddings, scores, classes): no sampler, no decode.</summary>
    public bool IsPooling =>
        Runner == "pooling" || Convert is "embed" or "classify" or "reward"
        || Task is "embed" or "embedding" or "score" or "classify" or "reward";

    /// <summary>Raw --hf-overrides JSON, if any.</summary>
    public string? HfOverrides { get; init; }
}
