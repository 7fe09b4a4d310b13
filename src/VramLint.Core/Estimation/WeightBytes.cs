using VramLint.Core.Models;

namespace VramLint.Core.Estimation;

/// <summary>
/// Bytes of weights per GPU from the real tensors (vllm-notes sections 3 and 4): what each quantization stores per
/// weight including its scales and zero points, which parts stay 16-bit, what tensor parallelism splits and what
/// every rank holds whole, and which layers a pipeline stage carries.
/// </summary>
public static class WeightBytes
{
    /// <summary>The last answer of <see cref="PerGpu"/> as loaded (a stage) and as stored (the total); each swapped whole, so a reader on another thread sees a pair that belongs together.</summary>
    private static readonly Answer?[] LastAnswers = new Answer?[2];

    /// <summary>Bytes per 16-bit parameter, or 4 when the deployment asks for float32.</summary>
    public static double DenseBytes(string? dtype) => dtype is "float" or "float32" ? 4.0 : 2.0;

    /// <summary>Bytes one quantized linear weight takes, scales and zero points included.</summary>
    public static double QuantizedBytes(QuantizationScheme q, string? dtype)
    {
        var group = q.GroupSize is > 0 ? q.GroupSize.Value : 128;
        switch (q.Method)
        {
            case QuantizationMethod.None:
                return DenseBytes(dtype);
            case QuantizationMethod.Awq:
            case QuantizationMethod.Gptq:
                // Packed weights plus a 16-bit scale and a packed zero point per group and column: 4.16 bits at g128.
                return (q.Bits + ((16.0 + q.Bits) / group)) / 8.0;
            case QuantizationMethod.Fp8:
                // fp8 weights; per-channel or 128x128-block fp32 scales add a few parts in ten thousand.
                return 1.0003;
            case QuantizationMethod.Int8:
                return 1.0 + (4.0 / 4096);
            case QuantizationMethod.Nvfp4:
                return 4.5 / 8;
            case QuantizationMethod.Mxfp4:
                return 4.25 / 8;
            case QuantizationMethod.BitsAndBytes:
                // nf4 with an fp32 absmax per 64 weights (4.5 bits); the upper end of bitsandbytes' range.
                return q.Bits >= 8 ? 1.0 + (4.0 / 64) : 4.5 / 8;
            case QuantizationMethod.Gguf:
                return GgufBits(q) / 8.0;
            default:
                return q.Bits >= 16 ? DenseBytes(dtype) : (q.Bits + (16.0 / group)) / 8.0;
        }
    }

    /// <summary>ggml block sizes (gguf.GGML_QUANT_SIZES): Q8_0 8.5, Q6_K 6.56, Q5_K 5.5, Q4_K 4.5, Q3_K 3.44, Q2_K 2.63; _M mixes run higher.</summary>
    public static double GgufBits(QuantizationScheme q)
    {
        var type = q.GgufType ?? "";
        var mixed = type.EndsWith("_M", StringComparison.Ordinal) ? 0.35 : type.EndsWith("_L", StringComparison.Ordinal) ? 0.6 : 0.0;
        return q.Bits switch
        {
            >= 8 => 8.5,
            6 => 6.5625,
            5 => 5.5,
            4 => 4.5,
            3 => 3.4375,
            2 => 2.625,
            _ => q.Bits + 0.5,
        } + mixed;
    }

    /// <summary>
    /// The bytes one GPU of a pipeline stage holds. <paramref name="firstLayer"/>..<paramref name="endLayer"/> are the stage's
    /// decoder layers; the first stage holds the embedding, the last the LM head (and a tied embedding copy when PP &gt; 1).
    /// </summary>
    public static double PerGpu(ModelComponents c, ModelSpec spec, QuantizationScheme q, string? dtype, int tp, int dp, int firstLayer, int endLayer, int pp, bool asLoaded = true)
    {
        // An estimate asks for a stage's bytes and the total, and a fix search asks again for every candidate, most of
        // which change no setting these depend on: the last two answers are kept (one of each kind of question).
        var question = new Question(c, spec, q, dtype, tp, dp, firstLayer, endLayer, pp, asLoaded);
        var slot = asLoaded ? 0 : 1;
        if (LastAnswers[slot] is { } last && last.Question.Equals(question))
        {
            return last.Bytes;
        }

        var bytes = Compute(c, spec, q, dtype, tp, dp, firstLayer, endLayer, pp, asLoaded);
        LastAnswers[slot] = new Answer(question, bytes);
        return bytes;
    }

    private sealed record Answer(Question Question, double Bytes);

