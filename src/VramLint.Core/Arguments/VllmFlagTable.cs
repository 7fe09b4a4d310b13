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

    internal static IReadOnlyList<string>? Strings(JsonNode? node) =>
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

    /// <summary>Every argument, each read from the table (for listings and the schema; a lookup reads one).</summary>
    public static IReadOnlyCollection<GeneratedFlag> All => Loaded.Value.All.Value;

    /// <summary>Every argument's long name, without reading the arguments.</summary>
    public static IReadOnlyCollection<string> Names => Loaded.Value.ByName.Keys;

    public static GeneratedFlag? Find(string canonical) => Loaded.Value.ByName.TryGetValue(canonical, out var flag) ? flag.Value : null;

    /// <summary>The long name of a short alias the table lists ("dpn" for data-parallel-rank); null when none.</summary>
    public static string? AliasTarget(string alias) => Loaded.Value.Aliases.TryGetValue(alias, out var name) ? name : null;

    /// <summary>
    /// Indexes the table by each argument's name and aliases (a scan of the JSON text, as the model catalog is indexed);
    /// an argument's record is parsed when a lookup first returns it.
    /// </summary>
    private static Table Load()
    {
        var json = EmbeddedText.Read("vllm-flags.json", "its vLLM flag table");
        string release = "unknown", commit = "unknown";
        var byName = new Dictionary<string, Lazy<GeneratedFlag>>(StringComparer.Ordinal);
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        var members = new List<int>();
        var items = new List<int>();
        var flagMembers = new List<int>();
        JsonScanner.Members(json, 0, members);
        for (var m = 0; m < members.Count; m += 4)
        {
            int keyStart = members[m], keyEnd = members[m + 1], valueStart = members[m + 2], valueEnd = members[m + 3];
            if (JsonScanner.KeyIs(json, keyStart, keyEnd, "release"))
            {
                release = JsonScanner.StringValue(json, valueStart, valueEnd) ?? release;
            }
            else if (JsonScanner.KeyIs(json, keyStart, keyEnd, "sources"))
            {
                commit = JsonNode.Parse(json.Substring(valueStart, valueEnd - valueStart))?["commit"]?.AsString ?? commit;
            }
            else if (JsonScanner.KeyIs(json, keyStart, keyEnd, "flags"))
            {
                JsonScanner.ArrayItems(json, valueStart, items);
            }
        }

        for (var i = 0; i < items.Count; i += 2)
        {
            var start = items[i];
            var length = items[i + 1] - start;
            string? name = null;
            IReadOnlyList<string> aliasesOf = Array.Empty<string>();
            JsonScanner.Members(json, start, flagMembers);
            for (var m = 0; m < flagMembers.Count; m += 4)
            {
                int keyStart = flagMembers[m], keyEnd = flagMembers[m + 1], valueStart = flagMembers[m + 2], valueEnd = flagMembers[m + 3];
                if (JsonScanner.KeyIs(json, keyStart, keyEnd, "name"))
                {
                    name = JsonScanner.StringValue(json, valueStart, valueEnd);
                }
                else if (JsonScanner.KeyIs(json, keyStart, keyEnd, "aliases") && valueEnd - valueStart > 2)
                {
                    aliasesOf = GeneratedFlag.Strings(JsonNode.Parse(json.Substring(valueStart, valueEnd - valueStart))) ?? aliasesOf;
                }
            }

            if (name is not { Length: > 0 })
            {
                continue;
            }

            var flagName = name;
            byName[flagName] = new Lazy<GeneratedFlag>(
                () => GeneratedFlag.From(flagName, JsonNode.Parse(json.Substring(start, length))
                    ?? throw new InvalidOperationException($"Data/vllm-flags.json: the record of '{flagName}' at offset {start} is not valid JSON")),
                LazyThreadSafetyMode.ExecutionAndPublication);
            foreach (var alias in aliasesOf)
            {
                aliases[alias] = flagName;
            }
        }

        var all = new Lazy<IReadOnlyCollection<GeneratedFlag>>(() => byName.Values.Select(f => f.Value).ToList(), LazyThreadSafetyMode.ExecutionAndPublication);
        return new Table(release, commit, byName, aliases, all);
    }

    private sealed record Table(string Release, string Commit, Dictionary<string, Lazy<GeneratedFlag>> ByName, Dictionary<string, string> Aliases,
        Lazy<IReadOnlyCollection<GeneratedFlag>> All);
}
