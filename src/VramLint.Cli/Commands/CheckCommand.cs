using VramLint.Core.Models;
using VramLint.Cli.Output;
using VramLint.Core;
using VramLint.Core.Configuration;
using VramLint.Core.Diagnostics;
using VramLint.Yaml;
using VramLint.Yaml.Files;

namespace VramLint.Cli.Commands;

/// <summary><c>vramlint check [--format text|json|sarif] PATH...</c>: lint the vLLM deployments in YAML files and folders.</summary>
internal static class CheckCommand
{
    public static int Run(CommandArguments arguments, CliContext context)
    {
        var (stdout, workingDirectory) = (context.Stdout, context.WorkingDirectory);
        // Text goes out file by file as the run goes (nothing held to the end); json and sarif are one document.
        var stream = arguments.Format is "json" or "sarif" ? null : new Action<ReportedYamlFinding>(r => CheckReports.WriteFinding(stdout, r, workingDirectory));
        var run = Lint(arguments, workingDirectory, keepFiles: false, stream);
        Write(arguments.Format, stdout, run, workingDirectory);
        return run.ExitCode;
    }

    /// <summary>The findings of a run in a format: the one document check, fix and explain all write for json and sarif.</summary>
    internal static void Write(string format, TextWriter stdout, CheckRun run, string workingDirectory)
    {
        switch (format)
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
    }

    /// <summary>
    /// Lints every file with the options its own configuration files give (flags win). <paramref name="keepFiles"/> keeps
    /// each file's text and results for a command that reads them again (fix, report, explain); a check keeps only its
    /// findings and counts, so a long run does not carry every file it read to the end.
    /// </summary>
    /// <param name="stream">When set, each finding is handed to it as it is found instead of kept in <see cref="CheckRun.Reported"/>.</param>
    internal static CheckRun Lint(CommandArguments arguments, string workingDirectory, bool keepFiles = true, Action<ReportedYamlFinding>? stream = null)
    {
        var run = new CheckRun(keepFiles, stream);
        var models = new ModelFactsFolders(workingDirectory);
        var project = new YamlProject();
        var configs = new ConfigFiles.RunCache();
        (ConfigFiles Config, VramLintOptions Options)? previous = null;
        foreach (var (file, facts) in YamlFiles.Expand(arguments.Positional, workingDirectory))
        {
            var config = ConfigFiles.For(file, configs);
            // The files of a folder usually share their configuration: its options are read once, not once per file.
            var options = previous is { } last && config.SameValues(last.Config) ? last.Options : arguments.Options(config);
            previous = (config, options);
            ReportConfigProblems(run, options);
            var source = YamlSource.Read(file, facts);
            run.FilesRead++;
            if (!source.Relevant)
            {
                continue;
            }

            var modelFacts = models.For(file, config);
            var result = YamlLinter.Lint(source, options, project, modelFacts);
            run.Add(new CheckedFile(file, result, source, options, modelFacts));
            if (result.NeedsCapacity)
            {
                run.NeedsCapacity = true;
                run.CapacitySeverity = options.EffectiveSeverity(DiagnosticIds.NoCapacityDeclared);
            }
            foreach (var finding in result.Findings)
            {
                if (options.EffectiveSeverity(finding.Finding.Id) is { } severity)
                {
                    run.Report(new ReportedYamlFinding(finding, severity));
                }
            }
        }

        return run;
    }

    /// <summary>A configuration file's unusable values, once each, at their file, line and column, as any finding is.</summary>
    private static void ReportConfigProblems(CheckRun run, VramLintOptions options)
    {
        foreach (var problem in options.Problems)
        {
            if (problem.Location?.Origin is AnalyzerConfigValue at && options.EffectiveSeverity(problem.Id) is { } severity
                && run.ConfigProblemsReported.Add((at.FilePath, at.Line, problem.Id)))
            {
                var end = at.Column + at.Value.Length;
                run.Report(new ReportedYamlFinding(new YamlFinding(problem, at.FilePath, at.Line, at.Column, at.Line, end), severity));
            }
        }
    }
}

internal sealed record ReportedYamlFinding(YamlFinding Finding, FindingSeverity Severity);

/// <summary>One linted file: its path as named, what linting found, and the bytes that were linted (for fixes).</summary>
internal sealed record CheckedFile(string Path, YamlLintResult Result, YamlSource Source, VramLintOptions Options, ModelFactsContext? Models = null);

/// <summary>Everything one check run found.</summary>
internal sealed class CheckRun
{
    private readonly bool keepFiles;
    private readonly Action<ReportedYamlFinding>? stream;
    private readonly Dictionary<string, int> skippedReasons = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<YamlEdit>> editsByPath = new(StringComparer.Ordinal);