    /// <summary>A question to <see cref="PerGpu"/>: the model's objects by reference (they are not changed once built), the rest by value.</summary>
    private readonly struct Question : IEquatable<Question>
    {
        private readonly ModelComponents components;
        private readonly ModelSpec spec;
        private readonly QuantizationScheme quantization;
        private readonly string? dtype;
        private readonly (int Tp, int Dp, int First, int End, int Pp, bool AsLoaded) shape;

        public Question(ModelComponents components, ModelSpec spec, QuantizationScheme quantization, string? dtype, int tp, int dp, int first, int end, int pp, bool asLoaded)
        {
            this.components = components;
            this.spec = spec;
            this.quantization = quantization;
            this.dtype = dtype;
            shape = (tp, dp, first, end, pp, asLoaded);
        }

        public bool Equals(Question other) =>
            ReferenceEquals(components, other.components) && ReferenceEquals(spec, other.spec) && ReferenceEquals(quantization, other.quantization)
            && string.Equals(dtype, other.dtype, StringComparison.Ordinal) && shape.Equals(other.shape);

        public override bool Equals(object? obj) => obj is Question other && Equals(other);

        public override int GetHashCode() => shape.GetHashCode();
    }

    private static double Compute(ModelComponents c, ModelSpec spec, QuantizationScheme q, string? dtype, int tp, int dp, int firstLayer, int endLayer, int pp, bool asLoaded)
    {
        tp = Math.Max(1, tp);
        var dense = DenseBytes(dtype);
        var linear = QuantizedBytes(q, dtype);

        var layers = Math.Max(0, endLayer - Math.Max(0, firstLayer));
        var denseLayers = Math.Max(0, Math.Min(endLayer, c.DenseLayers) - Math.Max(firstLayer, 0));
        var moeLayers = layers - denseLayers;
        var bytes = c.MlpLessLayers > 0 && c.Layers > 0
            ? NemotronLayers(c, spec, q, dtype, tp, dp, layers, asLoaded)
            : (denseLayers * DecoderLayer(c, spec, q, dtype, tp, dp, moe: false, asLoaded))
                + (moeLayers * DecoderLayer(c, spec, q, dtype, tp, dp, moe: true, asLoaded));
        bytes += RotaryCache(spec, dense);

        // GGUF quantizes the embeddings too; everything else keeps them 16-bit.
        var embeddingBytes = q.Method == QuantizationMethod.Gguf ? linear : dense;
        var lmHeadBytes = q.LmHeadQuantized || q.Method == QuantizationMethod.Gguf ? linear : dense;
        var vocabShare = PaddedVocabulary(spec) / (double)Math.Max(1, spec.VocabSize ?? 1) / tp;
        var isFirst = firstLayer <= 0;
        var isLast = endLayer >= c.Layers;
        if (isFirst)
        {
            bytes += (c.Embedding * embeddingBytes * vocabShare) + (c.ModelExtras * dense / tp);
        }

        if (isLast)
        {
            var head = c.LmHead > 0 ? c.LmHead : (pp > 1 ? c.Embedding : 0);
            bytes += (head * lmHeadBytes * vocabShare) + (c.FinalNorm * dense);
        }

        return bytes;
    }

    /// <summary>
    /// The bytes one GPU holds of one decoder layer: attention (Q/O split by TP, K/V split until each rank holds one KV
    /// head, MLA down-projections whole), norms, and its MLP: dense and shared experts split by TP, routed experts over
    /// TP x DP ranks, the router whole. Schemes that quantize only the experts (MXFP4) keep the rest 16-bit.
    /// </summary>
    public static double DecoderLayer(ModelComponents c, ModelSpec spec, QuantizationScheme q, string? dtype, int tp, int dp, bool moe, bool asLoaded = true)
    {
        tp = Math.Max(1, tp);
        var dense = DenseBytes(dtype);
        var linear = QuantizedBytes(q, dtype);
        var unexpert = q.ExpertsOnly ? dense : linear;
        var kvHeads = spec.NumKeyValueHeads is > 0 ? spec.NumKeyValueHeads.Value : Math.Max(1, spec.NumAttentionHeads ?? 1);

        // K/V projections shrink with TP only until each rank holds one KV head; past that they are replicated.
        var kvShare = spec.IsMla ? 1.0 / tp : Math.Max(1, kvHeads / tp) / (double)kvHeads;

        var bytes = (c.AttentionQueryOutput * unexpert / tp)
            + (c.AttentionKeyValue * unexpert * kvShare)
            + (c.AttentionReplicated * unexpert)
            + (c.AttentionExtras * dense);

        // Gemma 4: full-attention layers with their own head size and KV heads, averaged in like the hybrids' mixers below.
        if (c.GlobalAttentionLayers > 0 && c.Layers > 0)
        {
            var globalKv = Math.Max(1, spec.GlobalKeyValueHeads ?? kvHeads);
            var globalShare = Math.Max(1, globalKv / tp) / (double)globalKv;
            var globalBytes = (c.GlobalAttentionQueryOutput * unexpert / tp) + (c.GlobalAttentionKeyValue * unexpert * globalShare) + (c.GlobalAttentionExtras * dense);
            bytes = ((bytes * (c.Layers - c.GlobalAttentionLayers)) + (globalBytes * c.GlobalAttentionLayers)) / c.Layers;
        }

        // Linear-attention and Mamba hybrids: a layer's mixer is the layer mix's average (exact for the whole model), split by TP.
        if ((c.LinearAttentionLayers > 0 || c.MambaLayers > 0 || c.MixerlessLayers > 0) && c.Layers > 0)
        {
            bytes = ((bytes * c.FullAttentionLayers) + (c.LinearAttention * unexpert / tp * c.LinearAttentionLayers)
                + (c.MambaMixer * unexpert / tp * c.MambaLayers)) / c.Layers;
        }

        bytes += (c.Norms + c.LayerExtras) * dense;
        return bytes + Mlp(c, spec, q, dtype, tp, dp, moe, asLoaded);
    }

