using System.Globalization;
using VramLint.Core.Json;

namespace VramLint.Core.Models;

/// <summary>
/// The embedded model catalog (Data/models.json: the facts of the shared model catalog, 86 repositories), parsed once.
/// Looked up by Hugging Face id, or by a path or URI whose last segments name a catalog repository.
/// </summary>
public static class ModelCatalog
{
    private static readonly Lazy<Index> Catalog = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    public static IReadOnlyList<ModelSpec> All => Catalog.Value.All;

    /// <summary>Finds a model by id ("Qwen/Qwen2.5-7B-Instruct"), URI ("hf://Qwen/..."), or path ending in the repository name.</summary>
    public static bool TryGet(string? model, out ModelSpec spec)
    {
        spec = null!;
        if (string.IsNullOrWhiteSpace(model))
        {
            return false;
        }

        var index = Catalog.Value;
        var text = model!.Trim().TrimEnd('/', '\\');
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            text = text.Substring(scheme + 3);
        }

        var segments = text.Split(new[] { '/', '\\' }, StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length >= 2 && index.ById.TryGetValue(segments[segments.Length - 2] + "/" + segments[segments.Length - 1], out var byId))
        {
            spec = byId;
            return true;
        }

        if (segments.Length >= 1 && index.ByName.TryGetValue(segments[segments.Length - 1], out var byName) && byName is not null)
        {
            spec = byName;
            return true;
        }

