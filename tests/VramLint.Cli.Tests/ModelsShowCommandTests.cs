using VramLint.Cli.Hub;
using VramLint.Core.Models;

namespace VramLint.Cli.Tests;

/// <summary><c>vramlint models show</c> and <c>models list</c>: what VramLint knows about a model and where it came from.</summary>
public class ModelsShowCommandTests
{
    private const string PrivateConfig = """
        {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 4096, "intermediate_size": 14336,
         "num_attention_heads": 32, "num_key_value_heads": 8, "num_hidden_layers": 32, "vocab_size": 128256,
         "max_position_embeddings": 131072, "torch_dtype": "bfloat16", "tie_word_embeddings": false}
        """;

    [Fact]
    public void A_catalog_model_says_it_comes_from_the_catalog_with_its_architecture_and_kv_bytes()
    {
        using var cli = new CliRunner();
        var result = cli.RunWith(NoEnvironment(cli), "models", "show", "Qwen/Qwen2.5-7B-Instruct");

        var lines = result.Stdout.Split('\n');
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Qwen/Qwen2.5-7B-Instruct", lines[0]);
        Assert.Equal("  source: VramLint's embedded catalog", lines[1]);
        Assert.Equal("  architecture: qwen2, 28 layers, 3584 hidden, 28 attention heads, 4 KV heads, 128 head dim", lines[2]);
        Assert.Contains("  KV cache: 57,344 bytes per token on one GPU", lines);
    }

    [Theory]
    [InlineData("meta-llama/Llama-3.2-11B-Vision-Instruct", "  encoder: image tower of 0.90B parameters (loaded beside the language model's); the largest image item is 6,404 tokens; read through cross-attention layers")]
    [InlineData("Qwen/Qwen2.5-VL-7B-Instruct", "  encoder: image tower of 0.67B parameters (loaded beside the language model's); the largest image is set by the processor's max_pixels (12,845,056 by default); takes video")]
    [InlineData("Qwen/Qwen3-VL-30B-A3B-Instruct", "  encoder: image tower of 0.54B parameters (loaded beside the language model's); the largest image is set by the processor's max_pixels (16,777,216 by default); takes video")]
    public void A_multimodal_model_shows_the_encoder_vllm_loads_and_profiles(string id, string expected)
    {
        using var cli = new CliRunner();
        var result = cli.RunWith(NoEnvironment(cli), "models", "show", id);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(expected, result.Stdout.Split('\n').Single(l => l.StartsWith("  encoder:", StringComparison.Ordinal)));
    }

    [Fact]
    public void Whisper_shows_its_audio_encoder_and_its_cross_attention_cache()
    {
        using var cli = new CliRunner();
        var result = cli.RunWith(NoEnvironment(cli), "models", "show", "openai/whisper-large-v3");

        var lines = result.Stdout.Split('\n');
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("  KV cache: 327,680 bytes per token on one GPU (self- and cross-attention; each request also keeps cross-attention pages for at least 1,500 encoder tokens)", lines);
        Assert.Contains("  encoder: audio tower of 0.64B parameters (loaded beside the language model's); the largest audio item is 1,500 tokens; read through cross-attention layers", lines);
    }

    [Fact]
    public void A_text_model_shows_no_encoder()
    {
        using var cli = new CliRunner();
        var result = cli.RunWith(NoEnvironment(cli), "models", "show", "Qwen/Qwen2.5-7B-Instruct");
        Assert.DoesNotContain(result.Stdout.Split('\n'), l => l.StartsWith("  encoder:", StringComparison.Ordinal));
    }

    [Fact]
    public void A_derivative_says_what_it_was_resolved_as()
    {
        using var cli = new CliRunner();
        var result = cli.RunWith(NoEnvironment(cli), "models", "show", "acme/Qwen2.5-7B-Instruct-bnb-4bit");

        var lines = result.Stdout.Split('\n');
        Assert.Equal(
            "  source: VramLint's embedded catalog: resolved 'acme/Qwen2.5-7B-Instruct-bnb-4bit' as unsloth/Qwen2.5-7B-Instruct-bnb-4bit with bitsandbytes 4-bit (the same repository name under another organisation, matched by name)",
            lines[1]);
        Assert.Contains("  KV cache: 57,344 bytes per token on one GPU", lines);
    }

