using System.Globalization;
using VramLint.Core.Json;

namespace VramLint.Core.Models;

/// <summary>One file of checked-in model facts: its path (".../.vramlint/models/&lt;org&gt;/&lt;name&gt;/config.json", or
/// "&lt;org&gt;/&lt;name&gt;/config.json" under a <c>vramlint.model_dirs</c> folder) and its text. Front ends read; Core only parses.</summary>
public sealed record ModelFactsFile(string Path, string Text);

/// <summary>A checked-in model whose files could not be used: the file, and what was wrong with it.</summary>
public sealed record ModelFactsProblem(string ModelId, string Path, string Message);

/// <summary>
/// The model facts a project checks in (design.md section 7): per model a config.json, optionally its
/// model.safetensors.index.json or a vramlint-weights.json with tensor bytes per dtype, and a separate quantization
/// config. Built from (path, text) pairs with no I/O; files listed first win (the front end lists the nearest folder first).
/// </summary>
public sealed class ModelFactsLibrary
{
    public const string ModelsFolder = ".vramlint/models";
    public const string ConfigFile = "config.json";
    public const string SafetensorsIndexFile = "model.safetensors.index.json";
    public const string WeightsSummaryFile = "vramlint-weights.json";

    /// <summary>Older AutoGPTQ/AutoAWQ checkpoints and ModelOpt keep the quantization config beside config.json.</summary>
    private static readonly string[] QuantizationFiles = { "quantization_config.json", "quantize_config.json", "quant_config.json", "hf_quant_config.json" };

    private readonly Dictionary<string, ModelSpec> byId;
    private readonly Dictionary<string, ModelSpec?> byName;
    private readonly Dictionary<string, ModelFactsProblem> problems;

    private ModelFactsLibrary(Dictionary<string, ModelSpec> byId, Dictionary<string, ModelFactsProblem> problems)
    {
        this.byId = byId;
        this.problems = problems;
        byName = new Dictionary<string, ModelSpec?>(StringComparer.OrdinalIgnoreCase);
        foreach (var spec in byId.Values)
        {
            var name = ModelNameParser.LastSegment(spec.Id);
            byName[name] = byName.ContainsKey(name) ? null : spec;
        }
    }

    public static ModelFactsLibrary Empty { get; } = new(new Dictionary<string, ModelSpec>(), new Dictionary<string, ModelFactsProblem>());

    /// <summary>The ids ("org/name") of the models with usable facts.</summary>
    public IReadOnlyCollection<string> Ids => byId.Keys;

    public IReadOnlyCollection<ModelFactsProblem> Problems => problems.Values;

    public bool IsEmpty => byId.Count == 0 && problems.Count == 0;

    /// <summary>The model a deployment serves, by its id ("acme/private-13b") or, for a path, by its last segments.</summary>
    public bool TryGet(string? model, out ModelSpec spec)
    {
        spec = null!;
        if (string.IsNullOrWhiteSpace(model) || byId.Count == 0)
        {
            return false;
        }

        var segments = Segments(model!);
        if (segments.Count >= 2 && byId.TryGetValue(segments[segments.Count - 2] + "/" + segments[segments.Count - 1], out var found))
        {
            spec = found;
            return true;
        }

        if (segments.Count >= 1 && byName.TryGetValue(segments[segments.Count - 1], out var named) && named is not null)
        {
            spec = named;
            return true;
        }

        return false;
    }

