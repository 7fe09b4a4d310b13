using System.Text.Json.Nodes;
using VramLint.CatalogGen;

namespace VramLint.Core.Tests.Models;

/// <summary>The catalog generator (tools/VramLint.CatalogGen) on small manifests and config.json texts.</summary>
public class CatalogBuilderTests
{
    private const string Llama = """
        {"model_type": "llama", "hidden_size": 4096, "intermediate_size": 14336, "num_attention_heads": 32, "num_hidden_layers": 32,
         "num_key_value_heads": 8, "vocab_size": 128256, "max_position_embeddings": 131072, "tie_word_embeddings": false, "torch_dtype": "bfloat16"}
        """;

    private static CatalogResult Build(string models, params (string File, string Text)[] configs)
    {
        var manifest = JsonNode.Parse("{\"models\": " + models + "}")!.AsObject();
        return CatalogBuilder.Build(manifest, new JsonArray(), file => configs.Single(c => c.File == file).Text);
    }

    private static JsonObject Only(CatalogResult result, string id)
    {
        Assert.Empty(result.Problems);
        return result.Records.Single(r => (string)r["hf_id"]! == id);
    }

    [Fact]
    public void Writes_the_facts_core_reads_with_the_config_source_first()
    {
        var record = Only(Build("""[{"id": "meta-llama/Llama-3.1-8B", "config": "l.json", "config_source": "https://github.com/o/r/blob/abc/l.json"}]""", ("l.json", Llama)), "meta-llama/Llama-3.1-8B");

        Assert.Equal(8030261248, (long)record["params_computed"]!);
        Assert.Equal((32, 8, 128, 128256), ((int)record["num_hidden_layers"]!, (int)record["num_key_value_heads"]!, (int)record["head_dim"]!, (int)record["vocab_size"]!));
        Assert.Equal("config: https://github.com/o/r/blob/abc/l.json", (string)record["sources"]![0]!);
    }

    [Fact]
    public void Reads_text_config_gpt2_names_multi_query_and_the_tie_default()
    {
        const string wrapper = """{"model_type": "mistral3", "text_config": {"model_type": "mistral", "hidden_size": 5120, "intermediate_size": 32768, "num_attention_heads": 32, "num_hidden_layers": 40, "num_key_value_heads": 8, "head_dim": 128, "vocab_size": 131072}}""";
        const string bigcode = """{"model_type": "gpt_bigcode", "n_embd": 2048, "n_head": 16, "n_inner": 8192, "n_layer": 24, "n_positions": 2048, "multi_query": true, "vocab_size": 49280}""";
        var result = Build(
            """[{"id": "a/wrapped", "config": "w.json", "config_source": "s"}, {"id": "b/santacoder", "config": "g.json", "config_source": "s"}]""",
            ("w.json", wrapper),
            ("g.json", bigcode));

        var wrapped = Only(result, "a/wrapped");
        Assert.Equal(("mistral", 5120, 128), ((string)wrapped["model_type"]!, (int)wrapped["hidden_size"]!, (int)wrapped["head_dim"]!));
        Assert.False((bool)wrapped["tie_word_embeddings"]!);
        Assert.Contains("tie_word_embeddings: not in the config; the transformers default for mistral (false)", wrapped["sources"]!.AsArray().Select(s => (string)s!));

        var santacoder = Only(result, "b/santacoder");
        Assert.Equal((1, 128, true), ((int)santacoder["num_key_value_heads"]!, (int)santacoder["head_dim"]!, (bool)santacoder["tie_word_embeddings"]!));

        // Tied GPT-2-style: token and position embeddings, biased MQA attention and MLP, LayerNorms with biases.
        const long hidden = 2048, inner = 8192, layers = 24;
        var perLayer = (hidden * hidden * 2) + (2 * hidden * 128) + (hidden + (2 * 128) + hidden) + (2 * hidden * inner) + inner + hidden + (2 * 2 * hidden);
        Assert.Equal((49280 * hidden) + (2048 * hidden) + (layers * perLayer) + (2 * hidden), (long)santacoder["params_computed"]!);
    }

