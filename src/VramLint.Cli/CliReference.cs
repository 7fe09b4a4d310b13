using System.Text;

namespace VramLint.Cli;

/// <summary>
/// The README's command table, written from <see cref="Verbs"/> (the declaration the parser is built from); a test keeps
/// the README's copy equal to it, so the documented synopsis is the parsed one.
/// </summary>
internal static class CliReference
{
    public const string Begin = "<!-- vramlint-commands: generated from src/VramLint.Cli/Verbs.cs; a test keeps it equal -->";
    public const string End = "<!-- /vramlint-commands -->";

    public static string Markdown()
    {
        var text = new StringBuilder();
        text.Append(Begin).Append('\n');
        text.Append("| command | what it does |\n|---|---|\n");
        foreach (var verb in Verbs.All)
        {
            text.Append("| `").Append(Synopsis(verb).Replace("|", "\\|")).Append("` | ").Append(verb.Summary.Replace("|", "\\|")).Append(" |\n");
        }

        text.Append("\n`SIZING` is any of these; each overrides its configuration key:\n\n| option | meaning | key |\n|---|---|---|\n");
        foreach (var option in Verbs.Sizing)
        {
            text.Append($"| `{option.Name} {option.ValueName}` | {option.Description} | `{option.ConfigKey}` |\n");
        }

        text.Append("\nEvery command takes `--help` (or `vramlint help COMMAND`); `vramlint --version` prints the version.\n");
        text.Append(End).Append('\n');
        return text.ToString();
    }

    /// <summary>"vramlint check [--format text|json|sarif] [SIZING] [PATH...]".</summary>
    public static string Synopsis(Verb verb)
    {
        var parts = new List<string> { "vramlint " + verb.Path };
        foreach (var option in verb.Options.Where(o => !Verbs.Sizing.Contains(o)))
        {
            var text = option.ValueName is null ? option.Name : option.Name + " " + option.ValueName;
            parts.Add(option.Required ? text : "[" + text + "]");
        }

        if (verb.Formats.Count > 1)
        {
            parts.Add("[--format " + string.Join("|", verb.Formats) + "]");
        }

        if (verb.Options.Any(Verbs.Sizing.Contains))
        {
            parts.Add("[SIZING]");
        }

        if (verb.Words is { } words)
        {
            var many = words.Many ? "..." : "";
            parts.Add(verb.ForwardsWords ? "[--] " + words.Name + many : words.Name + many);
        }

        return string.Join(" ", parts);
    }
}
