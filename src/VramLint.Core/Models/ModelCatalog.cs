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

    // Where each entry's facts came from: a separate resource, read only when someone asks (the index stays small).
    private static readonly Lazy<Dictionary<string, IReadOnlyList<string>>> SourceIndex = new(LoadSources, LazyThreadSafetyMode.ExecutionAndPublication);

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

    /// <summary>The sources of a catalog entry (config.json copies at a commit, published counts); empty when unknown.</summary>
    public static IReadOnlyList<string> SourcesOf(string id) =>
        SourceIndex.Value.TryGetValue(id, out var sources) ? sources : Array.Empty<string>();

    private static Index Load()
    {
        var root = ReadResource("models.json");
        var all = root.Items.Select(FromRecord).ToList();
        return new Index(all);
    }

    private static Dictionary<string, IReadOnlyList<string>> LoadSources()
    {
        var sources = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in ReadResource("model-sources.json").Properties)
        {
            sources[entry.Key] = entry.Value.Items.Select(s => s.AsString ?? "").ToList();
        }

        return sources;
    }

    private static JsonNode ReadResource(string name)
    {
        using var stream = typeof(ModelCatalog).Assembly.GetManifestResourceStream("VramLint.Core.Data." + name)
            ?? throw new InvalidOperationException($"the embedded model catalog's {name} is missing from VramLint.Core");
        using var reader = new StreamReader(stream);
        return JsonNode.Parse(reader.ReadToEnd()) ?? throw new InvalidOperationException($"the embedded model catalog's {name} is not valid JSON");
    }

    /// <summary>One catalog record; encodes the catalog's caveats (model-catalog.md) so estimators see what vLLM sees.</summary>
    private static ModelSpec FromRecord(JsonNode r)
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
        return new ModelSpec
        {
            Id = r["hf_id"]?.AsString ?? "",
            Family = r["family"]?.AsString,
            BaseModel = r["base_model"]?.AsString,
            Sources = r["sources"] is JsonArray inline ? inline.Items.Select(s => s.AsString ?? "").ToList() : new LazySources(r["hf_id"]?.AsString ?? ""),
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

    /// <summary>An entry's sources, looked up in the sources resource on first use.</summary>
    private sealed class LazySources : IReadOnlyList<string>
    {
        private readonly string id;

        public LazySources(string id) => this.id = id;

        public int Count => SourcesOf(id).Count;

        public string this[int index] => SourcesOf(id)[index];

        public IEnumerator<string> GetEnumerator() => SourcesOf(id).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
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
                var name = ModelNameParser.LastSegment(spec.Id);

                // A repository name shared by two catalog entries is ambiguous without its organisation: no match.
                ByName[name] = ByName.ContainsKey(name) ? null : spec;
            }
        }

        public IReadOnlyList<ModelSpec> All { get; }

        public Dictionary<string, ModelSpec> ById { get; }

        public Dictionary<string, ModelSpec?> ByName { get; }
    }
}