    public CheckRun(bool keepFiles = true, Action<ReportedYamlFinding>? stream = null) => (this.keepFiles, this.stream) = (keepFiles, stream);

    /// <summary>Every linted file in full (text, results, options) when the run keeps them; empty otherwise.</summary>
    public List<CheckedFile> Files { get; } = new();

    /// <summary>The findings reported, in file order; empty when they were streamed.</summary>
    public List<ReportedYamlFinding> Reported { get; } = new();

    public int Errors { get; private set; }

    public int Warnings { get; private set; }

    /// <summary>A finding after configuration: kept, or handed to the stream as soon as it is found.</summary>
    public void Report(ReportedYamlFinding finding)
    {
        Errors += finding.Severity == FindingSeverity.Error ? 1 : 0;
        Warnings += finding.Severity == FindingSeverity.Warning ? 1 : 0;
        if (stream is not null)
        {
            stream(finding);
        }
        else
        {
            Reported.Add(finding);
        }
    }

    /// <summary>The configuration problems already reported (file, line, ID): each once, however many files it configures.</summary>
    public HashSet<(string Path, int Line, string Id)> ConfigProblemsReported { get; } = new();

    public bool NeedsCapacity { get; set; }

    /// <summary>Every file read, including those that declare no vLLM deployment.</summary>
    public int FilesRead { get; set; }

    /// <summary>The files linted: read and found to be about vLLM.</summary>
    public int FilesLinted { get; private set; }

    public int Deployments { get; private set; }

    public int Sized { get; private set; }

    /// <summary>Deployments found but not sized, counted by reason ("2 unresolved value, 1 no GPU capacity declared").</summary>
    public IReadOnlyList<(string Reason, int Count)> Skipped =>
        skippedReasons.OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal).Select(r => (r.Key, r.Value)).ToList();

    /// <summary>Counts a linted file, and keeps it whole when the run keeps files.</summary>
    public void Add(CheckedFile file)
    {
        FilesLinted++;
        Deployments += file.Result.Deployments;
        Sized += file.Result.Sized;
        foreach (var (_, reason) in file.Result.Skipped)
        {
            skippedReasons[reason] = skippedReasons.TryGetValue(reason, out var n) ? n + 1 : 1;
        }

        // The edits are for the sarif document's fixes; a streamed run writes text, which names the fix by its title.
        if (file.Result.Edits.Count > 0 && stream is null)
        {
            if (!editsByPath.TryGetValue(file.Path, out var edits))
            {
                editsByPath.Add(file.Path, edits = new List<YamlEdit>());
            }

            edits.AddRange(file.Result.Edits);
        }

        if (keepFiles)
        {
            Files.Add(file);
        }
    }

    /// <summary>
    /// The edits <c>vramlint fix</c> would write to a file (the first fix of each fixable finding, overlaps dropped), for
    /// the sarif document's fixes; empty in a streamed (text) run, which keeps none.
    /// </summary>
    public IReadOnlyList<YamlEdit> EditsOf(string path) => editsByPath.TryGetValue(path, out var edits) ? edits : (IReadOnlyList<YamlEdit>)Array.Empty<YamlEdit>();

    /// <summary>The one summary line: files read, deployments found, sized, and skipped with their reasons.</summary>
    public string Summary
    {
        get
        {
            var skipped = Skipped;
            var reasons = skipped.Count == 0 ? "" : " (" + string.Join(", ", skipped.Select(s => $"{s.Count} {s.Reason}")) + ")";
            return $"{FilesRead} file(s) read, {Deployments} vLLM deployment(s) found, {Sized} sized, {skipped.Sum(s => s.Count)} skipped{reasons}";
        }
    }

    /// <summary>The one policy: 1 when a finding is an error after configuration (an unreadable file included), else 0.</summary>
    public int ExitCode => ExitPolicy.For((Errors > 0 ? new[] { FindingSeverity.Error } : Array.Empty<FindingSeverity>()).Concat(CapacitySeverity is { } s ? new[] { s } : Array.Empty<FindingSeverity>()));

    public Finding? CapacityFinding => NeedsCapacity && CapacitySeverity is not null ? DeploymentChecker.NoCapacityFinding() : null;

    /// <summary>VRAM010's severity under the configuration of the files checked; null when configured none.</summary>
    public FindingSeverity? CapacitySeverity { get; set; } = DiagnosticIds.Get(DiagnosticIds.NoCapacityDeclared).DefaultSeverity;
}
