using VramLint.Core.Arguments;
using VramLint.Core.Configuration;
using VramLint.Core.Diagnostics;
using VramLint.Core.Estimation;
using VramLint.Core.Gpus;
using VramLint.Core.Models;
using VramLint.Core.Settings;

namespace VramLint.Core;

/// <summary>
/// The one entry point every front end calls: settings in, findings (with the arithmetic and the fixes) out.
/// Front ends translate; only this and what it calls compute.
/// </summary>
public static class DeploymentChecker
{
    public static IMemoryEstimator EstimatorFor(EstimatorKind kind) =>
        kind == EstimatorKind.Blog ? new BlogEstimator() : new VllmEstimator();

    /// <summary>The VRAM010 finding a front end reports once per project when no capacity is declared anywhere.</summary>
    public static Finding NoCapacityFinding() => new(
        DiagnosticIds.NoCapacityDeclared,
        $"no GPU capacity is declared, so vLLM deployments are not checked: set '{ConfigKeys.Gpu}' (e.g. RTX 4090, L4, A100-80GB, H100-80GB) "
        + $"or '{ConfigKeys.GpuMemory}' (e.g. 24GiB), and '{ConfigKeys.GpuCount}', in a .globalconfig");

    /// <summary>
    /// Builds the once-per-process tables a first check needs (the model catalog's index, the vLLM flag table) now. A host
    /// that checks deployments on several threads at once calls it before they start, so that the first checks do not
    /// all wait on the one that builds them. Idempotent and cheap after the first call.
    /// </summary>
    public static void Prepare()
    {
        ModelCatalog.Prepare();
        VllmFlagTable.Find(SettingNames.MaxModelLen);
    }

    public static CheckResult Check(DeploymentInput input, VramLintOptions options)
    {
        if (!options.VllmVersionDeclared && VllmVersion.TryParseImage(input.Image, out var imageVersion))
        {
            // The image tag says which vLLM runs; its defaults (and the options it still accepts) are that release's.
            options = options with { VllmVersion = imageVersion };
        }

        if (!options.SamplerDeclared && VllmImage.DefaultSampler(input.Image, options.VllmVersion) is { } imageSampler)
        {
            // vLLM's own image of 0.9-0.10 carries FlashInfer and warms up its top-p/top-k kernel.
            options = options with { Sampler = imageSampler };
        }

        // A removed option the deployment's own release still has is no problem there (e.g. --swap-space on v0.11).
        var findings = input.Arguments.Problems.Where(p => p.Setting is null || !VllmFlags.StillAccepted(p.Setting, options.VllmVersion)).ToList();
        findings.AddRange(RemovedForVersion(input.Arguments, options.VllmVersion));
        var settings = input.Arguments.Settings;
        if (string.IsNullOrWhiteSpace(settings.Model))
        {
            return new CheckResult(findings, null, "no model is named, so nothing was estimated");
        }

        var model = ModelResolver.Resolve(settings.Model!, settings.Quantization, input.ModelConfigJson, input.ModelFacts, settings.HfOverrides);
        if (model.FactsProblem is { } problem)
        {
            findings.Add(new Finding(DiagnosticIds.UnreadableFile, problem.Message, SettingNames.Model));
        }

        if (ResolutionStatement.For(model) is { } statement)
        {
            findings.Add(new Finding(DiagnosticIds.UnknownModel, statement, SettingNames.Model));
        }

        if (model.Parameters is null)
        {
            return new CheckResult(findings, null, $"the size of '{model.Id}' is unknown (not in the catalog, no size in its name), so no memory estimate was made");
        }

        if (input.Arguments.InvalidSettings.Count > 0)
        {
            // A value vLLM would reject is unknown: no verdict may rest on a guess of it.
            return new CheckResult(findings, null, "a setting has a value vLLM would reject (see the VRAM007 findings), so no verdict was made");
        }

        var capacity = ResolveCapacity(input, settings, options, findings);
        if (capacity is null)
        {
            findings.Add(NoCapacityFinding());
            return new CheckResult(findings, null, "no GPU capacity is declared, so the deployment was not checked");
        }

        var estimator = EstimatorFor(options.Estimator);
        var request = new EstimationRequest { Model = model, Settings = settings, Capacity = capacity, Options = options };
        var result = estimator.Estimate(request);
        var verdicts = ParallelismRules.Check(model, settings, result.Estimate.Settings, capacity).Concat(result.Findings);
        foreach (var verdict in verdicts)
        {
            // Only what the user sees as a warning or an error is worth rewriting a file for: an info (VRAM004's concurrency)
            // explains, and a fix for it would trade throughput for nothing.
            var fixes = verdict.Levers.Count == 0 || !Fixable(options, verdict.Finding.Id) ? Array.Empty<SettingFix>() : FixSearch.Find(estimator, request, verdict, result.Estimate);
            var f = verdict.Finding;
            findings.Add(new Finding(f.Id, AppendFixHint(f.Message, fixes), f.Setting, f.Location, fixes));
        }

        return new CheckResult(findings, result.Estimate, skipped: SkippedChecks(model, result.Estimate));
    }

