using VramLint.Core;
using VramLint.Core.Arguments;
using VramLint.Core.Configuration;
using VramLint.Core.Diagnostics;
using VramLint.Core.Models;
using VramLint.Core.Settings;
using VramLint.Yaml.Recognizers;

namespace VramLint.Yaml;

/// <summary>What linting one YAML file found.</summary>
public sealed class YamlLintResult
{
    public YamlLintResult(IReadOnlyList<YamlFinding> findings, int deployments, bool needsCapacity, IReadOnlyList<YamlEdit>? edits = null, IReadOnlyList<(string Name, CheckResult Result)>? checks = null)
    {
        Findings = findings;
        Deployments = deployments;
        NeedsCapacity = needsCapacity;
        Edits = edits ?? Array.Empty<YamlEdit>();
        Checks = checks ?? Array.Empty<(string, CheckResult)>();
    }

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
/// Lints vLLM deployments in YAML: finds them in every document of a file (vLLM config files, docker-compose,
/// Kubernetes workloads), has Core check them, and places each finding on the line and column of the value responsible.
/// </summary>
public static class YamlLinter
{
    private static readonly string[] Markers = { "vllm", "tensor_parallel_size", "tensor-parallel-size", "max_model_len", "max-model-len" };

    /// <summary>The cheap sniff before parsing: could this text declare a vLLM deployment?</summary>
    public static bool LooksLikeVllm(string text) => Markers.Any(m => text.IndexOf(m, StringComparison.OrdinalIgnoreCase) >= 0);

    /// <summary>Lints a file read by <see cref="Files.YamlSource"/>; a file that could not be read is its VRAM008 finding.</summary>
    /// <param name="models">The model facts checked in for this file, and the config.json of a served local folder when the front end can read one.</param>
    public static YamlLintResult Lint(Files.YamlSource source, VramLintOptions options, ModelFactsContext? models = null) =>
        source.Text is { } text ? Lint(source.Path, text, options, models)
        : new YamlLintResult(new[] { new YamlFinding(source.Problem ?? new Finding(DiagnosticIds.UnreadableFile, "the file was not read"), source.Path, 1, 1, 1, 1) }, 0, false);

    /// <param name="path">The file, for findings.</param>
    /// <param name="bytes">Its content.</param>
    /// <param name="options">The options its configuration files give.</param>
    /// <param name="models">The model facts checked in for this file, and the config.json of a served local folder when the front end can read one.</param>
    public static YamlLintResult Lint(string path, byte[] bytes, VramLintOptions options, ModelFactsContext? models = null)
    {
        var text = YamlText.Decode(bytes, out var problem);
        return text is null ? new YamlLintResult(new[] { new YamlFinding(problem!, path, 1, 1, 1, 1) }, 0, false) : Lint(path, text, options, models);
    }

    public static YamlLintResult Lint(string path, string text, VramLintOptions options, ModelFactsContext? models = null)
    {
        var lines = new LineMap(text);
        var documents = YamlDocuments.Load(text, out var problem, out var problemIndex);
        if (documents is null)
        {
            var (line, column) = lines.Position(Math.Min(problemIndex, text.Length));
            return new YamlLintResult(new[] { new YamlFinding(problem!, path, line, column, line, column) }, 0, false);
        }

        var nodes = new YamlNodes(text);
        var findings = new List<YamlFinding>();
        var deployments = new List<YamlDeployment>();
        foreach (var document in documents)
        {
            if (VllmConfigFileRecognizer.Find(document, nodes, path) is { } config)
            {
                deployments.Add(config);
            }

            deployments.AddRange(ComposeRecognizer.Find(document, nodes));
            deployments.AddRange(KubernetesRecognizer.Find(document, nodes));
            deployments.AddRange(HelmProductionStackRecognizer.Find(document, nodes));
            deployments.AddRange(KServeRecognizer.Find(document, nodes));
            deployments.AddRange(KubeRayRecognizer.Find(document, nodes));
        }

        foreach (var (typeProblem, at) in deployments.SelectMany(d => d.Problems))
        {
            var (line, column) = lines.Position(at.Start);
            var (endLine, endColumn) = lines.Position(at.End);
            findings.Add(new YamlFinding(typeProblem, path, line, column, endLine, endColumn));
        }

        var checkable = deployments.Where(d => d.ToInput() is not null).ToList();
        var inputs = checkable.Select(d => d.ToInput()!).Select(input => models?.Apply(input) ?? input).ToList();
        var results = DeploymentChecker.CheckAll(inputs, options);
        var needsCapacity = false;
        var edits = new List<YamlEdit>();
        for (var i = 0; i < results.Count; i++)
        {
            foreach (var finding in results[i].Findings)
            {
                // A finding configured none is not reported, so its fix is not applied either.
                var fixEdits = finding.Fixes.Count > 0 && options.SeverityOf(finding.Id) != ReportSeverity.None
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

                var range = Place(finding, checkable[i]);
                var (line, column) = lines.Position(range.Start);
                var (endLine, endColumn) = lines.Position(range.End);
                findings.Add(new YamlFinding(finding, path, line, column, endLine, endColumn) { Fixable = fixEdits is not null });
            }
        }

        var checks = checkable.Select((d, i) => (d.Name, results[i])).ToList();
        return new YamlLintResult(findings, deployments.Count, needsCapacity, YamlFixer.WithoutOverlaps(edits), checks);
    }

    /// <summary>The value responsible, by Core's one placement rule; else the deployment.</summary>
    private static (int Start, int End) Place(Finding finding, YamlDeployment deployment) =>
        FindingPlacement.Candidates(finding, deployment.ToInput()!).Select(YamlOrigin.Range).FirstOrDefault(r => r is not null)
            ?? (deployment.Anchor.Start, deployment.Anchor.End);
}
