namespace VramLint.Core.Models;

/// <summary>
/// A model's parameters by component, computed from its architecture the way vLLM lays the tensors out, so that an
/// estimator can quantize, shard and replicate each part correctly. Matches the catalog's computed counts exactly
/// for every family it holds (the quantized Qwen2.5-72B repos are larger by their padded FFN).
/// </summary>
public sealed record ModelComponents
{
    /// <summary>The spec <see cref="From"/> was last asked about, and its answer.</summary>
    private static ComputedFor? lastComputed;

    public long Embedding { get; init; }

    /// <summary>0 when the LM head is tied to the embedding; for encoders, the pooler or classifier dense layer.</summary>
    public long LmHead { get; init; }

    public int Layers { get; init; }

    /// <summary>Layers with a dense MLP (all of them unless MoE; DeepSeek's first k).</summary>
    public int DenseLayers { get; init; }

    public int MoeLayers => Layers - DenseLayers - MlpLessLayers;

    /// <summary>Per layer: the Q and O projections (or MLA's query and output paths).</summary>
    public long AttentionQueryOutput { get; init; }

    /// <summary>Per layer: the K and V projections, which stop shrinking once TP exceeds the KV heads (MLA: the latent path, replicated).</summary>
    public long AttentionKeyValue { get; init; }

    /// <summary>Per layer: projections every tensor-parallel rank holds whole (MLA's q_a and kv_a down-projections).</summary>
    public long AttentionReplicated { get; init; }

    /// <summary>Per layer: biases, sinks, q/k norms, MLA latent norms: small, kept 16-bit.</summary>
    public long AttentionExtras { get; init; }

    public long DenseMlp { get; init; }

    /// <summary>Per MoE layer: all routed experts (with their biases).</summary>
    public long RoutedExperts { get; init; }

    public long SharedExperts { get; init; }

    /// <summary>Per MoE layer: the router gate, replicated on every rank.</summary>
    public long Router { get; init; }

    /// <summary>Per layer: the layer norms, replicated.</summary>
    public long Norms { get; init; }

    public long FinalNorm { get; init; }

    /// <summary>Hybrid models: layers whose mixer is linear attention (Gated DeltaNet) instead of full attention.</summary>
    public int LinearAttentionLayers { get; init; }

    /// <summary>
    /// Per linear-attention layer: the Q/K/V/Z and beta/alpha projections, the causal convolution, the decay and step
    /// parameters, the gated norm and the output projection (they take the place of the full-attention fields above).
    /// </summary>
    public long LinearAttention { get; init; }

    /// <summary>Mamba2 hybrids (Granite-4.0-H, Nemotron-H): layers whose mixer is a Mamba2 SSM.</summary>
    public int MambaLayers { get; init; }

    /// <summary>Per Mamba2 layer: in_proj, the convolution, dt_bias, A_log, D, the gated norm and out_proj.</summary>
    public long MambaMixer { get; init; }

    /// <summary>Nemotron-H: layers with neither attention nor Mamba (its MLP-only and MoE-only layers).</summary>
    public int MixerlessLayers { get; init; }

    /// <summary>Nemotron-H: layers without an MLP (its Mamba-only and attention-only layers).</summary>
    public int MlpLessLayers { get; init; }

    /// <summary>Layers with full attention (all of them unless the model is a linear-attention or Mamba hybrid).</summary>
    public int FullAttentionLayers => Layers - LinearAttentionLayers - MambaLayers - MixerlessLayers;

    /// <summary>Gemma 4: full-attention layers with their own head size and KV heads (the others use the fields above).</summary>
    public int GlobalAttentionLayers { get; init; }

    public long GlobalAttentionQueryOutput { get; init; }

    public long GlobalAttentionKeyValue { get; init; }

    public long GlobalAttentionExtras { get; init; }

    /// <summary>Per layer: Gemma 3n's LAuReL, AltUp and per-layer-input weights (small, kept 16-bit).</summary>
    public long LayerExtras { get; init; }

