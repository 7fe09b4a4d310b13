using System.Text.Json;

namespace VramLint.Cli.Tests;

/// <summary><c>vramlint check</c>, <c>fix</c> and <c>explain</c> over YAML files and folders.</summary>
public class YamlCommandTests
{
    private const string OneRtx4090 = "is_global = true\nvramlint.gpu = RTX 4090\nvramlint.gpu_count = 1\n";
    private const string Compose = "services:\n  llm:\n    image: vllm/vllm-openai\n    command: [\"meta-llama/Llama-3.1-8B-Instruct\", \"--max-model-len\", \"131072\"]  # long\n";

    private static CliRunner Setup()
    {
        var cli = new CliRunner();
        cli.Write(".globalconfig", OneRtx4090);
        cli.Write("deploy/compose.yaml", Compose);
        cli.Write("deploy/fits.yml", "model: meta-llama/Llama-3.1-8B-Instruct\nmax-model-len: 8192\n");
        cli.Write("deploy/other.yaml", "services:\n  cache:\n    image: redis\n");
        cli.Write("deploy/bin/ignored.yaml", Compose);
        return cli;
    }

    [Fact]
    public void Check_text_reports_compiler_style_lines_and_exits_1()
    {
        using var cli = Setup();
        var result = cli.Run("check", "deploy");

        Assert.Equal(1, result.ExitCode);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith($"deploy{Path.DirectorySeparatorChar}compose.yaml(4,70): error VRAM001: one request of max-model-len 131072", lines[0]);
        Assert.Equal("  fix: Lower max-model-len to 37888 (KV cache 5.24 GiB, one request 4.63, 0.62 GiB spare; margin: the 0.6 GiB error band + one 16-token KV block) (vramlint fix applies it)", lines[1]);
        Assert.Equal("3 file(s) read, 2 vLLM deployment(s) found, 2 sized, 0 skipped: 1 error(s), 0 warning(s)", lines[^1]);
    }

    [Fact]
    public void Check_counts_skipped_deployments_by_reason_most_first()
    {
        using var cli = new CliRunner();
        cli.Write("deploy/a.yaml", "model: meta-llama/Llama-3.1-8B-Instruct\nmax-model-len: 8192\n");
        cli.Write("deploy/b.yaml", "model: meta-llama/Llama-3.1-8B-Instruct\nmax-model-len: ${LEN}\n");
        cli.Write("deploy/c.yaml", "model: Qwen/Qwen2.5-7B-Instruct\nmax-model-len: 4096\n");
        cli.Write("deploy/d.yaml", "services:\n  llm:\n    image: vllm/vllm-openai\n    command: [\"${MODEL}\", \"--max-model-len\", \"4096\"]\n");

        var lines = cli.Run("check", "deploy").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        // Two reasons tie at one: they follow in ordinal order.
        Assert.Equal("4 file(s) read, 4 vLLM deployment(s) found, 0 sized, 4 skipped (2 no GPU capacity declared, 1 invalid value, 1 unresolved value): 0 error(s), 1 warning(s)", lines[^1]);
    }

    [Fact]
    public void Check_and_explain_write_the_same_json_document()
    {
        // check keeps only its findings and counts; explain keeps every file whole: the document must not tell them apart.
        using var cli = Setup();
        cli.Write("deploy/unresolved.yaml", "model: meta-llama/Llama-3.1-8B-Instruct\nmax-model-len: ${LEN}\n");

        var check = cli.Run("check", "--format", "json", "deploy");
        var explain = cli.Run("explain", "--format", "json", "deploy");

        Assert.Equal(check.Stdout, explain.Stdout);
        var json = JsonDocument.Parse(check.Stdout).RootElement;
        Assert.Equal(3, json.GetProperty("files").GetInt32());
        Assert.Equal(4, json.GetProperty("filesRead").GetInt32());
        Assert.Equal(3, json.GetProperty("deployments").GetInt32());
        Assert.Equal(2, json.GetProperty("sized").GetInt32());
        Assert.Equal("invalid value", json.GetProperty("skipped")[0].GetProperty("reason").GetString());
    }

    [Fact]
    public void Check_promises_a_fix_only_where_fix_can_write_it()
    {
        using var cli = new CliRunner();
        cli.Write(".globalconfig", OneRtx4090);
        cli.Write("deploy/compose.yaml", "services:\n  llm:\n    image: vllm/vllm-openai\n    command: >\n      meta-llama/Llama-3.1-8B-Instruct\n      --max-model-len 131072\n");

        var check = cli.Run("check", "deploy");
        var lines = check.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith($"deploy{Path.DirectorySeparatorChar}compose.yaml(4,14): error VRAM001: ", lines[0]);
        Assert.Equal("  fix: Lower max-model-len to 37888 (KV cache 5.24 GiB, one request 4.63, 0.62 GiB spare; margin: the 0.6 GiB error band + one 16-token KV block) (apply it by hand: vramlint fix does not rewrite this value)", lines[1]);

        var fix = cli.Run("fix", "deploy");
        Assert.StartsWith("nothing to fix", fix.Stdout);
    }

