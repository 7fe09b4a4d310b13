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

    /// <summary>
    /// DeepSeek-V3.2 / GLM-5 sparse attention: the lightning indexer's heads (<c>index_n_heads</c>) beside each MLA
    /// layer. The indexer holds wq_b, wk, a LayerNorm and weights_proj, and caches one key per token.
    /// </summary>
    public int? IndexNHeads { get; init; }

    /// <summary>The lightning indexer's head size (<c>index_head_dim</c>), also the width of the key it caches.</summary>
    public int? IndexHeadDim { get; init; }

    /// <summary>The layers carry a sparse-attention indexer (both of its sizes known).</summary>
    public bool HasIndexer => IsMla && IndexNHeads is > 0 && IndexHeadDim is > 0;

    public int? VHeadDim { get; init; }

    /// <summary>Sliding window length when sliding attention is really used (inert keys are dropped).</summary>
    public int? SlidingWindow { get; init; }

    /// <summary>How many of <see cref="NumHiddenLayers"/> use the sliding window (all, or a pattern's share).</summary>
    public int? SlidingWindowLayers { get; init; }

    /// <summary>
    /// An encoder (BERT, XLM-RoBERTa, NomicBERT: embedding and reranker models): bidirectional attention over the whole
    /// input, no LM head, and no KV cache kept between steps. Catalog key <c>is_encoder_only</c>.
    /// </summary>
    public bool IsEncoderOnly { get; init; }

    /// <summary>Encoders: rows of the token-type (segment) embedding, 2 for BERT, 1 for XLM-RoBERTa. Catalog key <c>type_vocab_size</c>.</summary>
    public int? TypeVocabSize { get; init; }

    /// <summary>
    /// Llama 4: every n-th layer is a MoE layer, the others dense with <see cref="IntermediateSize"/> (1: all MoE, as Scout;
    /// 2: alternating, as Maverick). Catalog key <c>interleave_moe_layer_step</c>.
    /// </summary>
    public int? InterleaveMoeLayerStep { get; init; }

    /// <summary>Llama 4: tokens per chunk of the chunked local attention layers (8192). Catalog key <c>attention_chunk_size</c>.</summary>
    public int? AttentionChunkSize { get; init; }

    /// <summary>Llama 4: how many layers attend only within their chunk (the RoPE layers; every 4th layer is global). Catalog key <c>chunked_attention_layers</c>.</summary>
    public int? ChunkedAttentionLayers { get; init; }

    /// <summary>
    /// Hybrid linear-attention models (Qwen3-Next, Qwen3.5): how many of <see cref="NumHiddenLayers"/> are Gated DeltaNet
    /// layers (layer_types "linear_attention"), which keep a fixed-size recurrent state instead of a KV cache; the others
    /// are full attention. Catalog key <c>linear_attention_layers</c>.
    /// </summary>
    public int? LinearAttentionLayers { get; init; }

    /// <summary>
    /// The linear-attention mixer when it is not Gated DeltaNet: <c>lightning</c> (MiniMax-Text-01 / M1) or <c>kda</c>
    /// (Kimi-Linear), with the <c>linear_*</c> heads and sizes below; null for Gated DeltaNet. Catalog key
    /// <c>linear_attention_kind</c>.
    /// </summary>
    public string? LinearAttentionKind { get; init; }

    /// <summary>Linear-attention layers: key heads (<c>linear_num_key_heads</c>).</summary>
    public int? LinearNumKeyHeads { get; init; }

    /// <summary>Linear-attention layers: value heads (<c>linear_num_value_heads</c>).</summary>
    public int? LinearNumValueHeads { get; init; }

    /// <summary>Linear-attention layers: key head size (<c>linear_key_head_dim</c>).</summary>
    public int? LinearKeyHeadDim { get; init; }

    /// <summary>Linear-attention layers: value head size (<c>linear_value_head_dim</c>).</summary>
    public int? LinearValueHeadDim { get; init; }

    /// <summary>Linear-attention layers: the causal convolution's kernel width (<c>linear_conv_kernel_dim</c>).</summary>
    public int? LinearConvKernelDim { get; init; }

    /// <summary>Qwen3-Next/Qwen3.5 full-attention layers gate their output: q_proj is twice as wide (<c>attn_output_gate</c>).</summary>
    public bool AttentionOutputGate { get; init; }

    /// <summary>
    /// Nemotron-H: the kind of every layer, one character each (M Mamba2, * attention, - MLP only, E MoE only): such a
    /// layer holds one block, not a mixer and an MLP. Catalog key <c>hybrid_override_pattern</c>.
    /// </summary>
    public string? HybridLayerPattern { get; init; }

    /// <summary>The MLP and experts are two matrices with a squared-ReLU between them, not gated (Nemotron-H: <c>mlp_hidden_act</c> relu2).</summary>
    public bool UngatedMlp { get; init; }

    /// <summary>
    /// Gemma 4: the full-attention layers' head size (<c>global_head_dim</c>, 512) when it differs from the sliding layers'
    /// <see cref="HeadDim"/>. Catalog key <c>global_head_dim</c>.
    /// </summary>
    public int? GlobalHeadDim { get; init; }

    /// <summary>Gemma 4: the full-attention layers' KV heads (<c>num_global_key_value_heads</c>). Catalog key of the same name.</summary>
    public int? GlobalKeyValueHeads { get; init; }

    /// <summary>
    /// Gemma 4 (<c>attention_k_eq_v</c>): the full-attention layers' checkpoint has no v_proj, values are the keys. vLLM still
    /// allocates the V projection (it loads K into both slots) and caches K and V, so weights and KV are sized with V.
    /// </summary>
    public bool AttentionKEqualsV { get; init; }

    /// <summary>
    /// Gemma 3n: the last n layers reuse the KV cache of earlier layers and keep none of their own (vLLM's
    /// <c>kv_sharing_target_layer_name</c>). Catalog key <c>num_kv_shared_layers</c>.
    /// </summary>
    public int? KvSharedLayers { get; init; }

    /// <summary>Gemma 3n: width of the per-layer input embeddings (<c>hidden_size_per_layer_input</c>, 256).</summary>
    public int? PerLayerInputSize { get; init; }

    /// <summary>Gemma 3n: rows of the per-layer embedding table (<c>vocab_size_per_layer_input</c>).</summary>
    public int? PerLayerInputVocabSize { get; init; }

    /// <summary>Gemma 3n: AltUp's parallel predictions (<c>altup_num_inputs</c>).</summary>
    public int? AltUpInputs { get; init; }

    /// <summary>Gemma 3n: LAuReL's low rank (<c>laurel_rank</c>).</summary>
    public int? LaurelRank { get; init; }

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
