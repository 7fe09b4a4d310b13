using VramLint.Core.Json;

namespace VramLint.Core.Models;

/// <summary>Reads a Hugging Face config.json into a spec, across the field names families use (llama, qwen, gemma, deepseek, chatglm...).</summary>
internal static class ConfigJsonReader
{
    public static ModelSpec? Read(JsonNode root, string id)
    {
        int? expertWidthOverride = null, sharedExpertsOverride = null;
        // Multimodal wrappers (gemma3, llava) keep the language model under text_config.
        var text = root["text_config"] is JsonObject inner ? inner : root;
        int? Int(params string[] keys) => keys.Select(k => text[k]?.AsInt ?? root[k]?.AsInt).FirstOrDefault(v => v is not null);

        // Whisper: the decoder is the language model (its num_hidden_layers counts the encoder's layers); WhisperEncoder reads the encoder.
        var whisper = WhisperEncoder.Is(root);
        var layers = whisper ? Int("decoder_layers") : Int("num_hidden_layers", "num_layers", "n_layer");
        var hidden = Int("hidden_size", "n_embd", "d_model");
        var heads = whisper ? Int("decoder_attention_heads") : Int("num_attention_heads", "n_head");
        if (layers is null || hidden is null || heads is null)
        {
            return null;
        }

        var modelType = text["model_type"]?.AsString ?? root["model_type"]?.AsString;
        var intermediate = (whisper ? Int("decoder_ffn_dim") : Int("intermediate_size", "ffn_hidden_size", "n_inner", "ffn_dim")) ?? UniformWidth(text["intermediate_size"]);
        if (modelType == "qwen" && intermediate is { } doubled)
        {
            intermediate = doubled / 2;
        }

        // GPT-BigCode and Falcon-7B say multi-query attention with a flag: one K/V head.
        var multiQuery = (text["multi_query"] ?? root["multi_query"])?.AsBool == true && text["new_decoder_architecture"]?.AsBool != true;
        var kvHeads = Int("num_key_value_heads", "multi_query_group_num", "num_kv_heads", "n_head_kv") ?? (multiQuery ? 1 : null);
        var headDim = Int("head_dim", "kv_channels", "attention_head_dim") ?? hidden / heads;
        var vocab = Int("vocab_size", "padded_vocab_size");
        // A config that states no tying has its config class's default, as transformers and vLLM read it (Falcon ties).
        var tie = (text["tie_word_embeddings"] ?? root["tie_word_embeddings"])?.AsBool ?? TransformersDefaults.TieWordEmbeddings(modelType);
        var experts = Int("num_local_experts", "num_experts", "n_routed_experts");

        // Granite-4.0 (granitemoehybrid): intermediate_size is the experts' width; every layer adds a gated shared MLP of
        // shared_intermediate_size, which is the whole MLP when the model has no experts (h-micro, micro).
        var sharedWidth = Int("shared_intermediate_size");
        if (modelType == "granitemoehybrid" && sharedWidth is not null)
        {
            if (experts is > 0)
            {
                (expertWidthOverride, sharedExpertsOverride) = (intermediate, SharedExpertsAsRouted(sharedWidth, intermediate));
            }
            else
            {
                intermediate = sharedWidth;
            }
        }

        // Gemma 4's MoE block runs beside a dense MLP in every layer (enable_moe_block): the MLP is the width of n experts,
        // counted as n shared experts, which TP splits the same way.
        if ((text["enable_moe_block"] ?? root["enable_moe_block"])?.AsBool == true)
        {
            sharedExpertsOverride = SharedExpertsAsRouted(intermediate, Int("moe_intermediate_size"));
        }

        // Nemotron-H states its shared expert by width (3712 = 2 x 1856) beside an n_shared_experts of 1.
        if (Int("moe_shared_expert_intermediate_size") is { } nemotronShared)
        {
            sharedExpertsOverride = SharedExpertsAsRouted(nemotronShared, Int("moe_intermediate_size"));
        }

        // Llama 4 states the dense FFN width as intermediate_size_mlp and the experts' width as intermediate_size.
        var denseWidth = Int("intermediate_size_mlp");
        var isLlama4 = modelType is "llama4_text" or "llama4";
        var encoder = IsEncoder(modelType);
        var window = Int("sliding_window");
        var useWindow = (text["use_sliding_window"] ?? root["use_sliding_window"])?.AsBool;
        var slidingLayers = SlidingLayers(text, layers.Value, window, useWindow);
        if (modelType == "modernbert" && ModernBertLocalLayers(text, layers.Value) is { } local)
        {
            (window, slidingLayers) = local;
        }

        // vLLM reads the length from the text config; a wrapper whose text config states none is read at its root.
        var lengths = ReferenceEquals(text, root) ? VllmMaxModelLen.From(root)
            : VllmMaxModelLen.From(text, unstatedIsDefault: false) ?? VllmMaxModelLen.From(root);

        // MiniMax's lightning attention and Kimi-Linear's KDA state their mixers in their own keys.
        var linearShape = LinearAttentionShape.Read(text, layers.Value);

        var spec = new ModelSpec
        {
            Id = id,
            ModelType = modelType,
            NumHiddenLayers = layers,
            HiddenSize = hidden,
            IntermediateSize = denseWidth ?? intermediate,
            NumAttentionHeads = heads,
            NumKeyValueHeads = kvHeads ?? heads,
            HeadDim = headDim,
            VocabSize = vocab,
            TieWordEmbeddings = tie,
            MaxPositionEmbeddings = Int(VllmMaxModelLen.LengthKeys.ToArray()),
            DerivedMaxModelLen = lengths?.Derived,
            DefaultMaxModelLen = lengths?.Default,
            Raw = root,
            TorchDtype = (text["torch_dtype"] ?? root["torch_dtype"] ?? root["dtype"])?.AsString,
            NumExperts = experts,
            NumExpertsPerToken = Int("num_experts_per_tok", "experts_per_token", "num_experts_per_token", "top_k_experts"),
            // Llama 4's MoE layers always add one shared expert of the experts' width (transformers Llama4TextMoe).
            NumSharedExperts = sharedExpertsOverride ?? Int("n_shared_experts") ?? (modelType == "kimi_linear" ? Int("num_shared_experts") : null) ?? SharedExpertsAsRouted(Int("shared_expert_intermediate_size"), Int("moe_intermediate_size")) ?? (isLlama4 && experts is > 1 ? 1 : null),
            MoeIntermediateSize = expertWidthOverride ?? Int("moe_intermediate_size") ?? (denseWidth is not null ? intermediate : null),
            InterleaveMoeLayerStep = Int("interleave_moe_layer_step"),
            KvSharedLayers = Int("num_kv_shared_layers") is > 0 and var shared ? shared : null,
            GlobalHeadDim = Int("global_head_dim") is { } globalDim && globalDim != headDim ? globalDim : null,
            GlobalKeyValueHeads = Int("global_head_dim") is { } globalHeads && globalHeads != headDim ? Int("num_global_key_value_heads") : null,
            AttentionKEqualsV = (text["attention_k_eq_v"] ?? root["attention_k_eq_v"])?.AsBool == true,
            PerLayerInputSize = Int("hidden_size_per_layer_input") is > 0 and var perLayerInput ? perLayerInput : null,
            PerLayerInputVocabSize = Int("vocab_size_per_layer_input"),
            AltUpInputs = Int("altup_num_inputs"),
            LaurelRank = Int("laurel_rank"),
            AttentionChunkSize = Int("attention_chunk_size"),
            ChunkedAttentionLayers = Int("attention_chunk_size") is > 0 ? ChunkedLayers(text, layers.Value) : null,
            LinearAttentionKind = linearShape?.Kind,
            LinearAttentionLayers = linearShape?.Layers ?? LinearLayers(text, layers.Value),
            LinearNumKeyHeads = linearShape?.Heads ?? Int("linear_num_key_heads"),
            LinearNumValueHeads = linearShape?.Heads ?? Int("linear_num_value_heads"),
            LinearKeyHeadDim = linearShape?.HeadDim ?? Int("linear_key_head_dim"),
            LinearValueHeadDim = linearShape?.HeadDim ?? Int("linear_value_head_dim"),
            LinearConvKernelDim = linearShape is not null ? (linearShape.ConvKernel > 0 ? linearShape.ConvKernel : null) : Int("linear_conv_kernel_dim"),
            // Qwen3-Next's attention always gates its output (its config has no key for it); Qwen3.5+ states attn_output_gate.
            HybridLayerPattern = modelType == "nemotron_h" ? RecurrentState.NemotronPattern(text) : null,
            UngatedMlp = (text["mlp_hidden_act"] ?? root["mlp_hidden_act"])?.AsString == "relu2",
            AttentionOutputGate = (text["attn_output_gate"] ?? root["attn_output_gate"])?.AsBool ?? modelType == "qwen3_next",
            IsEncoderOnly = encoder,
            TypeVocabSize = encoder ? Int("type_vocab_size") : null,
            FirstKDenseReplace = Int("first_k_dense_replace"),
            KvLoraRank = Int("kv_lora_rank"),
            QLoraRank = Int("q_lora_rank"),
            QkRopeHeadDim = Int("qk_rope_head_dim"),
            QkNopeHeadDim = Int("qk_nope_head_dim"),
            VHeadDim = Int("v_head_dim"),
            IndexNHeads = Int("index_n_heads"),
            IndexHeadDim = Int("index_head_dim"),
            SlidingWindow = slidingLayers > 0 ? window : null,
            SlidingWindowLayers = slidingLayers > 0 ? slidingLayers : null,
            Quantization = QuantizationConfig.Read(root["quantization_config"] ?? text["quantization_config"], modelType),
            RecurrentState = RecurrentState.From(text, layers.Value),
            Vision = VisionEncoder.From(root),
        };

        return spec with { TotalParameters = ParameterCount.Estimate(spec), ParametersComputed = (long?)ParameterCount.Estimate(spec) };
    }