    /// <summary>Gemma 3n: the per-layer embedding table and its projection, and AltUp's projections (held with the embedding).</summary>
    public long ModelExtras { get; init; }

    public long Total =>
        Embedding + LmHead + FinalNorm + ModelExtras + (Layers * LayerExtras)
        + ((FullAttentionLayers - GlobalAttentionLayers) * (AttentionQueryOutput + AttentionKeyValue + AttentionReplicated + AttentionExtras))
        + (GlobalAttentionLayers * (GlobalAttentionQueryOutput + GlobalAttentionKeyValue + GlobalAttentionExtras))
        + (LinearAttentionLayers * LinearAttention) + (MambaLayers * MambaMixer) + (Layers * Norms)
        + (DenseLayers * DenseMlp)
        + (MoeLayers * (RoutedExperts + SharedExperts + Router));

    /// <summary>The components of a spec; null when the architecture is incomplete (layers, hidden size, heads or vocabulary unknown).</summary>
    public static ModelComponents? From(ModelSpec spec)
    {
        // Every estimate asks, and the fix search asks again for each candidate of the same model: the last answer is kept.
        var last = lastComputed;
        if (last is not null && ReferenceEquals(last.Spec, spec))
        {
            return last.Components;
        }

        var components = Compute(spec);
        lastComputed = new ComputedFor(spec, components);
        return components;
    }

