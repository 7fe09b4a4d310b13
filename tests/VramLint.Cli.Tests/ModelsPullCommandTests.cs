using System.Text;

namespace VramLint.Cli.Tests;

/// <summary><c>vramlint models pull</c> against a loopback Hub started by each test; nothing here needs the internet.</summary>
public class ModelsPullCommandTests
{
    private const string LlamaConfig = """
        {
          "architectures": ["LlamaForCausalLM"],
          "model_type": "llama",
          "hidden_size": 4096,
          "intermediate_size": 11008,
          "num_attention_heads": 32,
          "num_key_value_heads": 32,
          "num_hidden_layers": 32,
          "vocab_size": 32000,
          "max_position_embeddings": 4096,
          "torch_dtype": "float16",
          "tie_word_embeddings": false
        }
        """;

    [Fact]
    public void Pulls_a_plain_repository_config_and_the_bytes_per_dtype_of_its_single_safetensors_file()
    {
        using var hub = new FakeHub();
        using var cli = new CliRunner();
        var weights = FakeSafetensors.File(
            ("model.embed_tokens.weight", "BF16", new[] { 32000, 4096 }),
            ("model.norm.weight", "BF16", new[] { 4096 }),
            ("lm_head.weight", "BF16", new[] { 32000, 4096 }),
            ("model.rotary.inv_freq", "F32", new[] { 4096 }));
        hub.File(FakeHub.Resolve("org/plain", "config.json"), LlamaConfig, commit: "abc123");
        hub.File(FakeHub.Resolve("org/plain", "model.safetensors", "abc123"), weights);

        var result = Pull(cli, hub, null, "models", "pull", "org/plain");

        Assert.Equal((0, ""), (result.ExitCode, result.Stderr));
        Assert.Equal("pulled org/plain at abc123 into .vramlint/models/org/plain: config.json, vramlint-weights.json (BF16 500.0 MiB, F32 16384 bytes)\n", result.Stdout);
        var folder = Path.Combine(cli.Folder, ".vramlint", "models", "org", "plain");
        Assert.Equal(new[] { "config.json", "vramlint-weights.json" }, Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(LlamaConfig, File.ReadAllText(Path.Combine(folder, "config.json")));
        Assert.Equal(
            "{\n  \"revision\": \"abc123\",\n  \"bytesByDtype\": {\n    \"BF16\": 524296192,\n    \"F32\": 16384\n  }\n}\n",
            File.ReadAllText(Path.Combine(folder, "vramlint-weights.json")));

        // The revision is pinned to the commit the Hub resolved, and the checkpoint is read only through its header.
        var header = FakeSafetensors.HeaderLength(weights);
        Assert.Equal(
            new[]
            {
                ("/org/plain/resolve/main/config.json", (string?)null),
                ("/org/plain/resolve/abc123/quantize_config.json", null),
                ("/org/plain/resolve/abc123/quant_config.json", null),
                ("/org/plain/resolve/abc123/hf_quant_config.json", null),
                ("/org/plain/resolve/abc123/model.safetensors.index.json", null),
                ("/org/plain/resolve/abc123/model.safetensors", "bytes=0-7"),
                ("/org/plain/resolve/abc123/model.safetensors", $"bytes=8-{8 + header - 1}"),
            },
            hub.Requests.Select(r => (r.Path, r.Range)));
    }

    [Fact]
    public void A_tied_models_stored_head_copy_is_not_summed_because_vllm_skips_it()
    {
        // Qwen1.5-0.5B ties its head, and its safetensors hold lm_head.weight beside the embedding anyway.
        const string tiedConfig = """
            {"architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2", "hidden_size": 1024, "intermediate_size": 2816,
             "num_attention_heads": 16, "num_hidden_layers": 24, "num_key_value_heads": 16, "vocab_size": 151936,
             "tie_word_embeddings": true, "torch_dtype": "bfloat16"}
            """;
        using var hub = new FakeHub();
        using var cli = new CliRunner();
        hub.File(FakeHub.Resolve("org/tied", "config.json"), tiedConfig, commit: "8f445e36");
        hub.File(FakeHub.Resolve("org/tied", "model.safetensors", "8f445e36"), FakeSafetensors.File(
            ("model.embed_tokens.weight", "BF16", new[] { 151936, 1024 }),
            ("model.norm.weight", "BF16", new[] { 1024 }),
            ("lm_head.weight", "BF16", new[] { 151936, 1024 })));

        var result = Pull(cli, hub, null, "models", "pull", "org/tied");

        Assert.Equal((0, ""), (result.ExitCode, result.Stderr));
        // 151936 x 1024 x 2 + 1024 x 2 bytes: the embedding once.
        Assert.Equal(
            "{\n  \"revision\": \"8f445e36\",\n  \"bytesByDtype\": {\n    \"BF16\": 311166976\n  }\n}\n",
            File.ReadAllText(Path.Combine(cli.Folder, ".vramlint", "models", "org", "tied", "vramlint-weights.json")));
    }

    [Fact]
    public void What_pull_writes_is_what_models_show_reads()
    {
        using var hub = new FakeHub();
        using var cli = new CliRunner();
        hub.File(FakeHub.Resolve("acme/private-7b", "config.json"), LlamaConfig, commit: "0123abcd");
        hub.File(FakeHub.Resolve("acme/private-7b", "model.safetensors", "0123abcd"), FakeSafetensors.File(("w", "F16", new[] { 32000, 4096 })));

        var pulled = Pull(cli, hub, null, "models", "pull", "acme/private-7b");
        var shown = cli.RunWith(name => name == "HOME" ? cli.Folder : null, "models", "show", "acme/private-7b");

        Assert.Equal((0, 0), (pulled.ExitCode, shown.ExitCode));
        var lines = shown.Stdout.Split('\n');
        Assert.Equal("  source: checked-in facts (.vramlint/models/acme/private-7b/config.json)", lines[1]);
        Assert.Equal("  architecture: llama, 32 layers, 4096 hidden, 32 attention heads, 32 KV heads, 128 head dim", lines[2]);
        Assert.Equal("  weights: F16 250.0 MiB (.vramlint/models/acme/private-7b/vramlint-weights.json, revision 0123abcd)", lines[^2]);
    }

    [Fact]
    public void Pulls_a_sharded_checkpoint_by_ranged_reads_of_each_shard_header_with_the_token_and_revision_given()
    {
        using var hub = new FakeHub();
        using var cli = new CliRunner();
        const string quantizeConfig = """{"bits": 4, "group_size": 128, "desc_act": false, "sym": true, "quant_method": "gptq"}""";
        var shard1 = FakeSafetensors.File(
            ("model.layers.0.mlp.down_proj.qweight", "I32", new[] { 1376, 4096 }),
            ("model.layers.0.mlp.down_proj.scales", "F16", new[] { 86, 4096 }));
        var shard2 = FakeSafetensors.File(
            ("model.embed_tokens.weight", "F16", new[] { 32000, 4096 }),
            ("model.layers.0.mlp.down_proj.g_idx", "I32", new[] { 11008 }));
        var index = """
            {"metadata": {"total_size": 285437952},
             "weight_map": {
               "model.layers.0.mlp.down_proj.qweight": "model-00001-of-00002.safetensors",
               "model.layers.0.mlp.down_proj.scales": "model-00001-of-00002.safetensors",
               "model.embed_tokens.weight": "model-00002-of-00002.safetensors",
               "model.layers.0.mlp.down_proj.g_idx": "model-00002-of-00002.safetensors"}}
            """;
        hub.File(FakeHub.Resolve("org/sharded-GPTQ", "config.json", "v1.0"), LlamaConfig);
        hub.File(FakeHub.Resolve("org/sharded-GPTQ", "quantize_config.json", "v1.0"), quantizeConfig);
        hub.File(FakeHub.Resolve("org/sharded-GPTQ", "model.safetensors.index.json", "v1.0"), index);
        hub.File(FakeHub.Resolve("org/sharded-GPTQ", "model-00001-of-00002.safetensors", "v1.0"), shard1);
        hub.File(FakeHub.Resolve("org/sharded-GPTQ", "model-00002-of-00002.safetensors", "v1.0"), shard2);

        var result = Pull(cli, hub, "hf_test", "models", "pull", "org/sharded-GPTQ", "--revision", "v1.0", "--to", "facts");

        Assert.Equal((0, ""), (result.ExitCode, result.Stderr));
        Assert.Equal("pulled org/sharded-GPTQ at v1.0 into facts/org/sharded-GPTQ: config.json, quantize_config.json, vramlint-weights.json (F16 250.7 MiB, I32 21.5 MiB)\n", result.Stdout);
        var folder = Path.Combine(cli.Folder, "facts", "org", "sharded-GPTQ");
        Assert.Equal(new[] { "config.json", "quantize_config.json", "vramlint-weights.json" }, Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(quantizeConfig, File.ReadAllText(Path.Combine(folder, "quantize_config.json")));
        Assert.Equal(
            "{\n  \"revision\": \"v1.0\",\n  \"bytesByDtype\": {\n    \"F16\": 262848512,\n    \"I32\": 22588416\n  }\n}\n",
            File.ReadAllText(Path.Combine(folder, "vramlint-weights.json")));

        // Shards are read a few at a time; each shard's two reads come in order.
        var shardReads = hub.Requests.Where(r => r.Path.EndsWith(".safetensors", StringComparison.Ordinal)).Select(r => (r.Path, r.Range))
            .OrderBy(r => r.Path, StringComparer.Ordinal);
        Assert.Equal(
            new[]
            {
                ("/org/sharded-GPTQ/resolve/v1.0/model-00001-of-00002.safetensors", (string?)"bytes=0-7"),
                ("/org/sharded-GPTQ/resolve/v1.0/model-00001-of-00002.safetensors", $"bytes=8-{8 + FakeSafetensors.HeaderLength(shard1) - 1}"),
                ("/org/sharded-GPTQ/resolve/v1.0/model-00002-of-00002.safetensors", "bytes=0-7"),
                ("/org/sharded-GPTQ/resolve/v1.0/model-00002-of-00002.safetensors", $"bytes=8-{8 + FakeSafetensors.HeaderLength(shard2) - 1}"),
            },
            shardReads);
        Assert.All(hub.Requests, r => Assert.Equal("Bearer hf_test", r.Authorization));
    }

    [Fact]
    public void Follows_the_hubs_redirect_to_file_storage_keeping_the_range_and_dropping_the_token()
    {
        using var hub = new FakeHub();
        using var cli = new CliRunner();
        var weights = FakeSafetensors.File(("w", "F8_E4M3", new[] { 1024, 1024 }), ("s", "F32", new[] { 1024 }));
        hub.File(FakeHub.Resolve("org/lfs", "config.json"), LlamaConfig, commit: "c0ffee");
        hub.Redirect(FakeHub.Resolve("org/lfs", "model.safetensors", "c0ffee"), "/cdn/sha256-1234");
        hub.File("/cdn/sha256-1234", weights);

        var result = Pull(cli, hub, "hf_test", "models", "pull", "org/lfs");

        Assert.Equal((0, "pulled org/lfs at c0ffee into .vramlint/models/org/lfs: config.json, vramlint-weights.json (F32 4096 bytes, F8_E4M3 1.0 MiB)\n"), (result.ExitCode, result.Stdout));
        var cdn = hub.Requests.Where(r => r.Path == "/cdn/sha256-1234").ToList();
        Assert.Equal(new[] { ("bytes=0-7", (string?)null), ($"bytes=8-{8 + FakeSafetensors.HeaderLength(weights) - 1}", null) }, cdn.Select(r => (r.Range!, r.Authorization)));
        Assert.All(hub.Requests.Where(r => r.Path.Contains("/resolve/", StringComparison.Ordinal)), r => Assert.Equal("Bearer hf_test", r.Authorization));
    }

    [Fact]
    public void A_gated_repository_says_to_accept_the_licence_and_set_HF_TOKEN_401_without_a_token_403_with_one()
    {
        using var hub = new FakeHub();
        using var cli = new CliRunner();
        hub.Gated(FakeHub.Resolve("meta-llama/Llama-3.1-8B-Instruct", "config.json"));
        var url = hub.Endpoint + "/meta-llama/Llama-3.1-8B-Instruct/resolve/main/config.json";

        var anonymous = Pull(cli, hub, null, "models", "pull", "meta-llama/Llama-3.1-8B-Instruct");
        var withToken = Pull(cli, hub, "hf_no_access", "models", "pull", "meta-llama/Llama-3.1-8B-Instruct");

        Assert.Equal(
            (2, "", $"vramlint: meta-llama/Llama-3.1-8B-Instruct is gated or private (401 Unauthorized for {url}): accept its licence at {hub.Endpoint}/meta-llama/Llama-3.1-8B-Instruct and set HF_TOKEN to a read token of that account\n"),
            (anonymous.ExitCode, anonymous.Stdout, anonymous.Stderr));
        Assert.Equal(
            (2, "", $"vramlint: meta-llama/Llama-3.1-8B-Instruct is gated or private and the HF_TOKEN sent has no access (403 Forbidden for {url}): accept its licence at {hub.Endpoint}/meta-llama/Llama-3.1-8B-Instruct with the account of that token, or set HF_TOKEN to one that can read it\n"),
            (withToken.ExitCode, withToken.Stdout, withToken.Stderr));
        Assert.False(Directory.Exists(Path.Combine(cli.Folder, ".vramlint")));
    }

    [Fact]
    public void A_missing_repository_or_revision_is_a_404_that_says_which()
    {
        using var hub = new FakeHub();
        using var cli = new CliRunner();
        hub.Status(FakeHub.Resolve("org/missing", "config.json"), 404, "RepoNotFound");
        hub.Status(FakeHub.Resolve("org/plain", "config.json", "nope"), 404, "RevisionNotFound");
        hub.Status(FakeHub.Resolve("org/bare", "config.json"), 404);

        var repo = Pull(cli, hub, null, "models", "pull", "org/missing");
        var revision = Pull(cli, hub, null, "models", "pull", "org/plain", "--revision", "nope");
        var bare = Pull(cli, hub, null, "models", "pull", "org/bare");

        Assert.Equal((2, $"vramlint: org/missing: repository not found (404 Not Found for {hub.Endpoint}/org/missing/resolve/main/config.json); check the id\n"), (repo.ExitCode, repo.Stderr));
        Assert.Equal((2, $"vramlint: org/plain: revision 'nope' not found (404 Not Found for {hub.Endpoint}/org/plain/resolve/nope/config.json); check --revision\n"), (revision.ExitCode, revision.Stderr));
        Assert.Equal(
            (2, $"vramlint: org/bare: not found (404 Not Found for {hub.Endpoint}/org/bare/resolve/main/config.json); check the repository id, the revision 'main' and that the repository has config.json\n"),
            (bare.ExitCode, bare.Stderr));
    }

    [Fact]
    public void A_server_that_does_not_answer_times_out_naming_the_url_and_the_timeout()
    {
        using var hub = new FakeHub();
        using var cli = new CliRunner();
        hub.Stall(FakeHub.Resolve("org/slow", "config.json"));

        var result = Pull(cli, hub, null, "models", "pull", "org/slow", "--timeout", "1");

        Assert.Equal(
            (2, "", $"vramlint: timed out after 1 s waiting for {hub.Endpoint}/org/slow/resolve/main/config.json (--timeout 1)\n"),
            (result.ExitCode, result.Stdout, result.Stderr));
    }

    [Fact]
    public void One_failing_repository_does_not_stop_the_others_but_fails_the_command()
    {
        using var hub = new FakeHub();
        using var cli = new CliRunner();
        hub.Status(FakeHub.Resolve("org/missing", "config.json"), 404, "RepoNotFound");
        hub.File(FakeHub.Resolve("org/config-only", "config.json"), LlamaConfig);

        var result = Pull(cli, hub, null, "models", "pull", "org/missing", "org/config-only");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("pulled org/config-only at main into .vramlint/models/org/config-only: config.json; no safetensors checkpoint, so no vramlint-weights.json\n", result.Stdout);
        Assert.StartsWith("vramlint: org/missing: repository not found", result.Stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(cli.Folder, ".vramlint", "models", "org", "config-only", "config.json")));
    }

    [Theory]
    [InlineData("vramlint: models pull needs a repository id, e.g. vramlint models pull Qwen/Qwen2.5-7B-Instruct", "models", "pull")]
    [InlineData("vramlint: 'gpt2' is not a Hugging Face repository id: expected org/name, e.g. Qwen/Qwen2.5-7B-Instruct", "models", "pull", "gpt2")]
    [InlineData("vramlint: 'org/../etc' is not a Hugging Face repository id: expected org/name, e.g. Qwen/Qwen2.5-7B-Instruct", "models", "pull", "org/../etc")]
    [InlineData("vramlint: --timeout '0' is not valid: expected seconds, e.g. 30", "models", "pull", "org/x", "--timeout", "0")]
    [InlineData("vramlint: unknown option '--revison' for models pull; did you mean '--revision'? (run 'vramlint models pull --help')", "models", "pull", "org/x", "--revison", "main")]
    [InlineData("vramlint: unknown command 'get' for models: expected pull, show or list (run 'vramlint models --help')", "models", "get")]
    [InlineData("vramlint: models needs a verb: pull, show or list", "models")]
    public void Bad_usage_is_exit_code_2_with_one_line(string message, params string[] args)
    {
        using var cli = new CliRunner();
        var result = cli.Run(args);
        Assert.Equal((2, "", message + "\n"), (result.ExitCode, result.Stdout, result.Stderr));
    }

    [Fact]
    public void An_endpoint_that_is_not_a_url_is_bad_usage()
    {
        using var cli = new CliRunner();
        var result = cli.RunWith(name => name == "HF_ENDPOINT" ? "hf-mirror.com" : null, "models", "pull", "org/x");
        Assert.Equal((2, "vramlint: HF_ENDPOINT 'hf-mirror.com' is not an http(s) URL, e.g. https://huggingface.co or a mirror's address\n"), (result.ExitCode, result.Stderr));
    }

    [Fact]
    public void A_non_safetensors_file_is_reported_not_misread()
    {
        using var hub = new FakeHub();
        using var cli = new CliRunner();
        hub.File(FakeHub.Resolve("org/pickle", "config.json"), LlamaConfig);
        hub.File(FakeHub.Resolve("org/pickle", "model.safetensors"), Encoding.ASCII.GetBytes("PK\u0003\u0004 this is a zip, not safetensors"));

        var result = Pull(cli, hub, null, "models", "pull", "org/pickle");

        Assert.Equal((2, "vramlint: org/pickle/model.safetensors is not a safetensors file: its first 8 bytes state a header of 7595448452415441744 bytes\n"), (result.ExitCode, result.Stderr));
    }

    private static CliResult Pull(CliRunner cli, FakeHub hub, string? token, params string[] args) =>
        cli.RunWith(name => name switch
        {
            "HF_ENDPOINT" => hub.Endpoint,
            "HF_TOKEN" => token,
            _ => null,
        }, args);
}