    /// <summary>
    /// Qwen-MoE states its shared expert by width (shared_expert_intermediate_size 5632 = 4 x moe_intermediate_size 1408):
    /// as a count of routed-expert-sized experts it has the same weights. Null when the width is not a whole multiple.
    /// </summary>
    private static int? SharedExpertsAsRouted(int? sharedWidth, int? expertWidth) =>
        sharedWidth is > 0 && expertWidth is > 0 && sharedWidth.Value % expertWidth.Value == 0 ? sharedWidth.Value / expertWidth.Value : null;

    /// <summary>
    /// Gemma 3n states intermediate_size per layer (a list, MatFormer): one width when every layer has it, else unknown.
    /// </summary>
    private static int? UniformWidth(JsonNode? widths)
    {
        if (widths is not JsonArray list || list.Items.Count == 0)
        {
            return null;
        }

        var first = list.Items[0].AsInt;
        return first is > 0 && list.Items.All(w => w.AsInt == first) ? first : null;
    }

    /// <summary>
    /// Encoder-only families vLLM serves as embedding or reranking models (BERT, RoBERTa/XLM-RoBERTa, NomicBERT).
    /// Their parameters are counted by <see cref="ModelComponents"/> for bert, roberta, xlm-roberta and nomic_bert.
    /// </summary>
    internal static bool IsEncoder(string? modelType) => modelType is "bert" or "roberta" or "xlm-roberta" or "nomic_bert";