    private static ModelComponents? Compute(ModelSpec spec)
    {
        if (spec.NumHiddenLayers is not { } layers || spec.HiddenSize is not { } h || spec.NumAttentionHeads is not { } heads || spec.VocabSize is not { } vocab
            || layers <= 0 || h <= 0 || heads <= 0 || vocab <= 0)
        {
            return null;
        }

        long hidden = h;
        if (spec.ModelType == "modernbert")
        {
            return ModernBert(spec, hidden, vocab, layers);
        }

        long kv = spec.NumKeyValueHeads is > 0 ? spec.NumKeyValueHeads.Value : heads;
        long headDim = spec.HeadDim is > 0 ? spec.HeadDim.Value : hidden / heads;
        var type = spec.ModelType ?? "";

        long queryOutput, keyValue, replicated = 0, extras = 0;
        if (spec.IsMla)
        {
            long latent = spec.KvLoraRank!.Value;
            long rope = spec.QkRopeHeadDim ?? 64;
            long nope = spec.QkNopeHeadDim ?? 128;
            long valueDim = spec.VHeadDim ?? 128;
            long queryRank = spec.QLoraRank is > 0 ? spec.QLoraRank.Value : 0;
            var query = queryRank > 0 ? queryRank * heads * (nope + rope) : hidden * heads * (nope + rope);
            extras = queryRank + latent;
            replicated = (hidden * queryRank) + (hidden * (latent + rope));
            queryOutput = query + (heads * valueDim * hidden);
            keyValue = latent * heads * (nope + valueDim);

            // DeepSeek-V3.2 / GLM-5: each layer's lightning indexer (vLLM's Indexer, replicated on every rank): wq_b from
            // the query latent to heads x head size and wk from the hidden state (quantized like the layer), a LayerNorm
            // (weight and bias) and weights_proj to one weight per head (left unquantized).
            if (spec.HasIndexer)
            {
                long indexHeads = spec.IndexNHeads!.Value, indexDim = spec.IndexHeadDim!.Value;
                replicated += ((queryRank > 0 ? queryRank : hidden) * indexHeads * indexDim) + (hidden * indexDim);
                extras += (2 * indexDim) + (hidden * indexHeads);
            }
        }
        else
        {
            // A gated output (Qwen3-Next, Qwen3.5) doubles q_proj: it yields the query and the gate.
            queryOutput = (spec.AttentionOutputGate ? 3 : 2) * hidden * heads * headDim;
            keyValue = 2 * hidden * kv * headDim;
            if (type is "qwen2" or "qwen" or "gpt_oss" or "chatglm" or "qwen2_moe" or "qwen2_vl" or "qwen2_5_vl")
            {
                extras += (heads * headDim) + (2 * kv * headDim);
            }

            if (type == "gpt_oss")
            {
                extras += hidden + heads;
            }

            // Whisper's decoder layers also attend to the audio: a second set of projections with its LayerNorm. Its k
            // projections (self and cross) have no bias.
            if (type == "whisper")
            {
                extras += WhisperEncoder.CrossAttentionParameters(hidden) - hidden;
            }

            // GLM-4.5's attention (transformers Glm4MoeAttention, vLLM glm4_moe.py): q/k/v biases when the config says
            // attention_bias (o_proj has none) and per-head q/k RMSNorms when it says use_qk_norm (GLM-4.5 and 4.6; Air has none).
            if (type == "glm4_moe")
            {
                extras += spec.Raw?["attention_bias"]?.AsBool == true ? (heads * headDim) + (2 * kv * headDim) : 0;
                extras += spec.Raw?["use_qk_norm"]?.AsBool == true ? 2 * headDim : 0;
            }

            if (type is "qwen3" or "qwen3_moe" or "gemma3" or "gemma3_text" or "gemma3n" or "gemma3n_text" or "gemma4" or "gemma4_text" or "qwen3_next" or "qwen3_5_text" or "qwen3_5_moe_text" or "qwen3_5" or "qwen3_5_moe")
            {
                extras += 2 * headDim;
            }
        }

        // GPT-2-style blocks (GPT-NeoX, Falcon, Phi-1/2, StarCoder, GPT-J) and BERT encoders: a two-matrix MLP, LayerNorms with a bias.
        var profile = ClassicProfile.Of(type);
        if (profile is not null)
        {
            extras += profile.AttentionBias ? (heads * headDim) + (2 * kv * headDim) + hidden : 0;
        }

        long intermediate = spec.IntermediateSize ?? (profile is not null ? 4 * hidden : 0);

        // Nemotron-H's MLP and experts are up and down projections around a squared ReLU: two matrices, not three.
        long matrices = spec.UngatedMlp ? 2 : 3;
        var dense = profile is null ? matrices * hidden * intermediate : (2 * hidden * intermediate) + (profile.MlpBias ? intermediate + hidden : 0);
        var isMoe = spec.IsMoe;

        // Gemma 4's MoE block sits beside the dense MLP, with three more norms (post-feedforward 1 and 2, pre-feedforward 2).
        var isMoeBeside = isMoe && type is "gemma4" or "gemma4_text";
        long expertWidth = spec.MoeIntermediateSize ?? intermediate;
        long experts = isMoe ? spec.NumExperts!.Value : 0;
        var routed = experts * matrices * hidden * expertWidth;
        if (type == "gpt_oss")
        {
            routed += experts * ((2 * expertWidth) + hidden);
        }

        // gpt-oss has a router bias; DeepSeek-V3 and V3.2, Kimi-K2, GLM-4.5 and GLM-5 (noaux_tc routing), Nemotron-H and
        // Kimi-Linear an expert score-correction bias: one value per expert either way.
        var router = isMoe ? (hidden * experts) + (type is "gpt_oss" or "deepseek_v3" or "deepseek_v32" or "kimi_k2" or "glm4_moe" or "glm_moe_dsa" or "nemotron_h" or "kimi_linear" ? experts : 0) : 0;

        // Gemma 4's router scales its input per channel and each expert's weight (scale, per_expert_scale).
        if (isMoe && type is "gemma4" or "gemma4_text")
        {
            router += hidden + experts;
        }
        var shared = (spec.NumSharedExperts ?? 0) * matrices * hidden * expertWidth;
        // NomicBERT has a Llama-style gated MLP without biases, but LayerNorms (a weight and a bias) like BERT.
        var layerNormWidth = spec.IsEncoderOnly && profile is null ? 2 : 1;
        var norms = profile is not null
            ? profile.NormsPerLayer(kv, heads) * profile.NormWidth * hidden
            : (type is "gemma2" or "gemma3" or "gemma3_text" or "gemma3n" or "gemma3n_text" or "gemma4" or "gemma4_text" ? 4 + (isMoeBeside ? 3 : 0) : type == "nemotron_h" ? 1 : 2) * layerNormWidth * hidden;
        var finalNorm = (profile?.NormWidth ?? layerNormWidth) * hidden;
        var positions = profile is { LearnedPositions: true } ? ((spec.MaxPositionEmbeddings ?? 0) + profile.PositionOffset) * hidden : 0;
        var lmHeadBias = profile is { LmHeadBias: true } ? vocab : 0;

        // Encoders have no LM head: their checkpoints hold a pooler (BertModel) or a classifier's dense layer instead,
        // hidden x hidden with a bias; the final norm above stands for the embeddings' LayerNorm.
        var tokenTypes = spec.IsEncoderOnly ? (spec.TypeVocabSize ?? 0) * hidden : 0;
        // A headless decoder checkpoint (gte-Qwen2's Qwen2Model) has no LM head at all.
        var head = spec.IsEncoderOnly ? (hidden * hidden) + hidden
            : HeadlessDecoders.Is(spec) ? 0
            : (spec.TieWordEmbeddings == true ? 0 : vocab * hidden) + lmHeadBias;

        // Gated DeltaNet (transformers Qwen3NextGatedDeltaNet): in_proj_qkvz, in_proj_ba, conv1d without bias, dt_bias, A_log, norm, out_proj.
        long linearLayers = spec.LinearAttentionLayers ?? 0, linearAttention = 0;
        if (linearLayers > 0 && spec.LinearNumKeyHeads is { } keyHeads && spec.LinearNumValueHeads is { } valueHeads
            && spec.LinearKeyHeadDim is { } linearKeyDim && spec.LinearValueHeadDim is { } linearValueDim)
        {
            long keys = (long)keyHeads * linearKeyDim, values = (long)valueHeads * linearValueDim;
            linearAttention = spec.LinearAttentionKind is LinearAttentionShape.Lightning or LinearAttentionShape.Kda
                ? new LinearAttentionShape(spec.LinearAttentionKind, (int)linearLayers, valueHeads, linearValueDim, spec.LinearConvKernelDim ?? 0).MixerParameters(hidden)
                : (hidden * ((2 * keys) + (2 * values))) + (hidden * 2 * valueHeads)
                    + (((2 * keys) + values) * (spec.LinearConvKernelDim ?? 4)) + (2 * valueHeads) + linearValueDim + (values * hidden);
        }
        else
        {
            linearLayers = 0;
        }

        // Llama 4 interleaves: with a step of n, every n-th layer is MoE and the others dense.
        var moeLayers = !isMoe ? 0 : spec.InterleaveMoeLayerStep is > 1 ? layers / spec.InterleaveMoeLayerStep.Value : layers - Math.Min(layers, spec.FirstKDenseReplace ?? 0);

        // Mamba2 hybrids: Granite-4.0-H layers pair a Mamba or attention mixer with the MLP; a Nemotron-H layer is one
        // block of its pattern (M Mamba, * attention, - MLP, E MoE), so it counts its MLP and mixer layers apart.
        var state = spec.RecurrentState;
        int mambaLayers = 0, mixerless = 0, mlpLess = 0, denseLayers = layers - moeLayers;
        long mambaMixer = 0;
        if (state is { Kind: "mamba2" } && state.Layers < layers)
        {
            mambaLayers = state.Layers;
            mambaMixer = state.Mamba2MixerParameters(hidden);
        }

        // A pattern whose Mamba layers have no mixer shape (the config lacks the mamba keys) cannot be counted: left as layers.
        if (spec.HybridLayerPattern is { } pattern && pattern.Length == layers && (mambaMixer > 0 || pattern.IndexOf('M') < 0))
        {
            mambaLayers = pattern.Count(c => c == 'M');
            mixerless = pattern.Count(c => c is '-' or 'E');
            mlpLess = pattern.Count(c => c is 'M' or '*');
            denseLayers = pattern.Count(c => c == '-');
        }

        // Gemma 4: the full-attention layers have their own head size and KV heads (global_head_dim, num_global_key_value_heads).
        var global = GlobalAttention(spec, hidden, heads);

        // Gemma 3n: per-layer embeddings, AltUp and LAuReL beside the usual layer (transformers / vLLM Gemma3n modules).
        var (layerExtras, modelExtras) = Gemma3nExtras(spec, hidden, layers);

        return new ModelComponents
        {
            GlobalAttentionLayers = global.Layers,
            GlobalAttentionQueryOutput = global.QueryOutput,
            GlobalAttentionKeyValue = global.KeyValue,
            GlobalAttentionExtras = global.Extras,
            LayerExtras = layerExtras,
            ModelExtras = modelExtras,
            Embedding = (vocab * hidden) + positions + tokenTypes,
            LmHead = head,
            Layers = layers,
            DenseLayers = denseLayers,
            AttentionQueryOutput = queryOutput,
            AttentionKeyValue = keyValue,
            AttentionReplicated = replicated,
            AttentionExtras = extras,
            DenseMlp = dense,
            RoutedExperts = routed,
            SharedExperts = shared,
            Router = router,
            Norms = norms,
            FinalNorm = finalNorm,
            LinearAttentionLayers = (int)linearLayers,
            LinearAttention = linearAttention,
            MambaLayers = mambaLayers,
            MambaMixer = mambaMixer,
            MixerlessLayers = mixerless,
            MlpLessLayers = mlpLess,
        };
    }