    [Fact]
    public void Keeps_moe_mla_sliding_and_quantization_facts()
    {
        const string deepseek = """
            {"model_type": "deepseek_v3", "hidden_size": 7168, "intermediate_size": 18432, "moe_intermediate_size": 2048, "num_attention_heads": 128,
             "num_hidden_layers": 61, "num_key_value_heads": 128, "n_routed_experts": 256, "n_shared_experts": 1, "num_experts_per_tok": 8,
             "first_k_dense_replace": 3, "kv_lora_rank": 512, "q_lora_rank": 1536, "qk_rope_head_dim": 64, "qk_nope_head_dim": 128, "v_head_dim": 128,
             "vocab_size": 129280, "tie_word_embeddings": false,
             "quantization_config": {"quant_method": "fp8", "fmt": "e4m3", "weight_block_size": [128, 128], "activation_scheme": "dynamic"}}
            """;
        const string gemma = """
            {"model_type": "gemma3_text", "hidden_size": 2560, "intermediate_size": 10240, "num_attention_heads": 8, "num_hidden_layers": 6,
             "num_key_value_heads": 4, "head_dim": 256, "vocab_size": 262208, "sliding_window": 1024,
             "layer_types": ["sliding_attention", "sliding_attention", "sliding_attention", "sliding_attention", "sliding_attention", "full_attention"]}
            """;
        var result = Build(
            """[{"id": "d/v3", "config": "d.json", "config_source": "s"}, {"id": "g/gemma", "config": "g.json", "config_source": "s"}]""",
            ("d.json", deepseek),
            ("g.json", gemma));

        var v3 = Only(result, "d/v3");
        Assert.Equal((256, 1, 3, 512, 64), ((int)v3["num_experts"]!, (int)v3["n_shared_experts"]!, (int)v3["first_k_dense_replace"]!, (int)v3["kv_lora_rank"]!, (int)v3["qk_rope_head_dim"]!));
        Assert.Equal(671026419200, (long)v3["params_computed"]!);
        Assert.True((long)v3["active_params_computed"]! < 40_000_000_000);
        Assert.Equal(("fp8", "dynamic"), ((string)v3["quantization_config"]!["quant_method"]!, (string)v3["quantization_config"]!["activation_scheme"]!));

        var gemma3 = Only(result, "g/gemma");
        Assert.Equal((1024, true, 5), ((int)gemma3["sliding_window"]!, (bool)gemma3["sliding_window_enabled"]!, (int)gemma3["sliding_window_layers"]!));
    }

    [Fact]
    public void A_re_upload_takes_its_bases_architecture_and_adds_its_quantization()
    {
        var result = Build(
            """
            [{"id": "meta-llama/Llama-3.1-8B-Instruct", "config": "l.json", "config_source": "s"},
             {"id": "hugging-quants/Meta-Llama-3.1-8B-Instruct-AWQ-INT4", "same_config_as": "meta-llama/Llama-3.1-8B-Instruct", "base_model": "meta-llama/Llama-3.1-8B-Instruct",
              "quantization_config": {"quant_method": "awq", "bits": 4}, "quantization_source": "the repository name"}]
            """,
            ("l.json", Llama));

        var awq = Only(result, "hugging-quants/Meta-Llama-3.1-8B-Instruct-AWQ-INT4");
        Assert.Equal(("meta-llama/Llama-3.1-8B-Instruct", "meta-llama/Llama-3.1-8B-Instruct", "awq"), ((string)awq["base_model"]!, (string)awq["same_architecture_as"]!, (string)awq["quantization_config"]!["quant_method"]!));
        Assert.Equal(8030261248, (long)awq["params_computed"]!);
        Assert.Contains("quantization_config: the repository name", awq["sources"]!.AsArray().Select(s => (string)s!));
    }

