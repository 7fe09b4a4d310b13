using System.Diagnostics;
using System.Reflection;

namespace VramLint.Cli.Tests;

/// <summary>
/// The command line on System.CommandLine: help generated from the verbs' one declaration, typo suggestions, shell
/// completion through the [suggest] directive (and the scripts that use it, run in a real bash), --version, colour only
/// for a terminal without NO_COLOR, and the README's command table equal to the parser's.
/// </summary>
public class CommandLineTests
{
    [Fact]
    public void Root_help_lists_every_command_and_its_summary()
    {
        using var cli = new CliRunner();
        var help = cli.Run("--help");

        Assert.Equal(0, help.ExitCode);
        foreach (var verb in Verbs.All.Where(v => !v.Path.Contains(' ')))
        {
            Assert.Matches($@"\n  {verb.Name}( <[A-Z-]+>)? +{System.Text.RegularExpressions.Regex.Escape(verb.Summary)}\n", help.Stdout);
        }

        foreach (var group in Verbs.Groups)
        {
            Assert.Matches($@"\n  {group.Key} +{System.Text.RegularExpressions.Regex.Escape(group.Value)}\n", help.Stdout);
        }

        Assert.EndsWith(CommandLine.Epilog + "\n", help.Stdout.Replace("\r\n", "\n"));

        // No command at all is a usage error: the same help, on stderr.
        var none = cli.Run();
        Assert.Equal((2, "", help.Stdout), (none.ExitCode, none.Stdout, none.Stderr));
    }

    public static TheoryData<string> VerbPaths() => new(Verbs.All.Select(v => v.Path));

    [Theory]
    [MemberData(nameof(VerbPaths))]
    public void Each_verbs_help_lists_its_declared_options_and_words(string path)
    {
        var verb = Verbs.All.Single(v => v.Path == path);
        using var cli = new CliRunner();

        var help = cli.Run([.. path.Split(' '), "--help"]);
        var viaHelpWord = cli.Run(["help", .. path.Split(' ')]);

        Assert.Equal(0, help.ExitCode);
        Assert.Equal(help.Stdout, viaHelpWord.Stdout);
        Assert.Contains("  " + verb.Summary + "\n", help.Stdout);
        // The usage line names the running program: vramlint when installed, the test host here.
        Assert.Matches($@"Usage:\n  \S+ {path} ", help.Stdout);
        foreach (var option in verb.Options)
        {
            var shown = option.ValueName is null ? option.Name : $"{option.Name} <{option.ValueName}>";
            Assert.Matches($@"\n  {System.Text.RegularExpressions.Regex.Escape(shown)} +{System.Text.RegularExpressions.Regex.Escape(option.Description)}\n", help.Stdout);
        }

        Assert.Equal(verb.Formats.Count > 1, help.Stdout.Contains($"--format <{string.Join("|", verb.Formats)}>"));
        if (verb.Words is { } words)
        {
            Assert.Contains($"<{words.Name}>  {words.Description}", help.Stdout);
        }
    }

    [Theory]
    [InlineData("vramlint: unknown command 'chek'; did you mean 'check'? (run 'vramlint --help')", "chek", "deploy")]
    [InlineData("vramlint: unknown command 'bogus': expected estimate, plan, check, fix, explain, report, models, completion or schema (run 'vramlint --help')", "bogus")]
    [InlineData("vramlint: unknown option '--formt' for check; did you mean '--format'? (run 'vramlint check --help')", "check", "--formt", "json", "deploy")]
    [InlineData("vramlint: unknown option '--gpu-memroy' for estimate; did you mean '--gpu-memory'? (run 'vramlint estimate --help')", "estimate", "--gpu-memroy", "24", "--", "serve", "m-7B")]
    [InlineData("vramlint: unknown option '--dryrun' for fix; did you mean '--dry-run'? (run 'vramlint fix --help')", "fix", "--dryrun", "deploy")]
    [InlineData("vramlint: unknown command 'shwo' for models; did you mean 'show'? (run 'vramlint models --help')", "models", "shwo", "x")]
    [InlineData("vramlint: unknown option '--zzz' for plan (run 'vramlint plan --help')", "plan", "--zzz")]
    [InlineData("vramlint: unexpected argument 'extra' for plan", "plan", "--model", "m-7B", "extra")]
    [InlineData("vramlint: --gpu-memory needs a value", "estimate", "--gpu-memory")]
    [InlineData("vramlint: --format 'xml' is not supported by estimate: expected text, json", "estimate", "--format", "xml", "--", "serve", "m-7B")]
    [InlineData("vramlint: schema needs a verb: vllm-config", "schema")]
    [InlineData("vramlint: completion needs one shell, 'tcsh' given: expected bash, zsh, fish, pwsh", "completion", "tcsh")]
    public void Bad_usage_is_one_line_with_the_nearest_known_word(string message, params string[] args)
    {
        using var cli = new CliRunner();
        var result = cli.Run(args);
        Assert.Equal((2, "", message + "\n"), (result.ExitCode, result.Stdout, result.Stderr));
    }

