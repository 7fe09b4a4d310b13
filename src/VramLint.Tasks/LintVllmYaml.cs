using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using VramLint.Core;
using VramLint.Core.Configuration;
using VramLint.Core.Diagnostics;
using VramLint.Core.Models;
using VramLint.Yaml;

namespace VramLint.Tasks;

/// <summary>
/// The MSBuild task that lints vLLM deployment YAML during the build, with the same keys and verdicts as the analyzer:
/// canonical <c>file(line,col): error VRAM001: ...</c> diagnostics with help links, severities from
/// <c>dotnet_diagnostic.ID.severity</c>, and in-place fixes when <see cref="Fix"/> is set. It never fails with an exception.
/// </summary>
public sealed class LintVllmYaml : Microsoft.Build.Utilities.Task
{
    /// <summary>The YAML files to lint; those that do not look like vLLM deployments are skipped cheaply.</summary>
    [Required]
    public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>@(EditorConfigFiles): the .globalconfig and .editorconfig files the compiler reads.</summary>
    public ITaskItem[] ConfigFiles { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>@(VramLintModelFacts): the .vramlint/models/**/*.json files beside and above the project (design.md section 7).</summary>
    public ITaskItem[] ModelFiles { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>Apply the fixes in place (-p:VramLintFix=true).</summary>
    public bool Fix { get; set; }

    /// <summary>True when deployments were found but no GPU capacity is declared: the targets then keep the run from
    /// being skipped as up to date, so VRAM010 shows in every build until capacity is declared.</summary>
    [Output]
    public bool NoCapacity { get; set; }

    public override bool Execute()
    {
        var configs = LoadConfigs();
        var modelFiles = ReadModelFiles(ModelFiles.Select(FullPath));
        var needsCapacity = false;
        VramLintOptions? capacityOptions = null;
        var reportedConfigProblems = false;
        foreach (var item in Files)
        {
            var path = item.GetMetadata("FullPath");
            if (string.IsNullOrEmpty(path))
            {
                path = item.ItemSpec;
            }

            try
            {
                var values = configs.For(path);
                var options = VramLintOptions.FromLookup(
                    key => values.TryGetValue(key, out var v) ? v.Value : null,
                    key => values.TryGetValue(key, out var v) ? new Core.Arguments.SourceLocation(v) : null);
                if (!reportedConfigProblems)
                {
                    reportedConfigProblems = true;
                    foreach (var problem in options.Problems)
                    {
                        var at = problem.Location?.Origin as AnalyzerConfigValue;
                        Log.LogWarning(null, problem.Id, null, DiagnosticIds.HelpLink(problem.Id), at?.FilePath, at?.Line ?? 0, at?.Column ?? 0, 0, 0, problem.Message);
                    }
                }

                var bytes = File.ReadAllBytes(path);
                var result = bytes.Length > YamlText.MaxBytes || YamlLinter.LooksLikeVllm(System.Text.Encoding.UTF8.GetString(bytes))
                    ? YamlLinter.Lint(path, bytes, options, ModelFacts(path, values, modelFiles))
                    : null;
                if (result is null)
                {
                    continue;
                }

                if (Fix && result.Edits.Count > 0)
                {
                    File.WriteAllText(path, YamlFixer.Apply(File.ReadAllText(path), result.Edits));
                    foreach (var edit in result.Edits)
                    {
                        Log.LogMessage(MessageImportance.High, $"{path}: VramLint fixed: {edit.Title}");
                    }

                    // Report what the fixed file still has, not the errors the fix just removed.
                    result = YamlLinter.Lint(path, File.ReadAllBytes(path), options, ModelFacts(path, values, modelFiles));
                }

                needsCapacity |= result.NeedsCapacity;
                capacityOptions ??= result.NeedsCapacity ? options : null;
                foreach (var finding in result.Findings)
                {
                    Report(finding, options);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or InvalidOperationException or FormatException)
            {
                Log.LogWarning(null, DiagnosticIds.UnreadableFile, null, DiagnosticIds.HelpLink(DiagnosticIds.UnreadableFile), path, 0, 0, 0, 0, $"the file could not be checked: {e.Message}");
            }
        }

        NoCapacity = needsCapacity;
        if (needsCapacity)
        {
            // Once per project, at its configured severity (a warning by default): nothing checked must not look like a pass.
            var finding = DeploymentChecker.NoCapacityFinding();
            Report(finding.Id, capacityOptions ?? VramLintOptions.Default, null, 0, 0, 0, 0, finding.Message);
        }

        return !Log.HasLoggedErrors;
    }

    /// <summary>
    /// The checked-in model facts for one YAML file: the .vramlint/models folders at or above it among the items, then
    /// the folders its vramlint.model_dirs key names (read here; MSBuild cannot glob a folder named in a .globalconfig).
    /// </summary>
    private ModelFactsContext ModelFacts(string path, IReadOnlyDictionary<string, AnalyzerConfigValue> values, List<ModelFactsFile> modelFiles)
    {
        var dirs = values.TryGetValue(ConfigKeys.ModelDirs, out var setting)
            ? ModelFactsLibrary.ModelDirs(setting.Value, setting.FilePath)
            : Array.Empty<string>();
        var files = dirs.Count == 0
            ? modelFiles
            : modelFiles.Concat(ReadModelFiles(dirs.Where(Directory.Exists).SelectMany(d => Directory.EnumerateFiles(d, "*.json", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))));
        return new ModelFactsContext(ModelFactsLibrary.ForDeployment(files, path, dirs));
    }

    /// <summary>The files' texts; one that cannot be read is a warning naming it, and is left out.</summary>
    private List<ModelFactsFile> ReadModelFiles(IEnumerable<string> paths)
    {
        var files = new List<ModelFactsFile>();
        foreach (var path in paths)
        {
            try
            {
                files.Add(new ModelFactsFile(path, File.ReadAllText(path)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log.LogWarning(null, DiagnosticIds.UnreadableFile, null, DiagnosticIds.HelpLink(DiagnosticIds.UnreadableFile), path, 0, 0, 0, 0, $"the model facts file could not be read: {e.Message}");
            }
        }

        return files;
    }

    private static string FullPath(ITaskItem item) => item.GetMetadata("FullPath") is { Length: > 0 } full ? full : item.ItemSpec;

    private void Report(YamlFinding f, VramLintOptions options) =>
        Report(f.Finding.Id, options, f.Path, f.Line, f.Column, f.EndLine, f.EndColumn, f.Finding.Message);

    private void Report(string id, VramLintOptions options, string? path, int line, int column, int endLine, int endColumn, string message)
    {
        switch (options.EffectiveSeverity(id))
        {
            case FindingSeverity.Error:
                Log.LogError(null, id, null, DiagnosticIds.HelpLink(id), path, line, column, endLine, endColumn, message);
                break;
            case FindingSeverity.Warning:
                Log.LogWarning(null, id, null, DiagnosticIds.HelpLink(id), path, line, column, endLine, endColumn, message);
                break;
            case FindingSeverity.Info:
                Log.LogMessage(null, id, null, path, line, column, endLine, endColumn, MessageImportance.High, message);
                break;
        }
    }

    private AnalyzerConfigSet LoadConfigs()
    {
        var files = new List<AnalyzerConfigFile>();
        foreach (var item in ConfigFiles)
        {
            var path = item.GetMetadata("FullPath");
            try
            {
                if (File.Exists(path))
                {
                    files.Add(AnalyzerConfigFile.Parse(File.ReadAllText(path), path));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log.LogWarning(null, DiagnosticIds.UnreadableFile, null, DiagnosticIds.HelpLink(DiagnosticIds.UnreadableFile), path, 0, 0, 0, 0, $"the configuration file could not be read: {e.Message}");
            }
        }

        return AnalyzerConfigSet.Create(files);
    }
}
