using VramLint.Cli.Output;
using VramLint.Core;
using VramLint.Core.Diagnostics;
using VramLint.Yaml;

namespace VramLint.Cli.Commands;

/// <summary><c>vramlint check [--format text|json|sarif] PATH...</c>: lint the vLLM deployments in YAML files and folders.</summary>
internal static class CheckCommand
{
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, string workingDirectory)
    {
        var arguments = CommandArguments.Parse("check", args, ["text", "json", "sarif"]);
        var run = Lint(arguments, workingDirectory);

        switch (arguments.Format)
        {
            case "json":
                CheckReports.WriteJson(stdout, run, workingDirectory);
                break;
            case "sarif":
                SarifReport.Write(stdout, run, workingDirectory);
                break;
            default:
                CheckReports.WriteText(stdout, run, workingDirectory);
                break;
        }

        return run.ExitCode;
    }

    /// <summary>Lints every file with the options its own configuration files give (flags win).</summary>
    internal static CheckRun Lint(CommandArguments arguments, string workingDirectory)
    {
        var run = new CheckRun();
        var models = new ModelFactsFolders(workingDirectory);
        foreach (var file in YamlFiles.Expand(arguments.Positional, workingDirectory))
        {
            var config = ConfigFiles.For(file);
            var options = arguments.Options(config);
            var bytes = File.ReadAllBytes(file);
            if (bytes.Length <= YamlText.MaxBytes && !YamlLinter.LooksLikeVllm(System.Text.Encoding.UTF8.GetString(bytes)))
            {
                continue;
            }

            var result = YamlLinter.Lint(file, bytes, options, models.For(file, config));
            run.Files.Add((file, result));
            run.NeedsCapacity |= result.NeedsCapacity;
            foreach (var finding in result.Findings)
            {
                if (options.EffectiveSeverity(finding.Finding.Id) is { } severity)
                {
                    run.Reported.Add(new ReportedYamlFinding(finding, severity));
                }
            }
        }

        return run;
    }
}

internal sealed record ReportedYamlFinding(YamlFinding Finding, FindingSeverity Severity);

/// <summary>Everything one check run found.</summary>
internal sealed class CheckRun
{
    public List<(string Path, YamlLintResult Result)> Files { get; } = new();

    public List<ReportedYamlFinding> Reported { get; } = new();

    public bool NeedsCapacity { get; set; }

    public int Deployments => Files.Sum(f => f.Result.Deployments);

    /// <summary>2 when a file could not be read or no capacity is declared, 1 for an error-severity finding, else 0.</summary>
    public int ExitCode =>
        Reported.Any(r => r.Finding.Finding.Id == DiagnosticIds.UnreadableFile) || NeedsCapacity ? ExitCodes.Usage
        : Reported.Any(r => r.Severity == FindingSeverity.Error) ? ExitCodes.Errors
        : ExitCodes.Ok;

    public Finding? CapacityFinding => NeedsCapacity ? DeploymentChecker.NoCapacityFinding() : null;
}