    /// <summary>What the verdict could not check: a length check with no length or no KV size is not a pass.</summary>
    private static IReadOnlyList<string> SkippedChecks(ModelResolution model, MemoryEstimate estimate)
    {
        if (estimate.Settings.MaxModelLen <= 0)
        {
            return new[] { $"the max-model-len check: max-model-len is not set and the context length of '{model.Id}' is unknown; set --max-model-len to have it checked" };
        }

        if (estimate.KvCache.BytesPerToken <= 0)
        {
            return new[] { $"the max-model-len check: the KV cache size per token of '{model.Id}' is unknown (its architecture is not in the catalog); add its config.json under .vramlint/models to have it checked" };
        }

        return Array.Empty<string>();
    }

    /// <summary>
    /// Checks several deployments of one project, then the GPUs they share: vLLM instances on the same device each
    /// request gpu-memory-utilization x total up front, so together with their CUDA contexts they must fit the card.
    /// </summary>
    public static IReadOnlyList<CheckResult> CheckAll(IReadOnlyList<DeploymentInput> inputs, VramLintOptions options)
    {
        var results = inputs.Select(input => Check(input, options)).ToArray();
        foreach (var (index, finding) in SharedGpuFindings(inputs, results))
        {
            results[index] = new CheckResult(results[index].Findings.Concat(new[] { finding }).ToArray(), results[index].Estimate);
        }

        return results;
    }

    /// <summary>
    /// The VRAM002 findings for deployments pinned to the same GPUs, given each one's own result: a front end that checks
    /// deployments one at a time (the analyzer, file by file) calls this once it has seen them all.
    /// </summary>
    public static IReadOnlyList<(int Index, Finding Finding)> SharedGpuFindings(IReadOnlyList<DeploymentInput> inputs, IReadOnlyList<CheckResult> results)
    {
        var shared = new List<(int, Finding)>();
        var sharing = new Dictionary<int, List<int>>();
        // Only deployments pinned to devices can share one: pairing those alone keeps a file of a thousand unpinned
        // deployments linear (every pair of them was visited before).
        var pinned = Enumerable.Range(0, inputs.Count).Where(i => results[i].Estimate is not null && inputs[i].GpuDevices is { Count: > 0 }).ToList();
        foreach (var i in pinned)
        {
            foreach (var j in pinned)
            {
                if (i != j && Overlap(inputs[i].GpuDevices, inputs[j].GpuDevices))
                {
                    if (!sharing.TryGetValue(i, out var others))
                    {
                        sharing[i] = others = new List<int>();
                    }

                    others.Add(j);
                }
            }
        }

        foreach (var pair in sharing)
        {
            var mine = results[pair.Key].Estimate!.PerGpu;
            var requested = mine.BudgetGiB + mine.OverheadGiB;
            var parts = new List<string> { $"{Numbers.F1(mine.BudgetGiB)} requested + {Numbers.F1(mine.OverheadGiB)} outside the budget by this deployment" };
            foreach (var other in pair.Value)
            {
                var theirs = results[other].Estimate!.PerGpu;
                requested += theirs.BudgetGiB + theirs.OverheadGiB;
                parts.Add($"{Numbers.F1(theirs.BudgetGiB + theirs.OverheadGiB)} by {inputs[other].Name ?? "another deployment"}");
            }

            var card = mine.CapacityGiB;
            if (requested > card)
            {
                var devices = string.Join(",", inputs[pair.Key].GpuDevices!);
                var finding = new Finding(
                    DiagnosticIds.StartupPeak,
                    $"{(inputs[pair.Key].GpuDevices!.Count > 1 ? "GPUs " + devices + " are" : "GPU " + devices + " is")} shared: {string.Join(" + ", parts)} = {Numbers.F1(requested)} GiB exceeds its {Numbers.F1(card)} GiB; "
                    + "the later instance stops with 'Free memory on device ... on startup is less than desired GPU memory utilization'; lower gpu-memory-utilization so the instances add up to less than 1.0",
                    SettingNames.GpuMemoryUtilization);
                shared.Add((pair.Key, finding));
            }
        }

        return shared;
    }

