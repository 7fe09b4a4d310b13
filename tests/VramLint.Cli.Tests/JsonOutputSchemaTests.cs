using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace VramLint.Cli.Tests;

/// <summary>
/// The JSON outputs against the schemas the repository publishes (docs/schemas): every shape a script may meet (a fit, a
/// failure with fixes, no verdict, the blog estimator, a check with findings, skips and no capacity) validates, and a
/// document that breaks the contract does not.
/// </summary>
public class JsonOutputSchemaTests
{
    private static readonly Lazy<JsonSchema> Estimate = new(() => Load("vramlint-estimate.schema.json"));
    private static readonly Lazy<JsonSchema> Check = new(() => Load("vramlint-check.schema.json"));

    [Theory]
    [InlineData("H100", "serve", "meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", "8192")]
    [InlineData("RTX 4090", "serve", "meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", "131072")]
    [InlineData("RTX 4090", "serve", "Qwen/Qwen2.5-7B-Instruct", "--tensor-parallel-size", "3")]
    [InlineData("L4", "serve", "myorg/llama-8b-chat")]
    [InlineData("L4", "serve", "acme/no-size-here")]
    [InlineData("L4", "serve", "meta-llama/Llama-3.1-8B-Instruct", "--tensor-paralel-size", "2")]
    public void Estimate_output_validates(string gpu, params string[] vllm)
    {
        using var cli = new CliRunner();
        var json = cli.Run(["estimate", "--format", "json", "--gpu", gpu, "--gpu-count", "1", "--", .. vllm]).Stdout;

        AssertValid(Estimate.Value, json);
        Assert.Equal(1, JsonDocument.Parse(json).RootElement.GetProperty("schemaVersion").GetInt32());
    }

    [Fact]
    public void Estimate_output_without_capacity_or_with_the_blog_estimator_validates()
    {
        using var cli = new CliRunner();
        var none = cli.Run("estimate", "--format", "json", "--", "serve", "meta-llama/Llama-3.1-8B-Instruct");
        var blog = cli.Run("estimate", "--format", "json", "--estimator", "blog", "--gpu-memory", "24GiB", "--gpu-count", "4", "--", "serve", "Qwen/Qwen-32B-Chat", "--tensor-parallel-size", "4", "--max-num-seqs", "8", "--max-model-len", "8192");

        AssertValid(Estimate.Value, none.Stdout);
        Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(none.Stdout).RootElement.GetProperty("fits").ValueKind);
        AssertValid(Estimate.Value, blog.Stdout);
        Assert.False(JsonDocument.Parse(blog.Stdout).RootElement.GetProperty("fits").GetBoolean());
    }

    [Fact]
    public void Check_output_validates_with_findings_skips_and_no_capacity()
    {
        using var cli = new CliRunner();
        cli.Write("deploy/.globalconfig", "is_global = true\nvramlint.gpu = RTX 4090\nvramlint.gpu_count = 1\n");
        cli.Write("deploy/compose.yaml", "services:\n  llm:\n    image: vllm/vllm-openai\n    command: [\"meta-llama/Llama-3.1-8B-Instruct\", \"--max-model-len\", \"131072\"]\n");
        cli.Write("deploy/templated.yaml", "services:\n  llm:\n    image: vllm/vllm-openai\n    command: [\"${MODEL}\"]\n");
        cli.Write("deploy/broken.yaml", "model: vllm\n  x: [\n");
        cli.Write("nogpu/serve.yaml", "model: meta-llama/Llama-3.1-8B-Instruct\nmax-model-len: 8192\n");

        var checked1 = cli.Run("check", "--format", "json", "deploy").Stdout;
        AssertValid(Check.Value, checked1);
        var root = JsonDocument.Parse(checked1).RootElement;
        Assert.Equal((1, 1), (root.GetProperty("schemaVersion").GetInt32(), root.GetProperty("skipped").GetArrayLength()));

        var noCapacity = cli.Run("check", "--format", "json", "nogpu").Stdout;
        AssertValid(Check.Value, noCapacity);
        var capacity = JsonDocument.Parse(noCapacity).RootElement.GetProperty("diagnostics").EnumerateArray().Single();
        Assert.Equal(("VRAM010", JsonValueKind.Null), (capacity.GetProperty("id").GetString(), capacity.GetProperty("file").ValueKind));
    }

    [Fact]
    public void A_document_that_breaks_the_contract_is_rejected()
    {
        using var cli = new CliRunner();
        var json = JsonNode.Parse(cli.Run("estimate", "--format", "json", "--gpu", "L4", "--gpu-count", "1", "--", "serve", "meta-llama/Llama-3.1-8B-Instruct").Stdout)!;
        json["fits"] = "yes";

        Assert.False(Estimate.Value.Evaluate(JsonDocument.Parse(json.ToJsonString()).RootElement).IsValid);
    }

    private static void AssertValid(JsonSchema schema, string json)
    {
        var result = schema.Evaluate(JsonDocument.Parse(json).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, string.Join("\n", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))) + "\n" + json);
    }

    private static JsonSchema Load(string name) =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(Root, "docs", "schemas", name)));

    private static string Root =>
        typeof(JsonOutputSchemaTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "VramLint.RepositoryRoot").Value!;
}
