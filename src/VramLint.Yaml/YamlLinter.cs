using VramLint.Core;
using VramLint.Core.Arguments;
using VramLint.Core.Configuration;
using VramLint.Core.Diagnostics;
using VramLint.Core.Models;
using VramLint.Core.Settings;
using VramLint.Yaml.Recognizers;
using VramLint.Yaml.Scripts;

namespace VramLint.Yaml;

/// <summary>What linting one YAML file found.</summary>
public sealed class YamlLintResult
{
    public YamlLintResult(IReadOnlyList<YamlFinding> findings, int deployments, bool needsCapacity, IReadOnlyList<YamlEdit>? edits = null, IReadOnlyList<(string Name, CheckResult Result)>? checks = null, IReadOnlyList<(string Name, string Reason)>? skipped = null)
    {
        Findings = findings;
        Deployments = deployments;
        NeedsCapacity = needsCapacity;
        Edits = edits ?? Array.Empty<YamlEdit>();
        Checks = checks ?? Array.Empty<(string, CheckResult)>();
        Skipped = skipped ?? Array.Empty<(string, string)>();
    }

    /// <summary>How many deployments were sized (an estimate was made).</summary>
    public int Sized => Checks.Count(c => c.Result.Estimate is not null);

    /// <summary>Each deployment found but not sized, with the short reason ("unresolved value", "no GPU capacity declared", ...).</summary>
    public IReadOnlyList<(string Name, string Reason)> Skipped { get; }

    public IReadOnlyList<YamlFinding> Findings { get; }

    /// <summary>How many vLLM deployments the file declares.</summary>
    public int Deployments { get; }

    /// <summary>The first fix of each fixable finding as text edits, rewriting only the scalars involved.</summary>
    public IReadOnlyList<YamlEdit> Edits { get; }

    /// <summary>Each checked deployment's name and result, for explanations.</summary>
    public IReadOnlyList<(string Name, CheckResult Result)> Checks { get; }

    /// <summary>True when deployments were found but no GPU capacity is declared (the caller reports VRAM010 once).</summary>
    public bool NeedsCapacity { get; }
}

/// <summary>
/// Lints vLLM deployments in YAML and shell scripts: finds them in every document of a file (vLLM config files,
/// docker-compose, Kubernetes workloads and the platforms built on them, task files, CI steps, scripts), has Core check
/// them, and places each finding on the line and column of the value responsible, in whichever file of the project holds it.
/// </summary>
public static class YamlLinter
{
    private static readonly AsciiWords Markers = new("vllm", "tensor_parallel_size", "tensor-parallel-size", "max_model_len", "max-model-len", "modelArtifacts", "TENSOR_PARALLELISM");

    /// <summary>The cheap sniff before parsing: could this text declare a vLLM deployment? (Any marker, in any case.)</summary>
    public static bool LooksLikeVllm(string text) => Markers.AnyIn(text);

    /// <summary>True for the non-YAML files VramLint reads: shell scripts, Dockerfiles, Makefiles.</summary>
    public static bool IsScript(string path) => ScriptFileRecognizer.KindOf(path) != ScriptKind.None;

    /// <summary>Lints a file read by <see cref="Files.YamlSource"/>; a file that could not be read is its VRAM008 finding.</summary>
    /// <param name="project">One per run: lets a file read its neighbours (ConfigMaps, .env, chart values) and say each skipped chart once.</param>
    /// <param name="models">The model facts checked in for this file, and the config.json of a served local folder when the front end can read one.</param>
    public static YamlLintResult Lint(Files.YamlSource source, VramLintOptions options, YamlProject? project = null, ModelFactsContext? models = null) =>
        source.Text is { } text ? Lint(source.Path, text, options, project, models)
        : new YamlLintResult(new[] { new YamlFinding(source.Problem ?? new Finding(DiagnosticIds.UnreadableFile, "the file was not read"), source.Path, 1, 1, 1, 1) }, 0, false);

    public static YamlLintResult Lint(string path, byte[] bytes, VramLintOptions options, YamlProject? project = null, ModelFactsContext? models = null)
    {
        var text = YamlText.Decode(bytes, out var problem);
        return text is null ? new YamlLintResult(new[] { new YamlFinding(problem!, path, 1, 1, 1, 1) }, 0, false) : Lint(path, text, options, project, models);
    }

