using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using VramLint.Core.Configuration;
using VramLint.Core.Diagnostics;

namespace VramLint.Yaml.Tests;

/// <summary>
/// The corpus of deployment-file shapes (Corpus/MANIFEST.md): every file is linted as <c>vramlint check</c> over the
/// folder would, and what it found (each deployment sized or skipped, with the settings as resolved and the GPUs; each
/// finding with its exact position, and the full message of each VRAM009) must equal Corpus/expected.txt.
/// </summary>
public class CorpusTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Corpus");

    private static readonly VramLintOptions Options = VramLintOptions.FromLookup(k => k == ConfigKeys.Gpu ? "H100-80GB" : null);

    [Fact]
    public void Every_file_gives_exactly_the_expected_deployments_and_findings()
    {
        var actual = Report();
        var expectedPath = Path.Combine(Root, "expected.txt");
        if (Environment.GetEnvironmentVariable("VRAMLINT_WRITE_CORPUS") is { } target)
        {
            File.WriteAllText(target, actual);
        }

        var expected = File.ReadAllText(expectedPath).Replace("\r\n", "\n");
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        for (var i = 0; i < Math.Min(expectedLines.Length, actualLines.Length); i++)
        {
            Assert.True(expectedLines[i] == actualLines[i], $"expected.txt line {i + 1}:\n  expected: {expectedLines[i]}\n  actual:   {actualLines[i]}");
        }

        Assert.Equal(expectedLines.Length, actualLines.Length);
    }

    [Fact]
    public void Every_deployment_that_names_a_model_is_sized_or_says_which_value_it_could_not_resolve()
    {
        var project = new YamlProject();
        var skippedWithoutWord = new List<string>();
        var sized = 0;
        var said = 0;
        foreach (var file in Files())
        {
            var result = YamlLinter.Lint(file, File.ReadAllBytes(file), Options, project);
            sized += result.Sized;
            foreach (var (name, reason) in result.Skipped)
            {
                // Skipped for an unresolved value or no model: a VRAM009 names it. Unknown size: VRAM006 says so.
                var id = reason switch
                {
                    "unresolved value" or "no model named" => DiagnosticIds.UnresolvedValue,
                    "model size unknown" => DiagnosticIds.UnknownModel,
                    "unreadable value" => DiagnosticIds.UnreadableFile,
                    "invalid value" => DiagnosticIds.InvalidValue,
                    _ => null,
                };
                if (id is null || !result.Findings.Any(f => f.Finding.Id == id && (id != DiagnosticIds.UnresolvedValue || f.Finding.Message.StartsWith(name + " was not checked: ", StringComparison.Ordinal))))
                {
                    skippedWithoutWord.Add($"{Relative(file)}: {name} ({reason})");
                }
                else
                {
                    said++;
                }
            }
        }

        Assert.Empty(skippedWithoutWord);
        Assert.Equal((58, 17), (sized, said));
    }

    [Fact]
    public void The_manifest_lists_at_least_60_cases_from_at_least_20_repositories_and_every_case_exists()
    {
        var manifest = File.ReadAllLines(Path.Combine(Root, "MANIFEST.md"));
        var rows = manifest.Select(l => Regex.Match(l, @"^\| `([^`]+)` \| .+ \| \[([^\]]+)\]\((https://github\.com/[^)]+)\) \|$")).Where(m => m.Success).ToList();
        Assert.True(rows.Count >= 60, $"{rows.Count} cases");
        Assert.True(rows.Select(r => r.Groups[2].Value).Distinct().Count() >= 20);
        Assert.All(rows, r => Assert.True(File.Exists(Path.Combine(Root, r.Groups[1].Value)), r.Groups[1].Value));
        Assert.All(rows, r => Assert.Equal("https://github.com/" + r.Groups[2].Value, r.Groups[3].Value));
    }

    [Fact]
    public void Every_corpus_file_cut_short_anywhere_is_read_without_an_exception()
    {
        // Truncated scripts, templates and manifests: open quotes, half a ${...}, a JSON array never closed.
        foreach (var file in Files())
        {
            var text = File.ReadAllText(file);
            for (var cut = 1; cut < text.Length; cut += Math.Max(1, text.Length / 25))
            {
                var result = YamlLinter.Lint(file, text.Substring(0, cut), Options);
                Assert.All(result.Findings, f => Assert.True(f.Line >= 1 && f.Column >= 1, f.ToString()));
            }
        }
    }

    private static IEnumerable<string> Files() =>
        Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) is not ("MANIFEST.md" or "expected.txt" or ".env" or "Chart.yaml"))
            .OrderBy(f => Relative(f), StringComparer.Ordinal);

    private static string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    /// <summary>What `vramlint check Corpus/` finds, file by file.</summary>
    private static string Report()
    {
        var project = new YamlProject();
        var sb = new StringBuilder();
        foreach (var file in Files())
        {
            sb.Append("== ").Append(Relative(file)).Append('\n');
            var text = File.ReadAllText(file);
            if (!YamlLinter.LooksLikeVllm(text))
            {
                sb.Append("(not read: nothing looks like vLLM)\n");
                continue;
            }

            var result = YamlLinter.Lint(file, File.ReadAllBytes(file), Options, project);
            foreach (var (name, check) in result.Checks)
            {
                if (check.Estimate is { } e)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"sized {name}: {e.Model.Id} tp={e.Settings.TensorParallelSize} pp={e.Settings.PipelineParallelSize} on {e.Gpu.Count} x {e.Gpu.Name}\n");
                }
            }

            foreach (var (name, reason) in result.Skipped)
            {
                sb.Append(CultureInfo.InvariantCulture, $"skipped {name}: {reason}\n");
            }

            foreach (var f in result.Findings)
            {
                var where = f.Path == file ? "" : Relative(f.Path) + " ";
                var message = f.Finding.Id is DiagnosticIds.UnresolvedValue or DiagnosticIds.UnreadableFile ? " " + f.Finding.Message : "";
                sb.Append(CultureInfo.InvariantCulture, $"{f.Finding.Id} {where}{f.Line}:{f.Column}-{f.EndLine}:{f.EndColumn}{message}\n");
            }
        }

        return sb.ToString();
    }
}