    /// <summary>
    /// Qwen3-Next and Qwen3.5 name each layer in layer_types ("linear_attention" or "full_attention"); without the list,
    /// every full_attention_interval-th layer is full attention. Null when the model has no linear-attention layers.
    /// </summary>
    private static int? LinearLayers(JsonNode text, int layers)
    {
        if (text["layer_types"] is JsonArray types)
        {
            var linear = types.Items.Count(t => t.AsString == "linear_attention");
            return linear > 0 ? linear : null;
        }

        return text["full_attention_interval"]?.AsInt is { } interval and > 1 && text["linear_num_value_heads"] is not null ? layers - (layers / interval) : null;
    }

    /// <summary>
    /// Llama 4: the layers that use RoPE attend within chunks; no_rope_layers marks them with 1. Without the list,
    /// transformers' default applies: every 4th layer (no_rope_layer_interval) is a global NoPE layer.
    /// </summary>
    private static int ChunkedLayers(JsonNode text, int layers)
    {
        if (text["no_rope_layers"] is JsonArray flags && flags.Items.Count == layers)
        {
            return flags.Items.Count(f => f.AsInt == 1);
        }

        var interval = text["no_rope_layer_interval"]?.AsInt ?? 4;
        return interval > 0 ? layers - (layers / interval) : layers;
    }

    /// <summary>How many layers attend within a window: layer_types when given, else every layer when a window is on.</summary>
    /// <summary>
    /// ModernBERT alternates attention by <c>global_attn_every_n_layers</c> (layers 0, n, 2n... attend globally) and
    /// <c>local_attention</c>, the whole window of the other layers (half of it each side); newer configs also list
    /// <c>layer_types</c>. Null when the config states neither.
    /// </summary>
    private static (int Window, int Layers)? ModernBertLocalLayers(JsonNode text, int layers)
    {
        if (text["local_attention"]?.AsInt is not { } window || window <= 0)
        {
            return null;
        }

        if (text["layer_types"] is JsonArray types)
        {
            return (window, types.Items.Count(t => t.AsString == "sliding_attention"));
        }

        return text["global_attn_every_n_layers"]?.AsInt is { } every and > 0 ? (window, layers - ((layers + every - 1) / every)) : null;
    }

    private static int SlidingLayers(JsonNode text, int layers, int? window, bool? useWindow)
    {
        if (window is null or <= 0 || useWindow == false)
        {
            return 0;
        }

        if (text["layer_types"] is JsonArray types)
        {
            return types.Items.Count(t => t.AsString == "sliding_attention");
        }

        if (text["sliding_window_pattern"]?.AsInt is { } pattern and > 1)
        {
            return layers - (layers / pattern);
        }

        // Gemma 2 alternates local and global layers without saying so in its config (transformers: even layers slide).
        if (text["model_type"]?.AsString == "gemma2")
        {
            return (layers + 1) / 2;
        }

        return layers;
    }
}