    /// <summary>Lints one file's text.</summary>
    public static YamlLintResult Lint(string path, string text, VramLintOptions options, YamlProject? project = null, ModelFactsContext? models = null)
    {
        // Lines are counted only when something is placed: a file whose deployments fit places nothing.
        LineMap? lineMap = null;
        LineMap Lines() => lineMap ??= new LineMap(text);
        var nodes = new YamlNodes(text);
        var suppressions = new SuppressionComments(text);
        var deployments = new List<YamlDeployment>();
        var kind = ScriptFileRecognizer.KindOf(path);
        if (kind != ScriptKind.None)
        {
            deployments.AddRange(ScriptFileRecognizer.Find(text, kind, path, project));
        }
        else if (HelmTemplates.InChartTemplates(path, project, out var chart) && HelmTemplates.Looks(text))
        {
            return SkippedTemplate(path, chart!, project, $"the Helm chart '{System.IO.Path.GetFileName(chart)}' has templates that VramLint does not render; they were skipped, and the chart's values.yaml (with values-*.yaml layered over it) is read instead; to check the rendered objects, lint the output of 'helm template'");
        }
        else
        {
            var documents = YamlDocuments.Load(text, out var problem, out var problemIndex);
            if (documents is null)
            {
                if (HelmTemplates.Looks(text))
                {
                    return SkippedTemplate(path, path, project, "the file is a template ({{ ... }} actions), not YAML; it was skipped; to check it, lint the rendered output");
                }

                var (line, column) = Lines().Position(Math.Min(problemIndex, text.Length));
                return new YamlLintResult(new[] { new YamlFinding(problem!, path, line, column, line, column) }, 0, false);
            }

            documents = ValuesLayers.Apply(documents, project?.ChartDefaults(path), nodes);
            var context = new YamlContext(path, nodes, documents, project);
            foreach (var document in documents.SelectMany(YamlDocuments.Objects))
            {
                foreach (var recognizer in YamlRecognizers.All)
                {
                    Collect(deployments, nodes, recognizer.Find(document, context));
                }
            }
        }

        var findings = new List<YamlFinding>();
        // The file's own "# vramlint-disable" comments silence findings placed in it.
        bool Silenced(Finding finding, string? file, int start) =>
            (file is null || file == path) && !suppressions.IsEmpty && suppressions.Silences(finding.Id, Lines().Position(start).Line);

        void Add(Finding finding, string? file, int start, int end, IReadOnlyList<YamlEdit>? edits = null)
        {
            if (Silenced(finding, file, start))
            {
                return;
            }

            var map = file is null || file == path ? Lines() : project?.Lines(file) ?? Lines();
            var (line, column) = map.Position(start);
            var (endLine, endColumn) = map.Position(end);
            findings.Add(new YamlFinding(finding, file ?? path, line, column, endLine, endColumn) { Edits = edits ?? Array.Empty<YamlEdit>() });
        }

        foreach (var deployment in deployments)
        {
            foreach (var (typeProblem, at) in deployment.Problems)
            {
                Add(typeProblem, FileOf(at), at.Start, at.End);
            }
        }

        var skipped = new List<(string Name, string Reason)>();
        foreach (var deployment in deployments)
        {
            if (deployment.Arguments is null && deployment.Unresolved is null && deployment.Problems.Count == 0)
            {
                deployment.Skip("a value of its command is not a plain string", (YamlOrigin)deployment.Anchor);
            }

            if (deployment.Unresolved is { } reason)
            {
                var at = deployment.UnresolvedAt ?? deployment.Anchor;
                Add(new Finding(DiagnosticIds.UnresolvedValue, $"{deployment.Name} was not checked: {reason}"), FileOf(at), at.Start, at.End);
                skipped.Add((deployment.Name, "unresolved value"));
            }
            else if (deployment.Arguments is null)
            {
                skipped.Add((deployment.Name, deployment.Problems.Any(p => p.Finding.Id == DiagnosticIds.UnreadableFile) ? "unreadable value" : "invalid value"));
            }
        }

        var checkable = new List<YamlDeployment>(deployments.Count);
        var inputs = new List<DeploymentInput>(deployments.Count);
        foreach (var deployment in deployments)
        {
            if (deployment.ToInput() is { } input)
            {
                checkable.Add(deployment);
                inputs.Add(input);
            }
        }
        var results = Check(checkable, inputs, options, models);
        var needsCapacity = false;
        var edits = new List<YamlEdit>();
        for (var i = 0; i < results.Count; i++)
        {
            var settings = checkable[i].Arguments!.Settings;
            if (string.IsNullOrWhiteSpace(settings.Model))
            {
                var at = checkable[i].Anchor;
                Add(new Finding(DiagnosticIds.UnresolvedValue, $"{checkable[i].Name} was not checked: it names no model (the image's default command or a file VramLint cannot see decides)"), FileOf(at), at.Start, at.End);
            }

            foreach (var finding in results[i].Findings)
            {
                // A finding silenced by a comment is not reported, and its fix is not applied; nor the fix of a finding
                // configured none, nor a fix whose value lives in another file.
                var (origin, start, end) = checkable[i].Place(finding, inputs[i]);
                var file = FileOf(origin);
                if (Silenced(finding, file, start))
                {
                    continue;
                }

                var fixEdits = finding.Fixes.Count > 0 && options.SeverityOf(finding.Id) != ReportSeverity.None && !Foreign(checkable[i], finding.Fixes[0], path)
                    ? YamlFixer.Edits(text, finding, finding.Fixes[0], checkable[i])
                    : null;
                if (fixEdits is not null)
                {
                    edits.AddRange(fixEdits);
                }

                if (finding.Id == DiagnosticIds.NoCapacityDeclared)
                {
                    needsCapacity = true;
                    continue;
                }

                Add(finding, file, start, end, fixEdits);
            }

            if (results[i].Estimate is null)
            {
                skipped.Add((checkable[i].Name, SkipReason(settings.Model, results[i])));
            }
        }

        var checks = new List<(string Name, CheckResult Result)>(checkable.Count);
        for (var i = 0; i < checkable.Count; i++)
        {
            checks.Add((checkable[i].Name, results[i]));
        }

        return new YamlLintResult(findings, deployments.Count, needsCapacity, YamlFixer.WithoutOverlaps(edits), checks, skipped);
    }

