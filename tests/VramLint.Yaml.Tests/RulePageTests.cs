using System.Reflection;
using System.Text.RegularExpressions;
using VramLint.Core.Configuration;
using VramLint.Core.Diagnostics;

namespace VramLint.Yaml.Tests;

/// <summary>
/// Every rule page says when the rule fires, shows a YAML and a C# example and the message, and says how to fix and
/// suppress it; the YAML example, linted with the page's own .globalconfig, reports the message the page shows.
/// </summary>
public class RulePageTests
{
    public static IEnumerable<object[]> Ids() => DiagnosticIds.All.Select(d => new object[] { d.Id });

    [Theory]
    [MemberData(nameof(Ids))]
    public void The_rule_page_has_every_section_and_its_example_reports_its_message(string id)
    {
        var page = File.ReadAllText(Path.Combine(Root, "docs", "rules", id + ".md"));

        foreach (var section in new[] { "## What it means", "## When it fires", "## Example", "## Message", "## How to fix it", "## How to suppress it" })
        {
            Assert.Contains("\n" + section + "\n", page);
        }

        Assert.Contains("```yaml\n", page);
        Assert.True(page.Contains("```csharp\n", StringComparison.Ordinal) || id == DiagnosticIds.UnreadableFile, id + " has no C# example");
        Assert.Contains($"dotnet_diagnostic.{id}.severity = none", page);
        Assert.Contains($"#pragma warning disable {id}", page);
        var severity = DiagnosticIds.Get(id).DefaultSeverity.ToString().ToLowerInvariant();
        Assert.Matches($@"\| Default severity \| \*\*{severity}\*\*", page);

        var config = Block(page, "ini", "## Example");
        var yaml = Block(page, "yaml", "## Example")! + "\n";
        var shown = Block(page, "", "## Message")!.Split('\n')[0];
        var settings = (config ?? "").Split('\n').Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
        var options = VramLintOptions.FromLookup(k => settings.TryGetValue(k, out var v) ? v : null);

        var result = YamlLinter.Lint("compose.yaml", yaml, options);
        var reported = result.Findings.Where(f => options.EffectiveSeverity(f.Finding.Id) is not null)
            .Select(f => $"compose.yaml({f.Line},{f.Column}): {options.EffectiveSeverity(f.Finding.Id)!.Value.ToString().ToLowerInvariant()} {f.Finding.Id}: {f.Finding.Message}")
            .Concat(result.NeedsCapacity ? new[] { $"warning {id}: {VramLint.Core.DeploymentChecker.NoCapacityFinding().Message}" } : Array.Empty<string>())
            .ToList();

        // The page may shorten the middle of a long message with "...": each shown piece appears, in order.
        var pattern = "^" + string.Join(".*", shown.Split("...").Select(Regex.Escape)) + "$";
        Assert.Contains(reported, line => Regex.IsMatch(line, pattern, RegexOptions.Singleline));
    }

    /// <summary>The first fenced block of the language after the heading (language "" for a bare fence).</summary>
    private static string? Block(string page, string language, string heading)
    {
        var start = page.IndexOf("\n" + heading + "\n", StringComparison.Ordinal);
        var match = Regex.Match(page.Substring(start), "```" + language + "\n(.*?)\n```", RegexOptions.Singleline);
        return match.Success ? match.Groups[1].Value : null;
    }

    private static string Root =>
        typeof(RulePageTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "VramLint.RepositoryRoot").Value!;
}
