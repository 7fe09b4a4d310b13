using System.Text.Json;
using VramLint.Core.Diagnostics;

namespace VramLint.Cli.Tests.Sarif;

/// <summary>What code-scanning services need from <c>check --format sarif</c>, checked on the output itself.</summary>
public class SarifReportTests
{
    private const string Compose = "services:\n  llm:\n    image: vllm/vllm-openai\n    command: [\"meta-llama/Llama-3.1-8B-Instruct\", \"--max-model-len\", \"131072\"]  # long\n";

    private static CliRunner Setup()
    {
        var cli = new CliRunner();
        cli.Write(".globalconfig", "is_global = true\nvramlint.gpu = RTX 4090\nvramlint.gpu_count = 1\n");
        cli.Write("deploy/compose.yaml", Compose);
        return cli;
    }

    private static JsonElement Run(CliRunner cli) =>
        JsonDocument.Parse(cli.Run("check", "--format", "sarif", "deploy").Stdout).RootElement.GetProperty("runs")[0];

    [Fact]
    public void Every_rule_has_a_name_both_descriptions_help_and_a_help_uri_from_the_registry()
    {
        using var cli = Setup();
        var rules = Run(cli).GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToList();

        Assert.Equal(DiagnosticIds.All.Select(i => i.Id), rules.Select(r => r.GetProperty("id").GetString()));
        foreach (var (rule, info) in rules.Zip(DiagnosticIds.All))
        {
            Assert.Matches("^[A-Z][A-Za-z]+$", rule.GetProperty("name").GetString());
            Assert.Equal(info.Title, rule.GetProperty("shortDescription").GetProperty("text").GetString());
            Assert.Equal(info.Description, rule.GetProperty("fullDescription").GetProperty("text").GetString());
            Assert.Contains(info.HelpLink, rule.GetProperty("help").GetProperty("markdown").GetString());
            Assert.Equal(info.HelpLink, rule.GetProperty("helpUri").GetString());
        }
    }

    [Fact]
    public void Locations_are_relative_to_srcroot_which_original_uri_base_ids_resolve()
    {
        using var cli = Setup();
        var run = Run(cli);
        var location = run.GetProperty("results")[0].GetProperty("locations")[0].GetProperty("physicalLocation");

        Assert.Equal("deploy/compose.yaml", location.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal("%SRCROOT%", location.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString());
        var root = new Uri(run.GetProperty("originalUriBaseIds").GetProperty("%SRCROOT%").GetProperty("uri").GetString()!);
        Assert.Equal(Path.Combine(cli.Folder, "deploy", "compose.yaml"), new Uri(root, "deploy/compose.yaml").LocalPath);
        Assert.Equal("\"131072\"", location.GetProperty("region").GetProperty("snippet").GetProperty("text").GetString());
    }

    [Fact]
    public void The_sarif_fix_rewrites_the_file_exactly_as_vramlint_fix_does()
    {
        using var cli = Setup();
        var result = Run(cli).GetProperty("results")[0];
        var change = result.GetProperty("fixes")[0].GetProperty("artifactChanges")[0];
        var text = File.ReadAllText(Path.Combine(cli.Folder, "deploy", "compose.yaml"));
        foreach (var replacement in change.GetProperty("replacements").EnumerateArray().OrderByDescending(r => r.GetProperty("deletedRegion").GetProperty("charOffset").GetInt32()))
        {
            var region = replacement.GetProperty("deletedRegion");
            var (offset, length) = (region.GetProperty("charOffset").GetInt32(), region.GetProperty("charLength").GetInt32());
            text = text[..offset] + replacement.GetProperty("insertedContent").GetProperty("text").GetString() + text[(offset + length)..];
        }

        Assert.Equal(0, cli.Run("fix", "deploy").ExitCode);
        Assert.Equal(File.ReadAllText(Path.Combine(cli.Folder, "deploy", "compose.yaml")), text);
        Assert.StartsWith("Lower max-model-len to ", result.GetProperty("fixes")[0].GetProperty("description").GetProperty("text").GetString());
    }

    [Fact]
    public void The_fingerprint_survives_moved_lines_and_changes_with_the_flagged_setting()
    {
        using var cli = Setup();
        var first = Fingerprint(Run(cli));

        cli.Write("deploy/compose.yaml", "# the chat model\n" + Compose);
        var moved = Run(cli);
        Assert.Equal(5, moved.GetProperty("results")[0].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32());
        Assert.Equal(first, Fingerprint(moved));

        cli.Write("deploy/compose.yaml", Compose.Replace("131072", "120000"));
        Assert.NotEqual(first, Fingerprint(Run(cli)));
    }

    private static string? Fingerprint(JsonElement run) =>
        run.GetProperty("results")[0].GetProperty("partialFingerprints").GetProperty("vramlintFinding/v1").GetString();
}
