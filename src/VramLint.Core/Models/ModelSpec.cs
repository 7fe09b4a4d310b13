using VramLint.Core.Json;

namespace VramLint.Core.Models;

/// <summary>
/// Architecture facts of one model, as its config.json states them (normalised across families).
/// A null member is unknown; estimators must not invent it.
/// </summary>
public sealed record ModelSpec
{
    /// <summary>Hugging Face repository id, e.g. "meta-llama/Llama-3.1-8B-Instruct".</summary>
    public string Id { get; init; } = "";

    public string? Family { get; init; }

    /// <summary>The repository this one fine-tunes or re-uploads quantized (catalog <c>base_model</c>); null when it is an original.</summary>
    public string? BaseModel { get; init; }

    /// <summary>Where the catalog's facts came from (config.json copies, published counts), as links.</summary>
    public IReadOnlyList<string> Sources { get; init; } = Array.Empty<string>();

    /// <summary>config.json <c>model_type</c> (llama, qwen2, deepseek_v3, gpt_oss...).</summary>
    public string? ModelType { get; init; }

    /// <summary>False for catalog entries that record a name which is not a real repository (Qwen/Qwen-32B-Chat).</summary>
    public bool Exists { get; init; } = true;

    /// <summary>Total parameters (stated or computed), e.g. 8.03e9.</summary>
    public double? TotalParameters { get; init; }

    /// <summary>Exact parameter count computed from the config (embeddings, untied lm_head, norms, biases).</summary>
    public long? ParametersComputed { get; init; }

    /// <summary>Active parameters per token (MoE only).</summary>
    public double? ActiveParameters { get; init; }

    public int? NumHiddenLayers { get; init; }

    public int? HiddenSize { get; init; }

    /// <summary>Dense FFN width as vLLM uses it (Qwen1's config value is already halved here).</summary>
    public int? IntermediateSize { get; init; }

    public int? NumAttentionHeads { get; init; }

    public int? NumKeyValueHeads { get; init; }

    /// <summary>Explicit head_dim when the config has one, else hidden / heads.</summary>
    public int? HeadDim { get; init; }

    public int? VocabSize { get; init; }

    public bool? TieWordEmbeddings { get; init; }

    public int? MaxPositionEmbeddings { get; init; }

    /// <summary>The longest max-model-len vLLM accepts for this config (RoPE scaling applied; see <see cref="VllmMaxModelLen"/>).</summary>
    public int? DerivedMaxModelLen { get; init; }

    /// <summary>The max-model-len vLLM serves when none is written (differs from the derived one for LongRoPE models).</summary>
    public int? DefaultMaxModelLen { get; init; }

    /// <summary>A repository the catalog records as having the same architecture (the chat or base twin, an old repository name).</summary>
    public string? SameArchitectureAs { get; init; }

    /// <summary>
    /// Bytes of the checkpoint's tensors as vLLM loads them (a checked-in safetensors index or summary), when known:
    /// wins over the bytes computed from the architecture.
    /// </summary>
    public double? CheckpointWeightBytes { get; init; }

    /// <summary>Where the facts came from, for messages (".vramlint/models/acme/x/config.json"); null for the embedded catalog.</summary>
    public string? FactsSource { get; init; }

    /// <summary>The JSON the spec was read from and whether it is a catalog record (else a config.json), so --hf-overrides can be applied to it.</summary>
    internal JsonNode? Raw { get; init; }

    internal bool RawIsCatalogRecord { get; init; }

    /// <summary>bfloat16, float16, float32 (quantized repos usually say float16).</summary>
    public string? TorchDtype { get; init; }

    public int? NumExperts { get; init; }

    public int? NumExpertsPerToken { get; init; }

    public int? NumSharedExperts { get; init; }

    public int? MoeIntermediateSize { get; init; }

    /// <summary>DeepSeek: the first k layers are dense.</summary>
    public int? FirstKDenseReplace { get; init; }

    public int? KvLoraRank { get; init; }

    public int? QLoraRank { get; init; }

    public int? QkRopeHeadDim { get; init; }

    public int? QkNopeHeadDim { get; init; }

    public int? VHeadDim { get; init; }

    /// <summary>Sliding window length when sliding attention is really used (inert keys are dropped).</summary>
    public int? SlidingWindow { get; init; }

    /// <summary>How many of <see cref="NumHiddenLayers"/> use the sliding window (all, or a pattern's share).</summary>
    public int? SlidingWindowLayers { get; init; }

    public QuantizationScheme Quantization { get; init; } = QuantizationScheme.None;

    /// <summary>Sum of the repository's weight shards in decimal GB, as Hugging Face displays it.</summary>
    public double? RepoWeightsSizeGb { get; init; }

    /// <summary>Published peak GPU memory measurements (vendor tables), for calibration.</summary>
    public IReadOnlyList<MeasuredMemory> MeasuredMemory { get; init; } = Array.Empty<MeasuredMemory>();

    /// <summary>Mamba / linear-attention layers' fixed per-request state (hybrid models); null for pure attention models.</summary>
    public RecurrentState? RecurrentState { get; init; }

    /// <summary>The vision tower of a multimodal model; null for text-only models or when the config does not describe it.</summary>
    public VisionEncoder? Vision { get; init; }

    /// <summary>True for multi-head latent attention (DeepSeek-V2/V3/R1, Kimi-K2).</summary>
    public bool IsMla => KvLoraRank is > 0;

    public bool IsMoe => NumExperts is > 1;
}

/// <summary>A vendor-published peak GPU memory figure for one precision.</summary>
public sealed record MeasuredMemory(string Precision, double Gigabytes, int Gpus, string Source);