    /// <summary>The problem with the checked-in files of <paramref name="model"/>, when they exist but could not be used.</summary>
    public ModelFactsProblem? ProblemFor(string? model)
    {
        if (string.IsNullOrWhiteSpace(model) || problems.Count == 0)
        {
            return null;
        }

        var segments = Segments(model!);
        var id = segments.Count >= 2 ? segments[segments.Count - 2] + "/" + segments[segments.Count - 1] : segments.LastOrDefault() ?? "";
        return problems.TryGetValue(id, out var problem) ? problem
            : problems.Values.FirstOrDefault(p => string.Equals(ModelNameParser.LastSegment(p.ModelId), segments.LastOrDefault(), StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Reads the files into model facts; a file that is not JSON or names no architecture becomes a problem, never an exception.</summary>
    public static ModelFactsLibrary From(IEnumerable<ModelFactsFile> files)
    {
        var models = new Dictionary<string, Dictionary<string, ModelFactsFile>>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in files)
        {
            if (ModelFile(file.Path) is not { } located)
            {
                continue;
            }

            if (!models.TryGetValue(located.Id, out var perFile))
            {
                models[located.Id] = perFile = new Dictionary<string, ModelFactsFile>(StringComparer.OrdinalIgnoreCase);
            }

            // The nearest folder's file wins: keep the first one listed.
            if (!perFile.ContainsKey(located.File))
            {
                perFile[located.File] = file;
            }
        }

        var byId = new Dictionary<string, ModelSpec>(StringComparer.OrdinalIgnoreCase);
        var problems = new Dictionary<string, ModelFactsProblem>(StringComparer.OrdinalIgnoreCase);
        foreach (var model in models)
        {
            if (!model.Value.TryGetValue(ConfigFile, out var config))
            {
                // An index or weights summary alone says nothing of the architecture.
                var orphan = model.Value.Values.First();
                problems[model.Key] = new ModelFactsProblem(model.Key, orphan.Path, $"'{orphan.Path}' has no config.json beside it, so it is not used");
                continue;
            }

            if (Read(model.Key, config, model.Value, out var problem) is { } spec)
            {
                byId[model.Key] = spec;
            }

            if (problem is not null)
            {
                problems[model.Key] = problem;
            }
        }

        return new ModelFactsLibrary(byId, problems);
    }

    /// <summary>
    /// The facts that apply to a deployment file, from a flat list of candidate files (the analyzer's AdditionalFiles, the
    /// task's items, the CLI's folders): each <c>.vramlint/models</c> folder beside the file or above it, nearest first
    /// (like .globalconfig), then the files under the <paramref name="modelDirs"/> folders in their order. Paths only, no I/O.
    /// </summary>
    public static ModelFactsLibrary ForDeployment(IEnumerable<ModelFactsFile> files, string deploymentPath, IReadOnlyList<string>? modelDirs = null)
    {
        var folder = Normalize(GetDirectory(deploymentPath));
        var dirs = (modelDirs ?? Array.Empty<string>()).Select(d => Normalize(d).TrimEnd('/') + "/").ToList();
        var chosen = new List<(int Rank, ModelFactsFile File)>();
        foreach (var file in files)
        {
            var path = Normalize(file.Path);
            var marker = path.IndexOf("/" + ModelsFolder + "/", StringComparison.OrdinalIgnoreCase);
            if (marker >= 0)
            {
                var root = path.Substring(0, marker + 1);
                if (folder.StartsWith(root, StringComparison.OrdinalIgnoreCase))
                {
                    // A deeper root is nearer to the deployment file.
                    chosen.Add((-root.Length, file));
                }

                continue;
            }

            var dir = dirs.FindIndex(d => path.StartsWith(d, StringComparison.OrdinalIgnoreCase));
            if (dir >= 0)
            {
                chosen.Add((dir, file));
            }
        }

        // OrderBy is stable: files of one folder keep the order they were given in.
        return From(chosen.OrderBy(c => c.Rank < 0 ? c.Rank - int.MaxValue / 2 : c.Rank).Select(c => c.File));
    }

    /// <summary>The folders a <c>vramlint.model_dirs</c> value names (';'-separated), relative to the config file that sets it.</summary>
    public static IReadOnlyList<string> ModelDirs(string? value, string? configFilePath)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Array.Empty<string>();
        }

        var baseDir = configFilePath is null ? "" : GetDirectory(configFilePath);
        return value!.Split(';')
            .Select(d => d.Trim())
            .Where(d => d.Length > 0)
            .Select(d => Collapse(IsRooted(d) ? d : Normalize(baseDir).TrimEnd('/') + "/" + d))
            .ToList();
    }