    /// <summary>Options the flag table says vLLM removed in a release at or before the one the deployment runs.</summary>
    private static IEnumerable<Finding> RemovedForVersion(ParsedArguments arguments, VllmVersion version)
    {
        foreach (var occurrence in arguments.Occurrences.Values)
        {
            if (!VllmFlags.Removed.ContainsKey(occurrence.Name) && VllmFlagTable.Find(occurrence.Name) is { RemovedIn: { } removedIn } && version >= removedIn)
            {
                yield return new Finding(
                    DiagnosticIds.InvalidValue,
                    $"'{occurrence.Spelling}' was removed in vLLM {removedIn} (deprecated before), and this deployment runs vLLM {version}: vLLM stops with 'unrecognized arguments'",
                    occurrence.Name,
                    occurrence.FlagToken.Location);
            }
        }
    }

    private static bool Fixable(VramLintOptions options, string id) =>
        options.EffectiveSeverity(id) is FindingSeverity.Warning or FindingSeverity.Error;

    private static bool Overlap(IReadOnlyList<string>? a, IReadOnlyList<string>? b) =>
        a is { Count: > 0 } && b is { Count: > 0 } && a.Intersect(b, StringComparer.Ordinal).Any();

    private static string CloseOrKnown(string gpuName) =>
        GpuCatalog.CloseNames(gpuName) is { Count: > 0 } close ? "close: " + string.Join(", ", close) : "known: " + GpuCatalog.KnownNamesSummary;

    /// <summary>Deployment facts win over the configuration; null when no GPU memory is known at all.</summary>
    public static GpuCapacity? ResolveCapacity(DeploymentInput input, DeploymentSettings settings, VramLintOptions options, List<Finding>? problems = null) =>
        ResolveCapacity(input.GpuCount ?? input.Arguments.GpuCount, input.GpuType, input.GpuTypeLocation, settings, options, problems);

    /// <summary>Deployment facts (GPU count and type it states itself) win over the configuration; null when no GPU memory is known.</summary>
    public static GpuCapacity? ResolveCapacity(int? gpuCount, string? gpuType, SourceLocation? gpuTypeLocation, DeploymentSettings settings, VramLintOptions options, List<Finding>? problems = null)
    {
        GpuSpec? gpu = null;
        if (gpuType is { } type && !string.IsNullOrWhiteSpace(type))
        {
            if (!GpuCatalog.TryFind(type, out gpu))
            {
                problems?.Add(new Finding(
                    DiagnosticIds.InvalidValue,
                    $"GPU type '{type}' is not in VramLint's GPU catalog ({CloseOrKnown(type)}); using the declared configuration instead",
                    SettingNames.GpuType,
                    gpuTypeLocation));
            }
        }

        double memory;
        if (gpu is not null)
        {
            memory = gpu.CudaTotalGiB;
        }
        else if (options.GpuMemoryGiB is { } declared)
        {
            memory = declared;
            gpu = null;
        }
        else if (options.Gpu is not null)
        {
            gpu = options.Gpu;
            memory = gpu.CudaTotalGiB;
        }
        else
        {
            return null;
        }

        var pp = Math.Max(1, settings.PipelineParallelSize ?? 1);
        var dp = Math.Max(1, settings.DataParallelSize ?? 1);
        var world = Math.Max(1, settings.TensorParallelSize ?? 1) * pp * dp;
        var count = gpuCount ?? options.GpuCount ?? world;
        var cluster = options.GpuCount ?? count;
        return new GpuCapacity
        {
            Gpu = gpu,
            Name = gpu?.Name ?? $"{Numbers.F1(memory)} GiB GPU",
            MemoryGiB = memory,
            Count = count,
            ClusterCount = Math.Max(cluster, count),
            GpusPerNode = options.GpusPerNode ?? Math.Max(cluster, count),
            CountDeclared = gpuCount is not null || options.GpuCount is not null,
            CountFromDeployment = gpuCount is not null,
        };
    }

    private static string AppendFixHint(string message, IReadOnlyList<SettingFix> fixes) =>
        fixes.Count == 0 ? message : message + "; to fit: " + string.Join(", or ", fixes.Select(f => LowerFirst(f.Title)));

    private static string LowerFirst(string s) => s.Length == 0 ? s : char.ToLowerInvariant(s[0]) + s.Substring(1);
}
