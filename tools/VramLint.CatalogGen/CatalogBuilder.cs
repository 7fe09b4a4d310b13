using System.Globalization;
using System.Text.Json.Nodes;
using VramLint.Core.Models;

namespace VramLint.CatalogGen;

/// <summary>
/// Turns the manifest (which repository, which config.json, which published count, which base model) into catalog
/// records: the architecture facts are read by Core's own config.json reader, so the catalog holds exactly what a
/// user's config.json would give. A published count that Core's computed count misses by more than 0.5% is an error.
/// </summary>
public static class CatalogBuilder
{
    public const double Tolerance = 0.005;

    public static CatalogResult Build(JsonObject manifest, JsonArray curated, Func<string, string> readConfig)
    {
        var problems = new List<string>();
        var records = new List<JsonObject>();
        var byId = new Dictionary<string, JsonObject>(StringComparer.OrdinalIgnoreCase);
        var withPublished = 0;
        var maxDeviation = 0.0;
        foreach (var node in curated)
        {
            var record = node!.AsObject().DeepClone().AsObject();
            var id = (string)record["hf_id"]!;
            if (record["published_params"] is JsonValue published && record["params_computed"] is JsonValue computed)
            {
                var deviation = Deviation(computed.GetValue<double>(), published.GetValue<double>(), (string?)record["published_params_printed"], out var allowed);
                if (deviation > allowed)
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"{id}: curated count {computed} differs from its published {published} by {deviation:P2}"));
                    continue;
                }