    [Fact]
    public void Estimate_takes_vllm_words_from_the_first_plain_word_or_after_the_double_dash()
    {
        using var cli = new CliRunner();
        var plain = cli.Run("estimate", "--gpu", "L4", "--format", "json", "serve", "meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", "4096", "--gpu", "H100");
        var dashed = cli.Run("estimate", "--gpu", "L4", "--format", "json", "--", "serve", "meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", "4096", "--gpu", "H100");

        // After the model, --gpu is a vLLM word (vLLM has no such option: VRAM007), not VramLint's GPU.
        Assert.Equal(plain.Stdout, dashed.Stdout);
        Assert.Contains("\"name\": \"L4\"", plain.Stdout);
        Assert.Contains("\\u0027--gpu\\u0027 is not a vLLM option", plain.Stdout);
    }

    [Theory]
    [InlineData("ch", "check\nschema")]
    [InlineData("check --f", "--format")]
    [InlineData("check --format ", "json\nsarif\ntext")]
    [InlineData("estimate --estimator ", "blog\nvllm")]
    [InlineData("estimate --gpu H2", "H20\nH200\nGH200 144GB\nGH200 96GB")]
    [InlineData("completion ", "--help\n-?\n-h\n/?\n/h\nbash\nfish\npwsh\nzsh")]
    public void The_suggest_directive_completes_commands_options_and_values(string line, string expected)
    {
        using var cli = new CliRunner();
        var result = cli.Run($"[suggest:{line.Length}]", line);

        Assert.Equal((0, expected + "\n"), (result.ExitCode, result.Stdout.Replace("\r\n", "\n")));
    }

