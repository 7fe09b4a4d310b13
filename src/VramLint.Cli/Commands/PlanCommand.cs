using System.Text.Json;
using VramLint.Core;
using VramLint.Core.Estimation;
using VramLint.Core.Models;

namespace VramLint.Cli.Commands;

/// <summary><c>vramlint plan --model M --gpu G --gpu-count N</c>: which TP x max-model-len x max-num-seqs fit.</summary>
internal static class PlanCommand
{
    public static int Run(CommandArguments arguments, CliContext context)
    {
        var (stdout, workingDirectory) = (context.Stdout, context.WorkingDirectory);
        if (!arguments.Values.TryGetValue("--model", out var modelName) || string.IsNullOrWhiteSpace(modelName))
        {
            throw new UsageException("plan needs --model, e.g. vramlint plan --model meta-llama/Llama-3.1-8B-Instruct --gpu L4 --gpu-count 2");
        }

        var config = ConfigFiles.Discover(workingDirectory);
        var options = arguments.Options(config);
        var problems = CommandArguments.ConfigProblems(options)
            .Select(p => (Finding: p, Severity: options.EffectiveSeverity(p.Id)))
            .Where(p => p.Severity is not null)
            .ToList();
        foreach (var (problem, severity) in arguments.Format == "text" ? problems : new())
        {
            stdout.WriteLine($"{Output.JsonReport.SeverityWord(severity!.Value)} {problem.Id}: {problem.Message}");
        }

        var facts = new ModelFactsFolders(workingDirectory).For(Path.Combine(workingDirectory, "vramlint-command-line"), config);
        var model = ModelResolver.Resolve(modelName, configJson: facts.ConfigJsonFor?.Invoke(modelName), library: facts.Library);
        if (model.Parameters is null)
        {
            throw new UsageException($"model '{modelName}' is not in VramLint's catalog and its name states no size (VRAM006): nothing to plan");
        }

        var capacity = DeploymentChecker.ResolveCapacity(null, null, null, Core.Settings.DeploymentSettings.Empty, options)
            ?? throw new UsageException(DeploymentChecker.NoCapacityFinding().Message + " (or pass --gpu / --gpu-memory and --gpu-count)");
        var rows = DeploymentPlanner.Plan(model, capacity, options);

        if (arguments.Format == "json")
        {
            WriteJson(stdout, model, capacity, options.Estimator, rows);
        }
        else
        {
            WriteText(stdout, model, capacity, options.Estimator, rows);
        }

        return Core.Diagnostics.ExitPolicy.For(problems.Select(p => p.Severity!.Value));
    }

    private static void WriteText(TextWriter w, ModelResolution model, GpuCapacity capacity, EstimatorKind estimator, IReadOnlyList<PlanRow> rows)
    {
        w.WriteLine($"{model.Id} on up to {capacity.ClusterCount} x {capacity.Name} ({Numbers.F1(capacity.MemoryGiB)} GiB), {estimator.ToString().ToLowerInvariant()} estimator");
        if (!model.IsRecognized)
        {
            w.WriteLine($"  note: not in the catalog; sized from its name ({Numbers.F1(model.Parameters!.Value / 1e9)}B parameters)");
        }

        w.WriteLine();
        w.WriteLine("  TP  max-model-len  max-num-seqs  per GPU GiB  KV tokens    concurrency");
        foreach (var row in rows.Where(r => r.Fits))
        {
            var e = row.Estimate!;
            w.WriteLine($"  {row.TensorParallelSize,2}  {row.MaxModelLen,13}  {row.MaxNumSeqs,12}  {e.PerGpu.SteadyGiB,11:0.0}  {e.KvCache.CapacityTokens,-11:#,0}  {e.KvCache.MaxConcurrency,11:0.##}");
        }

        var fitting = rows.Count(r => r.Fits);
        w.WriteLine();
        w.WriteLine(fitting == 0
            ? "nothing fits: use more or larger GPUs, or a quantized checkpoint"
            : $"{fitting} of {rows.Count} layouts fit; tensor parallel sizes tried: {string.Join(", ", rows.Select(r => r.TensorParallelSize).Distinct())}");
    }

    private static void WriteJson(TextWriter w, ModelResolution model, GpuCapacity capacity, EstimatorKind estimator, IReadOnlyList<PlanRow> rows)
    {
        var doc = new Output.PlanJsonDocument(
            estimator.ToString().ToLowerInvariant(),
            new Output.PlanJsonModel(model.Id, model.Source.ToString().ToLowerInvariant(), model.Parameters),
            new Output.PlanJsonGpu(capacity.Name, capacity.MemoryGiB, capacity.ClusterCount),
            rows.Select(r => new Output.PlanJsonLayout(
                r.TensorParallelSize,
                r.MaxModelLen,
                r.Fits,
                r.MaxNumSeqs,
                r.Estimate is null ? null : Math.Round(r.Estimate.PerGpu.SteadyGiB, 3),
                r.Estimate?.KvCache.CapacityTokens,
                r.Estimate is null ? null : Math.Round(r.Estimate.KvCache.MaxConcurrency, 2))).ToList());
        w.WriteLine(JsonSerializer.Serialize(doc, Output.ReportJsonContext.Default.PlanJsonDocument));
    }
}