    /// <summary>
    /// Adds what a recognizer yields; a deployment left without arguments is told which value made its command unknowable:
    /// the first templated or variable scalar met while the recognizer read it.
    /// </summary>
    private static void Collect(List<YamlDeployment> deployments, YamlNodes nodes, IEnumerable<YamlDeployment> found)
    {
        var mark = nodes.Unresolved.Count;
        foreach (var deployment in found)
        {
            if (deployment.Arguments is null && deployment.Unresolved is null && deployment.Problems.Count == 0 && nodes.Unresolved.Count > mark)
            {
                // Met while reading this deployment: inside its text if one is (not a neighbour the recognizer passed over).
                var extent = deployment.Extent ?? (YamlOrigin)deployment.Anchor;
                var met = nodes.Unresolved.Skip(mark).ToList();
                var (value, at) = met.FirstOrDefault(u => u.At.File == extent.File && u.At.Start >= extent.Start && u.At.End <= extent.End);
                if (value is null)
                {
                    (value, at) = met[0];
                }

                var shown = value.Length <= 60 && value.IndexOf('\n') < 0 ? " in '" + value + "'" : "";
                deployment.Skip(UnresolvedValue.Describe(value) + shown, at);
            }

            mark = nodes.Unresolved.Count;
            deployments.Add(deployment);
        }
    }

    private static string SkipReason(string? model, CheckResult result) =>
        string.IsNullOrWhiteSpace(model) ? "no model named"
        : result.Findings.Any(f => f.Id == DiagnosticIds.NoCapacityDeclared) ? "no GPU capacity declared"
        : result.Findings.Any(f => f.Id == DiagnosticIds.UnknownModel) ? "model size unknown"
        : "invalid value";

    /// <summary>Checks all deployments together (shared GPUs), except those that state their own GPU memory.</summary>
    private static IReadOnlyList<CheckResult> Check(List<YamlDeployment> checkable, IReadOnlyList<DeploymentInput> found, VramLintOptions options, ModelFactsContext? models)
    {
        var inputs = found.Select(input => models?.Apply(input) ?? input).ToList();
        var results = DeploymentChecker.CheckAll(inputs, options).ToArray();
        for (var i = 0; i < checkable.Count; i++)
        {
            if (checkable[i].GpuMemoryGiB is { } memory)
            {
                results[i] = DeploymentChecker.Check(inputs[i], options with { GpuMemoryGiB = memory, Gpu = null });
            }
        }

        return results;
    }

    /// <summary>A fix whose value sits in another file (a ConfigMap, the chart's values.yaml) is not applied from this one.</summary>
    private static bool Foreign(YamlDeployment deployment, SettingFix fix, string path) =>
        deployment.Arguments?.Find(fix.Setting)?.ValueLocation?.Origin is YamlOrigin { File: { } file } && file != path;

    private static YamlLintResult SkippedTemplate(string path, string chart, YamlProject? project, string message)
    {
        var findings = project is null || project.FirstReport(chart)
            ? new[] { new YamlFinding(new Finding(DiagnosticIds.UnresolvedValue, message), path, 1, 1, 1, 1) }
            : Array.Empty<YamlFinding>();
        return new YamlLintResult(findings, 0, false);
    }

    /// <summary>The file a value sits in when it is not the file being linted; null for this one.</summary>
    private static string? FileOf(Core.Arguments.SourceOrigin origin) => (origin as YamlOrigin)?.File;
}