    [Theory]
    [InlineData("vramlint che", "check")]
    [InlineData("vramlint check --format ", "json sarif text")]
    [InlineData("vramlint models s", "show")]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // bash, a shell shim and Unix file modes
    public void The_bash_script_completes_through_the_installed_tool(string line, string expected)
    {
        using var cli = new CliRunner();
        var bin = Path.Combine(cli.Folder, "bin");
        Directory.CreateDirectory(bin);
        var tool = Path.Combine(Path.GetDirectoryName(typeof(CommandLine).Assembly.Location)!, "vramlint.dll");
        var shim = Path.Combine(bin, "vramlint");
        File.WriteAllText(shim, $"#!/bin/sh\nexec dotnet \"{tool}\" \"$@\"\n");
        File.SetUnixFileMode(shim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var script = cli.Run("completion", "bash").Stdout;
        File.WriteAllText(Path.Combine(cli.Folder, "completion.bash"), script);

        // What bash sets before calling a completion function, for a cursor at the end of the line.
        var words = line.Split(' ');
        var driver = $$"""
            source completion.bash
            COMP_LINE='{{line}}'; COMP_POINT={{line.Length}}
            COMP_WORDS=({{string.Join(" ", words.Select(w => $"'{w}'"))}}); COMP_CWORD={{words.Length - 1}}
            _vramlint_complete
            echo "${COMPREPLY[*]}"
            """;
        var start = new ProcessStartInfo("bash", ["-c", driver]) { WorkingDirectory = cli.Folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["PATH"] = bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        using var bash = Process.Start(start)!;
        var output = bash.StandardOutput.ReadToEnd();
        var errors = bash.StandardError.ReadToEnd();
        bash.WaitForExit();

        Assert.True(bash.ExitCode == 0, errors);
        Assert.Equal(expected + "\n", output);
    }

    [Fact]
    public void Every_shell_script_calls_the_suggest_directive_of_vramlint_itself()
    {
        using var cli = new CliRunner();
        foreach (var shell in new[] { "bash", "zsh", "fish", "pwsh" })
        {
            var result = cli.Run("completion", shell);
            Assert.Equal(0, result.ExitCode);
            Assert.Contains("vramlint \"[suggest:", result.Stdout.Replace("\"$exe\" \"[suggest:", "vramlint \"[suggest:"));
            Assert.DoesNotContain("\r", result.Stdout);
        }
    }

    [Fact]
    public void Version_prints_the_informational_version()
    {
        using var cli = new CliRunner();
        var version = typeof(CommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

        Assert.Equal((0, version + "\n"), (cli.Run("--version").ExitCode, cli.Run("--version").Stdout.Replace("\r\n", "\n")));
    }

    [Fact]
    public void Colour_only_for_a_terminal_without_no_color_and_never_in_json()
    {
        using var cli = new CliRunner();
        string[] args = ["estimate", "--gpu", "RTX 4090", "--", "serve", "meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", "131072"];

        string Run(bool terminal, string? noColor, params string[] extra)
        {
            var stdout = new StringWriter();
            CommandLine.Run([.. args.Take(1), .. extra, .. args.Skip(1)], stdout, new StringWriter(), cli.Folder, name => name == "NO_COLOR" ? noColor : null, terminal);
            return stdout.ToString();
        }

        var coloured = Run(terminal: true, noColor: null);
        // Ordinal: a linguistic comparison ignores the escape character.
        Assert.Contains("\u001b[31merror\u001b[0m VRAM001:", coloured, StringComparison.Ordinal);
        Assert.Contains("\n\u001b[31mdoes not fit", coloured, StringComparison.Ordinal);
        var plain = Run(terminal: false, noColor: null);
        Assert.DoesNotContain("\u001b", plain, StringComparison.Ordinal);
        Assert.Equal(plain, Run(terminal: true, noColor: "1"));
        Assert.Equal(plain, coloured.Replace("\u001b[31m", "").Replace("\u001b[0m", ""));
        Assert.DoesNotContain("\u001b", Run(terminal: true, noColor: null, "--format", "json"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("sarif")]
    public void Check_fix_and_explain_write_the_same_document_in_each_format(string format)
    {
        using var cli = new CliRunner();
        cli.Write(".globalconfig", "is_global = true\nvramlint.gpu = RTX 4090\nvramlint.gpu_count = 1\n");
        cli.Write("deploy/too-long.yaml", "model: meta-llama/Llama-3.1-8B-Instruct\nmax-model-len: 131072\n");

        var check = cli.Run("check", "--format", format, "deploy");
        var explain = cli.Run("explain", "--format", format, "deploy");
        var dryRun = cli.Run("fix", "--dry-run", "--format", format, "deploy");

        Assert.Equal(1, check.ExitCode);
        Assert.Contains("VRAM001", check.Stdout);
        Assert.Equal((check.ExitCode, check.Stdout), (explain.ExitCode, explain.Stdout));
        Assert.Equal((check.ExitCode, check.Stdout), (dryRun.ExitCode, dryRun.Stdout));
        Assert.StartsWith("--- a/deploy/too-long.yaml\n", dryRun.Stderr);

        // After fixing, the document holds what is left: nothing, so the run passes.
        var fixedRun = cli.Run("fix", "--format", format, "deploy");
        Assert.Equal((0, cli.Run("check", "--format", format, "deploy").Stdout), (fixedRun.ExitCode, fixedRun.Stdout));
        var left = System.Text.Json.JsonDocument.Parse(fixedRun.Stdout).RootElement;
        Assert.Equal(0, (format == "json" ? left.GetProperty("diagnostics") : left.GetProperty("runs")[0].GetProperty("results")).GetArrayLength());
        Assert.Contains("deploy/too-long.yaml: Lower max-model-len to ", fixedRun.Stderr);
    }

    /// <summary>The tool package's README shows commands a user copies: each one parses (no exit code 2).</summary>
    [Fact]
    public void Every_command_of_the_tool_readme_parses()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot, "src", "VramLint.Cli", "README.md"));
        var lines = System.Text.RegularExpressions.Regex.Matches(readme, @"^(?:eval ""\$\()?vramlint (?<args>[^#\n>)]+)", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => m.Groups["args"].Value.Trim())
            .ToList();
        using var cli = new CliRunner();
        cli.Write("deploy/compose.yaml", "services:\n  llm:\n    image: vllm/vllm-openai\n    command: [--model, meta-llama/Llama-3.1-8B-Instruct, --max-model-len, \"8192\"]\n");

        Assert.True(lines.Count >= 8, string.Join("\n", lines));
        foreach (var line in lines)
        {
            var words = System.Text.RegularExpressions.Regex.Matches(line, @"""[^""]*""|\S+").Select(m => m.Value.Trim('"')).ToArray();
            var result = cli.Run(words);
            Assert.True(result.ExitCode != 2, $"vramlint {line}: {result.Stderr}");
        }
    }

    [Fact]
    public void The_readme_command_table_is_the_parsers()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot, "README.md")).Replace("\r\n", "\n");
        var start = readme.IndexOf(CliReference.Begin, StringComparison.Ordinal);
        var end = readme.IndexOf(CliReference.End, StringComparison.Ordinal);

        Assert.True(start >= 0 && end > start, "README.md has no generated command table; insert:\n" + CliReference.Markdown());
        Assert.True(
            CliReference.Markdown() == readme.Substring(start, end + CliReference.End.Length + 1 - start),
            "README.md's command table differs from the parser's; replace it with:\n" + CliReference.Markdown());
    }

    private static string RepositoryRoot =>
        typeof(CommandLineTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "VramLint.RepositoryRoot").Value!;
}