    /// <summary>
    /// ModernBERT (transformers ModernBertModel, vLLM modernbert.py): per layer a fused Wqkv (hidden x 3 hidden) and Wo, a
    /// GeGLU MLP whose Wi yields the input and the gate (hidden x 2 intermediate) and Wo (intermediate x hidden), and two
    /// LayerNorms; no biases unless the config says attention_bias, mlp_bias or norm_bias (all false in ModernBERT's own
    /// configs). Layer 0 has no attention norm (Identity). The embedding model has no head: vLLM's pooler pools the final
    /// norm's output and ModernBertModel checkpoints hold nothing more; the masked-LM head of ModernBertForMaskedLM
    /// checkpoints (dense, norm, decoder bias) is not loaded by the pooling runner. keras-hub's exact backbone counts
    /// (149,014,272 and 394,781,696) check it.
    /// </summary>
    private static ModelComponents ModernBert(ModelSpec spec, long hidden, long vocab, int layers)
    {
        bool Flag(string key) => spec.Raw?[key]?.AsBool == true;
        long intermediate = spec.IntermediateSize ?? 0;
        var normWidth = Flag("norm_bias") ? 2 : 1;
        return new ModelComponents
        {
            Embedding = vocab * hidden,
            Layers = layers,
            DenseLayers = layers,

            // Wqkv's query third and Wo; its key and value thirds (every head keeps its own K and V).
            AttentionQueryOutput = 2 * hidden * hidden,
            AttentionKeyValue = 2 * hidden * hidden,
            AttentionExtras = Flag("attention_bias") ? 4 * hidden : 0,
            DenseMlp = (3 * hidden * intermediate) + (Flag("mlp_bias") ? (2 * intermediate) + hidden : 0),
            Norms = 2 * normWidth * hidden,

            // The embeddings' norm and the final norm, less layer 0's absent attention norm.
            FinalNorm = normWidth * hidden,
        };
    }

