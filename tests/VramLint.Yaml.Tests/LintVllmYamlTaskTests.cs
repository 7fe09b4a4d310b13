using System.Collections;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using VramLint.Tasks;

namespace VramLint.Yaml.Tests;

/// <summary>The MSBuild task, driven through a recording build engine.</summary>
public sealed class LintVllmYamlTaskTests : IDisposable
{
    private const string Oversized = "model: Qwen/Qwen-32B-Chat\ntensor-parallel-size: 4\nmax-num-seqs: 8\nmax-model-len: 8192\n";
    private const string SeedConfig = "is_global = true\nvramlint.gpu_memory = 24GiB\nvramlint.gpu_count = 4\nvramlint.estimator = blog\n";

    private readonly string folder = Directory.CreateTempSubdirectory("vramlint-task-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private (bool Result, RecordingEngine Engine) Run(string[] files, string? config, bool fix = false)
    {
        var engine = new RecordingEngine();
        var task = new LintVllmYaml
        {
            BuildEngine = engine,
            Files = files.Select(f => (ITaskItem)new TaskItem(f)).ToArray(),
            ConfigFiles = config is null ? Array.Empty<ITaskItem>() : new ITaskItem[] { new TaskItem(Write(".globalconfig", config)) },
            Fix = fix,
        };
        return (task.Execute(), engine);
    }

    [Fact]
    public void An_oversized_deployment_is_an_error_at_its_line_with_a_help_link()
    {
        var path = Write("qwen.yaml", Oversized);

        var (result, engine) = Run(new[] { path }, SeedConfig);

        Assert.False(result);
        var error = Assert.Single(engine.Errors);
        Assert.Equal(("VRAM001", path, 1, 8), (error.Code, error.File, error.LineNumber, error.ColumnNumber));
        Assert.Equal("https://github.com/vramlint/vramlint/blob/main/docs/rules/VRAM001.md", error.HelpLink);
        Assert.StartsWith("per-GPU need 25.4 GiB", error.Message);
        Assert.Contains(engine.Messages, m => m.Code == "VRAM006");
    }

    [Theory]
    [InlineData("warning", 0, 1)]
    [InlineData("none", 0, 0)]
    [InlineData("error", 1, 0)]
    public void Severities_come_from_the_globalconfig(string severity, int errors, int warnings)
    {
        var path = Write("qwen.yaml", Oversized);

        var (result, engine) = Run(new[] { path }, SeedConfig + $"dotnet_diagnostic.VRAM001.severity = {severity}\n");

        Assert.Equal(errors == 0, result);
        Assert.Equal(errors, engine.Errors.Count(e => e.Code == "VRAM001"));
        Assert.Equal(warnings, engine.Warnings.Count(e => e.Code == "VRAM001"));
    }

    [Fact]
    public void Files_that_are_not_vllm_deployments_are_skipped()
    {
        var (result, engine) = Run(new[] { Write("app.yaml", "services:\n  cache:\n    image: redis\n") }, SeedConfig);

        Assert.True(result);
        Assert.Empty(engine.Errors.Concat<object>(engine.Warnings).Concat(engine.Messages.Where(m => m.Code is not null)));
    }

    [Fact]
    public void Broken_input_never_throws()
    {
        var files = new[] { Write("bad.yaml", "model: vllm\n  tensor-parallel-size: [\n"), Path.Combine(folder, "missing-vllm.yaml") };

        var (result, engine) = Run(files, SeedConfig);

        Assert.True(result);
        Assert.Equal(new[] { "VRAM008", "VRAM008" }, engine.Warnings.Select(w => w.Code));
        Assert.Equal(2, engine.Warnings[0].LineNumber);
    }

    [Fact]
    public void No_capacity_is_reported_once_per_project()
    {
        var (result, engine) = Run(new[] { Write("a.yaml", "model: Qwen/Qwen2.5-7B-Instruct\nmax-model-len: 8192\n"), Write("b.yaml", "model: Qwen/Qwen2.5-7B-Instruct\nmax-model-len: 4096\n") }, null);

        // A warning, so that a build with deployments and no capacity never looks like a pass.
        Assert.True(result);
        var warning = Assert.Single(engine.Warnings, w => w.Code == "VRAM010");
        Assert.Equal(0, warning.LineNumber);
        Assert.DoesNotContain(engine.Messages, m => m.Code == "VRAM010");
    }

    [Fact]
    public void Invalid_configuration_is_reported_at_its_line()
    {
        var (_, engine) = Run(new[] { Write("a.yaml", "model: Qwen/Qwen2.5-7B-Instruct\n") }, "is_global = true\nvramlint.gpu = Voodoo 5\n");

        var warning = Assert.Single(engine.Warnings);
        Assert.Equal(("VRAM007", 2), (warning.Code, warning.LineNumber));
        Assert.EndsWith(".globalconfig", warning.File);
    }

    [Fact]
    public void Fix_rewrites_the_file_in_place_and_reports_the_fixed_file()
    {
        var path = Write("llama.yaml", "model: meta-llama/Llama-3.1-8B-Instruct\nmax-model-len: 131072   # keep me\n");

        var (result, engine) = Run(new[] { path }, "is_global = true\nvramlint.gpu = RTX 4090\nvramlint.gpu_count = 1\n", fix: true);

        // The task re-lints what it wrote: the old VRAM001 is gone, so the build does not fail on it.
        Assert.True(result);
        Assert.Empty(engine.Errors);
        Assert.Contains(engine.Messages, m => m.Message?.Contains("VramLint fixed: Lower max-model-len to 37888 (", StringComparison.Ordinal) == true);
        Assert.Equal("model: meta-llama/Llama-3.1-8B-Instruct\nmax-model-len: 37888   # keep me\n", File.ReadAllText(path));
        Assert.True(Run(new[] { path }, "is_global = true\nvramlint.gpu = RTX 4090\nvramlint.gpu_count = 1\n").Result);
    }

    [Fact]
    public void A_private_model_known_only_by_its_checked_in_config_is_sized_from_it()
    {
        // 40 layers x 2 x 8 KV heads x 128 x 2 bytes = 160 KiB per token; 16384 positions x linear RoPE 2 = 32768.
        const string config = """
            {"model_type": "llama", "hidden_size": 5120, "intermediate_size": 13824, "num_attention_heads": 40, "num_hidden_layers": 40,
             "num_key_value_heads": 8, "vocab_size": 32000, "max_position_embeddings": 16384, "rope_scaling": {"type": "linear", "factor": 2.0}}
            """;
        var facts = Path.Combine(folder, ".vramlint", "models", "acme", "private-13b");
        Directory.CreateDirectory(facts);
        File.WriteAllText(Path.Combine(facts, "config.json"), config);
        File.WriteAllText(Path.Combine(facts, "vramlint-weights.json"), """{"bytesByDtype": {"BF16": 60000000000}}""");
        var path = Write("private.yaml", "model: acme/private-13b\nmax-model-len: 65536\nmax-num-seqs: 8\n");
        var engine = new RecordingEngine();
        var task = new LintVllmYaml
        {
            BuildEngine = engine,
            Files = new ITaskItem[] { new TaskItem(path) },
            ConfigFiles = new ITaskItem[] { new TaskItem(Write(".globalconfig", "is_global = true\nvramlint.gpu_memory = 48GiB\nvramlint.gpu_count = 1\n")) },
            ModelFiles = new ITaskItem[] { new TaskItem(Path.Combine(facts, "config.json")) },
        };

        Assert.True(task.Execute());

        Assert.DoesNotContain(engine.Messages, m => m.Code == "VRAM006");
        var tooLong = Assert.Single(engine.Warnings);
        Assert.Equal(("VRAM007", 2, 16), (tooLong.Code, tooLong.LineNumber, tooLong.ColumnNumber));
        Assert.StartsWith("max-model-len 65536 is longer than acme/private-13b supports (32768)", tooLong.Message);

        // With its tensor bytes checked in, the checkpoint's 60 GB decide (not the 22.7 GB computed from config.json): they do not load.
        task.ModelFiles = new ITaskItem[] { new TaskItem(Path.Combine(facts, "config.json")), new TaskItem(Path.Combine(facts, "vramlint-weights.json")) };
        File.WriteAllText(path, "model: acme/private-13b\nmax-model-len: 4096\n");
        engine.Errors.Clear();
        Assert.False(task.Execute());
        Assert.StartsWith("the weights of acme/private-13b take 55.9 GiB", Assert.Single(engine.Errors).Message);
    }

    [Fact]
    public void Fix_edits_a_file_reached_through_a_folder_link_once_and_keeps_its_byte_order_mark()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        const string yaml = "model: meta-llama/Llama-3.1-8B-Instruct\nmax-num-seqs: 3\ngpu-memory-utilization: 0.92\nmax-model-len: 131072\n";
        Directory.CreateDirectory(Path.Combine(folder, "v2"));
        var path = Path.Combine(folder, "v2", "llama.yaml");
        File.WriteAllText(path, yaml, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        Directory.CreateSymbolicLink(Path.Combine(folder, "current"), "v2");

        var (_, engine) = Run(new[] { Path.Combine(folder, "current", "llama.yaml"), path }, "is_global = true\nvramlint.gpu = RTX 4090\nvramlint.gpu_count = 1\n", fix: true);

        // The fix build reports the fixed file: no error is left.
        Assert.Empty(engine.Errors);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }.Concat(System.Text.Encoding.UTF8.GetBytes(yaml.Replace("131072", "44032"))).ToArray(), File.ReadAllBytes(path));
    }

    [Fact]
    public void An_unreadable_file_is_a_vram008_with_its_configured_severity()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var link = Path.Combine(folder, "gone.yaml");
        File.CreateSymbolicLink(link, "nowhere.yaml");

        var (result, engine) = Run(new[] { link }, SeedConfig + "dotnet_diagnostic.VRAM008.severity = error\n");

        Assert.False(result);
        var error = Assert.Single(engine.Errors);
        Assert.Equal(("VRAM008", link, 1, "the path is a symbolic link to nothing (its target does not exist); it was not read"), (error.Code, error.File, error.LineNumber, error.Message));
    }

    [Fact]
    public void Fix_skips_findings_configured_none()
    {
        const string yaml = "model: meta-llama/Llama-3.1-8B-Instruct\nmax-model-len: 131072\n";
        var path = Write("llama.yaml", yaml);

        var (result, _) = Run(new[] { path }, "is_global = true\nvramlint.gpu = RTX 4090\nvramlint.gpu_count = 1\ndotnet_diagnostic.VRAM001.severity = none\n", fix: true);

        Assert.True(result);
        Assert.Equal(yaml, File.ReadAllText(path));
    }

    private sealed class RecordingEngine : IBuildEngine
    {
        public List<BuildErrorEventArgs> Errors { get; } = new();

        public List<BuildWarningEventArgs> Warnings { get; } = new();

        public List<BuildMessageEventArgs> Messages { get; } = new();

        public bool ContinueOnError => false;

        public int LineNumberOfTaskNode => 0;

        public int ColumnNumberOfTaskNode => 0;

        public string ProjectFileOfTaskNode => "test.csproj";

        public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => true;

        public void LogCustomEvent(CustomBuildEventArgs e)
        {
        }

        public void LogErrorEvent(BuildErrorEventArgs e) => Errors.Add(e);

        public void LogMessageEvent(BuildMessageEventArgs e) => Messages.Add(e);

        public void LogWarningEvent(BuildWarningEventArgs e) => Warnings.Add(e);
    }
}
