using System.Collections;
using Microsoft.Build.Framework;
using TaskItem = Microsoft.Build.Utilities.TaskItem;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using VramLint.Tasks;

namespace VramLint.Analyzers.Tests;

/// <summary>
/// YAML findings in the IDE: the project's vLLM YAML reaches the analyzer as AdditionalFiles marked by the package
/// (metadata VramLintYaml, as the SDK's generated .editorconfig carries it), and the analyzer reports what the build task
/// reports for the same file, at the same lines and columns.
/// </summary>
public sealed class YamlInTheIdeTests : IDisposable
{
    private const string Oversized = "model: Qwen/Qwen-32B-Chat\ntensor-parallel-size: 4\nmax-num-seqs: 8\nmax-model-len: 8192\n";

    private readonly string folder = Directory.CreateTempSubdirectory("vramlint-ide-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task A_yaml_finding_shows_at_the_line_and_column_the_build_task_reports()
    {
        var path = Path.Combine(folder, "qwen.yaml");
        var taskDiagnostics = RunTask(path, Oversized, AnalyzerVerifier.SeedCluster);

        // What the task printed for this file: VRAM001 at the model's value, and VRAM006's note about the model.
        Assert.Contains(("VRAM001", "error", 1, 8, 1, 26), taskDiagnostics.Select(d => (d.Id, d.Severity, d.Line, d.Column, d.EndLine, d.EndColumn)));
        Assert.Contains(taskDiagnostics, d => d.Id == "VRAM006");

        await VerifyAsync(
            new[] { (path, Oversized, true) },
            AnalyzerVerifier.SeedCluster,
            taskDiagnostics.Select(d => new DiagnosticResult(d.Id, d.Severity switch
                {
                    "error" => DiagnosticSeverity.Error,
                    "warning" => DiagnosticSeverity.Warning,
                    _ => DiagnosticSeverity.Info,
                })
                .WithSpan(path, d.Line, d.Column, d.EndLine, d.EndColumn)
                .WithMessage(d.Message)).ToArray());
    }

    [Fact]
    public async Task A_next_line_comment_silences_exactly_the_line_it_names()
    {
        // Two deployments in one compose file, both too large; the comment names the first one's model line only.
        var path = Path.Combine(folder, "compose.yaml");
        const string Compose =
            "services:\n" +
            "  a:\n" +
            "    image: vllm/vllm-openai:v0.8.5\n" +
            "    # vramlint-disable-next-line VRAM001\n" +
            "    command: [\"--model\", \"Qwen/Qwen-32B-Chat\", \"--tensor-parallel-size\", \"1\", \"--max-model-len\", \"8192\"]\n" +
            "  b:\n" +
            "    image: vllm/vllm-openai:v0.8.5\n" +
            "    command: [\"--model\", \"Qwen/Qwen-32B-Chat\", \"--tensor-parallel-size\", \"1\", \"--max-model-len\", \"8192\"]\n";
        var config = AnalyzerVerifier.SeedCluster + "dotnet_diagnostic.VRAM006.severity = none\n";

        var task = RunTask(path, Compose, config);
        var vram001 = Assert.Single(task, d => d.Id == "VRAM001");
        Assert.Equal(8, vram001.Line);

        await VerifyAsync(
            new[] { (path, Compose, true) },
            config,
            AnalyzerVerifier.Diagnostic("VRAM001").WithSpan(path, vram001.Line, vram001.Column, vram001.EndLine, vram001.EndColumn).WithMessage(vram001.Message));
    }

    [Fact]
    public async Task Without_the_comment_both_lines_are_reported()
    {
        var path = Path.Combine(folder, "compose.yaml");
        const string Compose =
            "services:\n" +
            "  a:\n" +
            "    image: vllm/vllm-openai:v0.8.5\n" +
            "    command: [\"--model\", \"Qwen/Qwen-32B-Chat\", \"--tensor-parallel-size\", \"1\", \"--max-model-len\", \"8192\"]\n" +
            "  b:\n" +
            "    image: vllm/vllm-openai:v0.8.5\n" +
            "    command: [\"--model\", \"Qwen/Qwen-32B-Chat\", \"--tensor-parallel-size\", \"1\", \"--max-model-len\", \"8192\"]\n";
        var config = AnalyzerVerifier.SeedCluster + "dotnet_diagnostic.VRAM006.severity = none\n";

        var lines = RunTask(path, Compose, config).Where(d => d.Id == "VRAM001").Select(d => d.Line).ToArray();
        Assert.Equal(new[] { 4, 7 }, lines);

        await VerifyAsync(
            new[] { (path, Compose, true) },
            config,
            lines.Select(line => AnalyzerVerifier.Diagnostic("VRAM001").WithSpan(path, line, 26, line, 46)).ToArray());
    }

    [Fact]
    public async Task Yaml_the_package_did_not_mark_is_not_read()
    {
        // Another tool's YAML among the AdditionalFiles, or a file removed from @(VramLintYaml): not VramLint's to lint.
        await VerifyAsync(new[] { (Path.Combine(folder, "qwen.yaml"), Oversized, false) }, AnalyzerVerifier.SeedCluster);
    }

    [Fact]
    public async Task A_severity_set_in_the_globalconfig_applies_to_yaml_findings()
    {
        var path = Path.Combine(folder, "qwen.yaml");
        var config = AnalyzerVerifier.SeedCluster + "dotnet_diagnostic.VRAM001.severity = warning\ndotnet_diagnostic.VRAM006.severity = none\n";

        await VerifyAsync(
            new[] { (path, Oversized, true) },
            config,
            AnalyzerVerifier.Diagnostic("VRAM001").WithSeverity(DiagnosticSeverity.Warning).WithSpan(path, 1, 8, 1, 26));
    }

    [Fact]
    public async Task A_compose_files_env_reaches_the_analyzer_as_a_neighbour_and_the_finding_lands_on_its_value()
    {
        // The analyzer reads no disk: the .env beside the compose file comes as an AdditionalFile the package marks as a
        // neighbour, and its value decides the verdict as it does in the build.
        var compose = Path.Combine(folder, "compose.yaml");
        var env = Path.Combine(folder, ".env");
        const string Compose = "services:\n  llm:\n    image: vllm/vllm-openai\n    command: [\"meta-llama/Llama-3.1-8B-Instruct\", \"--max-model-len\", \"${LEN:-4096}\"]\n";
        const string Env = "LEN=131072\n";
        var config = "is_global = true\nvramlint.gpu = RTX 4090\nvramlint.gpu_count = 1\n";
        File.WriteAllText(env, Env);
        var task = Assert.Single(RunTask(compose, Compose, config, env));

        Assert.Equal(("VRAM001", 1, 5, 1, 11), (task.Id, task.Line, task.Column, task.EndLine, task.EndColumn));
        await VerifyAsync(
            new[] { (compose, Compose, true) },
            config,
            new[] { (env, Env) },
            AnalyzerVerifier.Diagnostic("VRAM001").WithSpan(env, 1, 5, 1, 11).WithMessage(task.Message));

        // Without the neighbour the analyzer does not look on the disk: the compose default is what it checks.
        await VerifyAsync(new[] { (compose, Compose, true) }, config);
    }

    private static Task VerifyAsync((string Path, string Text, bool Marked)[] files, string globalConfig, params DiagnosticResult[] expected) =>
        VerifyAsync(files, globalConfig, Array.Empty<(string, string)>(), expected);

    private static Task VerifyAsync((string Path, string Text, bool Marked)[] files, string globalConfig, (string Path, string Text)[] neighbours, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<VllmDeploymentAnalyzer, DefaultVerifier>
        {
            ReferenceAssemblies = AnalyzerVerifier.Net100,
            TestCode = "class Program { static void Main() { } }",
        };
        test.TestState.AdditionalReferences.AddRange(AnalyzerVerifier.AllReferences);

        // As the SDK's generated .editorconfig states the items' metadata: a section per file.
        var marks = string.Concat(files.Where(f => f.Marked).Select(f => $"\n[{f.Path}]\n{YamlAdditionalFiles.MetadataKey} = true\n"))
            + string.Concat(neighbours.Select(n => $"\n[{n.Path}]\n{YamlAdditionalFiles.NeighbourMetadataKey} = true\n"));
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", globalConfig + marks));
        foreach (var file in files.Select(f => (f.Path, f.Text)).Concat(neighbours))
        {
            test.TestState.AdditionalFiles.Add((file.Path, file.Text));
        }

        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>Runs the build task on the same text written to <paramref name="path"/>, and returns what it logged for that file (or for <paramref name="reportedIn"/>).</summary>
    private IReadOnlyList<TaskDiagnostic> RunTask(string path, string text, string globalConfig, string? reportedIn = null)
    {
        File.WriteAllText(path, text);
        var config = Path.Combine(folder, ".globalconfig");
        File.WriteAllText(config, globalConfig);
        var engine = new RecordingEngine();
        var task = new LintVllmYaml
        {
            BuildEngine = engine,
            Files = new ITaskItem[] { new TaskItem(path) },
            ConfigFiles = new ITaskItem[] { new TaskItem(config) },
        };
        task.Execute();
        return engine.Diagnostics.Where(d => d.File == (reportedIn ?? path)).ToList();
    }

    private sealed record TaskDiagnostic(string Id, string Severity, string File, int Line, int Column, int EndLine, int EndColumn, string Message);

    private sealed class RecordingEngine : IBuildEngine
    {
        public List<TaskDiagnostic> Diagnostics { get; } = new();

        public bool ContinueOnError => false;

        public int LineNumberOfTaskNode => 0;

        public int ColumnNumberOfTaskNode => 0;

        public string ProjectFileOfTaskNode => "test.csproj";

        public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => true;

        public void LogCustomEvent(CustomBuildEventArgs e)
        {
        }

        public void LogErrorEvent(BuildErrorEventArgs e) =>
            Diagnostics.Add(new TaskDiagnostic(e.Code, "error", e.File, e.LineNumber, e.ColumnNumber, e.EndLineNumber, e.EndColumnNumber, e.Message!));

        public void LogWarningEvent(BuildWarningEventArgs e) =>
            Diagnostics.Add(new TaskDiagnostic(e.Code, "warning", e.File, e.LineNumber, e.ColumnNumber, e.EndLineNumber, e.EndColumnNumber, e.Message!));

        public void LogMessageEvent(BuildMessageEventArgs e)
        {
            if (e.Code is not null)
            {
                Diagnostics.Add(new TaskDiagnostic(e.Code, "info", e.File, e.LineNumber, e.ColumnNumber, e.EndLineNumber, e.EndColumnNumber, e.Message!));
            }
        }
    }
}
