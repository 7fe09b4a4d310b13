using System.Text.Json;

namespace VramLint.Cli.Tests;

/// <summary>Issue 10 item 3 in the CLI: model facts checked in under .vramlint/models or vramlint.model_dirs, a served local folder, the HF cache.</summary>
public class ModelFactsTests
{
    /// <summary>A private Llama-shaped 13B: 40 layers, 8 KV heads of 128: 40 x 2 x 8 x 128 x 2 = 163840 bytes of KV per token; linear RoPE x2 over 16384 positions.</summary>
    private const string PrivateConfig = """
        {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 5120, "intermediate_size": 13824,
         "num_attention_heads": 40, "num_hidden_layers": 40, "num_key_value_heads": 8, "vocab_size": 32000,
         "max_position_embeddings": 16384, "rope_scaling": {"type": "linear", "factor": 2.0}, "torch_dtype": "bfloat16"}
        """;

    private const string H100 = "is_global = true\nvramlint.gpu_memory = 79.2GiB\nvramlint.gpu_count = 1\n";

    private static JsonElement Estimate(CliRunner cli, string folder, string model)
    {
        var result = cli.RunIn(folder, "estimate", "--format", "json", "--", "serve", model);
        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        return JsonDocument.Parse(result.Stdout).RootElement;
    }

    [Fact]
    public void Estimate_sizes_a_private_model_from_the_config_checked_in_above_the_current_folder()
    {
        using var cli = new CliRunner();
        cli.Write(".globalconfig", H100);
        cli.Write(".vramlint/models/acme/private-13b/config.json", PrivateConfig);
        cli.Write(".vramlint/models/acme/private-13b/vramlint-weights.json", """{"revision": "abc", "bytesByDtype": {"BF16": 25000000000}}""");
        Directory.CreateDirectory(Path.Combine(cli.Folder, "deploy"));

        var json = Estimate(cli, Path.Combine(cli.Folder, "deploy"), "acme/private-13b");

        Assert.Equal("configjson", json.GetProperty("model").GetProperty("source").GetString());
        Assert.Equal(25000000000, json.GetProperty("model").GetProperty("weightBytes").GetDouble());
        Assert.Equal(163840, json.GetProperty("kvCache").GetProperty("bytesPerToken").GetDouble());
        Assert.Equal(32768, json.GetProperty("settings").GetProperty("maxModelLen").GetInt32());
        Assert.Empty(json.GetProperty("diagnostics").EnumerateArray());
    }

    [Fact]
    public void Estimate_reads_a_served_local_folders_config_json()
    {
        using var cli = new CliRunner();
        cli.Write(".globalconfig", H100);
        cli.Write("weights/private-13b/config.json", PrivateConfig);

        var json = Estimate(cli, cli.Folder, "./weights/private-13b");

        Assert.Equal("configjson", json.GetProperty("model").GetProperty("source").GetString());
        Assert.Equal(163840, json.GetProperty("kvCache").GetProperty("bytesPerToken").GetDouble());
    }

    [Fact]
    public void Estimate_reads_the_hugging_face_cache_snapshot()
    {
        using var cli = new CliRunner();
        cli.Write(".globalconfig", H100);
        cli.Write("hub/models--acme--cached-13b/refs/main", "0123abcd\n");
        cli.Write("hub/models--acme--cached-13b/snapshots/0123abcd/config.json", PrivateConfig);
        var previous = Environment.GetEnvironmentVariable("HF_HUB_CACHE");
        try
        {
            Environment.SetEnvironmentVariable("HF_HUB_CACHE", Path.Combine(cli.Folder, "hub"));
            var json = Estimate(cli, cli.Folder, "acme/cached-13b");

            Assert.Equal("configjson", json.GetProperty("model").GetProperty("source").GetString());
            Assert.Equal(163840, json.GetProperty("kvCache").GetProperty("bytesPerToken").GetDouble());
        }
        finally
        {
            Environment.SetEnvironmentVariable("HF_HUB_CACHE", previous);
        }
    }

    [Fact]
    public void Check_finds_facts_from_each_files_folder_upward_and_in_model_dirs()
    {
        using var cli = new CliRunner();
        cli.Write(".globalconfig", H100 + "vramlint.model_dirs = shared/facts\n");
        cli.Write("shared/facts/acme/shared-13b/config.json", PrivateConfig);
        cli.Write("deploy/prod/.vramlint/models/acme/private-13b/config.json", PrivateConfig);
        cli.Write("deploy/prod/a.yaml", "model: acme/private-13b\nmax-model-len: 32768\n");
        cli.Write("deploy/prod/b.yaml", "model: acme/shared-13b\nmax-model-len: 32769\n");
        cli.Write("deploy/dev/c.yaml", "model: acme/private-13b\nmax-model-len: 8192\n");

        var result = cli.Run("check", "deploy");

        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var sep = Path.DirectorySeparatorChar;
        Assert.Equal(
            [
                $"deploy{sep}dev{sep}c.yaml(1,8): info VRAM006: model 'acme/private-13b' is not in VramLint's catalog; the estimate uses the size in its name: 13.0B parameters, 16-bit weights; "
                + "to size it exactly, check in its config.json as .vramlint/models/acme/private-13b/config.json or run 'vramlint models pull acme/private-13b'",
                $"deploy{sep}prod{sep}b.yaml(2,16): warning VRAM007: max-model-len 32769 is longer than acme/shared-13b supports (32768); vLLM would stop with: User-specified max_model_len (32769) is greater than the derived max_model_len (32768); to fit: lower max-model-len to 32768 (KV cache 49.65 GiB, one request 5.00, 44.65 GiB spare; margin: the 0.6 GiB error band + one 16-token KV block)",
            ],
            lines.Where(l => l.Contains(": info ", StringComparison.Ordinal) || l.Contains(": warning ", StringComparison.Ordinal) || l.Contains(": error ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Estimate_json_says_how_the_model_was_matched()
    {
        using var cli = new CliRunner();
        cli.Write(".globalconfig", H100);

        var json = Estimate(cli, cli.Folder, "acme/Llama-2-13B-chat-AWQ");

        var model = json.GetProperty("model");
        Assert.Equal(("derivative", "TheBloke/Llama-2-13B-chat-AWQ", "AWQ"), (model.GetProperty("match").GetString(), model.GetProperty("matchedId").GetString(), model.GetProperty("quantization").GetString()));
        Assert.Equal(40 * 2 * 40 * 128 * 2, json.GetProperty("kvCache").GetProperty("bytesPerToken").GetDouble());
        Assert.Equal(
            "resolved 'acme/Llama-2-13B-chat-AWQ' as TheBloke/Llama-2-13B-chat-AWQ with AWQ 4-bit (the same repository name under another organisation, matched by name)",
            json.GetProperty("diagnostics").EnumerateArray().Single(d => d.GetProperty("id").GetString() == "VRAM006").GetProperty("message").GetString());
    }
}