    /// <summary>
    /// Gemma 4's full-attention layers: q and o over heads x global_head_dim, K over the global KV heads and V as vLLM
    /// allocates it (with attention_k_eq_v the checkpoint has no v_proj, but vLLM loads K into both slots), and the q/k
    /// norms; the sliding layers keep the ordinary fields. Empty when the model has one head size.
    /// </summary>
    private static (int Layers, long QueryOutput, long KeyValue, long Extras) GlobalAttention(ModelSpec spec, long hidden, long heads)
    {
        if (spec.GlobalHeadDim is not { } dim || spec.NumHiddenLayers is not { } layers)
        {
            return (0, 0, 0, 0);
        }

        var full = layers - Math.Min(layers, spec.SlidingWindowLayers ?? 0);
        long kv = spec.GlobalKeyValueHeads ?? spec.NumKeyValueHeads ?? heads;
        return (full, 2 * hidden * heads * dim, 2 * hidden * kv * dim, 2L * dim);
    }

    /// <summary>
    /// Gemma 3n's additions. Per layer: LAuReL (hidden x rank, rank x hidden, a norm), AltUp (correction coefficients
    /// n x n, prediction coefficients n x n^2, the modality router hidden x n, its norm and the output scale) and the
    /// per-layer input gate and projection (hidden x p each) with their norm. Per model: the per-layer embedding table
    /// (vocab_size_per_layer_input x layers x p), its projection from the hidden state (hidden x layers x p) and norm, and
    /// AltUp's n - 1 projections and n - 1 unembedding projections (hidden x hidden each).
    /// </summary>
    private static (long Layer, long Model) Gemma3nExtras(ModelSpec spec, long hidden, long layers)
    {
        if (spec.PerLayerInputSize is not { } p || spec.PerLayerInputVocabSize is not { } perLayerVocab || spec.AltUpInputs is not { } n || spec.LaurelRank is not { } rank)
        {
            return (0, 0);
        }

        var laurel = (2 * hidden * rank) + hidden;
        var altUp = ((long)n * n) + ((long)n * n * n) + (hidden * n) + (2 * hidden);
        var perLayerInput = (2 * hidden * p) + hidden;
        var model = ((long)perLayerVocab * layers * p) + (hidden * layers * p) + p + (2L * (n - 1) * hidden * hidden);
        return (laurel + altUp + perLayerInput, model);
    }

