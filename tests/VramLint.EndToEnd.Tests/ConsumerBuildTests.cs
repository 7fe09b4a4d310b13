using System.Text.RegularExpressions;

namespace VramLint.EndToEnd.Tests;

/// <summary>The packed package in real consumer builds: C# and YAML alike (issue: one NuGet package).</summary>
public sealed class ConsumerBuildTests : IClassFixture<PackageFixture>
{
    private const string SeedCluster = "is_global = true\nvramlint.gpu_memory = 24GiB\nvramlint.gpu_count = 4\nvramlint.estimator = blog\n";
    private const string OneL4 = "is_global = true\nvramlint.gpu = L4\nvramlint.gpu_count = 1\n";

    private static readonly Regex Diagnostic = new(@"^\s*(?:\d+>)?(?<file>[^\s(][^(]*)\((?<line>\d+),(?<col>\d+)(?:,\d+,\d+)?\): (?<severity>error|warning|message) (?<id>VRAM\d{3}):", RegexOptions.Multiline);

    private readonly PackageFixture package;

    public ConsumerBuildTests(PackageFixture package) => this.package = package;

    private static (int Exit, string Output, List<(string File, int Line, int Column, string Severity, string Id)> Diagnostics) Build(string folder, params string[] extra)
    {
        var (exit, output) = PackageFixture.Run(folder, "dotnet", new[] { "build", "-nologo", "-clp:NoSummary" }.Concat(extra).ToArray());
        var diagnostics = Diagnostic.Matches(output)
            .Select(m => (Path.GetFileName(m.Groups["file"].Value), int.Parse(m.Groups["line"].Value), int.Parse(m.Groups["col"].Value), m.Groups["severity"].Value, m.Groups["id"].Value))
            .Distinct()
            .ToList();
        return (exit, output, diagnostics);
    }

    [Fact]
    public void An_oversized_deployment_fails_the_build_at_its_file_and_line_in_csharp_and_yaml()
    {
        var folder = package.Consumer("oversized", new Dictionary<string, string>
        {
            [".globalconfig"] = SeedCluster,
            ["Program.cs"] = "System.Diagnostics.Process.Start(\"vllm\",\n    \"serve Qwen/Qwen-32B-Chat --tensor-parallel-size 4 --max-num-seqs 8 --max-model-len 8192\");\n",
            ["deploy/qwen.yaml"] = "# vllm serve --config qwen.yaml\nmodel: Qwen/Qwen-32B-Chat\ntensor-parallel-size: 4\nmax-num-seqs: 8\nmax-model-len: 8192\n",
        });

        var (exit, output, diagnostics) = Build(folder);

        Assert.NotEqual(0, exit);
        Assert.Contains(("Program.cs", 2, 12, "error", "VRAM001"), diagnostics);
        Assert.Contains(("qwen.yaml", 2, 8, "error", "VRAM001"), diagnostics);
        Assert.Contains("per-GPU need 25.4 GiB (weights 16.0 + KV cache 6.4 + overhead 3.0)", output);
    }

    [Fact]
    public void A_fitting_deployment_builds_clean_and_an_unchanged_rebuild_skips_the_yaml_task()
    {
        var folder = package.Consumer("fitting", new Dictionary<string, string>
        {
            [".globalconfig"] = OneL4,
            ["Program.cs"] = "System.Diagnostics.Process.Start(\"vllm\", \"serve meta-llama/Llama-3.1-8B-Instruct --max-model-len 8192\");\n",
            ["llama.yaml"] = "model: meta-llama/Llama-3.1-8B-Instruct\nmax-model-len: 8192\n",
        });

        var first = Build(folder, "-v:n");
        Assert.Equal(0, first.Exit);
        Assert.DoesNotContain(first.Diagnostics, d => d.Severity is "error" or "warning");
        Assert.Contains("VramLintYaml:", first.Output);

        var second = Build(folder, "-v:n");
        Assert.Equal(0, second.Exit);
        Assert.Contains("Skipping target \"VramLintYaml\" because all output files are up-to-date", second.Output);
    }