    /// <summary>
    /// Nemotron-H: each layer is one block of its pattern (Mamba, attention, MLP or MoE), so a stage holds its share of
    /// the MLP and MoE layers beside its layers' average mixer.
    /// </summary>
    private static double NemotronLayers(ModelComponents c, ModelSpec spec, QuantizationScheme q, string? dtype, int tp, int dp, int layers, bool asLoaded)
    {
        var share = layers / (double)c.Layers;
        var mixers = layers * (DecoderLayer(c, spec, q, dtype, tp, dp, moe: false, asLoaded) - Mlp(c, spec, q, dtype, tp, dp, moe: false, asLoaded));
        return mixers + (share * ((c.DenseLayers * Mlp(c, spec, q, dtype, tp, dp, moe: false, asLoaded)) + (c.MoeLayers * Mlp(c, spec, q, dtype, tp, dp, moe: true, asLoaded))));
    }

    /// <summary>One layer's MLP on one GPU: a dense MLP split by TP, or routed experts over TP x DP ranks, shared experts split by TP and the router whole.</summary>
    private static double Mlp(ModelComponents c, ModelSpec spec, QuantizationScheme q, string? dtype, int tp, int dp, bool moe, bool asLoaded)
    {
        tp = Math.Max(1, tp);
        var dense = DenseBytes(dtype);
        var linear = QuantizedBytes(q, dtype);
        var unexpert = q.ExpertsOnly ? dense : linear;
        if (!moe)
        {
            return c.DenseMlp * unexpert / tp;
        }

        // vLLM's MXFP4 MoE kernels pad the expert width to a multiple of 256 when loading (gpt-oss: 2880 -> 3072),
        // which is why vLLM reports 64.4 GiB for gpt-oss-120b's 60.7 GiB checkpoint (llm-d planner report).
        var expertBytes = linear;
        var expertWidth = spec.MoeIntermediateSize ?? spec.IntermediateSize ?? 0;
        if (asLoaded && q.Method == QuantizationMethod.Mxfp4 && expertWidth > 0)
        {
            expertBytes *= ((expertWidth + 255) / 256 * 256) / (double)expertWidth;
        }

        // Experts are split over TP x DP ranks, by expert parallelism or by sharding each expert: the same bytes per GPU.
        var expertGroup = Math.Max(1, tp * (long)Math.Max(1, dp));
        return (c.RoutedExperts * expertBytes / expertGroup) + (c.SharedExperts * unexpert / tp) + (c.Router * dense);
    }

    /// <summary>
    /// The rotary cos/sin cache: one per model, max positions x head dim in the model dtype, on every rank (it is why
    /// vLLM reports 14.99 GiB for Llama-3.1-8B's 14.96 GiB of parameters).
    /// </summary>
    public static double RotaryCache(ModelSpec spec, double denseBytes)
    {
        var headDim = spec.HeadDim ?? ((spec.HiddenSize ?? 0) / Math.Max(1, spec.NumAttentionHeads ?? 1));
        return Math.Max(0, spec.MaxPositionEmbeddings ?? 0) * (double)(spec.IsMla ? spec.QkRopeHeadDim ?? 64 : headDim) * denseBytes;
    }

    /// <summary>All the model's weights as stored, before sharding.</summary>
    public static double Total(ModelComponents c, ModelSpec spec, QuantizationScheme q, string? dtype) =>
        PerGpu(c, spec, q, dtype, tp: 1, dp: 1, firstLayer: 0, endLayer: c.Layers, pp: 1, asLoaded: false);

    /// <summary>vLLM pads the vocabulary to a multiple of 64 before splitting it over the ranks.</summary>
    public static long PaddedVocabulary(ModelSpec spec) => ((spec.VocabSize ?? 0) + 63) / 64 * 64;

    /// <summary>
    /// vLLM's pipeline split (get_pp_indices): even shares, the remainder one layer each to stages pp-2, pp-3, ...
    /// Returns the [first, end) layer range of every stage.
    /// </summary>
    public static IReadOnlyList<(int First, int End)> PipelineStages(int layers, int pp)
    {
        pp = Math.Max(1, Math.Min(pp, Math.Max(1, layers)));
        var sizes = new int[pp];
        for (var k = 0; k < pp; k++)
        {
            sizes[k] = layers / pp;
        }

        var remainder = layers % pp;
        for (var k = 0; k < remainder; k++)
        {
            sizes[(pp - 2 - k + pp) % pp]++;
        }

        var stages = new List<(int, int)>();
        var start = 0;
        foreach (var size in sizes)
        {
            stages.Add((start, start + size));
            start += size;
        }

        return stages;
    }
}
