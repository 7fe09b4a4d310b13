using System.Reflection;
using System.Text.Json.Nodes;
using Json.Schema;
using YamlDotNet.RepresentationModel;

namespace VramLint.Cli.Tests;

/// <summary>
/// The JSON Schema of vLLM --config files (<c>vramlint schema vllm-config</c>, docs/schemas/vllm-config.schema.json):
/// config files of the shapes public repositories write validate, a misspelt, removed or out-of-range key does not, and
/// the committed copy is what the tool prints.
/// </summary>
public class VllmConfigSchemaTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(SchemaText()));

    [Fact]
    public void The_committed_schema_is_what_the_tool_prints()
    {
        var committed = File.ReadAllText(Path.Combine(RepositoryRoot, "docs", "schemas", "vllm-config.schema.json"));
        Assert.True(committed == SchemaText(), "docs/schemas/vllm-config.schema.json is stale: regenerate it with 'vramlint schema vllm-config > docs/schemas/vllm-config.schema.json'");
    }

    [Fact]
    public void The_sample_config_file_validates()
    {
        AssertValid(File.ReadAllText(Path.Combine(RepositoryRoot, "samples", "Oversized", "qwen.yaml")));
    }

    /// <summary>Written after the shapes public repositories use: underscores with nulls, JSON given as text, "no-" booleans, mappings, 32k.</summary>
    [Theory]
    [InlineData("model: \"unsloth/Llama-3.2-1B-Instruct\"\nrevision: null\ntensor_parallel_size: 1\nhost: \"0.0.0.0\"\nport: 8000\ngpu_memory_utilization: 0.9\ndtype: \"auto\"\nmax_model_len: 4096\n")]
    [InlineData("compilation-config: '{\"cudagraph_mode\":\"PIECEWISE\"}'\nasync-scheduling: true\nno-enable-prefix-caching: true\nmax-num-batched-tokens: 8192\nmax-model-len: 10240\n")]
    [InlineData("model: Qwen/Qwen2.5-VL-7B-Instruct\nmax-model-len: 32k\nlimit-mm-per-prompt:\n  image: 2\n  video: 0\nkv-cache-dtype: fp8\nenable-chunked-prefill: true\nmax-num-seqs: 16\nserved-model-name: vision\n")]
    [InlineData("model: meta-llama/Llama-3.1-70B-Instruct\ntensor-parallel-size: 4\npipeline-parallel-size: 2\ndistributed-executor-backend: ray\nenforce-eager: false\ncudagraph-capture-sizes: [1, 2, 4, 8]\nquantization: fp8\nmax-model-len: auto\n")]
    public void Real_shaped_config_files_validate(string yaml)
    {
        AssertValid(yaml);
    }

    [Theory]
    [InlineData("model: m\nmax_model_length: 8192\n", "max_model_length")]
    [InlineData("model: m\ntensor-paralel-size: 2\n", "tensor-paralel-size")]
    [InlineData("model: m\ngpu-memory-utilization: 1.5\n", "gpu-memory-utilization")]
    [InlineData("model: m\ntensor-parallel-size: 0\n", "tensor-parallel-size")]
    [InlineData("model: m\nmax-model-len: 8 thousand\n", "max-model-len")]
    [InlineData("model: m\nkv-cache-dtype: fp9\n", "kv-cache-dtype")]
    [InlineData("model: m\nenforce-eager: maybe\n", "enforce-eager")]
    [InlineData("model: m\nblock-size: 24\n", "block-size")]
    [InlineData("model: m\nquantization: awq4\n", "quantization")]
    [InlineData("model: m\nmax-loras: 0\n", "max-loras")]
    public void A_wrong_key_or_value_is_rejected_at_that_key(string yaml, string key)
    {
        var result = Schema.Value.Evaluate(Element(yaml), new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.False(result.IsValid);
        Assert.Contains(result.Details ?? [], d => !d.IsValid && d.InstanceLocation.ToString() == "/" + key);
    }

    [Fact]
    public void Keys_carry_the_release_facts_an_editor_shows()
    {
        var definitions = JsonNode.Parse(SchemaText())!["definitions"]!;
        Assert.Equal("--gpu-memory-utilization; default: 0.9 (vLLM v0.11.0, vllm/config/cache.py:43)", (string?)definitions["gpu-memory-utilization"]!["description"]);
        Assert.Equal("[1,8,16,32,64,128,null]", definitions["block-size"]!["enum"]!.ToJsonString());
        Assert.NotNull(definitions["swap-space"]);
    }

    [Fact]
    public void Every_option_vramlint_reads_is_a_key_in_both_spellings()
    {
        var properties = JsonNode.Parse(SchemaText())!["properties"]!.AsObject();
        foreach (var flag in Core.Arguments.VllmFlags.All)
        {
            Assert.True(properties.ContainsKey(flag.Name), flag.Name);
            Assert.True(properties.ContainsKey(flag.Name.Replace('-', '_')), flag.Name);
        }
    }

    private static void AssertValid(string yaml)
    {
        var result = Schema.Value.Evaluate(Element(yaml), new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, string.Join("\n", (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
    }

    /// <summary>A YAML mapping as the JSON an editor's schema check sees: plain scalars typed as YAML 1.2's core schema types them.</summary>
    private static System.Text.Json.JsonElement Element(string yaml) =>
        System.Text.Json.JsonDocument.Parse(ToJson(yaml)?.ToJsonString() ?? "null").RootElement;

    private static JsonNode? ToJson(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return Convert(stream.Documents[0].RootNode);
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, Convert(c.Value)))),
        YamlSequenceNode list => new JsonArray(list.Children.Select(Convert).ToArray()),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } s when s.Value is "null" or "~" or "" => null,
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } s when s.Value is "true" or "false" => JsonValue.Create(s.Value == "true"),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } s when long.TryParse(s.Value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n) => JsonValue.Create(n),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } s when double.TryParse(s.Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) => JsonValue.Create(d),
        YamlScalarNode s => JsonValue.Create(s.Value),
        _ => throw new InvalidOperationException("unexpected YAML node " + node.NodeType),
    };

    private static string SchemaText()
    {
        using var cli = new CliRunner();
        var result = cli.Run("schema", "vllm-config");
        Assert.Equal(0, result.ExitCode);
        return result.Stdout;
    }

    private static string RepositoryRoot =>
        typeof(VllmConfigSchemaTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "VramLint.RepositoryRoot").Value!;
}