                withPublished++;
                maxDeviation = Math.Max(maxDeviation, deviation);
            }

            records.Add(record);
            byId[id] = record;
        }

        var entries = manifest["models"]!.AsArray().Select(n => n!.AsObject()).ToList();
        var configOf = new Dictionary<string, JsonObject>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in entries.Where(e => e["config"] is not null))
        {
            // A duplicate is reported below; the first entry keeps the id.
            configOf.TryAdd((string)entry["id"]!, entry);
        }

        var generated = 0;
        foreach (var entry in entries)
        {
            var id = (string)entry["id"]!;
            if (byId.ContainsKey(id))
            {
                problems.Add($"{id}: listed twice (the manifest or the curated records already hold it)");
                continue;
            }

            var record = entry["same_record_as"] is { } sameRecord
                ? FromCurated(entry, byId, (string)sameRecord!, problems)
                : FromConfig(entry, configOf, readConfig, problems);
            if (record is null)
            {
                continue;
            }

            if (entry["published_parameters"] is JsonObject published)
            {
                var count = (double)published["count"]!;
                var computed = record["params_computed"] is JsonValue value && value.TryGetValue<long>(out var exact) ? exact : (double?)null;

                // A checkpoint count that includes the encoders (keras-hub's Gemma 3n totals) is checked with them.
                if (published["includes_towers"]?.GetValue<bool>() == true && computed is not null)
                {
                    computed += record["vision_parameters"] is JsonValue towers && towers.TryGetValue<long>(out var towerCount) ? towerCount : double.NaN;
                }

                var allowed = Tolerance;
                var deviation = computed is { } c ? Deviation(c, count, (string?)published["printed"], out allowed) : double.PositiveInfinity;
                if (deviation > allowed)
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"{id}: computed {computed} parameters, published {count} ({published["source"]}): off by {deviation:P2}"));
                    continue;
                }

                record["published_params"] = count;
                if (published["includes_towers"]?.GetValue<bool>() == true)
                {
                    record["published_params_include_towers"] = true;
                }

                record["published_params_source"] = published["source"]!.DeepClone();
                if (published["printed"] is { } printed)
                {
                    record["published_params_printed"] = printed.DeepClone();
                }

                withPublished++;
                maxDeviation = Math.Max(maxDeviation, deviation);
            }

            records.Add(record);
            byId[id] = record;
            generated++;
        }

        return new CatalogResult(records, problems, generated, withPublished, maxDeviation);
    }

    /// <summary>A derivative whose architecture is a curated record's (a quantized re-upload or fine-tune of it).</summary>
    private static JsonObject? FromCurated(JsonObject entry, Dictionary<string, JsonObject> byId, string baseId, List<string> problems)
    {
        var id = (string)entry["id"]!;
        if (!byId.TryGetValue(baseId, out var source))
        {
            problems.Add($"{id}: same_record_as '{baseId}' is not an earlier record");
            return null;
        }

        // The record's quantization is not copied (a fine-tune of an FP8 release may be 16-bit): a twin of a quantized
        // release states its own, with a source, instead of silently becoming 16-bit (DeepSeek-V3-0324 and R1-Zero were,
        // at twice their size). A 16-bit twin names its own config.json instead.
        if (source["quantization_config"] is JsonObject sourceQuantization && entry["quantization_config"] is null)
        {
            problems.Add($"{id}: same_record_as '{baseId}', whose weights are {sourceQuantization["quant_method"]}-quantized: state this entry's quantization_config with a quantization_source, or give it its own config.json if its weights are 16-bit");
            return null;
        }

        var record = new JsonObject { ["hf_id"] = id };
        foreach (var property in source)
        {
            if (property.Key is not ("hf_id" or "measured_gpu_memory" or "quantization_config" or "repo_weights_size_gb" or "sources" or "base_model" or "same_architecture_as" or "published_params" or "published_params_source"))
            {
                record[property.Key] = property.Value?.DeepClone();
            }
        }

        record["same_architecture_as"] = baseId;
        Finish(record, entry, null, new List<string> { $"architecture: as {baseId} ({First(source["sources"])})" });
        return record;
    }

    private static JsonObject? FromConfig(JsonObject entry, Dictionary<string, JsonObject> configOf, Func<string, string> readConfig, List<string> problems)
    {
        var id = (string)entry["id"]!;
        var owner = entry;
        if (entry["same_config_as"] is { } sameConfig && !configOf.TryGetValue((string)sameConfig!, out owner!))
        {
            problems.Add($"{id}: same_config_as '{sameConfig}' names no manifest entry with a config");
            return null;
        }

        if (owner["config"] is null)
        {
            problems.Add($"{id}: no config, same_config_as or same_record_as");
            return null;
        }

        JsonObject config;
        try
        {
            config = JsonNode.Parse(readConfig((string)owner["config"]!))!.AsObject();
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException or InvalidOperationException)
        {
            problems.Add($"{id}: config '{owner["config"]}' cannot be read: {e.Message}");
            return null;
        }

        var sources = new List<string> { "config: " + (string)owner["config_source"]! };
        var text = config["text_config"] as JsonObject ?? config;
        // The config's own entry may fill a gap (litgpt has no tie_word_embeddings); a derivative may differ in a value (its context length).
        var overrides = (owner["config_overrides"] as JsonObject ?? new JsonObject()).Concat(entry != owner ? entry["config_overrides"] as JsonObject ?? new JsonObject() : new JsonObject());
        foreach (var over in overrides.ToList())
        {
            text[over.Key] = over.Value!["value"]!.DeepClone();
            sources.Add($"{over.Key}: {over.Value!["source"]}");
        }

        var modelType = (string?)text["model_type"] ?? (string?)config["model_type"];
        if (text["tie_word_embeddings"] is null && config["tie_word_embeddings"] is null && TransformersDefaults.TieWordEmbeddings(modelType) is { } tie)
        {
            text["tie_word_embeddings"] = tie;
            sources.Add($"tie_word_embeddings: not in the config; the transformers default for {modelType} ({tie.ToString().ToLowerInvariant()})");
        }

        var quantization = QuantizationOf(config);
        var spec = ModelCatalog.FromConfigJson(config.ToJsonString(), id);
        var components = spec is null ? null : ModelComponents.From(spec);
        if (spec is null || components is null)
        {
            problems.Add($"{id}: config '{owner["config"]}' names no complete architecture");
            return null;
        }

        var record = new JsonObject
        {
            ["hf_id"] = id,
            ["family"] = entry["family"]?.DeepClone() ?? owner["family"]?.DeepClone(),
            ["status"] = "exists",
            ["model_type"] = spec.ModelType,
            ["params_computed"] = components.Total,
            ["num_hidden_layers"] = spec.NumHiddenLayers,
            ["hidden_size"] = spec.HiddenSize,
            ["intermediate_size"] = spec.IntermediateSize,
            ["num_attention_heads"] = spec.NumAttentionHeads,
            ["num_key_value_heads"] = spec.NumKeyValueHeads,
            ["head_dim"] = spec.HeadDim,
            ["vocab_size"] = spec.VocabSize,
            ["tie_word_embeddings"] = spec.TieWordEmbeddings,
            ["max_position_embeddings"] = spec.MaxPositionEmbeddings,
            ["torch_dtype"] = spec.TorchDtype,
        };

        if (modelType == "qwen" && spec.IntermediateSize is { } width)
        {
            // The catalog stores Qwen1's config value (twice the real width), as the shared catalog does; FromRecord halves it.
            record["intermediate_size"] = width * 2;
        }

        if (spec.IsMoe)
        {
            record["num_experts"] = spec.NumExperts;
            record["num_experts_per_tok"] = spec.NumExpertsPerToken;
            record["n_shared_experts"] = spec.NumSharedExperts;
            record["moe_intermediate_size"] = spec.MoeIntermediateSize;
            record["first_k_dense_replace"] = spec.FirstKDenseReplace;
            if (spec.NumExpertsPerToken is { } active && spec.NumExperts is { } experts)
            {
                record["active_params_computed"] = components.Total - (components.MoeLayers * components.RoutedExperts * (experts - active) / experts);
            }
        }

        // vLLM multiplies the length by a linear or dynamic RoPE factor (deepseek-coder: 16384 x 4): the record keeps what VllmMaxModelLen reads.
        if (text["rope_scaling"] is JsonObject rope)
        {
            var kept = new JsonObject();
            foreach (var key in new[] { "rope_type", "type", "factor", "original_max_position_embeddings" })
            {
                if (rope[key] is { } value)
                {
                    kept[key] = value.DeepClone();
                }
            }

            record["rope_scaling"] = kept;
        }

        foreach (var key in new[] { "original_max_position_embeddings", "model_max_length" })
        {
            if (text[key] is JsonValue length)
            {
                record[key] = length.DeepClone();
            }
        }

        // A multimodal wrapper's vision tower, as far as the config copy states it (the estimator sizes encoders from it).
        if (config["vision_config"] is JsonObject vision)
        {
            // Core fills a Pixtral vision_config's absent keys with PixtralVisionConfig's defaults, so the record says it is one.
            var kept = new JsonObject();
            if ((string?)vision["model_type"] == "pixtral")
            {
                kept["model_type"] = "pixtral";
            }

            foreach (var key in new[]
            {
                "depth", "num_hidden_layers", "hidden_size", "intermediate_size", "num_heads", "num_attention_heads", "out_hidden_size", "patch_size",
                "spatial_patch_size", "spatial_merge_size", "temporal_patch_size", "image_size", "in_chans", "in_channels", "num_channels", "num_global_layers",
                "max_num_tiles", "vision_output_dim", "deepstack_visual_indexes", "num_position_embeddings", "embed_dim", "mlp_ratio",

                // Kimi-K2.5's MoonViT: its vt_* sizes, position table, patch merger, and the layout keys vLLM reads.
                "vt_hidden_size", "vt_intermediate_size", "vt_num_attention_heads", "vt_num_hidden_layers", "init_pos_emb_height", "init_pos_emb_width",
                "merge_kernel_size", "mm_hidden_size", "text_hidden_size", "mm_projector_type", "qkv_hidden_size", "attn_bias", "linear_bias",
                "patch_embed_proj_bias", "norm_type",
            })
            {
                // Scalars, and lists such as Qwen3-VL's deepstack layers.
                if (vision[key] is JsonValue or JsonArray)
                {
                    kept[key] = vision[key]!.DeepClone();
                }
            }

            record["vision_config"] = kept;

            // Mistral3's projector keys sit beside vision_config; a Pixtral tower's projector depends on its wrapper
            // (Mistral3's patch merger or LLaVA's two linears), which the record's text model type does not tell.
            foreach (var key in new[] { "spatial_merge_size", "multimodal_projector_bias" })
            {
                if (config[key] is JsonValue value)
                {
                    record[key] = value.DeepClone();
                }
            }

            if ((string?)vision["model_type"] == "pixtral" && config["architectures"] is JsonArray { Count: > 0 } wrapper)
            {
                record["architectures"] = new JsonArray(wrapper[0]!.DeepClone());
            }

            // Towers the kept keys cannot size (Gemma 3n's MobileNetV5 and audio encoder), and towers a published whole-checkpoint
            // count includes, keep their count.
            if (spec.Vision is { } towers && ((string?)config["model_type"] == "gemma3n" || IncludesTowers(entry) || IncludesTowers(owner)))
            {
                record["vision_parameters"] = towers.Parameters;
            }
        }

        // Whisper: the audio encoder beside the decoder the record describes (Core's WhisperEncoder sizes it from these keys).
        if (spec.Vision is { Modality: "audio" })
        {
            foreach (var key in new[] { "encoder_layers", "encoder_ffn_dim", "encoder_attention_heads", "max_source_positions", "num_mel_bins", "d_model" })
            {
                if (config[key] is JsonValue value)
                {
                    record[key] = value.DeepClone();
                }
            }

            // A published count of the whole checkpoint includes the encoder.
            if (IncludesTowers(entry) || IncludesTowers(owner))
            {
                record["vision_parameters"] = spec.Vision.Parameters;
            }
        }

        // Gemma 4: the full-attention layers' own head size and KV heads, and whether their values are their keys.
        record["global_head_dim"] = spec.GlobalHeadDim;
        record["num_global_key_value_heads"] = spec.GlobalKeyValueHeads;
        if (spec.AttentionKEqualsV)
        {
            record["attention_k_eq_v"] = true;
        }

        // Gemma 3n: KV sharing across the last layers, per-layer embeddings, AltUp and LAuReL.
        record["num_kv_shared_layers"] = spec.KvSharedLayers;
        record["hidden_size_per_layer_input"] = spec.PerLayerInputSize;
        record["vocab_size_per_layer_input"] = spec.PerLayerInputVocabSize;
        record["altup_num_inputs"] = spec.AltUpInputs;
        record["laurel_rank"] = spec.LaurelRank;

        if (spec.InterleaveMoeLayerStep is { } step)
        {
            record["interleave_moe_layer_step"] = step;
        }

        if (spec.AttentionChunkSize is { } chunk)
        {
            record["attention_chunk_size"] = chunk;
            record["chunked_attention_layers"] = spec.ChunkedAttentionLayers;
        }

        if (spec.LinearAttentionLayers is { } linear)
        {
            record["linear_attention_layers"] = linear;
            record["linear_attention_kind"] = spec.LinearAttentionKind;
            record["linear_num_key_heads"] = spec.LinearNumKeyHeads;
            record["linear_num_value_heads"] = spec.LinearNumValueHeads;
            record["linear_key_head_dim"] = spec.LinearKeyHeadDim;
            record["linear_value_head_dim"] = spec.LinearValueHeadDim;
            record["linear_conv_kernel_dim"] = spec.LinearConvKernelDim;

            // The recurrent state's own dtype (Qwen3.5+: float32), which sizes vLLM's state pages.
            if ((string?)text["mamba_ssm_dtype"] is { } ssmDtype)
            {
                record["mamba_ssm_dtype"] = ssmDtype;
            }
        }

        // Mamba2 hybrids: the state's shape under Nemotron-H's key names (which RecurrentState reads for either family), the
        // layer count or Nemotron-H's pattern, and what sizes the mixer's biases and the state's dtype.
        if (spec.RecurrentState is { Kind: "mamba2" } mamba && mamba.Layers < spec.NumHiddenLayers)
        {
            if (spec.HybridLayerPattern is { } pattern)
            {
                record["hybrid_override_pattern"] = pattern;
            }
            else
            {
                record["mamba_layers"] = mamba.Layers;
            }

            record["mamba_num_heads"] = mamba.Heads;
            record["mamba_head_dim"] = mamba.ConvChannels / mamba.Heads;
            record["ssm_state_size"] = mamba.GroupChannels / 2;
            record["n_groups"] = mamba.Groups;
            record["conv_kernel"] = mamba.ConvWidth + 1;
            record["use_conv_bias"] = mamba.ConvBias;
            record["mamba_proj_bias"] = mamba.ProjectionBias;
            if ((string?)text["mamba_ssm_cache_dtype"] is { } cacheDtype)
            {
                record["mamba_ssm_cache_dtype"] = cacheDtype;
            }
        }

        if (spec.UngatedMlp)
        {
            record["mlp_hidden_act"] = "relu2";
        }

        if (spec.AttentionOutputGate)
        {
            record["attn_output_gate"] = true;
        }

        // A headless decoder (gte-Qwen2's Qwen2Model) keeps its architecture name, which tells Core there is no LM head.
        if (HeadlessDecoders.Is(spec))
        {
            record["architectures"] = new JsonArray(HeadlessDecoders.Architecture(spec));
        }

        if (spec.IsEncoderOnly)
        {
            record["is_encoder_only"] = true;
            record["type_vocab_size"] = spec.TypeVocabSize;

            // ModernBERT's biases are off unless its config says otherwise; Core's count reads them from the record.
            foreach (var bias in new[] { "attention_bias", "mlp_bias", "norm_bias" })
            {
                if (spec.ModelType == "modernbert" && text[bias] is JsonValue flag && flag.TryGetValue<bool>(out var on) && on)
                {
                    record[bias] = true;
                }
            }
        }

        // GLM-4.5's q/k/v biases and q/k norms are config flags; Core's count reads them from the record.
        foreach (var flag in new[] { "attention_bias", "use_qk_norm" })
        {
            if (spec.ModelType == "glm4_moe" && text[flag] is JsonValue value && value.TryGetValue<bool>(out var on) && on)
            {
                record[flag] = true;
            }
        }

        if (spec.IsMla)
        {
            record["kv_lora_rank"] = spec.KvLoraRank;
            record["q_lora_rank"] = spec.QLoraRank;
            record["qk_rope_head_dim"] = spec.QkRopeHeadDim;
            record["qk_nope_head_dim"] = spec.QkNopeHeadDim;
            record["v_head_dim"] = spec.VHeadDim;
        }

        if (spec.HasIndexer)
        {
            record["index_n_heads"] = spec.IndexNHeads;
            record["index_head_dim"] = spec.IndexHeadDim;
        }

        if (spec.SlidingWindow is { } window)
        {
            record["sliding_window"] = window;
            record["sliding_window_enabled"] = true;
            record["sliding_window_layers"] = spec.SlidingWindowLayers;
        }

        if (quantization is not null)
        {
            record["quantization_config"] = quantization;
        }

        foreach (var key in record.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            record.Remove(key);
        }

        if (entry != owner)
        {
            record["same_architecture_as"] = (string)owner["id"]!;
        }

        Finish(record, entry, owner, sources);
        return record;
    }

    /// <summary>Base model, a quantization the repository adds to its base's config, and the sources.</summary>
    private static void Finish(JsonObject record, JsonObject entry, JsonObject? owner, List<string> sources)
    {
        if (entry["family"] is { } family)
        {
            record["family"] = family.DeepClone();
        }

        // A same_config_as entry names why its architecture is its sibling's (a card or recipe stating the same shape).
        if (entry["architecture_source"] is { } architectureSource)
        {
            sources.Add("same architecture: " + (string)architectureSource!);
        }

        if (entry["base_model"] is { } baseModel)
        {
            record["base_model"] = baseModel.DeepClone();
            if (entry["base_model_source"] is { } baseSource)
            {
                sources.Add("base_model: " + (string)baseSource!);
            }
        }

        if (entry["quantization_config"] is JsonObject quantization)
        {
            record["quantization_config"] = quantization.DeepClone();
            sources.Add("quantization_config: " + (string)entry["quantization_source"]!);
        }

        if (entry["published_parameters"] is JsonObject published)
        {
            sources.Add("published parameters: " + (string)published["source"]!);
        }

        record["sources"] = new JsonArray(sources.Select(s => (JsonNode)s).ToArray());
    }

    /// <summary>The entry's published count is the whole checkpoint, encoders included (keras-hub's multimodal totals).</summary>
    private static bool IncludesTowers(JsonObject entry) => entry["published_parameters"]?["includes_towers"]?.GetValue<bool>() == true;

    /// <summary>config.json's quantization_config, or a ModelOpt hf_quant_config.json beside it.</summary>
    private static JsonObject? QuantizationOf(JsonObject config)
    {
        if (config["quantization_config"] is JsonObject inConfig)
        {
            var kept = new JsonObject();
            foreach (var key in new[] { "quant_method", "bits", "group_size", "zero_point", "desc_act", "sym", "version", "fmt", "weight_block_size", "activation_scheme", "quant_algo", "load_in_4bit", "load_in_8bit", "bnb_4bit_quant_type", "format", "modules_to_not_convert" })
            {
                if (inConfig[key] is { } value)
                {
                    kept[key] = value.DeepClone();
                }
            }

            if (inConfig["config_groups"] is JsonObject groups && groups.FirstOrDefault().Value?["weights"] is JsonObject weights)
            {
                kept["weights"] = (string?)weights["type"] == "float" && weights["num_bits"]?.ToJsonString() == "8" ? "fp8" : (string?)weights["type"];
                kept["bits"] ??= weights["num_bits"]?.DeepClone();
                kept["group_size"] ??= weights["group_size"]?.DeepClone();
            }

            return kept;
        }

        if (config["_hf_quant_config"]?["quantization"] is JsonObject modelopt)
        {
            return new JsonObject { ["quant_method"] = "modelopt", ["quant_algo"] = modelopt["quant_algo"]?.DeepClone(), ["kv_cache_quant_algo"] = modelopt["kv_cache_quant_algo"]?.DeepClone() };
        }

        return null;
    }

    /// <summary>
    /// The relative difference of a computed and a published count, and what is allowed: 0.5%, or, for a card that
    /// prints "0.49B", half a unit of its last digit when that is more.
    /// </summary>
    public static double Deviation(double computed, double published, string? printed, out double allowed)
    {
        allowed = Math.Max(Tolerance, PrintedPrecision(printed) / published);
        return Math.Abs(computed - published) / published;
    }

    /// <summary>Half a unit of the last printed digit of "0.49B" (0.005e9); 0 when the figure is exact or not given.</summary>
    public static double PrintedPrecision(string? printed)
    {
        if (string.IsNullOrEmpty(printed) || printed![printed.Length - 1] is not ('B' or 'M'))
        {
            return 0;
        }

        var number = printed.Substring(0, printed.Length - 1);
        var dot = number.IndexOf('.');
        var decimals = dot < 0 ? 0 : number.Length - dot - 1;
        return 0.5 * Math.Pow(10, -decimals) * (printed.EndsWith("B", StringComparison.Ordinal) ? 1e9 : 1e6);
    }

    private static string First(JsonNode? sources) => sources is JsonArray { Count: > 0 } array ? (string)array[0]! : "the curated record";
}

public sealed record CatalogResult(IReadOnlyList<JsonObject> Records, IReadOnlyList<string> Problems, int Generated, int WithPublished, double MaxDeviation);
