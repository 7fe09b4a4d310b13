using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace VramLint.Cli.Tests.Sarif;

/// <summary>
/// The SARIF output against the official SARIF 2.1.0 JSON Schema (JsonSchema.Net) and against Microsoft's SARIF
/// Multitool with the GitHub code-scanning rules. Both come from the npm package @microsoft/sarif-multitool-linux,
/// which .ci/install-test-tools fetches (the schema is not vendored here); the tests find it through
/// VRAMLINT_SARIF_TOOLS, so they have their own trait and CI step.
/// </summary>
[Trait("Category", "Schema")]
public class SarifSchemaTests
{
    private static string Tools =>
        Environment.GetEnvironmentVariable("VRAMLINT_SARIF_TOOLS") is { Length: > 0 } folder && Directory.Exists(folder)
            ? folder
            : throw new InvalidOperationException("VRAMLINT_SARIF_TOOLS must name the unpacked @microsoft/sarif-multitool-linux package: run '. .ci/install-test-tools'");

    // JsonSchema.Net registers a schema by its $id once per process.
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromFile(Path.Combine(Tools, "sarif-2.1.0.json")));

    private static CliRunner Setup()
    {
        var cli = new CliRunner();
        cli.Write(".globalconfig", "is_global = true\nvramlint.gpu = RTX 4090\nvramlint.gpu_count = 1\n");
        cli.Write("deploy/compose.yaml", "services:\n  llm:\n    image: vllm/vllm-openai\n    command: [\"meta-llama/Llama-3.1-8B-Instruct\", \"--max-model-len\", \"131072\", \"--max-num-seqs\", \"1024\"]\n");
        cli.Write("deploy/blog/serve.yaml", "model: Qwen/Qwen-32B-Chat\ntensor-parallel-size: 4\nmax-num-seqs: 8\nmax-model-len: 8192\n");
        cli.Write("deploy/blog/.globalconfig", "is_global = true\nvramlint.estimator = blog\nvramlint.gpu_memory = 24GiB\nvramlint.gpu_count = 4\n");
        cli.Write("deploy/broken.yaml", "model: vllm\n  x: [\n");
        cli.Write("nogpu/serve.yaml", "model: meta-llama/Llama-3.1-8B-Instruct\nmax-model-len: 8192\n");
        return cli;
    }

    [Theory]
    [InlineData("deploy")]
    [InlineData("nogpu")]
    public void Sarif_validates_against_the_official_schema(string folder)
    {
        using var cli = Setup();
        if (folder == "nogpu")
        {
            File.Delete(Path.Combine(cli.Folder, ".globalconfig"));
        }

        var output = cli.Run("check", "--format", "sarif", folder).Stdout;
        var result = Schema.Value.Evaluate(JsonDocument.Parse(output).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });

        Assert.True(result.IsValid, string.Join("\n", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
        Assert.NotEmpty(JsonDocument.Parse(output).RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray());
    }

    [Fact]
    public void A_document_the_schema_must_reject_is_rejected()
    {
        // Proof that the validation above can fail: a result whose level is not one SARIF defines.
        using var cli = Setup();
        var output = JsonNode.Parse(cli.Run("check", "--format", "sarif", "deploy").Stdout)!;
        output["runs"]![0]!["results"]![0]!["level"] = "fatal";

        Assert.False(Schema.Value.Evaluate(JsonDocument.Parse(output.ToJsonString()).RootElement).IsValid);
    }

    [Fact]
    public async Task The_sarif_multitool_finds_nothing_github_code_scanning_would_refuse()
    {
        using var cli = Setup();
        var sarif = Path.Combine(cli.Folder, "vramlint.sarif");
        File.WriteAllText(sarif, cli.Run("check", "--format", "sarif", "deploy").Stdout);
        var report = Path.Combine(cli.Folder, "validation.sarif");

        var start = new ProcessStartInfo(Path.Combine(Tools, "Sarif.Multitool")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "validate", sarif, "--output", report, "--log", "ForceOverwrite", "--level", "Error;Warning", "--rule-kind", "Sarif;Gh" })
        {
            start.ArgumentList.Add(arg);
        }

        using (var process = Process.Start(start)!)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = await process.StandardOutput.ReadToEndAsync();
            Assert.True(process.WaitForExit(120_000), "the SARIF Multitool did not finish within 120 s");
            Assert.True(process.ExitCode == 0, $"Sarif.Multitool exited {process.ExitCode}: {stdout}{await stderr}");
        }

        var findings = JsonDocument.Parse(File.ReadAllText(report)).RootElement.GetProperty("runs")[0];
        var results = findings.TryGetProperty("results", out var r) ? r.EnumerateArray().Select(x => x.GetProperty("ruleId").GetString() + " " + x.GetProperty("message")).ToList() : [];
        Assert.Empty(results);
    }
}