    [Fact]
    public void Checked_in_facts_found_from_a_subfolder_win_and_show_the_pulled_weights()
    {
        using var cli = new CliRunner();
        cli.Write(".vramlint/models/acme/private-8b/config.json", PrivateConfig);
        cli.Write(".vramlint/models/acme/private-8b/vramlint-weights.json", """{"revision": "abc123", "bytesByDtype": {"BF16": 16060522496}}""");
        Directory.CreateDirectory(Path.Combine(cli.Folder, "deploy", "k8s"));

        var result = cli.RunWithIn(NoEnvironment(cli), Path.Combine(cli.Folder, "deploy", "k8s"), "models", "show", "acme/private-8b");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            string.Join('\n',
                "acme/private-8b",
                "  source: checked-in facts (" + Path.Combine(cli.Folder, ".vramlint", "models", "acme", "private-8b", "config.json") + ")",
                "  architecture: llama, 32 layers, 4096 hidden, 32 attention heads, 8 KV heads, 128 head dim",
                "  parameters: 8.03B",
                "  vocabulary: 128256, untied embeddings",
                "  max-position-embeddings: 131072",
                "  dtype: bfloat16",
                "  quantization: none",
                "  KV cache: 131,072 bytes per token on one GPU",
                "  weights: BF16 14.96 GiB (" + Path.Combine(cli.Folder, ".vramlint", "models", "acme", "private-8b", "vramlint-weights.json") + ", revision abc123)",
                ""),
            result.Stdout);
    }

    [Fact]
    public void A_model_in_the_local_hugging_face_cache_is_read_from_the_snapshot_refs_main_names()
    {
        using var cli = new CliRunner();
        cli.Write("hf/hub/models--acme--cached-8b/refs/main", "1111\n");
        cli.Write("hf/hub/models--acme--cached-8b/snapshots/1111/config.json", PrivateConfig);
        cli.Write("hf/hub/models--acme--cached-8b/snapshots/0000/config.json", "{\"model_type\": \"stale\"}");

        var result = cli.RunWith(name => name == "HF_HOME" ? Path.Combine(cli.Folder, "hf") : null, "models", "show", "acme/cached-8b");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("  source: the local Hugging Face cache (hf/hub/models--acme--cached-8b/snapshots/1111/config.json)", result.Stdout.Split('\n')[1]);
        Assert.Contains("  KV cache: 131,072 bytes per token on one GPU", result.Stdout.Split('\n'));
    }

    [Fact]
    public void A_model_known_by_nothing_exits_2_and_says_how_to_give_vramlint_the_facts()
    {
        using var cli = new CliRunner();
        var result = cli.RunWith(NoEnvironment(cli), "models", "show", "acme/mystery");

        Assert.Equal(
            (2, string.Join('\n',
                "acme/mystery",
                "  source: nothing: not in the catalog, no config.json found, and no size in the name",
                "  parameters: unknown",
                "  quantization: none",
                "  architecture: unknown; 'vramlint models pull acme/mystery' writes its config.json to .vramlint/models",
                "")),
            (result.ExitCode, result.Stdout));
    }

    [Fact]
    public void A_name_with_a_size_is_sized_by_the_name_and_says_so()
    {
        using var cli = new CliRunner();
        var result = cli.RunWith(NoEnvironment(cli), "models", "show", "acme/Widget-13B-AWQ");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("  source: the name only (not in the catalog; no config.json found)", result.Stdout.Split('\n')[1]);
        Assert.Equal("  parameters: 13.0B, read from the name", result.Stdout.Split('\n')[2]);
    }

    [Fact]
    public void List_prints_every_real_catalog_repository_and_the_count()
    {
        using var cli = new CliRunner();
        var result = cli.Run("models", "list");

        var lines = result.Stdout.TrimEnd('\n').Split('\n');
        var real = ModelCatalog.All.Where(m => m.Exists).ToList();
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(real.Count + 1, lines.Length);
        Assert.Equal($"{real.Count} models in the embedded catalog; 'vramlint models show ID' for one, 'vramlint models pull ID' for one that is not here", lines[^1]);
        Assert.Contains(lines, l => l.StartsWith("Qwen/Qwen2.5-7B-Instruct ", StringComparison.Ordinal) && l.Contains("qwen2", StringComparison.Ordinal) && l.Contains("max-position 32768", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("Qwen/Qwen-32B-Chat ", StringComparison.Ordinal));
    }

    [Fact]
    public void The_cache_folder_comes_from_HF_HUB_CACHE_then_HF_HOME_then_the_home_cache()
    {
        Assert.Equal("/c/hub", new HuggingFaceCache(n => n switch { "HF_HUB_CACHE" => "/c/hub", "HF_HOME" => "/h", _ => null }).HubFolder);
        Assert.Equal(Path.Combine("/h", "hub"), new HuggingFaceCache(n => n == "HF_HOME" ? "/h" : null).HubFolder);
        Assert.Equal(Path.Combine("/x", "huggingface", "hub"), new HuggingFaceCache(n => n == "XDG_CACHE_HOME" ? "/x" : null).HubFolder);
        Assert.Equal(Path.Combine("/home/u", ".cache", "huggingface", "hub"), new HuggingFaceCache(n => n == "HOME" ? "/home/u" : null).HubFolder);
    }

    [Fact]
    public void Without_refs_main_the_newest_snapshot_with_a_config_is_taken()
    {
        using var cli = new CliRunner();
        cli.Write("hub/models--acme--m/snapshots/old/config.json", "{}");
        cli.Write("hub/models--acme--m/snapshots/new/config.json", "{}");
        cli.Write("hub/models--acme--m/snapshots/empty/README.md", "");
        File.SetLastWriteTimeUtc(Path.Combine(cli.Folder, "hub/models--acme--m/snapshots/old/config.json"), new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var cache = new HuggingFaceCache(n => n == "HF_HUB_CACHE" ? Path.Combine(cli.Folder, "hub") : null);

        Assert.True(cache.TryFindConfig("acme/m", out var path));
        Assert.Equal(Path.Combine(cli.Folder, "hub", "models--acme--m", "snapshots", "new", "config.json"), path);
        Assert.False(cache.TryFindConfig("acme/absent", out _));
        Assert.False(cache.TryFindConfig("../m", out _));
    }

    /// <summary>No HF_* variables, and a HOME without a cache, so the machine's own cache never leaks into a test.</summary>
    private static Func<string, string?> NoEnvironment(CliRunner cli) => name => name == "HOME" ? cli.Folder : null;
}
