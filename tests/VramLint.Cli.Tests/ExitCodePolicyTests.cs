using System.Globalization;
using System.Text.RegularExpressions;

namespace VramLint.Cli.Tests;

/// <summary>
/// One severity and exit-code policy for every verb, as the README's table states it: 1 when a finding is an error after
/// configuration, 2 only for bad usage and paths that do not exist, 0 otherwise; unreadable input is a finding.
/// </summary>
public class ExitCodePolicyTests
{
    private const string OneRtx4090 = "is_global = true\nvramlint.gpu = RTX 4090\nvramlint.gpu_count = 1\n";
    private const string Fits = "model: meta-llama/Llama-3.1-8B-Instruct\nmax-model-len: 8192\n";
    private const string TooLong = "model: meta-llama/Llama-3.1-8B-Instruct\nmax-model-len: 131072\n";

    private static CliRunner Setup(string config = OneRtx4090)
    {
        var cli = new CliRunner();
        cli.Write(".globalconfig", config);
        cli.Write("fits.yaml", Fits);
        cli.Write("too-long.yaml", TooLong);
        cli.Write("malformed.yaml", "model: vllm\n  x: [\n");
        return cli;
    }

    /// <summary>For each verb, an invocation that must exit with each code of the README's table.</summary>
    public static TheoryData<string, int, string[]> EveryVerb() => new()
    {
        { "estimate", 0, new[] { "estimate", "--", "serve", "meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", "8192" } },
        { "estimate", 1, new[] { "estimate", "--", "serve", "meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", "131072" } },
        { "estimate", 2, new[] { "estimate", "--bogus", "--", "serve", "m" } },
        { "plan", 0, new[] { "plan", "--model", "meta-llama/Llama-3.1-8B-Instruct" } },
        { "plan", 2, new[] { "plan", "--model", "meta-llama/Llama-3.1-8B-Instruct", "--gpu-count", "banana" } },
        { "check", 0, new[] { "check", "fits.yaml", "malformed.yaml" } },
        { "check", 1, new[] { "check", "too-long.yaml", "malformed.yaml" } },
        { "check", 2, new[] { "check", "nowhere.yaml" } },
        { "fix", 0, new[] { "fix", "--dry-run", "fits.yaml" } },
        { "fix", 1, new[] { "fix", "--dry-run", "too-long.yaml" } },
        { "fix", 2, new[] { "fix", "nowhere" } },
        { "explain", 0, new[] { "explain", "fits.yaml", "malformed.yaml" } },
        { "explain", 1, new[] { "explain", "too-long.yaml" } },
        { "explain", 2, new[] { "explain", "--format", "xml", "fits.yaml" } },
        { "report", 0, new[] { "report", "--html", "out.html", "fits.yaml", "malformed.yaml" } },
        { "report", 1, new[] { "report", "--html", "out.html", "too-long.yaml" } },
        { "report", 2, new[] { "report", "fits.yaml" } },
    };

    [Theory]
    [MemberData(nameof(EveryVerb))]
    public void Every_verb_follows_the_one_policy(string verb, int exitCode, string[] args)
    {
        using var cli = Setup();

        var result = cli.Run(args);

        Assert.True(exitCode == result.ExitCode, $"{verb}: exit {result.ExitCode}, expected {exitCode}\n{result.Stdout}{result.Stderr}");
        Assert.DoesNotContain("internal error", result.Stderr);
    }

    [Fact]
    public void The_readme_table_states_the_policy_the_verbs_follow()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var rows = Regex.Matches(readme, @"^\| `(\d)` \| (.+) \|$", RegexOptions.Multiline).ToDictionary(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m => m.Groups[2].Value);

