namespace VramLint.Cli.Tests;

/// <summary>The .globalconfig/.editorconfig files a check reads for each of its files: read once, never stale.</summary>
public class ConfigFilesTests
{
    private const string Compose = "services:\n  llm:\n    image: vllm/vllm-openai\n    command: [\"meta-llama/Llama-3.1-8B-Instruct\", \"--max-model-len\", \"131072\"]\n";

    [Fact]
    public void Every_file_of_a_check_gets_the_values_of_a_50000_key_globalconfig()
    {
        using var cli = new CliRunner();
        var keys = string.Concat(Enumerable.Range(0, 50_000).Select(i => $"dotnet_diagnostic.CA{i:D5}.severity = warning\n"));
        cli.Write(".globalconfig", "is_global = true\n" + keys + "vramlint.gpu = RTX 4090\ndotnet_diagnostic.VRAM001.severity = warning\n");
        cli.Write("deploy/.editorconfig", "[b*.yaml]\ndotnet_diagnostic.VRAM001.severity = error\n");
        for (var i = 0; i < 20; i++)
        {
            cli.Write($"deploy/{(i < 15 ? "a" : "b")}{i:D2}.yaml", Compose);
        }

        var result = cli.Run("check", "deploy");

        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var findings = lines.Where(l => l.Contains(" VRAM001: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(20, findings.Count);
        Assert.Equal(15, findings.Count(l => l.StartsWith($"deploy{Path.DirectorySeparatorChar}a", StringComparison.Ordinal) && l.Contains("(4,70): warning VRAM001: ", StringComparison.Ordinal)));
        Assert.Equal(5, findings.Count(l => l.StartsWith($"deploy{Path.DirectorySeparatorChar}b", StringComparison.Ordinal) && l.Contains("(4,70): error VRAM001: ", StringComparison.Ordinal)));
        Assert.Equal("20 file(s) read, 20 vLLM deployment(s) found, 20 sized, 0 skipped: 5 error(s), 15 warning(s)", lines[^1]);
        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public void Folders_that_share_parents_each_get_their_own_config_files_and_their_parents()
    {
        using var cli = new CliRunner();
        cli.Write(".globalconfig", "is_global = true\nvramlint.gpu = RTX 4090\ndotnet_diagnostic.VRAM001.severity = warning\n");
        cli.Write("deploy/x/.editorconfig", "[*.yaml]\ndotnet_diagnostic.VRAM001.severity = error\n");
        cli.Write("deploy/x/z/.editorconfig", "[c*.yaml]\ndotnet_diagnostic.VRAM001.severity = suggestion\n");
        foreach (var path in new[] { "deploy/x/a.yaml", "deploy/y/b.yaml", "deploy/x/z/c.yaml", "deploy/x/z/d.yaml", "deploy/y/e.yaml" })
        {
            cli.Write(path, Compose);
        }

        var result = cli.Run("check", "deploy");

        var severities = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.Contains(" VRAM001: ", StringComparison.Ordinal))
            .Select(l => l[..l.IndexOf('(')].Replace(Path.DirectorySeparatorChar, '/') + " " + l.Split(' ')[1])
            .OrderBy(l => l, StringComparer.Ordinal);
        Assert.Equal(new[] { "deploy/x/a.yaml error", "deploy/x/z/c.yaml info", "deploy/x/z/d.yaml error", "deploy/y/b.yaml warning", "deploy/y/e.yaml warning" }, severities);
    }

    [Fact]
    public void A_config_file_changed_between_two_runs_is_read_again_even_with_the_same_size_and_time()
    {
        using var cli = new CliRunner();
        cli.Write(".globalconfig", "vramlint.gpu = RTX 4090\ndotnet_diagnostic.VRAM001.severity = error\n");
        cli.Write("deploy/compose.yaml", Compose);
        var written = File.GetLastWriteTimeUtc(Path.Combine(cli.Folder, ".globalconfig"));

        var first = cli.Run("check", "deploy");
        cli.Write(".globalconfig", "vramlint.gpu = RTX 4090\ndotnet_diagnostic.VRAM001.severity = none \n");
        File.SetLastWriteTimeUtc(Path.Combine(cli.Folder, ".globalconfig"), written);
        var second = cli.Run("check", "deploy");

        Assert.Equal((1, 0), (first.ExitCode, second.ExitCode));
        Assert.Contains("): error VRAM001: ", first.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("VRAM001", second.Stdout, StringComparison.Ordinal);
    }
}
