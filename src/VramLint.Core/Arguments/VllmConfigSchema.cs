using System.Collections.Generic;
using System.Linq;
using VramLint.Core.Settings;

namespace VramLint.Core.Arguments;

/// <summary>
/// What a vLLM <c>--config</c> file may hold under one key, as JSON Schema terms: VramLint's own reading of the option
/// where it has one (ranges, choices, vLLM's human-readable integers), else the generated table of vLLM's arguments.
/// </summary>
public sealed class ConfigKeyRule
{
    internal ConfigKeyRule(string name, string description)
    {
        Name = name;
        Description = description;
    }

    /// <summary>The key with dashes, as vLLM's help writes it (underscores are accepted too).</summary>
    public string Name { get; }

    public string Description { get; }

    /// <summary>JSON types the value may have ("integer", "string"...); empty when any value is accepted.</summary>
    public IReadOnlyList<string> Types { get; internal set; } = new string[0];

    /// <summary>The element type when an array is accepted.</summary>
    public string? ItemType { get; internal set; }

    /// <summary>The only strings accepted; null when any.</summary>
    public IReadOnlyList<string>? Choices { get; internal set; }

    /// <summary>The pattern a string value must match (vLLM's human-readable integers: 32k, 1M); null when any.</summary>
    public string? Pattern { get; internal set; }

    public double? Minimum { get; internal set; }

    public double? ExclusiveMinimum { get; internal set; }

    public double? Maximum { get; internal set; }

    public double? ExclusiveMaximum { get; internal set; }

    /// <summary>The choices are numbers (block-size 1, 8, 16...), written as such in the schema.</summary>
    public bool ChoicesAreNumbers { get; internal set; }

    /// <summary>Deprecated: still accepted by the release the table describes, with a removal announced.</summary>
    public bool Deprecated { get; internal set; }

    /// <summary>Removed from vLLM: a file with the key no longer starts (the description says what replaced it).</summary>
    public bool Removed { get; internal set; }
}

/// <summary>The keys of a vLLM config file, one rule each, for the JSON Schema the CLI writes and the package ships.</summary>
public static class VllmConfigSchema
{
    /// <summary>"^[0-9]+(\.[0-9]+)?[kKmMgGtT]?$": vLLM's human-readable integers (32k is 32000, 32K is 32768).</summary>
    public const string HumanIntPattern = "^[0-9]+(\\.[0-9]+)?[kKmMgGtT]?$";

    /// <summary>Every key, sorted by name: the generated table's, VramLint's own, and the removed ones.</summary>
    public static IReadOnlyList<ConfigKeyRule> Keys()
    {
        var rules = new Dictionary<string, ConfigKeyRule>(System.StringComparer.Ordinal);
        foreach (var flag in VllmFlagTable.All)
        {
            rules[flag.Name] = FromTable(flag);
        }

        foreach (var flag in VllmFlags.All)
        {
            // VramLint's reading (its ranges, human-readable integers) first; the release's bounds and choices where it states none.
            var table = VllmFlagTable.Find(flag.Name);
            var own = FromVramLint(flag, table);
            if (table is not null && FromTable(table) is var release)
            {
                if (own.Minimum is null && own.ExclusiveMinimum is null)
                {
                    (own.Minimum, own.ExclusiveMinimum) = (release.Minimum, release.ExclusiveMinimum);
                }

                if (own.Maximum is null && own.ExclusiveMaximum is null)
                {
                    (own.Maximum, own.ExclusiveMaximum) = (release.Maximum, release.ExclusiveMaximum);
                }

                if (own.Choices is null && release.Choices is not null)
                {
                    (own.Choices, own.ChoicesAreNumbers) = (release.Choices, release.ChoicesAreNumbers);
                }
            }

            rules[flag.Name] = own;
        }

        foreach (var newer in VllmFlags.NewerThanRelease)
        {
            // Options vLLM added after the table's release: a switch is a boolean; for the others the source states no type.
            if (!rules.ContainsKey(newer.Key))
            {
                rules[newer.Key] = new ConfigKeyRule(newer.Key, "--" + newer.Key + "; newer than vLLM " + VllmFlagTable.Release + " (" + newer.Value.Source + ")")
                {
                    Types = newer.Value.TakesValue ? new string[0] : new[] { "boolean" },
                };
            }
        }

        foreach (var removed in VllmFlags.Removed)
        {
            if (!rules.ContainsKey(removed.Key))
            {
                rules[removed.Key] = new ConfigKeyRule(removed.Key, "removed from vLLM: " + removed.Value.Advice) { Removed = true };
            }
        }

        return rules.Values.OrderBy(r => r.Name, System.StringComparer.Ordinal).ToList();
    }

