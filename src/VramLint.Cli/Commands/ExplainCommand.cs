using VramLint.Cli.Output;
using VramLint.Core;

namespace VramLint.Cli.Commands;

/// <summary><c>vramlint explain FILE</c>: for each deployment, the per-GPU breakdown as a table and a bar chart.</summary>
internal static class ExplainCommand
{
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, string workingDirectory)
    {
        var arguments = CommandArguments.Parse("explain", args, ["text"]);
        var run = CheckCommand.Lint(arguments, workingDirectory);
        foreach (var (path, result) in run.Files)
        {
            foreach (var (name, check) in result.Checks)
            {
                stdout.WriteLine($"{CheckReports.Relative(path, workingDirectory)}: {name}");
                TextReport.Write(stdout, check, check.Findings.Select(f => new ReportedFinding(f, f.Severity)).ToList());
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