    [Fact]
    public void Check_promises_no_fix_for_a_flag_missing_from_a_kubernetes_args_list()
    {
        using var cli = new CliRunner();
        cli.Write(".globalconfig", OneRtx4090);
        cli.Write("deploy/pod.yaml", "kind: Pod\nspec:\n  containers:\n    - name: vllm\n      image: vllm/vllm-openai\n      args: [\"--model\", \"meta-llama/Llama-3.1-8B-Instruct\"]\n");

        var lines = cli.Run("check", "deploy").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        // max-model-len is not in the list (vLLM derives 131072): fix edits values in place and adds none, so no promise.
        Assert.Contains(": error VRAM001: one request of max-model-len 131072 ", lines[0]);
        Assert.StartsWith("  fix: Lower max-model-len to 37888 (", lines[1]);
        Assert.EndsWith("(apply it by hand: vramlint fix does not rewrite this value)", lines[1]);
        Assert.StartsWith("nothing to fix", cli.Run("fix", "deploy").Stdout);
    }

    [Fact]
    public void Fix_settles_in_one_run()
    {
        using var cli = Setup();

        Assert.Equal(0, cli.Run("fix", "deploy").ExitCode);
        var fixedText = File.ReadAllText(Path.Combine(cli.Folder, "deploy", "compose.yaml"));
        var again = cli.Run("fix", "deploy");

        Assert.Equal("nothing to fix", again.Stdout.Split('\n')[0].TrimEnd('\r'));
        Assert.Equal(fixedText, File.ReadAllText(Path.Combine(cli.Folder, "deploy", "compose.yaml")));
        Assert.EndsWith("0 error(s), 0 warning(s)", cli.Run("check", "deploy").Stdout.TrimEnd());
    }

    [Fact]
    public void Check_json_and_sarif()
    {
        using var cli = Setup();
        var json = JsonDocument.Parse(cli.Run("check", "--format", "json", "deploy").Stdout).RootElement;
        var diagnostic = json.GetProperty("diagnostics").EnumerateArray().Single();
        Assert.Equal((4, 70, "VRAM001", "error"), (diagnostic.GetProperty("line").GetInt32(), diagnostic.GetProperty("column").GetInt32(), diagnostic.GetProperty("id").GetString(), diagnostic.GetProperty("severity").GetString()));
        Assert.Equal("37888", diagnostic.GetProperty("fixes")[0].GetProperty("value").GetString());

        var sarif = JsonDocument.Parse(cli.Run("check", "--format", "sarif", "deploy").Stdout).RootElement;
        Assert.Equal("2.1.0", sarif.GetProperty("version").GetString());
        var run = sarif.GetProperty("runs")[0];
        Assert.Equal(Core.Diagnostics.DiagnosticIds.All.Count, run.GetProperty("tool").GetProperty("driver").GetProperty("rules").GetArrayLength());
        var sarifResult = run.GetProperty("results")[0];
        Assert.Equal(("VRAM001", "error", "deploy/compose.yaml", 4), (
            sarifResult.GetProperty("ruleId").GetString(),
            sarifResult.GetProperty("level").GetString(),
            sarifResult.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString(),
            sarifResult.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32()));
    }

    [Fact]
    public void Fix_dry_run_prints_a_diff_then_fix_writes_it_keeping_the_comment()
    {
        using var cli = Setup();
        var dry = cli.Run("fix", "--dry-run", "deploy");
        Assert.Equal(1, dry.ExitCode);
        Assert.Contains("-    command: [\"meta-llama/Llama-3.1-8B-Instruct\", \"--max-model-len\", \"131072\"]  # long", dry.Stdout);
        Assert.Contains("+    command: [\"meta-llama/Llama-3.1-8B-Instruct\", \"--max-model-len\", \"37888\"]  # long", dry.Stdout);
        Assert.Equal(Compose, File.ReadAllText(Path.Combine(cli.Folder, "deploy", "compose.yaml")));

        var fixedRun = cli.Run("fix", "deploy");
        Assert.Equal(0, fixedRun.ExitCode);
        Assert.Equal(Compose.Replace("131072", "37888"), File.ReadAllText(Path.Combine(cli.Folder, "deploy", "compose.yaml")));
        Assert.Equal(0, cli.Run("check", "deploy").ExitCode);
    }

    [Fact]
    public void Explain_shows_the_breakdown_and_a_bar()
    {
        using var cli = Setup();
        var result = cli.Run("explain", "deploy/fits.yml");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"deploy{Path.DirectorySeparatorChar}fits.yml: fits.yml", result.Stdout);
        Assert.Contains("    weights             15.0", result.Stdout);
        Assert.Matches(@"\[W+A+N*G+K+C*\.*\] 23\.6 GiB per GPU", result.Stdout);
    }

    [Fact]
    public void Malformed_files_are_vram008_findings_and_only_missing_paths_exit_2()
    {
        using var cli = Setup();
        cli.Write("broken/bad.yaml", "model: vllm\n  x: [\n");
        var broken = cli.Run("check", "broken");
        Assert.Equal(0, broken.ExitCode);
        Assert.Contains("bad.yaml(2,", broken.Stdout);
        Assert.Contains("warning VRAM008: the file is not valid YAML", broken.Stdout);

        Assert.Equal(2, cli.Run("check", "nowhere").ExitCode);
        Assert.Equal(2, cli.Run("check").ExitCode);
    }
}