    /// <summary>How a GPT-2-style family lays out what the Llama-style count does not: biases, LayerNorm weights and biases, learned positions.</summary>
    private sealed record ClassicProfile(bool AttentionBias, bool MlpBias, bool LearnedPositions, bool LmHeadBias, Func<long, long, int> NormsPerLayer)
    {
        /// <summary>LayerNorm: a weight and a bias per channel.</summary>
        public int NormWidth => 2;

        /// <summary>Rows of the learned position table beyond max_position_embeddings (OPT's offset of 2).</summary>
        public int PositionOffset { get; init; }

        public static ClassicProfile? Of(string type) => type switch
        {
            "gpt_neox" => new(true, true, false, false, (_, _) => 2),
            "gpt2" or "gpt_bigcode" => new(true, true, true, false, (_, _) => 2),

            // Whisper's decoder: GPT-2's layout with learned positions for max_target_positions (448).
            "whisper" => new(true, true, true, false, (_, _) => 2),

            // OPT: GPT-2's layout with a ReLU MLP; its learned positions have two extra rows (offset 2).
            "opt" => new(true, true, true, false, (_, _) => 2) { PositionOffset = 2 },
            "starcoder2" => new(true, true, false, false, (_, _) => 2),
            "phi" or "phi-msft" => new(true, true, false, true, (_, _) => 1),
            "gptj" => new(false, true, false, true, (_, _) => 1),

            // BERT and (XLM-)RoBERTa: biases everywhere, learned positions, a LayerNorm after attention and after the MLP.
            "bert" or "roberta" or "xlm-roberta" => new(true, true, true, false, (_, _) => 2),

            // Falcon-7B (multi-query) shares one LayerNorm per layer; the new decoder architecture (40B, 180B) has two.
            "falcon" => new(false, false, false, false, (kv, _) => kv == 1 ? 1 : 2),
            _ => null,
        };
    }

    /// <summary>One spec and its components, swapped in whole so that a reader on another thread never sees half a pair.</summary>
    private sealed class ComputedFor
    {
        public ComputedFor(ModelSpec spec, ModelComponents? components) => (Spec, Components) = (spec, components);

        public ModelSpec Spec { get; }

        public ModelComponents? Components { get; }
    }
}

/// <summary>Parameter counts computed from an architecture.</summary>
public static class ParameterCount
{
    public static double? Estimate(ModelSpec spec) => ModelComponents.From(spec)?.Total;
}