    private static ConfigKeyRule FromTable(GeneratedFlag flag)
    {
        var rule = new ConfigKeyRule(flag.Name, Describe(flag.Name, flag)) { Deprecated = flag.Deprecated };
        var scalar = Scalar(flag.ValueType ?? KindType(flag.Kind));
        if (flag.ValueType == "list" || flag.Kind is "int-list" or "text-list" or "number-list")
        {
            // nargs='+': a YAML list, or one value.
            rule.ItemType = Scalar(flag.ItemType ?? (flag.Kind == "int-list" ? "int" : flag.Kind == "number-list" ? "float" : "string"));
            rule.Types = new[] { "array", rule.ItemType! };
        }
        else if (scalar == "object")
        {
            // A YAML mapping, or the JSON text vLLM also parses.
            rule.Types = new[] { "object", "string" };
        }
        else if (scalar is not null)
        {
            rule.Types = flag.HumanReadable && scalar == "integer" ? new[] { "integer", "string" } : new[] { scalar };
            rule.Pattern = flag.HumanReadable ? HumanIntPattern : null;
        }

        // argparse's choices, else the values vLLM checks after parsing ("None" is null, which every key accepts).
        var choices = (flag.Choices ?? flag.ValidValues)?.Where(c => c != "None").ToList();
        if (choices is { Count: > 0 })
        {
            rule.Choices = choices;
            rule.ChoicesAreNumbers = scalar is "integer" or "number";
        }

        rule.Minimum = flag.ExclusiveMinimum ? null : flag.Minimum;
        rule.ExclusiveMinimum = flag.ExclusiveMinimum ? flag.Minimum : null;
        rule.Maximum = flag.ExclusiveMaximum ? null : flag.Maximum;
        rule.ExclusiveMaximum = flag.ExclusiveMaximum ? flag.Maximum : null;
        return rule;
    }

    /// <summary>The table's value type as a JSON Schema type; null when the source states none.</summary>
    private static string? Scalar(string? valueType) => valueType switch
    {
        "bool" => "boolean",
        "int" => "integer",
        "float" => "number",
        "string" => "string",
        "json" => "object",
        _ => null,
    };

    /// <summary>The value type the older "kind" field implies, for a table row without "type".</summary>
    private static string? KindType(string? kind) => kind switch
    {
        "bool" or "bool-value" => "bool",
        "int" => "int",
        "number" => "float",
        "text" or "choice" => "string",
        "json" => "json",
        _ => null,
    };

    private static ConfigKeyRule FromVramLint(VllmFlag flag, GeneratedFlag? table)
    {
        var rule = new ConfigKeyRule(flag.Name, Describe(flag.Name, table)) { Deprecated = table?.Deprecated == true };
        long? max = ValueRanges.MaxOf(flag.Name);
        switch (flag.Kind)
        {
            case FlagKind.PositiveInt:
                rule.Types = new[] { "integer" };
                rule.Minimum = 1;
                rule.Maximum = max;
                break;
            case FlagKind.NonNegativeInt:
                rule.Types = new[] { "integer" };
                rule.Minimum = 0;
                rule.Maximum = max;
                break;
            case FlagKind.HumanInt:
                // max-model-len also takes -1 and "auto": the longest that fits.
                rule.Types = new[] { "integer", "string" };
                rule.Pattern = flag.Name == SettingNames.MaxModelLen ? "^(auto|-1|" + HumanIntPattern.Substring(1, HumanIntPattern.Length - 2) + ")$" : HumanIntPattern;
                rule.Minimum = flag.Name == SettingNames.MaxModelLen ? -1 : 1;
                rule.Maximum = max;
                break;
            case FlagKind.Fraction:
                rule.Types = new[] { "number" };
                rule.ExclusiveMinimum = 0;
                rule.Maximum = 1;
                break;
            case FlagKind.NonNegativeNumber:
                rule.Types = new[] { "number" };
                rule.Minimum = 0;
                break;
            case FlagKind.Bool:
                rule.Types = new[] { "boolean" };
                break;
            case FlagKind.Choice:
                rule.Types = new[] { "string" };
                rule.Choices = flag.Choices?.ToList();
                break;
            case FlagKind.Text:
                rule.Types = new[] { "string" };
                break;
            case FlagKind.Json:
                rule.Types = new[] { "object", "string" };
                break;
            case FlagKind.IntList:
                rule.Types = new[] { "array", "integer" };
                rule.ItemType = "integer";
                break;
            case FlagKind.TextList:
                rule.Types = new[] { "array", "string" };
                rule.ItemType = "string";
                break;
        }

        return rule;
    }

    /// <summary>"--block-size; default: unset (vLLM v0.11.0, vllm/config/cache.py:43)": what an editor shows on hover.</summary>
    private static string Describe(string name, GeneratedFlag? flag) =>
        "--" + name
        + (flag?.Aliases.Count > 0 ? " (" + string.Join(", ", flag.Aliases.Select(a => "-" + a)) + ")" : "")
        + (flag?.RemovedIn is { } removedIn ? "; deprecated: vLLM announced its removal in v" + removedIn : flag?.Deprecated == true ? "; deprecated" : "")
        + (flag is { DefaultKnown: true } ? "; default: " + DefaultText(flag.Default) : "")
        + (flag?.DefinedAt is { } at ? " (vLLM " + VllmFlagTable.Release + ", " + at + ")" : "");

    private static string DefaultText(Json.JsonNode? value) => value switch
    {
        null or Json.JsonNull => "unset",
        Json.JsonBool b => b.Value ? "true" : "false",
        Json.JsonArray { Items.Count: 0 } => "none",
        Json.JsonObject o when !o.Properties.Any() => "none",
        _ => value.AsString ?? "a JSON value",
    };
}