        Assert.Equal(new[] { 0, 1, 2 }, rows.Keys.Order());
        Assert.Equal(Core.Diagnostics.ExitPolicy.Ok, ExitCodes.Ok);
        Assert.StartsWith("no finding of error severity after the configured severities", rows[0]);
        Assert.StartsWith("at least one finding of error severity after the configured severities", rows[1]);
        Assert.StartsWith("bad usage only", rows[2]);
        Assert.Contains("unreadable or malformed file is a VRAM008 finding", readme);
        Assert.Equal(new[] { "check", "estimate", "explain", "fix", "plan", "report" }, EveryVerb().Select(row => (string)row[0]).Distinct().Order());
    }

    [Fact]
    public void A_value_vllm_would_reject_is_a_finding_not_exit_2()
    {
        using var cli = Setup();

        var lowerK = cli.Run("estimate", "--", "serve", "meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", "8k");
        Assert.Equal(0, lowerK.ExitCode);
        Assert.Contains("warning VRAM007: '--max-model-len 8k' means 8000 tokens", lowerK.Stdout);

        var arabic = cli.Run("estimate", "--", "serve", "meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", "\u0663\u0662\u0667\u0666\u0668");
        Assert.Equal(("", 0), (arabic.Stderr, arabic.ExitCode));
        Assert.Contains("warning VRAM007: '--max-model-len \u0663\u0662\u0667\u0666\u0668' is not valid", arabic.Stdout);

        cli.Write(".globalconfig", OneRtx4090 + "dotnet_diagnostic.VRAM007.severity = error\n");
        Assert.Equal(1, cli.Run("estimate", "--", "serve", "meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", "8k").ExitCode);
    }

    [Theory]
    [InlineData("--cpu-offload-gb", "1e309")]
    [InlineData("--gpu-memory-utilization", "Infinity")]
    [InlineData("--max-model-len", "99999999999999999999")]
    public void Json_output_survives_infinite_and_overflowing_numbers(string flag, string value)
    {
        using var cli = Setup();

        var result = cli.Run("estimate", "--format", "json", "--", "serve", "meta-llama/Llama-3.1-8B-Instruct", flag, value);

        Assert.Equal(("", 0), (result.Stderr, result.ExitCode));
        using var json = System.Text.Json.JsonDocument.Parse(result.Stdout);
        var diagnostic = json.RootElement.GetProperty("diagnostics").EnumerateArray().Single(d => d.GetProperty("id").GetString() == "VRAM007");
        Assert.Contains($"'{flag} {value}'", diagnostic.GetProperty("message").GetString());
    }

    [Fact]
    public void A_bad_configuration_value_is_a_vram007_at_its_line_in_every_verb()
    {
        using var cli = Setup("is_global = true\nvramlint.gpu = RTX 4090\nvramlint.gpu_count = banana\n");

        var check = cli.Run("check", "fits.yaml");
        Assert.Equal(0, check.ExitCode);
        Assert.StartsWith(".globalconfig(3,22): warning VRAM007: 'vramlint.gpu_count = banana' is not valid: expected a whole number of GPUs from 1 to 65536; the key is ignored\n", check.Stdout.ReplaceLineEndings("\n"));

        var estimate = cli.Run("estimate", "--", "serve", "meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", "8192");
        Assert.Equal(0, estimate.ExitCode);
        Assert.Contains($"warning VRAM007: {Path.Combine(cli.Folder, ".globalconfig")}(3,22): 'vramlint.gpu_count = banana' is not valid", estimate.Stdout);

        var huge = cli.Run("estimate", "--gpu-count", "2147483647", "--", "serve", "meta-llama/Llama-3.1-8B-Instruct");
        Assert.Equal(2, huge.ExitCode);
        Assert.Equal("vramlint: --gpu-count: 'vramlint.gpu_count = 2147483647' is not valid: expected a whole number of GPUs from 1 to 65536; the key is ignored\n", huge.Stderr.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Explain_honours_configured_severities_and_reports_unreadable_files()
    {
        using var cli = Setup(OneRtx4090 + "dotnet_diagnostic.VRAM001.severity = warning\n");
        File.WriteAllBytes(Path.Combine(cli.Folder, "latin1.yaml"), [.. "model: vllm-caf"u8, 0xE9, (byte)'\n']);

        var explain = cli.Run("explain", "too-long.yaml", "latin1.yaml");

        Assert.Equal(0, explain.ExitCode);
        Assert.Contains("warning VRAM001: one request of max-model-len 131072", explain.Stdout);
        Assert.DoesNotContain("error VRAM001", explain.Stdout);
        Assert.Contains("latin1.yaml(1,1): warning VRAM008: the file is not valid UTF-8 text at byte 15", explain.Stdout);
    }

    [Fact]
    public void Output_numbers_are_invariant_under_a_german_culture()
    {
        using var cli = Setup("is_global = true\nvramlint.gpu_memory = 24GiB\nvramlint.gpu_count = 4\nvramlint.estimator = blog\n");
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE");
        try
        {
            var estimate = cli.Run("estimate", "--", "serve", "Qwen/Qwen-32B-Chat", "--tensor-parallel-size", "4", "--max-num-seqs", "8", "--max-model-len", "8192");
            Assert.Contains("error VRAM001: per-GPU need 25.4 GiB (weights 16.0 + KV cache 6.4 + overhead 3.0)", estimate.Stdout);
            Assert.DoesNotContain("25,4", estimate.Stdout);

            var plan = cli.Run("plan", "--model", "meta-llama/Llama-3.1-8B-Instruct");
            Assert.Matches(@"\n +2 +4096 +18 +18\.2  133,120 +32\.5\n", plan.Stdout);
            Assert.DoesNotMatch(@"\d+,\d GiB", plan.Stdout);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "VramLint.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("the repository root was not found");
    }
}
