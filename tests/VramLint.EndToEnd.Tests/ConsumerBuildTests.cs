using System.Text.RegularExpressions;

namespace VramLint.EndToEnd.Tests;

/// <summary>The packed package in real consumer builds, C# and YAML alike, and the packed tool.</summary>
[Collection(PackageCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class ConsumerBuildTests
{
    // The seed's cluster and method: Qwen-32B-Chat at TP 4, batch 8, context 8192 needs 25.4 GiB per GPU.
    private const string SeedCluster = "is_global = true\nvramlint.gpu_memory = 24GiB\nvramlint.gpu_count = 4\nvramlint.estimator = blog\n";
    private const string OneL4 = "is_global = true\nvramlint.gpu = L4\nvramlint.gpu_count = 1\n";
    private const string SkippedAsUpToDate = "Skipping target \"VramLintYaml\" because all output files are up-to-date";

    private readonly PackageFixture package;

    public ConsumerBuildTests(PackageFixture package) => this.package = package;

    [Fact]
    public void An_oversized_deployment_fails_the_build_at_its_file_and_line_in_csharp_and_yaml()
    {
        var folder = package.Consumer("oversized", new Dictionary<string, string>
        {
            [".globalconfig"] = SeedCluster,
            ["Program.cs"] = "System.Diagnostics.Process.Start(\"vllm\",\n    \"serve Qwen/Qwen-32B-Chat --tensor-parallel-size 4 --max-num-seqs 8 --max-model-len 8192\");\n",
            ["deploy/qwen.yaml"] = "# vllm serve --config qwen.yaml\nmodel: Qwen/Qwen-32B-Chat\ntensor-parallel-size: 4\nmax-num-seqs: 8\nmax-model-len: 8192\n",
        });

        var build = Build(folder);

        Assert.NotEqual(0, build.Exit);
        Assert.Contains(new BuildDiagnostic("Program.cs", 2, 12, "error", "VRAM001"), build.Diagnostics);
        Assert.Contains(new BuildDiagnostic("qwen.yaml", 2, 8, "error", "VRAM001"), build.Diagnostics);
        Assert.Contains("per-GPU need 25.4 GiB (weights 16.0 + KV cache 6.4 + overhead 3.0)", build.Output);
        Assert.True(Directory.Exists(Path.Combine(package.Packages, "vramlint", package.Version)), "VramLint was not restored into the run-private packages folder");
    }

    [Fact]
    public void A_yaml_finding_is_reported_once_by_a_build_and_at_the_same_place_by_the_ide_analysis()
    {
        var folder = package.Consumer("yaml-once", new Dictionary<string, string>
        {
            [".globalconfig"] = SeedCluster,
            ["Program.cs"] = "System.Console.WriteLine();\n",
            ["deploy/qwen.yaml"] = "model: Qwen/Qwen-32B-Chat\ntensor-parallel-size: 4\nmax-num-seqs: 8\nmax-model-len: 8192\n",
        });
        var anyVram001 = new Regex(@"qwen\.yaml\((?<at>\d+,\d+)(?<end>,\d+,\d+)?\): error VRAM001:");

        // A command-line build: the task reports it (with its end), and the compiler, which does not receive the file, does not.
        var build = Build(folder);
        Assert.NotEqual(0, build.Exit);
        var once = Assert.Single(anyVram001.Matches(BeforeSummary(build.Output)));
        Assert.Equal(("1,8", ",1,26"), (once.Groups["at"].Value, once.Groups["end"].Value));
        var generated = Directory.GetFiles(Path.Combine(folder, "obj"), "*.GeneratedMSBuildEditorConfig.editorconfig", SearchOption.AllDirectories).Single();
        var afterBuild = File.ReadAllText(generated);
        Assert.Contains("build_metadata.AdditionalFiles.VramLintYaml = true", afterBuild);

        // The IDE's view: a design-time build gives the compiler the YAML and skips the task; the analyzer reports the
        // finding, once, at the same line and column (the compiler prints the start only).
        var designTime = Build(folder, "--no-restore", "--no-incremental", "-p:DesignTimeBuild=true");
        Assert.NotEqual(0, designTime.Exit);
        var fromAnalyzer = Assert.Single(anyVram001.Matches(BeforeSummary(designTime.Output)));
        Assert.Equal(("1,8", ""), (fromAnalyzer.Groups["at"].Value, fromAnalyzer.Groups["end"].Value));

        // Both kinds of build wrote the same generated .editorconfig: the IDE's options do not flip after a build.
        Assert.Equal(afterBuild, File.ReadAllText(generated));
    }

    [Fact]
    public void A_compose_files_env_decides_the_verdict_in_the_build_and_in_the_ide_analysis_alike()
    {
        // The analyzer reads no disk: the package gives the compiler the .env beside a linted file as a neighbour.
        var folder = package.Consumer("compose-env", new Dictionary<string, string>
        {
            [".globalconfig"] = "is_global = true\nvramlint.gpu = RTX 4090\nvramlint.gpu_count = 1\n",
            ["Program.cs"] = "System.Console.WriteLine();\n",
            ["deploy/compose.yaml"] = "services:\n  llm:\n    image: vllm/vllm-openai\n    command: [\"meta-llama/Llama-3.1-8B-Instruct\", \"--max-model-len\", \"${LEN:-4096}\"]\n",
            ["deploy/.env"] = "LEN=131072\n",
        });
        var atTheEnvValue = new Regex(@"\.env\((?<at>\d+,\d+)[^)]*\): error VRAM001:");

        var build = Build(folder);
        Assert.NotEqual(0, build.Exit);
        Assert.Equal("1,5", Assert.Single(atTheEnvValue.Matches(BeforeSummary(build.Output))).Groups["at"].Value);
        var generated = Directory.GetFiles(Path.Combine(folder, "obj"), "*.GeneratedMSBuildEditorConfig.editorconfig", SearchOption.AllDirectories).Single();
        var afterBuild = File.ReadAllText(generated);
        Assert.Contains("build_metadata.AdditionalFiles.VramLintNeighbour = true", afterBuild);

        var designTime = Build(folder, "--no-restore", "--no-incremental", "-p:DesignTimeBuild=true");
        Assert.NotEqual(0, designTime.Exit);
        Assert.Equal("1,5", Assert.Single(atTheEnvValue.Matches(BeforeSummary(designTime.Output))).Groups["at"].Value);
        Assert.Equal(afterBuild, File.ReadAllText(generated));
    }

    [Fact]
    public void A_command_line_build_on_linux_x64_runs_the_precompiled_analyzer_and_reports_exactly_what_the_il_one_reports()
    {
        var folder = package.Consumer("readytorun", new Dictionary<string, string>
        {
            [".globalconfig"] = OneL4,
            ["Program.cs"] = "System.Diagnostics.Process.Start(\"vllm\", \"serve meta-llama/Llama-3.1-8B-Instruct --max-model-len 131072\");\n",
        });
        var precompiled = new Regex(@"/analyzer:\S*/readytorun/net10\.0/linux-x64/VramLint\.Analyzers\.dll");
        var il = new Regex(@"/analyzer:\S*/analyzers/dotnet/cs/VramLint\.Analyzers\.dll");

        // The package holds images for this repository's CI only: the SDK of these tests (.NET 10 on linux-x64) gets
        // them; any other SDK keeps the IL analyzer.
        var expectPrecompiled = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier == "linux-x64" && Environment.Version.Major == 10;
        var build = Build(folder, "-v:n");
        var ilBuild = Build(folder, "-v:n", "--no-restore", "--no-incremental", "-p:VramLintReadyToRun=false");
        var designTime = Build(folder, "-v:n", "--no-restore", "--no-incremental", "-p:DesignTimeBuild=true");

        Assert.Equal(expectPrecompiled, precompiled.IsMatch(build.Output));
        Assert.Equal(!expectPrecompiled, il.IsMatch(build.Output));
        Assert.True(il.IsMatch(ilBuild.Output) && !precompiled.IsMatch(ilBuild.Output), "VramLintReadyToRun=false must keep the IL analyzer");
        Assert.True(il.IsMatch(designTime.Output) && !precompiled.IsMatch(designTime.Output), "the IDE's design-time build must keep the IL analyzer");

        // The same code, so the same findings: one VRAM001 at the context length (131072 in the string), identical text.
        var finding = Assert.Single(build.Diagnostics.Where(d => d.Id == "VRAM001").Distinct());
        Assert.Equal(new BuildDiagnostic("Program.cs", 1, 98, "error", "VRAM001"), finding);
        Assert.Single(Vram001Lines(build.Output));
        Assert.Equal(Vram001Lines(build.Output), Vram001Lines(ilBuild.Output));
        Assert.NotEqual(0, build.Exit);
    }

    private static string[] Vram001Lines(string output) =>
        Regex.Matches(BeforeSummary(output), @"Program\.cs\(\d+,\d+\): \w+ VRAM001: [^\r\n]*").Select(m => m.Value).Distinct().ToArray();

    [Fact]
    public void With_no_capacity_declared_every_build_warns_once()
    {
        var yamlOnly = package.Consumer("no-capacity-yaml", new Dictionary<string, string>
        {
            ["Program.cs"] = "System.Console.WriteLine();\n",
            ["llama.yaml"] = "model: meta-llama/Llama-3.1-8B-Instruct\nmax-model-len: 8192\n",
        });
        var csharpOnly = package.Consumer("no-capacity-cs", new Dictionary<string, string>
        {
            ["Program.cs"] = "System.Diagnostics.Process.Start(\"vllm\", \"serve meta-llama/Llama-3.1-8B-Instruct --max-model-len 8192\");\n",
        });

        // A YAML deployment: the task warns in the first build and again in the next (it is not skipped as up to date).
        foreach (var build in new[] { Build(yamlOnly), Build(yamlOnly) })
        {
            Assert.Equal(0, build.Exit);
            Assert.True(Regex.Matches(BeforeSummary(build.Output), "warning VRAM010: no GPU capacity is declared").Count == 1, build.Output);
        }

        // C# only: the analyzer's VRAM010 is a warning, shown by the command-line build.
        var csharp = Build(csharpOnly);
        Assert.Equal(0, csharp.Exit);
        Assert.Single(Regex.Matches(BeforeSummary(csharp.Output), "warning VRAM010: no GPU capacity is declared"));
    }

    [Fact]
    public void A_fitting_deployment_builds_clean_and_only_a_change_runs_the_yaml_task_again()
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
        Assert.DoesNotContain(SkippedAsUpToDate, first.Output);

        var unchanged = Build(folder, "-v:n");
        Assert.Equal(0, unchanged.Exit);
        Assert.Contains(SkippedAsUpToDate, unchanged.Output);

        // Other reporting settings can turn a warning into an error: the YAML is linted again.
        var otherSettings = Build(folder, "-v:n", "-p:TreatWarningsAsErrors=true");
        Assert.Equal(0, otherSettings.Exit);
        Assert.DoesNotContain(SkippedAsUpToDate, otherSettings.Output);

        File.WriteAllText(Path.Combine(folder, "llama.yaml"), "model: meta-llama/Llama-3.1-8B-Instruct\nmax-model-len: 131072\n");
        var changed = Build(folder);
        Assert.NotEqual(0, changed.Exit);
        Assert.Contains(new BuildDiagnostic("llama.yaml", 2, 16, "error", "VRAM001"), changed.Diagnostics);

        // A failed lint leaves no stamp, so its errors are not hidden by the next build.
        var again = Build(folder);
        Assert.NotEqual(0, again.Exit);
        Assert.Contains(new BuildDiagnostic("llama.yaml", 2, 16, "error", "VRAM001"), again.Diagnostics);
    }

    public static TheoryData<string, string[], string, string, string, int> SeverityControls => new()
    {
        // name, build arguments, config file, its text, severity of VRAM007 expected in C# and YAML ("" = none), exit code
        { "default", Array.Empty<string>(), ".globalconfig", OneL4, "warning", 0 },
        { "treat-warnings-as-errors", new[] { "-p:TreatWarningsAsErrors=true" }, ".globalconfig", OneL4, "error", 1 },
        { "warnings-not-as-errors", new[] { "-p:TreatWarningsAsErrors=true", "-p:WarningsNotAsErrors=CS0168%3BVRAM007" }, ".globalconfig", OneL4, "warning", 0 },
        { "warnings-as-errors", new[] { "-p:WarningsAsErrors=VRAM007" }, ".globalconfig", OneL4, "error", 1 },
        { "no-warn", new[] { "-p:NoWarn=VRAM007" }, ".globalconfig", OneL4, "", 0 },
        { "globalconfig-error", Array.Empty<string>(), ".globalconfig", OneL4 + "dotnet_diagnostic.VRAM007.severity = error\n", "error", 1 },
        { "globalconfig-none", Array.Empty<string>(), ".globalconfig", OneL4 + "dotnet_diagnostic.VRAM007.severity = none\n", "", 0 },
        { "editorconfig-section-error", Array.Empty<string>(), ".editorconfig", "root = true\n\n[*]\nvramlint.gpu = L4\nvramlint.gpu_count = 1\n\n[*.{cs,yaml}]\ndotnet_diagnostic.VRAM007.severity = error\n", "error", 1 },
    };

    [Theory]
    [MemberData(nameof(SeverityControls))]
    public void Severity_controls_work_for_csharp_and_yaml_alike(string name, string[] arguments, string configFile, string config, string expected, int expectedExit)
    {
        // --swap-space was removed from vLLM: a VRAM007 warning by default, in both places.
        var folder = package.Consumer(name, new Dictionary<string, string>
        {
            [configFile] = config,
            ["Program.cs"] = "System.Diagnostics.Process.Start(\"vllm\", \"serve meta-llama/Llama-3.1-8B-Instruct --max-model-len 8192 --swap-space 4\");\n",
            ["llama.yaml"] = "model: meta-llama/Llama-3.1-8B-Instruct\nmax-model-len: 8192\nswap-space: 4\n",
        });

        var build = Build(folder, arguments);

        var vram007 = build.Diagnostics.Where(d => d.Id == "VRAM007").Select(d => (d.File, d.Severity)).Distinct().OrderBy(d => d.File, StringComparer.Ordinal).ToArray();
        Assert.Equal(expected.Length == 0 ? [] : new[] { ("Program.cs", expected), ("llama.yaml", expected) }, vram007);
        Assert.Equal(expectedExit, build.Exit);
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

        var (formatExit, formatOutput) = Dotnet.Run(folder, "format", "analyzers", "Consumer.csproj", "--diagnostics", "VRAM001", "--severity", "info");
        Assert.True(formatExit == 0, formatOutput);
        Assert.Equal(
            "System.Diagnostics.Process.Start(\"vllm\", new[] { \"serve\", \"meta-llama/Llama-3.1-8B-Instruct\", \"--max-model-len\", \"37888\" });\n",
            File.ReadAllText(Path.Combine(folder, "Program.cs")));

        var fix = Build(folder, "-p:VramLintFix=true");
        Assert.Contains("VramLint fixed", fix.Output);
        Assert.Equal("model: meta-llama/Llama-3.1-8B-Instruct\nmax-model-len: 37888   # keep this comment\n", File.ReadAllText(Path.Combine(folder, "llama.yaml")));

        // The fix build reports the fixed files, not the errors it just removed.
        Assert.Equal(0, fix.Exit);
        Assert.DoesNotContain(fix.Diagnostics, d => d.Id == "VRAM001");

        var after = Build(folder);
        Assert.Equal(0, after.Exit);
        Assert.DoesNotContain(after.Diagnostics, d => d.Id == "VRAM001");
    }

    [Fact]
    public void A_multi_targeted_project_lints_and_fixes_its_yaml_once()
    {
        var folder = package.Consumer(
            "multi-target",
            new Dictionary<string, string>
            {
                [".globalconfig"] = "is_global = true\nvramlint.gpu = RTX 4090\nvramlint.gpu_count = 1\n",
                ["Launcher.cs"] = "public static class Launcher\n{\n    public static void Start() => System.Diagnostics.Process.Start(\"vllm\", \"serve meta-llama/Llama-3.1-8B-Instruct --max-model-len 8192\");\n}\n",
                ["llama.yaml"] = "model: meta-llama/Llama-3.1-8B-Instruct\nmax-model-len: 131072\n",
            },
            "<TargetFrameworks>net10.0;netstandard2.0</TargetFrameworks>");

        var build = Build(folder);
        Assert.NotEqual(0, build.Exit);
        Assert.Single(Regex.Matches(BeforeSummary(build.Output), @"llama\.yaml\(2,16,2,22\): error VRAM001:"));

        var fix = Build(folder, "-p:VramLintFix=true");
        Assert.Single(Regex.Matches(fix.Output, "VramLint fixed"));
        Assert.Equal("model: meta-llama/Llama-3.1-8B-Instruct\nmax-model-len: 37888\n", File.ReadAllText(Path.Combine(folder, "llama.yaml")));
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

        // The consumer's nuget.config maps VramLint* to the private feed: no --add-source needed.
        var (installExit, installOutput) = Dotnet.Run(folder, "tool", "install", "--tool-path", tools, "VramLint.Tool", "--version", package.Version);
        Assert.True(installExit == 0, installOutput);
        var vramlint = Path.Combine(tools, "vramlint");

        // The installed program's generated help names itself and lists the verbs; each verb's help its options.
        var (helpExit, help) = Dotnet.RunProgram(folder, vramlint, "--help");
        Assert.Equal(0, helpExit);
        Assert.Contains("Usage:\n  vramlint [command] [options]", help.Replace("\r\n", "\n"));
        Assert.Contains("check <PATH>", help);
        var (checkHelpExit, checkHelp) = Dotnet.RunProgram(folder, vramlint, "help", "check");
        Assert.Equal(0, checkHelpExit);
        Assert.Contains("vramlint check [<PATH>...] [options]", checkHelp);
        Assert.Contains("--format <text|json|sarif>", checkHelp);

        var (exit, output) = Dotnet.RunProgram(folder, vramlint, "check", "deploy");
        Assert.Equal(1, exit);
        Assert.Contains($"deploy{Path.DirectorySeparatorChar}qwen.yaml(1,8): error VRAM001: per-GPU need 25.4 GiB", output);
    }

    // MSBuild repeats errors and warnings in its closing summary.
    private static string BeforeSummary(string output)
    {
        var summary = Regex.Match(output, "^(Build FAILED|Build succeeded)", RegexOptions.Multiline);
        return summary.Success ? output[..summary.Index] : output;
    }

    private static (int Exit, string Output, IReadOnlyList<BuildDiagnostic> Diagnostics) Build(string folder, params string[] extra)
    {
        var (exit, output) = Dotnet.Run(folder, ["build", "-nologo", "-clp:NoSummary", .. extra]);
        return (exit, output, BuildDiagnostic.Parse(output));
    }
}
