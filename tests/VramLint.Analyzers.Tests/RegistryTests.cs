using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using VramLint.Core.Diagnostics;

namespace VramLint.Analyzers.Tests;

/// <summary>The analyzers' descriptors and the release-tracking files come from Core's registry of diagnostic IDs.</summary>
public class RegistryTests
{
    private static readonly IReadOnlyList<DiagnosticDescriptor> Supported = typeof(VllmDeploymentAnalyzer).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
        .SelectMany(t => ((DiagnosticAnalyzer)Activator.CreateInstance(t)!).SupportedDiagnostics)
        .ToList();

    private static DiagnosticSeverity Roslyn(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Error => DiagnosticSeverity.Error,
        FindingSeverity.Warning => DiagnosticSeverity.Warning,
        _ => DiagnosticSeverity.Info,
    };

    [Fact]
    public void Every_descriptor_is_its_registry_entry()
    {
        Assert.NotEmpty(Supported);
        foreach (var descriptor in Supported)
        {
            var info = DiagnosticIds.Get(descriptor.Id);
            Assert.Equal(
                (info.Title, info.Category, Roslyn(info.DefaultSeverity), info.Description, info.HelpLink),
                (descriptor.Title.ToString(), descriptor.Category, descriptor.DefaultSeverity, descriptor.Description.ToString() is { Length: > 0 } d ? d : info.Description, descriptor.HelpLinkUri));
        }
    }

    [Fact]
    public void The_code_fixes_cover_exactly_the_ids_the_registry_calls_fixable()
    {
        var fixable = DiagnosticIds.All.Where(i => i.Fixable).Select(i => i.Id);

        Assert.Equal(fixable, new CodeFixes.VllmSettingCodeFixProvider().FixableDiagnosticIds.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_unknown_id_has_no_descriptor_instead_of_becoming_vram010()
    {
        var forId = typeof(VllmDeploymentAnalyzer).Assembly.GetType("VramLint.Analyzers.Descriptors")!.GetMethod("For", BindingFlags.Public | BindingFlags.Static)!;

        Assert.Equal("VRAM009", ((DiagnosticDescriptor)forId.Invoke(null, new object[] { "VRAM009" })!).Id);
        var thrown = Assert.Throws<TargetInvocationException>(() => forId.Invoke(null, new object[] { "VRAM999" }));
        Assert.IsType<ArgumentException>(thrown.InnerException);
    }

    [Fact]
    public void The_release_tracking_file_describes_each_id_as_the_registry_does()
    {
        var path = Path.Combine(RepositoryRoot(), "src", "VramLint.Analyzers", "AnalyzerReleases.Unshipped.md");
        var rows = Regex.Matches(File.ReadAllText(path), @"^(VRAM\d{3}) \| (\S+) \| (\w+) \| (.+)$", RegexOptions.Multiline)
            .Select(m => (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value, m.Groups[4].Value.TrimEnd()));

        // Every row is its registry entry, and every ID an analyzer reports has its row (RS2008 needs it).
        Assert.Equal(rows.Select(r => r.Item1).Select(DiagnosticIds.Get).Select(i => (i.Id, i.Category, Roslyn(i.DefaultSeverity).ToString(), i.Title)), rows);
        Assert.Empty(Supported.Select(d => d.Id).Distinct().Except(rows.Select(r => r.Item1)));
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
