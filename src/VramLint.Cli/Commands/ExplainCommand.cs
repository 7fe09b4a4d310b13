using VramLint.Cli.Output;
using VramLint.Core;

namespace VramLint.Cli.Commands;

/// <summary>
/// <c>vramlint explain FILE</c>: for each deployment, the per-GPU breakdown as a table and a bar chart, with the
/// severities the configuration gives; a file that could not be read, or a value no deployment could use, is said.
/// </summary>
internal static class ExplainCommand
{
    public static int Run(CommandArguments arguments, CliContext context)
    {
        var (stdout, workingDirectory) = (context.Stdout, context.WorkingDirectory);
        var run = CheckCommand.Lint(arguments, workingDirectory);
        if (arguments.Format != "text")
        {
            // The breakdown is for people; a script gets the same document check writes.
            CheckCommand.Write(arguments.Format, stdout, run, workingDirectory);
            return run.ExitCode;
        }

        foreach (var (path, result, _, options, _) in run.Files)
        {
            var relative = CheckReports.Relative(path, workingDirectory);
            var deploymentFindings = result.Checks.SelectMany(c => c.Result.Findings).ToHashSet();

            // What belongs to no checked deployment: an unreadable file, malformed YAML, a value of the wrong type.
            foreach (var reported in run.Reported.Where(r => r.Finding.Path == path && !deploymentFindings.Contains(r.Finding.Finding)))
            {
                var f = reported.Finding;
                stdout.WriteLine($"{relative}({f.Line},{f.Column}): {JsonReport.SeverityWord(reported.Severity)} {f.Finding.Id}: {f.Finding.Message}");
            }

            foreach (var (name, check) in result.Checks)
            {
                stdout.WriteLine($"{relative}: {name}");
                var findings = check.Findings
                    .Select(f => (Finding: f, Severity: options.EffectiveSeverity(f.Id)))
                    .Where(x => x.Severity is not null)
                    .Select(x => new ReportedFinding(x.Finding, x.Severity!.Value))
                    .ToList();
                TextReport.Write(stdout, check, findings);
                if (check.Estimate is { } estimate)
                {
                    MemoryBar.Write(stdout, estimate);
                }

                stdout.WriteLine();
            }
        }

        if (run.Files.Count == 0)
        {
            stdout.WriteLine("no vLLM deployment found");
        }

        return run.ExitCode;
    }
}