    public static TheoryData<string, string[], string, string> SeverityControls => new()
    {
        // name, build arguments, extra .globalconfig lines, expected severity of VRAM007 in C# and YAML ("" = not reported)
        { "treat-warnings-as-errors", new[] { "-p:TreatWarningsAsErrors=true" }, "", "error" },
        { "warnings-as-errors", new[] { "-p:WarningsAsErrors=VRAM007" }, "", "error" },
        { "no-warn", new[] { "-p:NoWarn=VRAM007" }, "", "" },
        { "globalconfig-error", Array.Empty<string>(), "dotnet_diagnostic.VRAM007.severity = error\n", "error" },
        { "globalconfig-none", Array.Empty<string>(), "dotnet_diagnostic.VRAM007.severity = none\n", "" },
    };

    [Theory]
    [MemberData(nameof(SeverityControls))]
    public void Severity_controls_work_for_csharp_and_yaml_alike(string name, string[] arguments, string config, string expected)
    {
        // --swap-space was removed from vLLM: a VRAM007 warning by default, in both places.
        var folder = package.Consumer(name, new Dictionary<string, string>
        {
            [".globalconfig"] = OneL4 + config,
            ["Program.cs"] = "System.Diagnostics.Process.Start(\"vllm\", \"serve meta-llama/Llama-3.1-8B-Instruct --max-model-len 8192 --swap-space 4\");\n",
            ["llama.yaml"] = "model: meta-llama/Llama-3.1-8B-Instruct\nmax-model-len: 8192\nswap-space: 4\n",
        });

        var (exit, _, diagnostics) = Build(folder, arguments);

        var vram007 = diagnostics.Where(d => d.Id == "VRAM007").Select(d => (d.File, d.Severity)).Distinct().OrderBy(d => d.File, StringComparer.Ordinal).ToArray();
        if (expected.Length == 0)
        {
            Assert.Empty(vram007);
            Assert.Equal(0, exit);
        }
        else
        {
            Assert.Equal(new[] { ("Program.cs", expected), ("llama.yaml", expected) }, vram007);
            Assert.NotEqual(0, exit);
        }
    }

    [Fact]
    public void Dotnet_format_applies_the_csharp_fix_and_VramLintFix_the_yaml_one()
    {
        var folder = package.Consumer("fixes", new Dictionary<string, string>
        {
            [".globalconfig"] = "is_global = true\nvramlint.gpu = RTX 4090\nvramlint.gpu_count = 1\n",
            ["Program.cs"] = "System.Diagnostics.Process.Start(\"vllm\", new[] { \"serve\", \"meta-llama/Llama-3.1-8B-Instruct\", \"--max-model-len\", \"131072\" });\n",
            ["llama.yaml"] = "model: meta-llama/Llama-3.1-8B-Instruct\nmax-model-len: 131072   # keep this comment\n",
        });

        var (formatExit, formatOutput) = PackageFixture.Run(folder, "dotnet", "format", "analyzers", "Consumer.csproj", "--diagnostics", "VRAM001", "--severity", "info");
        Assert.True(formatExit == 0, formatOutput);
        Assert.Contains("\"--max-model-len\", \"37888\"", File.ReadAllText(Path.Combine(folder, "Program.cs")));

        Build(folder, "-p:VramLintFix=true");
        Assert.Equal("model: meta-llama/Llama-3.1-8B-Instruct\nmax-model-len: 37888   # keep this comment\n", File.ReadAllText(Path.Combine(folder, "llama.yaml")));

        var after = Build(folder);
        Assert.Equal(0, after.Exit);
        Assert.DoesNotContain(after.Diagnostics, d => d.Id == "VRAM001");
    }

    [Fact]
    public void The_vramlint_tool_installs_and_checks_yaml()
    {
        var folder = package.Consumer("tool", new Dictionary<string, string>
        {
            [".globalconfig"] = SeedCluster,
            ["deploy/qwen.yaml"] = "model: Qwen/Qwen-32B-Chat\ntensor-parallel-size: 4\nmax-num-seqs: 8\nmax-model-len: 8192\n",
        });
        var tools = Path.Combine(folder, ".tools");

        var (installExit, installOutput) = PackageFixture.Run(folder, "dotnet", "tool", "install", "--tool-path", tools, "--add-source", package.Feed, "VramLint.Tool", "--version", package.Version);
        Assert.True(installExit == 0, installOutput);

        var (exit, output) = PackageFixture.Run(folder, Path.Combine(tools, "vramlint"), "check", "deploy");
        Assert.Equal(1, exit);
        Assert.Contains($"deploy{Path.DirectorySeparatorChar}qwen.yaml(1,8): error VRAM001: per-GPU need 25.4 GiB", output);
    }
}