        return false;
    }

    /// <summary>Builds a spec from a Hugging Face config.json text; null when it is not JSON or names no architecture.</summary>
    public static ModelSpec? FromConfigJson(string json, string id)
    {
        if (!JsonNode.TryParse(json, out var root, out _) || root is not JsonObject)
        {
            return null;
        }

        return ConfigJsonReader.Read(root!, id);
    }

    private static Index Load()
    {
        using var stream = typeof(ModelCatalog).Assembly.GetManifestResourceStream("VramLint.Core.Data.models.json")
            ?? throw new InvalidOperationException("the embedded model catalog is missing from VramLint.Core");
        using var reader = new StreamReader(stream);
        var root = JsonNode.Parse(reader.ReadToEnd()) ?? throw new InvalidOperationException("the embedded model catalog is not valid JSON");
        var all = root.Items.Select(FromRecord).ToList();
        return new Index(all);
    }

    /// <summary>One catalog record; encodes the catalog's caveats (model-catalog.md) so estimators see what vLLM sees.</summary>
    internal static ModelSpec FromRecord(JsonNode r)
    {
        // "gemma3 (text_config: gemma3_text)": the catalog annotates some types; the first word is the type.
        var modelType = r["model_type"]?.AsString?.Split(' ')[0];
        var intermediate = r["intermediate_size"]?.AsInt;

        // Qwen1's config states twice the real FFN width (w1/w2 are each hidden x intermediate / 2).
        if (modelType == "qwen" && intermediate is { } doubled)
        {
            intermediate = doubled / 2;
        }

        var slidingEnabled = r["sliding_window_enabled"]?.AsBool == true;
        var lengths = VllmMaxModelLen.From(r, unstatedIsDefault: false);
        return new ModelSpec
        {
            Id = r["hf_id"]?.AsString ?? "",
            Family = r["family"]?.AsString,
            ModelType = modelType,
            Exists = r["status"]?.AsString != "does-not-exist",
            TotalParameters = (double?)r["params_computed"]?.AsLong ?? ParseBillions(r["total_params"]?.AsString),
            ParametersComputed = r["params_computed"]?.AsLong,
            ActiveParameters = (double?)r["active_params_computed"]?.AsLong ?? ParseBillions(r["active_params"]?.AsString),
            NumHiddenLayers = r["num_hidden_layers"]?.AsInt,
            HiddenSize = r["hidden_size"]?.AsInt,
            IntermediateSize = intermediate,
            NumAttentionHeads = r["num_attention_heads"]?.AsInt,
            NumKeyValueHeads = r["num_key_value_heads"]?.AsInt,
            HeadDim = r["head_dim"]?.AsInt,
            VocabSize = r["vocab_size"]?.AsInt,
            TieWordEmbeddings = r["tie_word_embeddings"]?.AsBool,
            MaxPositionEmbeddings = r["max_position_embeddings"]?.AsInt,
            DerivedMaxModelLen = lengths?.Derived,
            DefaultMaxModelLen = lengths?.Default,
            BaseModel = FirstWord(r["base_model"]?.AsString),
            SameArchitectureAs = FirstWord(r["same_architecture_as"]?.AsString),
            Raw = r,
            RawIsCatalogRecord = true,
            TorchDtype = r["torch_dtype"]?.AsString,
            NumExperts = r["num_experts"]?.AsInt,
            NumExpertsPerToken = r["num_experts_per_tok"]?.AsInt,
            NumSharedExperts = r["n_shared_experts"]?.AsInt,
            MoeIntermediateSize = r["moe_intermediate_size"]?.AsInt,
            FirstKDenseReplace = r["first_k_dense_replace"]?.AsInt,
            KvLoraRank = r["kv_lora_rank"]?.AsInt,
            QLoraRank = r["q_lora_rank"]?.AsInt,
            QkRopeHeadDim = r["qk_rope_head_dim"]?.AsInt,
            QkNopeHeadDim = r["qk_nope_head_dim"]?.AsInt,
            VHeadDim = r["v_head_dim"]?.AsInt,

            // Qwen2.5 configs carry an inert sliding_window (use_sliding_window: false): only enabled windows count.
            SlidingWindow = slidingEnabled ? r["sliding_window"]?.AsInt : null,
            SlidingWindowLayers = slidingEnabled ? r["sliding_window_layers"]?.AsInt : null,
            Quantization = QuantizationConfig.Read(r["quantization_config"], modelType),
            RepoWeightsSizeGb = r["repo_weights_size_gb"]?.AsNumber,
            MeasuredMemory = Measured(r["measured_gpu_memory"]),
        };
    }

    /// <summary>"meta-llama/Meta-Llama-3.1-8B-Instruct (old repo name)" to the id alone.</summary>
    private static string? FirstWord(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : text!.Trim().Split(' ')[0];

    private static IReadOnlyList<MeasuredMemory> Measured(JsonNode? node)
    {
        if (node is not JsonObject)
        {
            return Array.Empty<MeasuredMemory>();
        }

        var source = node["source"]?.AsString ?? "";
        var gpus = node["gpus"]?.AsInt ?? 1;
        var list = new List<MeasuredMemory>();
        foreach (var property in node.Properties)
        {
            var key = property.Key;
            if (property.Value.AsNumber is not { } value || property.Value is not JsonNumber)
            {
                continue;
            }

            if (key.EndsWith("_gb", StringComparison.Ordinal))
            {
                var precision = key.Substring(0, key.Length - 3);
                list.Add(new MeasuredMemory(precision, value, node[precision + "_gpus"]?.AsInt ?? gpus, source));
            }
            else if (key.EndsWith("_mb", StringComparison.Ordinal))
            {
                list.Add(new MeasuredMemory(key.Substring(0, key.Length - 3), value / 1000.0, gpus, source));
            }
        }

        return list;
    }

    /// <summary>"7.72B", "671B (+14B MTP ...)", "27.01B (text tower only)" to a count.</summary>
    internal static double? ParseBillions(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var end = 0;
        while (end < text!.Length && (char.IsDigit(text[end]) || text[end] == '.'))
        {
            end++;
        }

        return end > 0 && end < text.Length && text[end] is 'B' or 'b'
            && double.TryParse(text.Substring(0, end), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var billions)
            ? billions * 1e9
            : null;
    }

    private sealed class Index
    {
        public Index(List<ModelSpec> all)
        {
            All = all;
            ById = new Dictionary<string, ModelSpec>(StringComparer.OrdinalIgnoreCase);
            ByName = new Dictionary<string, ModelSpec?>(StringComparer.OrdinalIgnoreCase);
            foreach (var spec in all)
            {
                ById[spec.Id] = spec;
                AddName(spec);
            }

            // The catalog's "same architecture as" twins (the chat of a base checkpoint, a repository's old name) are found
            // by their own id too, unless they are quantized layouts or the twin has its own record.
            foreach (var spec in all.Where(s => s.Exists && !s.Quantization.IsQuantized && s.SameArchitectureAs is not null))
            {
                var twin = spec.SameArchitectureAs!;
                if (twin.IndexOf('/') > 0 && !ById.ContainsKey(twin))
                {
                    var alias = spec with { Id = twin, SameArchitectureAs = spec.Id };
                    ById[twin] = alias;
                    AddName(alias);
                }
            }
        }

        private void AddName(ModelSpec spec)
        {
            var name = ModelNameParser.LastSegment(spec.Id);

            // A repository name shared by two catalog entries is ambiguous without its organisation: no match.
            ByName[name] = ByName.ContainsKey(name) ? null : spec;
        }

        public IReadOnlyList<ModelSpec> All { get; }

        public Dictionary<string, ModelSpec> ById { get; }

        public Dictionary<string, ModelSpec?> ByName { get; }
    }
}
