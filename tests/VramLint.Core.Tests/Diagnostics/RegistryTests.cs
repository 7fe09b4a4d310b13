using System.Text.RegularExpressions;
using VramLint.Core.Diagnostics;

namespace VramLint.Core.Tests.Diagnostics;

/// <summary>
/// The registry of diagnostic IDs is the one list: the README's and the package README's tables, the rule pages and the
/// task's severity mapping in the package targets say exactly what it says; an unknown ID is an exception, never VRAM010.
/// </summary>
public class RegistryTests
{
    private static readonly string Root = RepositoryRoot();

    private static string Read(params string[] parts) => File.ReadAllText(Path.Combine(new[] { Root }.Concat(parts).ToArray()));

    private static string Severity(DiagnosticInfo info) => info.DefaultSeverity.ToString().ToLowerInvariant();

    [Fact]
    public void Ids_are_unique_ordered_and_named_by_the_constants()
    {
        var ids = DiagnosticIds.All.Select(i => i.Id).ToList();
        var constants = typeof(DiagnosticIds).GetFields().Where(f => f.IsLiteral && ((string)f.GetRawConstantValue()!).StartsWith("VRAM", StringComparison.Ordinal)).Select(f => (string)f.GetRawConstantValue()!).Order(StringComparer.Ordinal);

        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.Equal(ids, constants);
        Assert.All(DiagnosticIds.All, i => Assert.Matches("^VRAM[0-9]{3}$", i.Id));
        Assert.All(DiagnosticIds.All, i => Assert.Contains(i.Category, new[] { DiagnosticIds.MemoryCategory, DiagnosticIds.ConfigurationCategory }));
    }

    [Fact]
    public void An_unknown_id_is_an_exception()
    {
        Assert.Throws<ArgumentException>(() => DiagnosticIds.Get("VRAM999"));
        Assert.Throws<ArgumentException>(() => new Finding("VRAM999", "made up").Severity);
    }

    [Fact]
    public void The_readme_table_is_the_registry()
    {
        var rows = Regex.Matches(Read("README.md"), @"^\| \[(VRAM\d{3})\]\(docs/rules/\1\.md\) \| (\w+) \| (.+) \|$", RegexOptions.Multiline)
            .Select(m => (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value));

        Assert.Equal(DiagnosticIds.All.Select(i => (i.Id, Severity(i), i.Summary)), rows);
    }

    [Fact]
    public void The_package_readme_table_is_the_registry()
    {
        var rows = Regex.Matches(Read("src", "VramLint.Package", "README.md"), @"^\| \[(VRAM\d{3})\]\((\S+)\) \| (\w+) \|", RegexOptions.Multiline)
            .Select(m => (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value));

        Assert.Equal(DiagnosticIds.All.Select(i => (i.Id, i.HelpLink, Severity(i))), rows);
    }

    [Fact]
    public void Every_id_has_its_rule_page_with_its_title_and_severity()
    {
        var pages = Directory.GetFiles(Path.Combine(Root, "docs", "rules"), "VRAM*.md").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);
        Assert.Equal(DiagnosticIds.All.Select(i => i.Id), pages);

        foreach (var info in DiagnosticIds.All)
        {
            var page = Read("docs", "rules", info.Id + ".md");
            Assert.StartsWith($"# {info.Id}: {info.Title}\n", page.ReplaceLineEndings("\n"));
            Assert.Contains($"| Default severity | **{Severity(info)}**", page);
            Assert.Equal(DiagnosticIds.HelpLinkBase + info.Id + ".md", info.HelpLink);
        }
    }

    [Fact]
    public void The_targets_give_every_id_the_task_reports_the_same_treatment()
    {
        var targets = Read("src", "VramLint.Package", "build", "VramLint.targets");
        var mapped = Regex.Matches(targets, @"<MSBuildWarningsAsErrors Condition=""!\$\(_VramLintNotAsErrors\.Contains\(';(VRAM\d{3});'\)\)"">\$\(MSBuildWarningsAsErrors\);\1</MSBuildWarningsAsErrors>")
            .Select(m => m.Groups[1].Value);

        Assert.Equal(DiagnosticIds.All.Select(i => i.Id), mapped);
        Assert.DoesNotMatch(@"VRAM(?!\d{3})", targets.Replace("VramLint", ""));
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "VramLint.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("the repository root was not found");
    }
}