    private static string Normalize(string path) => path.Replace('\\', '/');

    private static string GetDirectory(string path)
    {
        var normalized = Normalize(path);
        var slash = normalized.LastIndexOf('/');
        return slash >= 0 ? normalized.Substring(0, slash + 1) : "";
    }

    private static bool IsRooted(string path) =>
        path.StartsWith("/", StringComparison.Ordinal) || path.StartsWith("\\", StringComparison.Ordinal) || (path.Length > 1 && path[1] == ':');

    /// <summary>Resolves "." and ".." segments without touching the disk.</summary>
    private static string Collapse(string path)
    {
        var normalized = Normalize(path);
        var parts = new List<string>();
        foreach (var part in normalized.Split('/'))
        {
            if (part == "." || (part.Length == 0 && parts.Count > 0))
            {
                continue;
            }

            if (part == ".." && parts.Count > 0 && parts[parts.Count - 1] is not ("" or ".."))
            {
                parts.RemoveAt(parts.Count - 1);
                continue;
            }

            parts.Add(part);
        }

        return string.Join("/", parts);
    }

    /// <summary>The model id and file name of a checked-in path; null for a path outside the layout.</summary>
    internal static (string Id, string File)? ModelFile(string path)
    {
        var normalized = path.Replace('\\', '/');
        var marker = normalized.IndexOf(ModelsFolder + "/", StringComparison.OrdinalIgnoreCase);
        var relative = marker >= 0 ? normalized.Substring(marker + ModelsFolder.Length + 1) : normalized;
        var segments = relative.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToList();
        if (segments.Count < 2 || !segments[segments.Count - 1].EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var file = segments[segments.Count - 1];
        var name = segments[segments.Count - 2];
        var id = segments.Count >= 3 ? segments[segments.Count - 3] + "/" + name : name;
        return (id, file);
    }

    private static ModelSpec? Read(string id, ModelFactsFile config, Dictionary<string, ModelFactsFile> files, out ModelFactsProblem? problem)
    {
        problem = null;
        if (!JsonNode.TryParse(config.Text, out var root, out var error) || root is not JsonObject)
        {
            problem = new ModelFactsProblem(id, config.Path, $"'{config.Path}' is not a JSON object ({error ?? "it is " + Describe(root)}), so its model facts are not used");
            return null;
        }

        if (ConfigJsonReader.Read(root!, id) is not { } spec)
        {
            problem = new ModelFactsProblem(id, config.Path, $"'{config.Path}' states no num_hidden_layers, hidden_size and num_attention_heads, so its model facts are not used");
            return null;
        }

        spec = spec with { FactsSource = config.Path };
        if (!spec.Quantization.IsQuantized)
        {
            foreach (var name in QuantizationFiles)
            {
                if (files.TryGetValue(name, out var quant) && JsonNode.Parse(quant.Text) is JsonObject quantConfig)
                {
                    // ModelOpt's hf_quant_config.json nests {"quantization": {"quant_algo": "FP8"}} and names no method.
                    spec = spec with
                    {
                        Quantization = quantConfig["quantization"] is JsonObject inner && quantConfig["quant_method"] is null
                            ? ModelOptScheme(inner)
                            : QuantizationConfig.Read(quantConfig, spec.ModelType),
                    };
                    break;
                }
            }
        }

        var bytes = WeightsSummary(files, spec, out problem) ?? SafetensorsIndex(files, spec, ref problem);
        return bytes is { } exact ? spec with { CheckpointWeightBytes = exact } : spec;
    }

    private static QuantizationScheme ModelOptScheme(JsonNode inner)
    {
        var algo = (inner["quant_algo"]?.AsString ?? "").ToUpperInvariant();
        return algo.Contains("FP8") ? new QuantizationScheme { Method = QuantizationMethod.Fp8, Bits = 8, Label = "FP8" }
            : algo.Contains("FP4") ? new QuantizationScheme { Method = QuantizationMethod.Nvfp4, Bits = 4, GroupSize = 16, Label = "NVFP4" }
            : QuantizationScheme.None;
    }

    /// <summary>vramlint-weights.json: {"revision": ..., "bytesByDtype": {"BF16": n, "I32": n, ...}}.</summary>
    private static double? WeightsSummary(Dictionary<string, ModelFactsFile> files, ModelSpec spec, out ModelFactsProblem? problem)
    {
        problem = null;
        if (!files.TryGetValue(WeightsSummaryFile, out var file))
        {
            return null;
        }

        if (JsonNode.Parse(file.Text)?["bytesByDtype"] is not JsonObject byDtype || !byDtype.Properties.Any())
        {
            problem = new ModelFactsProblem(spec.Id, file.Path, $"'{file.Path}' has no \"bytesByDtype\" object of byte counts, so the weights are computed from config.json");
            return null;
        }

        double total = 0;
        foreach (var entry in byDtype.Properties)
        {
            if (entry.Value is not JsonNumber { Value: >= 0 } count)
            {
                problem = new ModelFactsProblem(spec.Id, file.Path, $"'{file.Path}': bytesByDtype.{entry.Key} is '{entry.Value.AsString}', expected a byte count, so the weights are computed from config.json");
                return null;
            }

            total += UnloadedCheckpointTensors.IsLoadedDtype(entry.Key) ? LoadedBytes(entry.Key, count.Value, spec) : 0;
        }

        return total;
    }

    /// <summary>
    /// model.safetensors.index.json: metadata.total_size, the bytes of every tensor of every shard, less those its
    /// weight_map names that vLLM does not load (a tied head's stored copy, GPT-NeoX's mask buffers).
    /// </summary>
    private static double? SafetensorsIndex(Dictionary<string, ModelFactsFile> files, ModelSpec spec, ref ModelFactsProblem? problem)
    {
        if (!files.TryGetValue(SafetensorsIndexFile, out var file))
        {
            return null;
        }

        var index = JsonNode.Parse(file.Text);
        if (index?["metadata"]?["total_size"]?.AsNumber is not { } total || total <= 0)
        {
            problem ??= new ModelFactsProblem(spec.Id, file.Path, $"'{file.Path}' has no metadata.total_size, so the weights are computed from config.json");
            return null;
        }

        var unloaded = UnloadedCheckpointTensors.IndexBytes(index["weight_map"], spec, IsFloat32(spec) ? 4 : 2);
        return LoadedBytes(IsFloat32(spec) ? "F32" : "BF16", Math.Max(0, total - unloaded), spec);
    }

    /// <summary>vLLM loads a float32 checkpoint in 16 bits (dtype auto), so its F32 tensors take half their stored bytes.</summary>
    private static double LoadedBytes(string dtype, double bytes, ModelSpec spec) =>
        IsFloat32(spec) && string.Equals(dtype, "F32", StringComparison.OrdinalIgnoreCase) ? bytes / 2 : bytes;

    private static bool IsFloat32(ModelSpec spec) => spec.TorchDtype is "float32" or "float";

    private static string Describe(JsonNode? node) => node switch
    {
        null => "empty",
        JsonArray => "an array",
        _ => "a " + node.GetType().Name.Replace("Json", "").ToLower(CultureInfo.InvariantCulture),
    };

    private static List<string> Segments(string model)
    {
        var text = model.Trim().TrimEnd('/', '\\');
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            text = text.Substring(scheme + 3);
        }

        return text.Split(new[] { '/', '\\' }, StringSplitOptions.RemoveEmptyEntries).ToList();
    }
}
