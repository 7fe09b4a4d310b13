using VramLint.Cli.Output;
using VramLint.Core;
using VramLint.Core.Arguments;
using VramLint.Core.Configuration;
using VramLint.Core.Diagnostics;

namespace VramLint.Cli.Commands;

/// <summary><c>vramlint estimate [options] -- &lt;vllm serve arguments&gt;</c>: one deployment from the command line.</summary>
internal static class EstimateCommand
{
    public static int Run(CommandArguments arguments, CliContext context)
    {
        var (stdout, workingDirectory) = (context.Stdout, context.WorkingDirectory);
        if (arguments.Positional.Count == 0)
        {
            throw new UsageException("no vLLM arguments: write them after '--', e.g. vramlint estimate --gpu L4 -- serve Qwen/Qwen2.5-7B-Instruct --max-model-len 8192");
        }

        var config = ConfigFiles.Discover(workingDirectory);
        var options = arguments.Options(config);
        var tokens = arguments.Positional.Select((word, i) => new ArgumentToken(word, new SourceLocation("argument " + (i + 1)))).ToArray();
        var parsed = VllmArgumentReader.Read(tokens);
        if (string.IsNullOrWhiteSpace(parsed.Settings.Model))
        {
            throw new UsageException("no model: write 'serve MODEL' or '--model MODEL' after '--'");
        }

        // Model facts checked in from the current folder upward, or the served local folder's own config.json.
        var models = new ModelFactsFolders(workingDirectory).For(Path.Combine(workingDirectory, "vramlint-command-line"), config);
        var result = DeploymentChecker.Check(models.Apply(new DeploymentInput(parsed)), options);
        var reported = CommandArguments.ConfigProblems(options).Concat(result.Findings)
            .Select(f => (Finding: f, Severity: options.EffectiveSeverity(f.Id)))
            .Where(x => x.Severity is not null)
            .Select(x => new ReportedFinding(x.Finding, x.Severity!.Value))
            .ToList();

        if (arguments.Format == "json")
        {
            JsonReport.Write(stdout, result, reported, options.Estimator.ToString().ToLowerInvariant());
        }
        else
        {
            TextReport.Write(stdout, result, reported);
        }

        // The one policy: a value vLLM would reject is a VRAM007 finding with its configured severity, not an exit code.
        return ExitPolicy.For(reported.Select(f => f.Severity));
    }
}
