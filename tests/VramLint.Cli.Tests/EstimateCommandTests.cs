using System.Text.Json;

namespace VramLint.Cli.Tests;

/// <summary><c>vramlint estimate</c>: the contract of design.md section 6 and the seed's worked examples (issue: foundation).</summary>
public class EstimateCommandTests
{
    private static readonly string[] SeedCluster = ["--gpu-memory", "24", "--gpu-count", "4"];

    private static string[] Estimate(string estimator, string format, params string[] vllm) =>
        ["estimate", "--estimator", estimator, .. SeedCluster, "--format", format, "--", .. vllm];

    private static JsonElement Json(CliResult result) => JsonDocument.Parse(result.Stdout).RootElement;

    [Fact]
    public void Seed_s7_qwen_32b_chat_does_not_fit()
    {
        using var cli = new CliRunner();
        var result = cli.Run(Estimate("blog", "json", "serve", "Qwen/Qwen-32B-Chat", "--tensor-parallel-size", "4", "--max-num-seqs", "8", "--max-model-len", "8192"));

        Assert.Equal(1, result.ExitCode);
        var json = Json(result);
        Assert.Equal(25.4, json.GetProperty("perGpu").GetProperty("steadyGiB").GetDouble());
        Assert.False(json.GetProperty("fits").GetBoolean());
        Assert.Equal("blog", json.GetProperty("estimator").GetString());
        var vram001 = json.GetProperty("diagnostics").EnumerateArray().Single(d => d.GetProperty("id").GetString() == "VRAM001");
        Assert.Equal("error", vram001.GetProperty("severity").GetString());
        Assert.Contains("(weights 16.0 + KV cache 6.4 + overhead 3.0)", vram001.GetProperty("message").GetString());
    }

    [Fact]
    public void Seed_s8_qwen_72b_awq_fits()
    {
        using var cli = new CliRunner();
        var result = cli.Run(Estimate("blog", "json", "serve", "Qwen/Qwen2.5-72B-Instruct-AWQ", "--tensor-parallel-size", "4", "--max-num-seqs", "8", "--max-model-len", "8192"));

        Assert.Equal(0, result.ExitCode);
        var json = Json(result);
        Assert.Equal(18.4, json.GetProperty("perGpu").GetProperty("steadyGiB").GetDouble());
        Assert.True(json.GetProperty("fits").GetBoolean());
        Assert.Equal(23.92, json.GetProperty("perGpu").GetProperty("startupPeakGiB").GetDouble());
    }

