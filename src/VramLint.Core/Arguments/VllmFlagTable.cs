using VramLint.Core.Json;
using VramLint.Core.Settings;

namespace VramLint.Core.Arguments;

/// <summary>One vLLM argument as the generated table states it (Data/vllm-flags.json, tools/vllm-flags).</summary>
public sealed class GeneratedFlag
{
    public GeneratedFlag(string name, IReadOnlyList<string> aliases, string? kind, bool deprecated, VllmVersion? removedIn, IReadOnlyList<string>? choices = null)
    {
        Choices = choices;
        Name = name;
        Aliases = aliases;
        Kind = kind;
        Deprecated = deprecated;
        RemovedIn = removedIn;
    }

    /// <summary>Long name without dashes.</summary>
    public string Name { get; }

    public IReadOnlyList<string> Aliases { get; }

    /// <summary>"bool", "int", "number", "text", "choice", "json", "int-list", "text-list"; null when the source does not say.</summary>
    public string? Kind { get; }

    public bool Deprecated { get; }

    /// <summary>The only values accepted, as the source lists them; null when it states none.</summary>
    public IReadOnlyList<string>? Choices { get; }

    /// <summary>The release vLLM announced it would be removed in; null when none was announced.</summary>
    public VllmVersion? RemovedIn { get; }

    public bool TakesValue => Kind != "bool";
}

/// <summary>
/// Every engine and server argument of the vLLM snapshot the table was generated from, with the snapshot's commit.
/// Loaded once from the embedded Data/vllm-flags.json.
/// </summary>
public static class VllmFlagTable
{
    private static readonly Lazy<Table> Loaded = new(Load);

    /// <summary>The release the table describes, as its generator recorded it.</summary>
    public static string Release => Loaded.Value.Release;

    /// <summary>The vLLM commit whose engine arguments the table lists.</summary>
    public static string EngineCommit => Loaded.Value.EngineCommit;

    public static IReadOnlyCollection<GeneratedFlag> All => Loaded.Value.ByName.Values;

    public static GeneratedFlag? Find(string canonical) => Loaded.Value.ByName.TryGetValue(canonical, out var flag) ? flag : null;

    /// <summary>The long name of a short alias the table lists ("dpn" for data-parallel-rank); null when none.</summary>
    public static string? AliasTarget(string alias) => Loaded.Value.Aliases.TryGetValue(alias, out var name) ? name : null;

    private static Table Load()
    {
        using var stream = typeof(VllmFlagTable).Assembly.GetManifestResourceStream("VramLint.Core.Data.vllm-flags.json")
            ?? throw new InvalidOperationException("VramLint.Core is built without its vLLM flag table (Data/vllm-flags.json)");
        using var reader = new StreamReader(stream);
        var root = JsonNode.Parse(reader.ReadToEnd()) ?? throw new InvalidOperationException("Data/vllm-flags.json is not valid JSON");
        var byName = new Dictionary<string, GeneratedFlag>(StringComparer.Ordinal);
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in root["flags"]?.Items ?? Array.Empty<JsonNode>())
        {
            if (item["name"]?.AsString is not { Length: > 0 } name)
            {
                continue;
            }

            var flagAliases = (item["aliases"]?.Items ?? Array.Empty<JsonNode>()).Select(a => a.AsString).OfType<string>().ToArray();
            VllmVersion? removedIn = VllmVersion.TryParse(item["removedIn"]?.AsString, out var v) ? v : null;
            var choices = item["choices"] is { Items.Count: > 0 } listed ? listed.Items.Select(c => c.AsString).OfType<string>().ToArray() : null;
            byName[name] = new GeneratedFlag(name, flagAliases, item["kind"]?.AsString, item["deprecated"]?.AsBool == true, removedIn, choices);
            foreach (var alias in flagAliases)
            {
                aliases[alias] = name;
            }
        }

        var sources = root["sources"];
        return new Table(root["release"]?.AsString ?? "unknown", sources?["vllm/engine/arg_utils.py"]?.AsString ?? "unknown", byName, aliases);
    }

    private sealed record Table(string Release, string EngineCommit, Dictionary<string, GeneratedFlag> ByName, Dictionary<string, string> Aliases);
}
