using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using VramLint.Core;
using VramLint.Core.Configuration;
using VramLint.Core.Diagnostics;
using VramLint.Core.Models;
using VramLint.Yaml;
using VramLint.Yaml.Files;

namespace VramLint.Tasks;

/// <summary>
/// The MSBuild task that lints vLLM deployment YAML during the build, with the same keys and verdicts as the analyzer:
/// canonical <c>file(line,col): error VRAM001: ...</c> diagnostics with help links, severities from
/// <c>dotnet_diagnostic.ID.severity</c>, and in-place fixes when <see cref="Fix"/> is set. It never fails with an exception.
/// </summary>
public sealed class LintVllmYaml : Microsoft.Build.Utilities.Task
{
    /// <summary>
    /// The YAML files to lint (and shell scripts, Dockerfiles, Makefiles listed as items); those that do not look like
    /// vLLM deployments are skipped cheaply. Files of one build are one project: ConfigMaps, .env and chart values are shared.
    /// </summary>
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
        libraries.Clear();
        var configs = LoadConfigs();
        var modelFiles = ReadModelFiles(ModelFiles.Select(FullPath));
        var needsCapacity = false;
        VramLintOptions? capacityOptions = null;
        var reportedConfigProblems = false;
        var filesSeen = new HashSet<string>(StringComparer.Ordinal);
        var project = new YamlProject();
        foreach (var item in Files)
        {
            var path = item.GetMetadata("FullPath");
            if (string.IsNullOrEmpty(path))
            {
                path = item.ItemSpec;
            }

            var options = VramLintOptions.Default;
            try
            {
                var values = configs.For(path);
                options = VramLintOptions.FromLookup(
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

                var source = YamlSource.Read(path);
                // Its identity (a hard link) and its real path (a folder link, even after a fix gave the file a new inode).
                var firstTime = filesSeen.Add("identity " + source.Identity) & filesSeen.Add("path " + source.RealPath);
                if (!source.Relevant || !firstTime)
                {
                    // Not a vLLM file, or a file already linted through another path.
                    continue;
                }

                var result = YamlLinter.Lint(source, options, project, ModelFacts(path, values, modelFiles));
                if (Fix && result.Edits.Count > 0 && source.Text is not null)
                {
                    var written = YamlFixWriter.Write(source, result.Edits);
                    if (!written.Written)
                    {
                        Report(new YamlFinding(new Finding(DiagnosticIds.UnreadableFile, $"VramLint did not fix the file: {written.Failure}"), path, 1, 1, 1, 1), options);
                        continue;
                    }

                    foreach (var edit in result.Edits)
                    {
                        Log.LogMessage(MessageImportance.High, $"{path}: VramLint fixed: {edit.Title}");
                    }

                    // Report what the fixed file still has, not the errors the fix just removed.
                    result = YamlLinter.Lint(YamlSource.Read(path), options, project, ModelFacts(path, values, modelFiles));
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
                // An unreadable file is a finding like any other, with its configured severity.
                Report(new YamlFinding(new Finding(DiagnosticIds.UnreadableFile, $"the file could not be checked: {e.Message}"), path, 1, 1, 1, 1), options);
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

        // The library depends on the file's folder and the model_dirs only: its files are parsed once per folder, not once per YAML file.
        var key = Path.GetDirectoryName(Path.GetFullPath(path)) + "\n" + string.Join("\n", dirs);
        if (!libraries.TryGetValue(key, out var library))
        {
            var files = dirs.Count == 0
                ? modelFiles
                : modelFiles.Concat(ReadModelFiles(dirs.Where(Directory.Exists).SelectMany(d => Directory.EnumerateFiles(d, "*.json", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))));
            libraries[key] = library = ModelFactsLibrary.ForDeployment(files, path, dirs);
        }

        return new ModelFactsContext(library);
    }

    private readonly Dictionary<string, ModelFactsLibrary> libraries = new(StringComparer.Ordinal);

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
                if (!File.Exists(path))
                {
                    continue;
                }

                if (FileFacts.Of(path) is not { Kind: FileKind.Regular, Size: <= YamlText.MaxBytes })
                {
                    Log.LogWarning(null, DiagnosticIds.UnreadableFile, null, DiagnosticIds.HelpLink(DiagnosticIds.UnreadableFile), path, 0, 0, 0, 0, "the configuration file is not a regular file of at most 10 MB; it was not read");
                    continue;
                }

                files.Add(AnalyzerConfigFile.Parse(File.ReadAllText(path), path));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log.LogWarning(null, DiagnosticIds.UnreadableFile, null, DiagnosticIds.HelpLink(DiagnosticIds.UnreadableFile), path, 0, 0, 0, 0, $"the configuration file could not be read: {e.Message}");
            }
        }

        return AnalyzerConfigSet.Create(files);
    }
}
