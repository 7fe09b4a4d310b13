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
        TakesValue = kind != "bool";
    }

    /// <summary>Long name without dashes.</summary>
    public string Name { get; }

    public IReadOnlyList<string> Aliases { get; }

    /// <summary>"bool" (a switch), "bool-value", "int", "number", "text", "choice", "json", "int-list", "number-list", "text-list"; null when the source does not say.</summary>
    public string? Kind { get; }

    public bool Deprecated { get; }

    /// <summary>The release vLLM announced it would be removed in; null when none was announced.</summary>
    public VllmVersion? RemovedIn { get; }

    /// <summary>False for a switch (<c>--flag</c>, <c>--no-flag</c>): the next word is not its value.</summary>
    public bool TakesValue { get; private set; }

    /// <summary>The value's JSON type for a schema: "int", "float", "bool", "string", "json" or "list"; null when unknown.</summary>
    public string? ValueType { get; private set; }

    /// <summary>For a list: the items' type ("int", "float", "string").</summary>
    public string? ItemType { get; private set; }

    /// <summary>The values argparse accepts (as vLLM writes them; "None" when the option may be unset); null when vLLM does not restrict them.</summary>
    public IReadOnlyList<string>? Choices { get; private set; }

    /// <summary>Values vLLM checks after parsing (e.g. --quantization against QuantizationMethods); null when none are stated.</summary>
    public IReadOnlyList<string>? ValidValues { get; private set; }

    /// <summary>True when the source states the default (which may be null: unset).</summary>
    public bool DefaultKnown { get; private set; }

    /// <summary>The default as the source states it; meaningful only when <see cref="DefaultKnown"/>.</summary>
    public JsonNode? Default { get; private set; }

    /// <summary>The value may be "None" (unset).</summary>
    public bool Nullable { get; private set; }

    /// <summary>vLLM's human-readable integer (32k, 1M) is accepted.</summary>
    public bool HumanReadable { get; private set; }

    /// <summary>The option may be given several times, each adding one value.</summary>
    public bool Repeatable { get; private set; }

    /// <summary>The bound vLLM checks itself; null when the source states none.</summary>
    public double? Minimum { get; private set; }

    public bool ExclusiveMinimum { get; private set; }

    public double? Maximum { get; private set; }

    public bool ExclusiveMaximum { get; private set; }

    /// <summary>Where the bound is checked ("vllm/config/cache.py:168").</summary>
    public string? RangeSource { get; private set; }

    /// <summary>Where the option's field or add_argument call is in the release ("vllm/config/cache.py:43").</summary>
    public string? DefinedAt { get; private set; }

    internal static GeneratedFlag From(string name, JsonNode item)
    {
        var aliases = Strings(item["aliases"]) ?? Array.Empty<string>();
        VllmVersion? removedIn = VllmVersion.TryParse(item["removedIn"]?.AsString, out var v) ? v : null;
        var flag = new GeneratedFlag(name, aliases, item["kind"]?.AsString, item["deprecated"]?.AsBool == true, removedIn);
        if (item["takesValue"]?.AsBool is { } takesValue)
        {
            flag.TakesValue = takesValue;
        }

        flag.ValueType = item["type"]?.AsString;
        flag.ItemType = item["items"]?.AsString;
        flag.Choices = Strings(item["choices"]);
        flag.ValidValues = Strings(item["validValues"]);
        flag.DefaultKnown = item["defaultKnown"]?.AsBool == true;
        flag.Default = flag.DefaultKnown ? item["default"] : null;
        flag.Nullable = item["nullable"]?.AsBool == true;
        flag.HumanReadable = item["humanReadable"]?.AsBool == true;
        flag.Repeatable = item["repeatable"]?.AsBool == true;
        flag.Minimum = item["minimum"]?.AsNumber;
        flag.ExclusiveMinimum = item["exclusiveMinimum"]?.AsBool == true;
        flag.Maximum = item["maximum"]?.AsNumber;
        flag.ExclusiveMaximum = item["exclusiveMaximum"]?.AsBool == true;
        flag.RangeSource = item["rangeSource"]?.AsString;
        flag.DefinedAt = item["definedAt"]?.AsString;
        return flag;
    }

    private static IReadOnlyList<string>? Strings(JsonNode? node) =>
        node is JsonArray array ? array.Items.Select(a => a.AsString).OfType<string>().ToArray() : null;
}

/// <summary>
/// Every engine and server argument of the vLLM release the table was generated from (Data/vllm-flags.json,
/// tools/vllm-flags/README.md), with the release and its commit. Loaded once from the embedded resource.
/// </summary>
public static class VllmFlagTable
{
    private static readonly Lazy<Table> Loaded = new(Load);

    /// <summary>The release the table describes ("v0.11.0").</summary>
    public static string Release => Loaded.Value.Release;

    /// <summary>The release tag's commit in vllm-project/vllm whose files the table was read from.</summary>
    public static string Commit => Loaded.Value.Commit;

    /// <summary>The commit whose engine arguments the table lists (the release commit).</summary>
    public static string EngineCommit => Loaded.Value.Commit;

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

            var flag = GeneratedFlag.From(name, item);
            byName[name] = flag;
            foreach (var alias in flag.Aliases)
            {
                aliases[alias] = name;
            }
        }

        var sources = root["sources"];
        return new Table(root["release"]?.AsString ?? "unknown", sources?["commit"]?.AsString ?? "unknown", byName, aliases);
    }

    private sealed record Table(string Release, string Commit, Dictionary<string, GeneratedFlag> ByName, Dictionary<string, string> Aliases);
}
