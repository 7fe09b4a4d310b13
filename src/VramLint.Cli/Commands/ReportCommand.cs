using VramLint.Core.Models;
using VramLint.Cli.Output;
using VramLint.Core;
using VramLint.Core.Configuration;
using VramLint.Yaml;
using VramLint.Yaml.Files;

namespace VramLint.Cli.Commands;

/// <summary>
/// <c>vramlint report --html OUT PATH...</c>: the deployments of files and folders as one self-contained HTML page, each
/// with its per-GPU memory bar before and after the fixes <c>vramlint fix</c> would apply (computed in memory: no file
/// but OUT is written).
/// </summary>
internal static class ReportCommand
{
    public static int Run(CommandArguments arguments, CliContext context)
    {
        var (stdout, workingDirectory) = (context.Stdout, context.WorkingDirectory);
        if (!arguments.Values.TryGetValue("--html", out var output) || string.IsNullOrWhiteSpace(output))
        {
            throw new UsageException("report needs --html OUT, the HTML file to write");
        }

        var run = CheckCommand.Lint(arguments, workingDirectory);
        var deployments = new List<ReportedDeployment>();
        foreach (var (path, result, source, options, models) in run.Files)
        {
            var after = AfterFixes(source, result, options, models);
            for (var i = 0; i < result.Checks.Count; i++)
            {
                var (name, check) = result.Checks[i];
                // The fixes of this deployment's own findings: each YAML finding carries the edits of its fix.
                var own = check.Findings.ToHashSet();
                var titles = result.Findings.Where(f => own.Contains(f.Finding)).SelectMany(f => f.Edits).Select(e => e.Title).Distinct(StringComparer.Ordinal).ToList();
                var afterCheck = after is not null && i < after.Checks.Count && titles.Count > 0 ? after.Checks[i].Result : null;
                deployments.Add(new ReportedDeployment(
                    CheckReports.Relative(path, workingDirectory).Replace('\\', '/'),
                    name,
                    check,
                    Reported(check, options),
                    titles,
                    afterCheck,
                    afterCheck is null ? Array.Empty<ReportedFinding>() : Reported(afterCheck, options)));
            }
        }

        var target = Path.GetFullPath(Path.Combine(workingDirectory, output));
        File.WriteAllText(target, HtmlReport.Render(deployments, run.Files.Count, run.CapacityFinding));
        stdout.WriteLine($"wrote {CheckReports.Relative(target, workingDirectory)}: {deployments.Count} deployment(s) in {run.Files.Count} file(s)");
        return run.ExitCode;
    }

    /// <summary>The same file linted again with every fix applied in memory, as <c>vramlint fix</c> would write it.</summary>
    private static YamlLintResult? AfterFixes(YamlSource source, YamlLintResult result, VramLintOptions options, ModelFactsContext? models) =>
        result.Edits.Count == 0 || source.Text is null ? null : YamlLinter.Lint(source.Path, YamlFixWriter.Preview(source, result.Edits), options, models: models);

    private static IReadOnlyList<ReportedFinding> Reported(CheckResult check, VramLintOptions options) =>
        check.Findings
            .Select(f => options.EffectiveSeverity(f.Id) is { } severity ? new ReportedFinding(f, severity) : null)
            .OfType<ReportedFinding>()
            .ToList();
}