    [Fact]
    public void A_derivative_may_state_its_own_context_length_with_its_source()
    {
        var result = Build(
            """
            [{"id": "m/base", "config": "l.json", "config_source": "s"},
             {"id": "m/instruct", "same_config_as": "m/base", "base_model": "m/base", "base_model_source": "the card",
              "config_overrides": {"max_position_embeddings": {"value": 1024000, "source": "a model table"}}}]
            """,
            ("l.json", Llama));

        Assert.Equal(131072, (int)Only(result, "m/base")["max_position_embeddings"]!);
        var instruct = Only(result, "m/instruct");
        Assert.Equal(1024000, (int)instruct["max_position_embeddings"]!);
        Assert.Equal(
            new[] { "config: s", "max_position_embeddings: a model table", "base_model: the card" },
            instruct["sources"]!.AsArray().Select(x => (string)x!));
    }

    [Theory]
    [InlineData(8.03e9, null, true)] // 0.003%
    [InlineData(8.0e9, null, true)] // 0.38%
    [InlineData(7.9e9, null, false)] // 1.6%
    [InlineData(8.1e9, "8.1B", false)] // 0.9%, beyond half of 0.1B
    [InlineData(8.0e9, "8B", true)] // 0.38%
    public void A_published_count_must_match_within_half_a_percent_or_its_printed_rounding(double count, string? printed, bool accepted)
    {
        var published = printed is null ? $$"""{"count": {{count}}, "source": "card"}""" : $$"""{"count": {{count}}, "printed": "{{printed}}", "source": "card"}""";
        var result = Build($$"""[{"id": "m/l", "config": "l.json", "config_source": "s", "published_parameters": {{published}}}]""", ("l.json", Llama));

        Assert.Equal(accepted, result.Problems.Count == 0);
        Assert.Equal(accepted ? 1 : 0, result.Records.Count);
        if (!accepted)
        {
            Assert.StartsWith("m/l: computed 8030261248 parameters, published ", result.Problems[0]);
        }
    }

    [Fact]
    public void Printed_precision_is_half_a_unit_of_the_last_digit()
    {
        Assert.Equal(0.005e9, CatalogBuilder.PrintedPrecision("0.49B"), 3);
        Assert.Equal(0.5e9, CatalogBuilder.PrintedPrecision("8B"), 3);
        Assert.Equal(0.5e6, CatalogBuilder.PrintedPrecision("135M"), 3);
        Assert.Equal(0, CatalogBuilder.PrintedPrecision(null));
    }

    [Fact]
    public void Duplicates_unknown_bases_and_incomplete_configs_are_errors()
    {
        var result = Build(
            """
            [{"id": "a/one", "config": "l.json", "config_source": "s"}, {"id": "A/ONE", "config": "l.json", "config_source": "s"},
             {"id": "b/two", "same_config_as": "x/missing"}, {"id": "c/three", "same_record_as": "x/missing"},
             {"id": "d/four", "config": "bad.json", "config_source": "s"}]
            """,
            ("l.json", Llama),
            ("bad.json", """{"model_type": "llama", "hidden_size": 4096}"""));

        Assert.Equal(
            new[]
            {
                "A/ONE: listed twice (the manifest or the curated records already hold it)",
                "b/two: same_config_as 'x/missing' names no manifest entry with a config",
                "c/three: same_record_as 'x/missing' is not an earlier record",
                "d/four: config 'bad.json' names no complete architecture",
            },
            result.Problems);
    }

    /// <summary>A twin of a natively quantized release must state its own format: the record's is never copied.</summary>
    [Fact]
    public void A_twin_of_a_quantized_release_states_its_own_quantization()
    {
        const string Fp8 = """{"quant_method": "fp8", "fmt": "e4m3", "weight_block_size": [128, 128], "activation_scheme": "dynamic"}""";
        var result = Build(
            $$"""
            [{"id": "org/release", "config": "l.json", "config_source": "s", "quantization_config": {{Fp8}}, "quantization_source": "its config.json"},
             {"id": "org/release-0324", "same_record_as": "org/release"},
             {"id": "org/release-zero", "same_record_as": "org/release", "quantization_config": {{Fp8}}, "quantization_source": "its Hub page's fp8 tag"}]
            """,
            ("l.json", Llama));

        Assert.Equal(
            new[] { "org/release-0324: same_record_as 'org/release', whose weights are fp8-quantized: state this entry's quantization_config with a quantization_source, or give it its own config.json if its weights are 16-bit" },
            result.Problems);
        var zero = result.Records.Single(r => (string)r["hf_id"]! == "org/release-zero");
        Assert.Equal(("fp8", "org/release"), ((string)zero["quantization_config"]!["quant_method"]!, (string)zero["same_architecture_as"]!));
        Assert.DoesNotContain(result.Records, r => (string)r["hf_id"]! == "org/release-0324");
    }

