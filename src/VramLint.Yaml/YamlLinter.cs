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
                var fixable = false;
                if (finding.Fixes.Count > 0 && YamlFixer.Edits(text, finding, finding.Fixes[0], checkable[i]) is { } fixEdits)
                {
                    edits.AddRange(fixEdits);
                    fixable = true;
                }

                if (finding.Id == DiagnosticIds.NoCapacityDeclared)
                {
                    needsCapacity = true;
                    continue;
                }

                var range = Place(finding, checkable[i]);
                var (line, column) = lines.Position(range.Start);
                var (endLine, endColumn) = lines.Position(range.End);
                findings.Add(new YamlFinding(finding, path, line, column, endLine, endColumn) { Fixable = fixable });
            }
        }

        var checks = checkable.Select((d, i) => (d.Name, results[i])).ToList();
        return new YamlLintResult(findings, deployments.Count, needsCapacity, YamlFixer.WithoutOverlaps(edits), checks);
    }

    /// <summary>The value responsible: Core's own location, the setting's value, the GPU facts, the model, else the deployment.</summary>
    private static (int Start, int End) Place(Finding finding, YamlDeployment deployment)
    {
        var parsed = deployment.Arguments ?? ParsedArguments.Empty;
        return YamlOrigin.Range(finding.Location)
            ?? (finding.Setting == SettingNames.GpuCount ? YamlOrigin.Range(deployment.GpuCountLocation) : null)
            ?? (finding.Setting == SettingNames.GpuType ? YamlOrigin.Range(deployment.GpuTypeLocation) : null)
            ?? (finding.Setting is { } setting ? YamlOrigin.Range(parsed.Find(setting)?.BestLocation) : null)
            ?? YamlOrigin.Range(parsed.Find(SettingNames.Model)?.BestLocation)
            ?? (deployment.Anchor.Start, deployment.Anchor.End);
    }
}
