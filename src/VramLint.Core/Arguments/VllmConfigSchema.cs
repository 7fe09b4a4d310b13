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
            var table = VllmFlagTable.Find(flag.Name);
            rules[flag.Name] = FromVramLint(flag, table);
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
        var rule = new ConfigKeyRule(flag.Name, Describe(flag.Name, flag));
        switch (flag.Kind)
        {
            case "bool":
                rule.Types = new[] { "boolean" };
                break;
            case "int":
                rule.Types = new[] { "integer" };
                break;
            case "number":
                rule.Types = new[] { "number" };
                break;
            case "text":
                rule.Types = new[] { "string" };
                break;
            case "choice":
                rule.Types = new[] { "string" };
                rule.Choices = flag.Choices;
                break;
            case "json":
                // A YAML mapping, or the JSON text vLLM also parses.
                rule.Types = new[] { "object", "string" };
                break;
            case "int-list":
                rule.Types = new[] { "array", "integer" };
                rule.ItemType = "integer";
                break;
            case "text-list":
                rule.Types = new[] { "array", "string" };
                rule.ItemType = "string";
                break;
        }

        rule.Deprecated = flag.Deprecated;
        return rule;
    }

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
        }

        return rule;
    }

    private static string Describe(string name, GeneratedFlag? flag) =>
        "--" + name
        + (flag?.Aliases.Count > 0 ? " (" + string.Join(", ", flag.Aliases.Select(a => "-" + a)) + ")" : "")
        + (flag?.RemovedIn is { } removedIn ? "; deprecated: vLLM announced its removal in v" + removedIn : flag?.Deprecated == true ? "; deprecated" : "");
}