    /// <summary>The keys a record carries beyond the plain decoder layout, so that estimators can size what the layout does not describe.</summary>
    [Fact]
    public void Writes_lightning_and_gemma3n_keys_and_checks_a_whole_checkpoint_count_with_its_encoders()
    {
        // A MiniMax-style config: 3 lightning layers and 1 softmax layer, 4 heads of 16, 4 experts of 32.
        const string minimax = """
            {"model_type": "minimax_text_01", "attn_type_list": [0, 0, 0, 1], "hidden_size": 64, "num_hidden_layers": 4, "num_attention_heads": 4,
             "num_key_value_heads": 2, "head_dim": 16, "intermediate_size": 32, "num_local_experts": 4, "num_experts_per_tok": 2, "vocab_size": 100, "tie_word_embeddings": false}
            """;

        // A Gemma 3n-style config: 5 layers (the last sliding pattern full), 2 sharing KV, its encoders from class defaults.
        const string gemma = """
            {"model_type": "gemma3n", "vision_config": {"architecture": "mobilenetv5_300m_enc", "hidden_size": 2048}, "audio_config": {},
             "text_config": {"model_type": "gemma3n_text", "hidden_size": 2048, "num_hidden_layers": 5, "num_attention_heads": 8, "num_key_value_heads": 2,
              "head_dim": 256, "vocab_size": 1000, "vocab_size_per_layer_input": 500, "hidden_size_per_layer_input": 256, "intermediate_size": 1024,
              "altup_num_inputs": 4, "laurel_rank": 64, "num_kv_shared_layers": 2, "sliding_window": 512, "tie_word_embeddings": true,
              "layer_types": ["sliding_attention", "sliding_attention", "sliding_attention", "sliding_attention", "full_attention"]}}
            """;

        // Text 5 x 18,113,104 + 1000 x 2048 + 500 x 5 x 256 + 2048 x 1280 + 256 + 6 x 2048^2 + 2048 = 121,043,088; encoders 983,438,688.
        var result = Build(
            """
            [{"id": "a/minimax", "config": "m.json", "config_source": "s"},
             {"id": "b/gemma3n", "config": "g.json", "config_source": "s", "published_parameters": {"count": 1104481776, "includes_towers": true, "source": "whole checkpoint"}},
             {"id": "c/gemma3n-text-only-count", "same_config_as": "b/gemma3n", "published_parameters": {"count": 1104481776, "source": "whole checkpoint, said to be the text model"}}]
            """,
            ("m.json", minimax),
            ("g.json", gemma));

        var lightning = result.Records.Single(r => (string)r["hf_id"]! == "a/minimax");
        Assert.Equal(("lightning", 3, 4, 16), ((string)lightning["linear_attention_kind"]!, (int)lightning["linear_attention_layers"]!, (int)lightning["linear_num_value_heads"]!, (int)lightning["linear_value_head_dim"]!));

        var gemma3n = result.Records.Single(r => (string)r["hf_id"]! == "b/gemma3n");
        Assert.Equal((121_043_088L, 983_438_688L, true), ((long)gemma3n["params_computed"]!, (long)gemma3n["vision_parameters"]!, (bool)gemma3n["published_params_include_towers"]!));
        Assert.Equal((2, 256, 500, 4, 64), ((int)gemma3n["num_kv_shared_layers"]!, (int)gemma3n["hidden_size_per_layer_input"]!, (int)gemma3n["vocab_size_per_layer_input"]!, (int)gemma3n["altup_num_inputs"]!, (int)gemma3n["laurel_rank"]!));

        // Without includes_towers the same count is compared with the text model alone, and refused.
        Assert.Single(result.Problems);
        Assert.StartsWith("c/gemma3n-text-only-count: computed 121043088 parameters, published 1104481776", result.Problems[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Records_the_facts_of_encoders_llama_4_hybrids_linear_rope_and_vision_towers()
    {
        const string bert = """{"model_type": "bert", "hidden_size": 384, "intermediate_size": 1536, "num_hidden_layers": 6, "num_attention_heads": 12, "vocab_size": 30522, "max_position_embeddings": 512, "type_vocab_size": 2}""";
        const string llama4 = """{"model_type": "llama4", "text_config": {"model_type": "llama4_text", "hidden_size": 64, "intermediate_size": 32, "intermediate_size_mlp": 128, "num_hidden_layers": 8, "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 16, "vocab_size": 100, "num_local_experts": 4, "num_experts_per_tok": 1, "interleave_moe_layer_step": 2, "attention_chunk_size": 8192}}""";
        const string hybrid = """
            {"model_type": "qwen3_5", "tie_word_embeddings": false, "vision_config": {"depth": 27, "hidden_size": 1152, "out_hidden_size": 64, "model_type": "ignored"},
             "text_config": {"model_type": "qwen3_5_text", "hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 4, "num_attention_heads": 4, "num_key_value_heads": 2,
             "head_dim": 16, "vocab_size": 100, "attn_output_gate": true, "full_attention_interval": 4, "linear_num_key_heads": 2, "linear_num_value_heads": 4,
             "linear_key_head_dim": 8, "linear_value_head_dim": 8, "linear_conv_kernel_dim": 4}}
            """;
        const string coder = """{"model_type": "llama", "hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 2, "num_attention_heads": 4, "vocab_size": 100, "max_position_embeddings": 16384, "rope_scaling": {"factor": 4.0, "type": "linear", "unused": 1}}""";
        var result = Build(
            """[{"id": "a/bert", "config": "b.json", "config_source": "s"}, {"id": "a/llama4", "config": "l.json", "config_source": "s"}, {"id": "a/hybrid", "config": "h.json", "config_source": "s"}, {"id": "a/coder", "config": "c.json", "config_source": "s"}]""",
            ("b.json", bert),
            ("l.json", llama4),
            ("h.json", hybrid),
            ("c.json", coder));

        var encoder = Only(result, "a/bert");
        Assert.Equal((true, 2, 22713216L), ((bool)encoder["is_encoder_only"]!, (int)encoder["type_vocab_size"]!, (long)encoder["params_computed"]!));

        var scout = Only(result, "a/llama4");
        Assert.Equal((2, 8192, 6), ((int)scout["interleave_moe_layer_step"]!, (int)scout["attention_chunk_size"]!, (int)scout["chunked_attention_layers"]!));
        Assert.Equal((128, 32, 1), ((int)scout["intermediate_size"]!, (int)scout["moe_intermediate_size"]!, (int)scout["n_shared_experts"]!));

        var next = Only(result, "a/hybrid");
        Assert.Equal((3, 2, 4, 8, 8, 4, true), ((int)next["linear_attention_layers"]!, (int)next["linear_num_key_heads"]!, (int)next["linear_num_value_heads"]!,
            (int)next["linear_key_head_dim"]!, (int)next["linear_value_head_dim"]!, (int)next["linear_conv_kernel_dim"]!, (bool)next["attn_output_gate"]!));
        Assert.Equal("""{"depth":27,"hidden_size":1152,"out_hidden_size":64}""", next["vision_config"]!.ToJsonString());

        // The record keeps what vLLM's length derivation reads, so a catalog entry derives the length its config.json would.
        var deepseekCoder = Only(result, "a/coder");
        Assert.Equal("""{"type":"linear","factor":4.0}""", deepseekCoder["rope_scaling"]!.ToJsonString());
        Assert.Equal(65536, VramLint.Core.Models.ModelCatalog.FromRecord(VramLint.Core.Json.JsonNode.Parse(deepseekCoder.ToJsonString())!).DerivedMaxModelLen);
    }

    [Fact]
    public void A_record_sizes_a_pixtral_or_moonvit_tower_as_its_config_json_does()
    {
        // Mistral3 and LLaVA wrap the same Pixtral tower with different projectors, and a record names its text model's type:
        // it keeps the wrapper's architecture and projector keys. Kimi-K2.5's MoonViT names its sizes vt_*.
        const string text = """
            "text_config": {"model_type": "mistral", "hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 2, "num_attention_heads": 4,
             "num_key_value_heads": 2, "head_dim": 16, "vocab_size": 100}
            """;
        var mistral3 = "{\"architectures\": [\"Mistral3ForConditionalGeneration\"], \"model_type\": \"mistral3\", \"spatial_merge_size\": 2, \"multimodal_projector_bias\": true, " + text
            + ", \"vision_config\": {\"model_type\": \"pixtral\", \"hidden_size\": 32, \"intermediate_size\": 64, \"num_hidden_layers\": 2, \"patch_size\": 4, \"image_size\": 32, \"num_channels\": 3}}";
        var llava = "{\"architectures\": [\"LlavaForConditionalGeneration\"], \"model_type\": \"llava\", " + text
            + ", \"vision_config\": {\"model_type\": \"pixtral\", \"patch_size\": 16, \"image_size\": 1024, \"hidden_act\": \"silu\"}}";
        var kimi = "{\"model_type\": \"kimi_k25\", " + text
            + ", \"vision_config\": {\"patch_size\": 14, \"vt_hidden_size\": 32, \"vt_intermediate_size\": 48, \"vt_num_hidden_layers\": 2, \"vt_num_attention_heads\": 2,"
            + " \"init_pos_emb_height\": 8, \"init_pos_emb_width\": 8, \"merge_kernel_size\": [2, 2], \"mm_hidden_size\": 32, \"text_hidden_size\": 64, \"merge_type\": \"sd2_tpool\"}}";
        var result = Build(
            """[{"id": "a/mistral3", "config": "m.json", "config_source": "s"}, {"id": "a/llava", "config": "l.json", "config_source": "s"}, {"id": "a/kimi", "config": "k.json", "config_source": "s"}]""",
            ("m.json", mistral3),
            ("l.json", llava),
            ("k.json", kimi));

        var small = Only(result, "a/mistral3");
        Assert.Equal(("""["Mistral3ForConditionalGeneration"]""", 2, true), (small["architectures"]!.ToJsonString(), (int)small["spatial_merge_size"]!, (bool)small["multimodal_projector_bias"]!));
        Assert.Equal("""{"model_type":"pixtral","num_hidden_layers":2,"hidden_size":32,"intermediate_size":64,"patch_size":4,"image_size":32,"num_channels":3}""", small["vision_config"]!.ToJsonString());
        Assert.Equal("""{"patch_size":14,"vt_hidden_size":32,"vt_intermediate_size":48,"vt_num_attention_heads":2,"vt_num_hidden_layers":2,"init_pos_emb_height":8,"init_pos_emb_width":8,"merge_kernel_size":[2,2],"mm_hidden_size":32,"text_hidden_size":64}""", Only(result, "a/kimi")["vision_config"]!.ToJsonString());

        foreach (var (id, config) in new[] { ("a/mistral3", mistral3), ("a/llava", llava), ("a/kimi", kimi) })
        {
            var fromRecord = VramLint.Core.Models.ModelCatalog.FromRecord(VramLint.Core.Json.JsonNode.Parse(Only(result, id).ToJsonString())!).Vision!;
            var fromConfig = VramLint.Core.Models.VisionEncoder.From(VramLint.Core.Json.JsonNode.Parse(config)!)!;
            Assert.Equal((fromConfig.Parameters, fromConfig.PatchesPerImage, fromConfig.PatchesPerToken), (fromRecord.Parameters, fromRecord.PatchesPerImage, fromRecord.PatchesPerToken));
        }

        // Mistral3, biased: 2 x (4 x 32^2 + 3 x 32 x 64 + 64) + 3 x 4^2 x 32 + 32 + 32 + 128 x 32 + 32 x 64 + 64 x 64 + 2 x 64.
        Assert.Equal(32_576, VramLint.Core.Models.VisionEncoder.From(VramLint.Core.Json.JsonNode.Parse(mistral3)!)!.Parameters);
    }
}