    [Fact]
    public void Startup_peak_factor_comes_from_the_globalconfig()
    {
        using var cli = new CliRunner();
        cli.Write(".globalconfig", "is_global = true\nvramlint.startup_peak_factor = 1.25\n");
        var result = cli.Run(Estimate("blog", "json", "serve", "Qwen/Qwen2.5-72B-Instruct-AWQ", "--tensor-parallel-size", "4", "--max-num-seqs", "8", "--max-model-len", "8192"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(23.0, Json(result).GetProperty("perGpu").GetProperty("startupPeakGiB").GetDouble());
    }

    [Fact]
    public void Capacity_comes_from_a_globalconfig_above_the_current_folder_and_flags_override_it()
    {
        using var cli = new CliRunner();
        cli.Write(".globalconfig", "is_global = true\nvramlint.gpu_memory = 24GiB\nvramlint.gpu_count = 4\nvramlint.estimator = blog\n");
        Directory.CreateDirectory(Path.Combine(cli.Folder, "deploy", "prod"));
        var args = new[] { "estimate", "--format", "json", "--", "serve", "Qwen/Qwen-32B-Chat", "-tp", "4", "--max-num-seqs", "8", "--max-model-len", "8192" };

        var fromConfig = Json(cli.RunIn(Path.Combine(cli.Folder, "deploy", "prod"), args));
        Assert.Equal(24.0, fromConfig.GetProperty("gpu").GetProperty("memoryGiB").GetDouble());
        Assert.Equal(4, fromConfig.GetProperty("gpu").GetProperty("count").GetInt32());

        var overridden = Json(cli.RunIn(Path.Combine(cli.Folder, "deploy", "prod"), ["estimate", "--gpu-memory", "48GiB", .. args.Skip(1)]));
        Assert.Equal(48.0, overridden.GetProperty("gpu").GetProperty("memoryGiB").GetDouble());
        Assert.True(overridden.GetProperty("fits").GetBoolean());

        // A GPU named by flag replaces the configured size whole.
        var named = Json(cli.RunIn(Path.Combine(cli.Folder, "deploy", "prod"), ["estimate", "--gpu", "L4", .. args.Skip(1)]));
        Assert.Equal(("L4", 22.03, 4), (named.GetProperty("gpu").GetProperty("name").GetString(), named.GetProperty("gpu").GetProperty("memoryGiB").GetDouble(), named.GetProperty("gpu").GetProperty("count").GetInt32()));
    }

    [Fact]
    public void Seed_s7_batch_1_seq_512_exceeds_the_card_at_the_startup_peak()
    {
        using var cli = new CliRunner();
        var result = cli.Run(Estimate("blog", "json", "serve", "Qwen/Qwen-32B-Chat", "--tensor-parallel-size", "4", "--max-num-seqs", "1", "--max-model-len", "512"));

        Assert.Equal(0, result.ExitCode);
        var ids = Json(result).GetProperty("diagnostics").EnumerateArray().Select(d => d.GetProperty("id").GetString()).ToArray();
        Assert.Contains("VRAM002", ids);
        Assert.DoesNotContain("VRAM001", ids);
    }

    [Fact]
    public void Seed_s9_72b_fp16_exceeds_the_cluster()
    {
        using var cli = new CliRunner();
        var result = cli.Run(Estimate("blog", "json", "serve", "Qwen/Qwen2.5-72B-Instruct", "--tensor-parallel-size", "4", "--max-num-seqs", "8", "--max-model-len", "8192"));

        Assert.Equal(1, result.ExitCode);
        var json = Json(result);
        Assert.Contains(json.GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("id").GetString() == "VRAM003");
        Assert.Empty(json.GetProperty("fixes").EnumerateArray());
    }

    [Fact]
    public void Json_contract_fields_are_all_present()
    {
        using var cli = new CliRunner();
        var json = Json(cli.Run(Estimate("blog", "json", "serve", "Qwen/Qwen-32B-Chat", "-tp", "4", "--max-num-seqs", "8", "--max-model-len", "8192")));

        string[] top = ["estimator", "fits", "model", "gpu", "settings", "perGpu", "kvCache", "diagnostics", "fixes"];
        Assert.All(top, name => Assert.True(json.TryGetProperty(name, out _), name));
        Assert.All(["id", "source", "parameterCount", "weightBytes", "quantization"], n => Assert.True(json.GetProperty("model").TryGetProperty(n, out _), n));
        Assert.All(["name", "memoryGiB", "count"], n => Assert.True(json.GetProperty("gpu").TryGetProperty(n, out _), n));
        Assert.All(
            ["tensorParallelSize", "pipelineParallelSize", "maxModelLen", "maxNumSeqs", "maxNumBatchedTokens", "gpuMemoryUtilization", "kvCacheDtype"],
            n => Assert.True(json.GetProperty("settings").TryGetProperty(n, out _), n));
        Assert.All(
            ["weightsGiB", "kvCacheGiB", "activationGiB", "nonTorchGiB", "cudaGraphGiB", "overheadGiB", "steadyGiB", "startupPeakGiB", "budgetGiB", "capacityGiB"],
            n => Assert.True(json.GetProperty("perGpu").TryGetProperty(n, out _), n));
        Assert.All(["bytesPerToken", "capacityTokens", "maxConcurrency"], n => Assert.True(json.GetProperty("kvCache").TryGetProperty(n, out _), n));
        // The seed's "64 GB" is compared with the card as GiB, so the blog estimator counts it as 64 GiB.
        Assert.Equal(64.0 * 1024 * 1024 * 1024, json.GetProperty("model").GetProperty("weightBytes").GetDouble());
    }

    [Fact]
    public void Text_report_shows_the_table_and_the_verdict()
    {
        using var cli = new CliRunner();
        var result = cli.Run(Estimate("blog", "text", "serve", "Qwen/Qwen-32B-Chat", "-tp", "4", "--max-num-seqs", "8", "--max-model-len", "8192"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("    weights             16.0", result.Stdout);
        Assert.Contains("    steady              25.4", result.Stdout);
        Assert.Contains("error VRAM001: per-GPU need 25.4 GiB (weights 16.0 + KV cache 6.4 + overhead 3.0)", result.Stdout);
        Assert.EndsWith("does not fit" + Environment.NewLine, result.Stdout);
    }

    [Theory]
    [InlineData("--tensor-parallel-size", "0")]
    [InlineData("--tensor-parallel-size", "abc")]
    [InlineData("--tensor-parallel-size", "-3")]
    [InlineData("--max-model-len", "32q")]
    public void Invalid_vllm_values_are_vram007_warnings_naming_the_value(string flag, string value)
    {
        using var cli = new CliRunner();
        var result = cli.Run(Estimate("blog", "text", "serve", "Qwen/Qwen-32B-Chat", flag, value));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("warning VRAM007", result.Stdout);
        Assert.Contains("VRAM007", result.Stdout);
        Assert.Contains(value, result.Stdout);
        Assert.DoesNotContain("   at ", result.Stdout + result.Stderr);
    }

    [Theory]
    [InlineData("--gpu", "Voodoo 5", "vramlint.gpu")]
    [InlineData("--gpu-memory", "-24GiB", "vramlint.gpu_memory")]
    [InlineData("--gpu-count", "many", "vramlint.gpu_count")]
    [InlineData("--estimator", "magic", "vramlint.estimator")]
    public void Invalid_options_exit_2_and_name_them(string flag, string value, string key)
    {
        using var cli = new CliRunner();
        var result = cli.Run("estimate", flag, value, "--", "serve", "Qwen/Qwen2.5-7B-Instruct");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(flag, result.Stderr);
        Assert.Contains($"'{key} = {value}' is not valid", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public void No_capacity_declared_reports_vram010_with_its_severity()
    {
        using var cli = new CliRunner();
        var result = cli.Run("estimate", "--", "serve", "Qwen/Qwen2.5-7B-Instruct");

        // A warning: seen, but not an error (exit 0); configured error it fails (the one exit-code policy).
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("warning VRAM010: no GPU capacity is declared", result.Stdout);
        Assert.Contains("vramlint.gpu", result.Stdout);
    }

    [Fact]
    public void Json_fits_is_null_with_the_reason_when_no_verdict_was_made()
    {
        using var cli = new CliRunner();
        var json = JsonDocument.Parse(cli.Run("estimate", "--format", "json", "--", "serve", "Qwen/Qwen2.5-7B-Instruct").Stdout).RootElement;

        Assert.Equal(JsonValueKind.Null, json.GetProperty("fits").ValueKind);
        Assert.Equal("no GPU capacity is declared, so the deployment was not checked", json.GetProperty("reason").GetString());
    }

    [Fact]
    public void A_name_only_model_never_fits_silently_with_length_zero()
    {
        using var cli = new CliRunner();
        var text = cli.Run("estimate", "--gpu", "L4", "--", "serve", "myorg/llama-8b-chat");
        var json = JsonDocument.Parse(cli.Run("estimate", "--gpu", "L4", "--format", "json", "--", "serve", "myorg/llama-8b-chat").Stdout).RootElement;

        Assert.Contains("max-model-len unknown, ", text.Stdout);
        Assert.EndsWith(
            "fits as far as checked; skipped the max-model-len check: max-model-len is not set and the context length of 'myorg/llama-8b-chat' is unknown; set --max-model-len to have it checked" + Environment.NewLine,
            text.Stdout);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("settings").GetProperty("maxModelLen").ValueKind);
        Assert.StartsWith("the max-model-len check: ", Assert.Single(json.GetProperty("skipped").EnumerateArray()).GetString());
    }

    [Fact]
    public void Parallelism_vllm_refuses_is_an_error_and_exit_1()
    {
        using var cli = new CliRunner();
        var result = cli.Run("estimate", "--gpu", "H100", "--gpu-count", "4", "--", "serve", "meta-llama/Llama-3.1-8B-Instruct", "--tensor-parallel-size", "3", "--max-model-len", "8192");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error VRAM005: tensor-parallel-size 3 is invalid for meta-llama/Llama-3.1-8B-Instruct: total number of attention heads (32) must be divisible by tensor parallel size (3)", result.Stdout);
        Assert.EndsWith("does not fit" + Environment.NewLine, result.Stdout);
    }

    [Fact]
    public void A_model_with_no_size_in_its_name_gets_vram006_and_no_numbers()
    {
        using var cli = new CliRunner();
        var result = cli.Run(Estimate("vllm", "json", "serve", "acme/secret-model"));

        Assert.Equal(0, result.ExitCode);
        var json = Json(result);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("perGpu").ValueKind);
        var vram006 = json.GetProperty("diagnostics").EnumerateArray().Single();
        Assert.Equal("VRAM006", vram006.GetProperty("id").GetString());
        Assert.Contains("no memory estimate was made", vram006.GetProperty("message").GetString());
    }

    [Fact]
    public void Usage_errors_exit_2_without_a_stack_trace()
    {
        using var cli = new CliRunner();
        Assert.Equal(2, cli.Run().ExitCode);
        Assert.Equal(2, cli.Run("bogus").ExitCode);
        Assert.Equal(2, cli.Run("estimate").ExitCode);
        Assert.Equal(2, cli.Run("estimate", "--format", "xml", "--", "serve", "m-7B").ExitCode);
        Assert.Equal(2, cli.Run("estimate", "--gpu-memory").ExitCode);
        Assert.Equal(2, cli.Run("estimate", "--gpu-memory", "24", "--", "--max-model-len", "4096").ExitCode);
        Assert.Equal(0, cli.Run("help").ExitCode);
    }

    [Fact]
    public void The_default_vllm_estimator_fills_the_contract_and_suggests_a_length()
    {
        using var cli = new CliRunner();
        var result = cli.Run("estimate", "--gpu", "RTX 4090", "--format", "json", "--", "serve", "meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", "131072");

        Assert.Equal(1, result.ExitCode);
        var json = Json(result);
        Assert.Equal("vllm", json.GetProperty("estimator").GetString());
        Assert.Equal("catalog", json.GetProperty("model").GetProperty("source").GetString());
        Assert.Equal(131072, json.GetProperty("kvCache").GetProperty("bytesPerToken").GetDouble());
        Assert.Equal(0.92, json.GetProperty("settings").GetProperty("gpuMemoryUtilization").GetDouble());
        Assert.True(json.GetProperty("perGpu").GetProperty("activationGiB").GetDouble() > 0);
        var fix = json.GetProperty("fixes").EnumerateArray().First();
        Assert.Equal(("VRAM001", "max-model-len"), (fix.GetProperty("id").GetString(), fix.GetProperty("setting").GetString()));

        var fitting = cli.Run("estimate", "--gpu", "RTX 4090", "--", "serve", "meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", "16384");
        Assert.Equal(0, fitting.ExitCode);
        Assert.EndsWith("fits" + Environment.NewLine, fitting.Stdout);
    }

    [Fact]
    public void Plan_lists_the_layouts_that_fit()
    {
        using var cli = new CliRunner();
        var result = cli.Run("plan", "--model", "Qwen/Qwen2.5-72B-Instruct-AWQ", "--gpu-memory", "24", "--gpu-count", "4", "--estimator", "blog");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("   4           8192             8         18.4", result.Stdout);
        Assert.DoesNotContain("\n   1 ", result.Stdout);
        Assert.Equal(2, cli.Run("plan", "--gpu", "L4").ExitCode);
    }
}
