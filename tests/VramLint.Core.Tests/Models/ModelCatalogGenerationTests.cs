using System.Globalization;
using VramLint.Core.Estimation;
using VramLint.Core.Json;
using VramLint.Core.Models;
using Xunit.Abstractions;

namespace VramLint.Core.Tests.Models;

/// <summary>
/// The generated catalog (tools/VramLint.CatalogGen from tools/catalog/manifest.json): its breadth, its sources, its
/// parameter counts against the published ones, and exact KV bytes per token of well-known models.
/// </summary>
public class ModelCatalogGenerationTests
{
    private readonly ITestOutputHelper output;

    public ModelCatalogGenerationTests(ITestOutputHelper output) => this.output = output;

    public static bool IsSharedCatalogSource(string source) => source.StartsWith("VramLint shared model catalog", StringComparison.Ordinal);

    private static ModelSpec Get(string id)
    {
        Assert.True(ModelCatalog.TryGet(id, out var spec), id);
        return spec;
    }

    /// <summary>
    /// Two entries share an architecture when everything that sizes weights and KV cache is equal. An MLA
    /// model's head_dim is no part of it: neither its weights nor its latent cache use it, and configs of one architecture
    /// state it as 64, 192 or not at all (DeepSeek-V3.1 and its NVFP4 re-upload).
    /// </summary>
    private static string Shape(ModelSpec s) => string.Join(
        "|",
        s.ModelType, s.NumHiddenLayers, s.HiddenSize, s.IntermediateSize, s.NumAttentionHeads, s.NumKeyValueHeads, s.IsMla ? null : s.HeadDim, s.VocabSize,
        s.TieWordEmbeddings, s.NumExperts, s.MoeIntermediateSize, s.NumSharedExperts ?? 0, s.KvLoraRank, s.SlidingWindow, s.SlidingWindowLayers);

    [Fact]
    public void Holds_at_least_400_repositories_over_120_architectures()
    {
        var real = ModelCatalog.All.Where(s => s.Exists && s.NumHiddenLayers is not null).ToList();
        var shapes = real.Select(Shape).Distinct().Count();
        output.WriteLine($"{ModelCatalog.All.Count} ids, {shapes} distinct architectures");
        Assert.True(ModelCatalog.All.Count >= 400, $"{ModelCatalog.All.Count} ids");
        Assert.True(shapes >= 120, $"{shapes} architectures");
        Assert.Equal(ModelCatalog.All.Count, ModelCatalog.All.Select(s => s.Id).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Keeps_every_record_of_the_shared_catalog() =>
        Assert.Equal(86, ModelCatalog.All.Count(s => s.Sources.Any(IsSharedCatalogSource)));

    [Fact]
    public void Every_entry_records_where_its_facts_came_from()
    {
        var missing = ModelCatalog.All.Where(s => s.Sources.Count == 0 || s.Sources.Any(string.IsNullOrWhiteSpace)).Select(s => s.Id).ToList();
        Assert.Empty(missing);

        // Generated entries name the config.json copy (a link at a commit: a public repository vendoring it, or the
        // Hugging Face page of the repository or of a re-upload) or the entry whose architecture they share.
        var generated = ModelCatalog.All.Where(s => !s.Sources.Any(IsSharedCatalogSource)).ToList();
        Assert.All(generated, s => Assert.True(
            s.Sources[0].StartsWith("config: https://github.com/", StringComparison.Ordinal) || s.Sources[0].StartsWith("config: https://huggingface.co/", StringComparison.Ordinal)
            || s.Sources[0].StartsWith("architecture: as ", StringComparison.Ordinal),
            s.Id + ": " + s.Sources[0]));
    }

    [Fact]
    public void Every_repository_name_is_unique_so_a_bare_name_or_path_resolves()
    {
        var clashes = ModelCatalog.All.GroupBy(s => ModelNameParser.LastSegment(s.Id), StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(clashes);
    }

    /// <summary>
    /// Every published count (model cards, vendor tables) against the count Core computes from the catalog's
    /// architecture: within 0.5%, or within the printed figure's own rounding ("0.49B" is 0.485B to 0.495B).
    /// </summary>
    [Fact]
    public void Computed_parameter_counts_match_the_published_counts()
    {
        var checkedCount = 0;
        var maxError = 0.0;
        foreach (var record in EmbeddedRecords().Where(r => r["published_params"] is not null))
        {
            var id = record["hf_id"]!.AsString!;
            var published = record["published_params"]!.AsNumber!.Value;
            var computed = ParameterCount.Estimate(Get(id));
            Assert.NotNull(computed);

            // A checkpoint count with the encoders (keras-hub's Gemma 3n totals) is compared with them added.
            if (record["published_params_include_towers"]?.AsBool == true)
            {
                computed += Get(id).Vision!.Parameters;
            }

            var error = Math.Abs(computed!.Value - published) / published;
            var allowed = Math.Max(0.005, HalfUnit(record["published_params_printed"]?.AsString) / published);
            Assert.True(error <= allowed, $"{id}: computed {computed} vs published {published} ({error:P2})");
            output.WriteLine($"{id}: computed {computed.Value / 1e9:0.000}B, published {record["published_params_printed"]?.AsString ?? published.ToString(CultureInfo.InvariantCulture)} ({error:P2})");
            checkedCount++;
            maxError = Math.Max(maxError, error);
        }

        output.WriteLine($"{checkedCount} entries with a published count, largest difference {maxError:P2}");
        Assert.True(checkedCount >= 128, $"{checkedCount} entries checked");
    }

    [Theory]
    [InlineData("meta-llama/Meta-Llama-3-8B", 131072)] // 2 x 8 KV heads x 128 x 2 bytes x 32 layers
    [InlineData("meta-llama/Llama-3.2-3B-Instruct", 114688)] // 2 x 8 x 128 x 2 x 28
    [InlineData("mistralai/Mistral-7B-Instruct-v0.2", 131072)] // 2 x 8 x 128 x 2 x 32
    [InlineData("TheBloke/Llama-2-13B-chat-AWQ", 819200)] // 2 x 40 x 128 x 2 x 40 (no GQA)
    [InlineData("Qwen/Qwen2.5-Coder-32B-Instruct", 262144)] // 2 x 8 x 128 x 2 x 64
    [InlineData("tiiuae/falcon-7b", 8192)] // multi-query: 2 x 1 x 64 x 2 x 32
    [InlineData("microsoft/Phi-3.5-mini-instruct", 393216)] // 2 x 32 x 96 x 2 x 32
    [InlineData("deepseek-ai/DeepSeek-V3-0324", 70272)] // MLA: (512 + 64) x 2 x 61
    [InlineData("moonshotai/Kimi-K2-Instruct", 70272)] // MLA: (512 + 64) x 2 x 61
    [InlineData("Qwen/Qwen3-30B-A3B-Instruct-2507", 98304)] // 2 x 4 x 128 x 2 x 48
    [InlineData("mistralai/Mistral-Nemo-Instruct-2407", 163840)] // 2 x 8 x 128 x 2 x 40
    public void Kv_bytes_per_token_in_16_bits(string id, double expected)
    {
        var spec = Get(id);
        var kv = KvCacheSize.For(spec, tp: 1, stageLayers: spec.NumHiddenLayers!.Value, kvCacheDtype: null, dtype: "bfloat16", disableSlidingWindow: false);
        Assert.Equal(expected, kv!.BytesPerToken);
    }

    [Theory]
    [InlineData("Qwen/Qwen1.5-14B-Chat", 819200)] // 2 x 40 KV heads x 128 x 2 bytes x 40 layers (no GQA)
    [InlineData("Qwen/Qwen1.5-110B-Chat", 327680)] // 2 x 8 x 128 x 2 x 80
    [InlineData("deepseek-ai/deepseek-coder-33b-instruct", 253952)] // 2 x 8 x 128 x 2 x 62
    [InlineData("deepseek-ai/deepseek-coder-6.7b-instruct", 524288)] // 2 x 32 x 128 x 2 x 32
    [InlineData("Qwen/Qwen2.5-VL-72B-Instruct", 327680)] // 2 x 8 x 128 x 2 x 80
    [InlineData("mistralai/Devstral-Small-2507", 163840)] // 2 x 8 x 128 x 2 x 40
    [InlineData("mistral-community/pixtral-12b", 163840)] // the text model: 2 x 8 x 128 x 2 x 40
    [InlineData("allenai/wildguard", 131072)] // Mistral-7B-v0.3: 2 x 8 x 128 x 2 x 32
    [InlineData("deepseek-ai/DeepSeek-V3.1", 70272)] // DeepSeek-V3's MLA: (512 + 64) x 2 x 61
    [InlineData("ibm-granite/granite-3.1-8b-instruct", 163840)] // 2 x 8 x 128 x 2 x 40
    [InlineData("ibm-granite/granite-3.0-2b-instruct", 81920)] // 2 x 8 x 64 x 2 x 40
    [InlineData("llava-hf/llava-v1.6-mistral-7b-hf", 131072)] // Mistral-7B-Instruct-v0.2's text model: 2 x 8 x 128 x 2 x 32
    [InlineData("facebook/opt-125m", 36864)] // 2 x 12 x 64 x 2 x 12
    [InlineData("microsoft/Phi-3-medium-4k-instruct", 204800)] // 2 x 10 x 128 x 2 x 40
    [InlineData("moonshotai/Kimi-K2.6", 70272)] // Kimi-K2.5's MLA: (512 + 64) x 2 x 61
    [InlineData("Qwen/Qwen2-VL-7B-Instruct", 57344)] // 2 x 4 x 128 x 2 x 28
    [InlineData("mistralai/Ministral-8B-Instruct-2410", 147456)] // 2 x 8 x 128 x 2 x 36
    public void Kv_bytes_per_token_of_the_added_families(string id, double expected) => Kv_bytes_per_token_in_16_bits(id, expected);

    [Theory]
    [InlineData("deepseek-ai/deepseek-coder-33b-instruct", 65536)] // 16384 positions x linear RoPE factor 4
    [InlineData("Qwen/Qwen1.5-14B-Chat", 32768)]
    [InlineData("mistralai/Devstral-Small-2505", 131072)] // Mistral-Small-3.1's 128k, not Mistral-Small-2501's 32768
    [InlineData("Qwen/Qwen2.5-VL-72B-Instruct", 128000)]
    public void Derived_lengths_of_the_added_families(string id, int expected) => Assert.Equal(expected, Get(id).DerivedMaxModelLen);

    /// <summary>
    /// BERT-style encoders: embeddings (words, learned positions, token types, LayerNorm), biased attention and MLP, two
    /// LayerNorms a layer, the pooler; no LM head. The counts are the checkpoints' (all-MiniLM-L6-v2 holds 22,713,216).
    /// </summary>
    [Theory]
    [InlineData("sentence-transformers/all-MiniLM-L6-v2", 22713216)]
    [InlineData("BAAI/bge-base-en-v1.5", 109482240)]
    [InlineData("BAAI/bge-large-en-v1.5", 335141888)]
    [InlineData("BAAI/bge-m3", 567754752)] // XLM-RoBERTa: 250002 words, 8194 positions, one token type
    [InlineData("jinaai/jina-reranker-v2-base-multilingual", 278436864)] // XLM-RoBERTa base: 250002 x 768 + 1026 x 768 + 768 + 12 x 7,087,872 + 1,536 + 590,592
    [InlineData("mixedbread-ai/mxbai-embed-large-v1", 335141888)] // bge-large-en-v1.5's BERT-large shape
    public void Encoders_are_counted_as_bert_lays_them_out(string id, long expected)
    {
        var spec = Get(id);
        Assert.True(spec.IsEncoderOnly);
        Assert.Equal(expected, ModelComponents.From(spec)!.Total);
        Assert.Equal(0, ModelComponents.From(spec)!.LmHead - ((long)spec.HiddenSize!.Value * (spec.HiddenSize.Value + 1))); // the pooler, not an LM head
    }

    /// <summary>
    /// ModernBERT: embeddings and their bias-free LayerNorm, a fused Wqkv and Wo, a GeGLU MLP (Wi hidden x 2 intermediate, Wo),
    /// two bias-free LayerNorms a layer but none before layer 0's attention, the final norm, and no head: keras-hub's exact
    /// backbone counts. Global attention every third layer (0, 3, ... 21), a 128-token window elsewhere.
    /// </summary>
    [Theory]
    [InlineData("answerdotai/ModernBERT-base", 149014272, 14)]
    [InlineData("answerdotai/ModernBERT-large", 394781696, 18)]
    [InlineData("ibm-granite/granite-embedding-english-r2", 149014272, 14)]
    public void ModernBert_is_counted_as_its_backbone_with_local_and_global_layers(string id, long expected, int localLayers)
    {
        var spec = Get(id);
        var components = ModelComponents.From(spec)!;
        Assert.True(EncoderOnlyModels.Is(spec));
        Assert.Equal((expected, 0L), (components.Total, components.LmHead));
        Assert.Equal((128, localLayers), (spec.SlidingWindow, spec.SlidingWindowLayers));

        // 22 x 768 (base): 38,682,624 embeddings + 22 x 5,013,504 matrices + 45 norms of 768 (the embeddings', 2 x 22 - 1 in the layers, the final).
        var h = (long)spec.HiddenSize!.Value;
        var matrices = (4 * h * h) + (3 * h * spec.IntermediateSize!.Value);
        Assert.Equal(expected, (spec.VocabSize!.Value * h) + (spec.NumHiddenLayers!.Value * matrices) + ((2 * spec.NumHiddenLayers.Value + 1) * h));
    }

    [Fact]
    public void ModernBert_biases_are_counted_when_its_config_turns_them_on()
    {
        // ModernBERT's own configs say attention_bias, mlp_bias and norm_bias false; a config that turns them on adds
        // Wqkv's 3h and Wo's h, Wi's 2 x intermediate and Wo's h per layer, and a bias beside every norm weight.
        const string config = """
            {"model_type": "modernbert", "hidden_size": 768, "num_hidden_layers": 22, "num_attention_heads": 12, "intermediate_size": 1152,
             "vocab_size": 50368, "global_attn_every_n_layers": 3, "local_attention": 128, "attention_bias": true, "mlp_bias": true, "norm_bias": true}
            """;
        var spec = ModelCatalog.FromConfigJson(config, "biased-modernbert")!;
        Assert.Equal(149014272 + (22 * ((4 * 768) + (2 * 1152) + 768)) + (45 * 768), ModelComponents.From(spec)!.Total);
    }

    /// <summary>Llama 4: Maverick alternates dense (16384 wide) and MoE layers (128 experts of 8192 plus a shared one); Scout is MoE throughout; three of four layers attend in 8192-token chunks.</summary>
    [Theory]
    [InlineData("meta-llama/Llama-4-Scout-17B-16E-Instruct", 48, 107769861120L, 17172894720L)]
    [InlineData("meta-llama/Llama-4-Maverick-17B-128E-Instruct", 24, 400711848960L, 17184691200L)]
    public void Llama_4_interleaves_moe_layers_and_chunks_attention(string id, int moeLayers, long total, long active)
    {
        var spec = Get(id);
        var components = ModelComponents.From(spec)!;
        Assert.Equal((moeLayers, total, active), (components.MoeLayers, components.Total, (long)spec.ActiveParameters!.Value));
        Assert.Equal((8192, 36, 1), (spec.AttentionChunkSize, spec.ChunkedAttentionLayers, spec.NumSharedExperts));
    }

    /// <summary>
    /// Qwen3.5/3.6: three of four layers are Gated DeltaNet (in_proj_qkvz, in_proj_ba, a 4-wide convolution, decay and step
    /// parameters, a gated norm, out_proj), the others gated full attention (q_proj twice as wide). The text models' counts
    /// plus their vision towers are the published sizes (27B: 26.90B + 0.46B).
    /// </summary>
    [Theory]
    [InlineData("Qwen/Qwen3.5-27B", 48, 26895998464L)]
    [InlineData("Qwen/Qwen3.5-35B-A3B", 30, 34660528768L)]
    [InlineData("Qwen/Qwen3.6-27B", 48, 26895998464L)]
    public void Linear_attention_hybrids_count_their_delta_net_layers(string id, int linearLayers, long total)
    {
        var spec = Get(id);
        var components = ModelComponents.From(spec)!;
        Assert.Equal((linearLayers, total), (components.LinearAttentionLayers, components.Total));
        Assert.Equal((16, spec.ModelType == "qwen3_5_text" ? 48 : 32, 128, 128, 4, true), (spec.LinearNumKeyHeads, spec.LinearNumValueHeads, spec.LinearKeyHeadDim, spec.LinearValueHeadDim, spec.LinearConvKernelDim, spec.AttentionOutputGate));

        // Their configs fix the recurrent state at float32 (mamba_ssm_dtype), which vLLM's state pages are sized by.
        Assert.Equal(4, spec.RecurrentState?.StateElementBytes);

        // Unquantized 16-bit weights on one GPU are every parameter twice, plus the rotary cache.
        var bytes = WeightBytes.Total(components, spec, QuantizationScheme.None, "bfloat16") - WeightBytes.RotaryCache(spec, 2);
        Assert.Equal(2.0 * total, bytes, precision: 0);
    }

    /// <summary>
    /// Qwen3-Next-80B-A3B: 36 Gated DeltaNet layers and 12 gated full-attention layers (every 4th), 512 experts of 512 plus
    /// one shared expert of 512 in every layer. Its config fixes no state dtype, so vLLM keeps the state in bf16.
    /// </summary>
    [Fact]
    public void Qwen3_next_keeps_delta_net_state_beside_a_gated_attention_cache()
    {
        var spec = Get("Qwen/Qwen3-Next-80B-A3B-Instruct");
        var components = ModelComponents.From(spec)!;
        Assert.Equal((36, 48, 79_674_292_992L), (components.LinearAttentionLayers, components.MoeLayers, components.Total));
        Assert.True(spec.AttentionOutputGate);
        Assert.Null(spec.RecurrentState!.StateElementBytes);

        // 12 layers x 2 (K, V) x 2 KV heads x 256 x 2 bytes = 24,576 bytes per token. A layer's state: convolution
        // (2 x 16 x 128 + 32 x 128) x 3 x 2 = 49,152 plus 32 heads x 128 x 128 x 2 = 1,048,576; vLLM raises the attention
        // block to 16 x cdiv(1,097,728, 16 x 2,048) = 544 tokens.
        var kv = KvCacheSize.For(spec, 1, 48, "auto", "bfloat16", false)!;
        Assert.Equal((24576.0, 12, 36, 1_097_728.0, 544), (kv.FullBytesPerToken, kv.Groups!.FullLayers, kv.Groups.StateLayers, kv.Groups.StateBytesPerLayer, kv.Groups.AlignedBlockSize));

        // TP 4: one KV head per GPU (2 heads replicated), a quarter of the state: 16 x cdiv(274,432, 16 x 1,024) = 272.
        var tp4 = KvCacheSize.For(spec, 4, 48, "auto", "bfloat16", false)!;
        Assert.Equal((12288.0, 274_432.0, 272), (tp4.FullBytesPerToken, tp4.Groups!.StateBytesPerLayer, tp4.Groups.AlignedBlockSize));

        // The FP8 releases resolve to the same architecture with FP8 weights.
        var fp8 = Get("Qwen/Qwen3-Next-80B-A3B-Thinking-FP8");
        Assert.Equal(("Qwen/Qwen3-Next-80B-A3B-Thinking", QuantizationMethod.Fp8), (fp8.BaseModel, fp8.Quantization?.Method));
        Assert.Equal(components.Total, ModelComponents.From(fp8)!.Total);
    }

    [Fact]
    public void Gemma_2_alternates_sliding_and_global_layers()
    {
        var spec = Get("google/gemma-2-2b-it");
        Assert.Equal((4096, 13), (spec.SlidingWindow, spec.SlidingWindowLayers));
        var kv = KvCacheSize.For(spec, 1, 26, null, "bfloat16", false)!;
        Assert.Equal((53248, 53248), (kv.FullBytesPerToken, kv.SlidingBytesPerToken)); // 13 layers each x 2 x 4 x 256 x 2
    }

    [Fact]
    public void Facts_the_table_sources_lack_come_from_a_config_of_the_same_shape()
    {
        // litgpt's table has no tie_word_embeddings: SmolLM2-1.7B and Qwen2.5-0.5B take it from config.json copies of their siblings.
        Assert.True(Get("HuggingFaceTB/SmolLM2-1.7B").TieWordEmbeddings);
        Assert.True(Get("Qwen/Qwen2.5-0.5B").TieWordEmbeddings);
        Assert.Contains(Get("Qwen/Qwen2.5-0.5B").Sources, s => s.StartsWith("tie_word_embeddings: config.json of Qwen/", StringComparison.Ordinal));

        // Qwen-MoE's 5632-wide shared expert is four 1408-wide experts' worth of weights.
        Assert.Equal((60, 4, 1408), (Get("Qwen/Qwen1.5-MoE-A2.7B-Chat").NumExperts, Get("Qwen/Qwen1.5-MoE-A2.7B-Chat").NumSharedExperts, Get("Qwen/Qwen1.5-MoE-A2.7B-Chat").MoeIntermediateSize));
    }

    /// <summary>
    /// DeepSeek-V3.2 and GLM-5 put a lightning indexer beside every MLA layer (vLLM's Indexer): wq_b from the query latent,
    /// wk, a LayerNorm with a bias and weights_proj; and it caches a 128-wide fp8 key with an fp32 scale (132 bytes) per
    /// token and layer beside the latent. Without it GLM-5 counted 743.18B against the 744B vLLM's recipe prints.
    /// </summary>
    [Fact]
    public void Sparse_attention_indexers_are_counted_and_cached()
    {
        // GLM-5: (2048 x 32 x 128 + 6144 x 128 + 2 x 128 + 6144 x 32) x 78 layers = 731,008,512 more than the MLA layers alone.
        var glm = Get("zai-org/GLM-5");
        Assert.Equal((32, 128), (glm.IndexNHeads, glm.IndexHeadDim));
        Assert.Equal(743_911_218_432L, ParameterCount.Estimate(glm));
        Assert.Equal(743_180_209_920L, ParameterCount.Estimate(glm with { IndexNHeads = null }));

        // DeepSeek-V3.2: (1536 x 64 x 128 + 7168 x 128 + 2 x 128 + 7168 x 64) x 61 = 851,524,864.
        var v32 = Get("deepseek-ai/DeepSeek-V3.2");
        Assert.Equal(671_877_944_064L, ParameterCount.Estimate(v32));
        Assert.Equal(ParameterCount.Estimate(Get("deepseek-ai/DeepSeek-V3")), ParameterCount.Estimate(v32 with { IndexNHeads = null }));

        // KV per token in bf16: ((512 + 64) x 2 + 128 + 128 / 128 x 4) x 61; with fp8_ds_mla the latent packs into 656 bytes.
        Assert.Equal(78_324, KvCacheSize.For(v32, tp: 1, stageLayers: 61, kvCacheDtype: null, dtype: "bfloat16", disableSlidingWindow: false)!.BytesPerToken);
        Assert.Equal((656 + 132) * 61, KvCacheSize.For(v32, tp: 1, stageLayers: 61, kvCacheDtype: "fp8_ds_mla", dtype: "bfloat16", disableSlidingWindow: false)!.BytesPerToken);
        Assert.Equal(70_272, KvCacheSize.For(Get("deepseek-ai/DeepSeek-V3.1"), tp: 1, stageLayers: 61, kvCacheDtype: null, dtype: "bfloat16", disableSlidingWindow: false)!.BytesPerToken);

        // A config.json states the indexer the same way.
        var read = ModelCatalog.FromConfigJson(
            "{\"model_type\": \"deepseek_v32\", \"num_hidden_layers\": 61, \"hidden_size\": 7168, \"num_attention_heads\": 128, \"vocab_size\": 129280, "
            + "\"kv_lora_rank\": 512, \"q_lora_rank\": 1536, \"qk_rope_head_dim\": 64, \"index_n_heads\": 64, \"index_head_dim\": 128}", "acme/v32")!;
        Assert.True(read.HasIndexer);
        Assert.Equal((64, 128), (read.IndexNHeads, read.IndexHeadDim));
    }

    /// <summary>
    /// noaux_tc routing keeps an expert score-correction bias beside the router (DeepSeek-V3 and V3.2, Kimi-K2, GLM-4.5,
    /// GLM-5): counted whatever model_type the config names, so Kimi-K2.5 and NVIDIA's NVFP4 re-upload of it (whose
    /// text config says deepseek_v3) count the same 1,026,408,232,448 parameters.
    /// </summary>
    [Fact]
    public void Expert_score_correction_biases_are_counted_for_every_noaux_tc_family()
    {
        Assert.Equal(1_026_408_232_448L, ParameterCount.Estimate(Get("moonshotai/Kimi-K2.5")));
        Assert.Equal(ParameterCount.Estimate(Get("moonshotai/Kimi-K2.5")), ParameterCount.Estimate(Get("nvidia/Kimi-K2.5-NVFP4")));

        // GLM-4.5-Air: 45 MoE layers x 128 experts = 5,760 biases on top of the router weights (another model type also
        // loses the 46 layers' q/k/v biases, 46 x 14,336 = 659,456, which Core counts for glm4_moe's attention_bias).
        var air = Get("zai-org/GLM-4.5-Air");
        Assert.Equal(106_852_251_264L, ParameterCount.Estimate(air));
        Assert.Equal(106_852_251_264L - 5_760 - 659_456, ParameterCount.Estimate(air with { ModelType = "acme_moe" }));
    }

    /// <summary>
    /// mlc-llm's "qwen2" preset ties Qwen1.5-1.8B-Chat's head and gives it 4096 positions; the checkpoint has an untied
    /// 151936 x 2048 lm_head (the leaderboards' 1.837B from its safetensors) and 32768 positions, as its fine-tunes' configs say.
    /// </summary>
    [Fact]
    public void Qwen1_5_1_8b_chat_keeps_its_untied_head_and_32k_positions()
    {
        var spec = Get("Qwen/Qwen1.5-1.8B-Chat");
        Assert.False(spec.TieWordEmbeddings);
        Assert.Equal((1_836_828_672L, 151936L * 2048), (ModelComponents.From(spec)!.Total, ModelComponents.From(spec)!.LmHead));
        Assert.Equal(32768, spec.DerivedMaxModelLen);
    }

    /// <summary>
    /// mlc-llm's codellama_34b preset gives the 34B the 7B/13B infilling vocabulary (32016); the 34B's config.json has
    /// 32000, like its Instruct release, so both are one architecture (33,743,970,304 parameters, the leaderboard's 33.744B).
    /// </summary>
    [Fact]
    public void CodeLlama_34b_has_the_plain_llama_vocabulary()
    {
        Assert.Equal(32000, Get("codellama/CodeLlama-34b-hf").VocabSize);
        Assert.Equal(32016, Get("codellama/CodeLlama-13b-hf").VocabSize);
        Assert.Equal(33_743_970_304L, ParameterCount.Estimate(Get("codellama/CodeLlama-34b-hf")));
        Assert.Equal(Shape(Get("codellama/CodeLlama-34b-Instruct-hf")), Shape(Get("codellama/CodeLlama-34b-hf")));
    }

    /// <summary>DeepSeek-V3.1, V3-Base, V3-0324, V3.2-Exp, R1-0528 and R1-Zero ship native block-FP8 weights, as DeepSeek-V3, V3.2 and R1 do: a byte a weight, not two.</summary>
    [Theory]
    [InlineData("deepseek-ai/DeepSeek-V3.1", "deepseek-ai/DeepSeek-V3")]
    [InlineData("deepseek-ai/DeepSeek-V3-Base", "deepseek-ai/DeepSeek-V3")]
    [InlineData("deepseek-ai/DeepSeek-V3-0324", "deepseek-ai/DeepSeek-V3")]
    [InlineData("deepseek-ai/DeepSeek-R1-0528", "deepseek-ai/DeepSeek-R1")]
    [InlineData("deepseek-ai/DeepSeek-R1-Zero", "deepseek-ai/DeepSeek-R1")]
    [InlineData("deepseek-ai/DeepSeek-V3.2-Exp", "deepseek-ai/DeepSeek-V3.2")]
    public void Native_fp8_releases_keep_their_siblings_weights_format(string id, string sibling)
    {
        var spec = Get(id);
        Assert.Equal((QuantizationMethod.Fp8, 8), (spec.Quantization.Method, spec.Quantization.Bits));
        Assert.Equal(ModelComponents.From(Get(sibling))!.Total, ModelComponents.From(spec)!.Total);
    }

    [Theory]
    [InlineData("TheBloke/Llama-2-13B-chat-AWQ", "meta-llama/Llama-2-13b-chat-hf", QuantizationMethod.Awq, 4)]
    [InlineData("neuralmagic/Meta-Llama-3.1-8B-Instruct-FP8", "meta-llama/Llama-3.1-8B-Instruct", QuantizationMethod.Fp8, 8)]
    [InlineData("unsloth/Qwen2.5-7B-Instruct-bnb-4bit", "Qwen/Qwen2.5-7B-Instruct", QuantizationMethod.BitsAndBytes, 4)]
    [InlineData("Qwen/Qwen2.5-Coder-32B-Instruct-GPTQ-Int8", "Qwen/Qwen2.5-Coder-32B-Instruct", QuantizationMethod.Gptq, 8)]
    [InlineData("RedHatAI/Llama-3.3-70B-Instruct-quantized.w4a16", "meta-llama/Llama-3.3-70B-Instruct", QuantizationMethod.CompressedTensors, 4)]
    [InlineData("Qwen/Qwen3-8B-FP8", "Qwen/Qwen3-8B", QuantizationMethod.Fp8, 8)]
    [InlineData("nvidia/Qwen3-235B-A22B-NVFP4", "Qwen/Qwen3-235B-A22B", QuantizationMethod.Nvfp4, 4)]
    [InlineData("zai-org/GLM-4.5-FP8", "zai-org/GLM-4.5", QuantizationMethod.Fp8, 8)]
    public void Quantized_re_uploads_carry_their_base_model_and_scheme(string id, string baseModel, QuantizationMethod method, int bits)
    {
        var spec = Get(id);
        var original = Get(baseModel);
        Assert.Equal(baseModel, spec.BaseModel);
        Assert.Equal((method, bits), (spec.Quantization.Method, spec.Quantization.Bits));
        Assert.Equal(Shape(original), Shape(spec));
    }

    [Theory]
    [InlineData("meta-llama/Meta-Llama-3-8B")]
    [InlineData("mistralai/Mistral-7B-Instruct-v0.2")]
    [InlineData("meta-llama/Llama-3.2-3B-Instruct")]
    [InlineData("Qwen/Qwen2.5-Coder-32B-Instruct")]
    [InlineData("TheBloke/Llama-2-13B-chat-AWQ")]
    [InlineData("neuralmagic/Meta-Llama-3.1-8B-Instruct-FP8")]
    [InlineData("unsloth/Qwen2.5-7B-Instruct-bnb-4bit")]
    [InlineData("Qwen/Qwen3-4B-Instruct-2507")]
    [InlineData("microsoft/Phi-3.5-mini-instruct")]
    [InlineData("deepseek-ai/DeepSeek-V3-0324")]
    [InlineData("moonshotai/Kimi-K2-Instruct")]
    [InlineData("microsoft/Phi-4-mini-instruct")]
    [InlineData("mistralai/Mistral-Nemo-Instruct-2407")]
    [InlineData("Qwen/Qwen1.5-14B-Chat")]
    [InlineData("deepseek-ai/deepseek-coder-33b-instruct")]
    public void The_issues_everyday_models_are_in_the_catalog(string id)
    {
        var resolved = ModelResolver.Resolve(id);
        Assert.Equal(ModelSource.Catalog, resolved.Source);
        Assert.NotNull(KvCacheSize.For(resolved.Spec!, 1, resolved.Spec!.NumHiddenLayers!.Value, null, "bfloat16", false));
    }

    /// <summary>Re-uploads and local copies of the families added later resolve to them, with their scheme.</summary>
    [Theory]
    [InlineData("Qwen/Qwen1.5-72B-Chat-AWQ", ModelMatch.Derivative, "Qwen/Qwen1.5-72B-Chat", QuantizationMethod.Awq)]
    [InlineData("TheBloke/deepseek-coder-33B-instruct-AWQ", ModelMatch.Derivative, "deepseek-ai/deepseek-coder-33b-instruct", QuantizationMethod.Awq)]
    [InlineData("RedHatAI/Llama-4-Scout-17B-16E-Instruct-FP8-dynamic", ModelMatch.Derivative, "meta-llama/Llama-4-Scout-17B-16E-Instruct", QuantizationMethod.Fp8)]
    [InlineData("unsloth/Qwen3.5-27B-GGUF", ModelMatch.Derivative, "Qwen/Qwen3.5-27B", QuantizationMethod.Gguf)]
    [InlineData("zai-org/GLM-4.5-Air-FP8", ModelMatch.Derivative, "zai-org/GLM-4.5-Air", QuantizationMethod.Fp8)]
    [InlineData("/models/bge-m3", ModelMatch.LocalPath, "BAAI/bge-m3", QuantizationMethod.None)]

    // Releases published in FP8 are the original architecture: another scheme's re-upload resolves to them with its own scheme.
    [InlineData("MiniMax-M2.7-AWQ", ModelMatch.Derivative, "MiniMaxAI/MiniMax-M2.7", QuantizationMethod.Awq)]
    [InlineData("QuantTrio/MiniMax-M2-AWQ", ModelMatch.Derivative, "MiniMaxAI/MiniMax-M2", QuantizationMethod.Awq)]
    [InlineData("cpatonn/Qwen3-Next-80B-A3B-Instruct-AWQ-4bit", ModelMatch.Derivative, "Qwen/Qwen3-Next-80B-A3B-Instruct", QuantizationMethod.Awq)]
    [InlineData("nvidia/NVIDIA-Nemotron-Nano-9B-v2-FP8", ModelMatch.Derivative, "nvidia/NVIDIA-Nemotron-Nano-9B-v2", QuantizationMethod.Fp8)]
    [InlineData("/models/glm-4.6-fp8", ModelMatch.LocalPath, "zai-org/GLM-4.6-FP8", QuantizationMethod.Fp8)]
    public void Derivatives_of_the_added_families_resolve_to_them(string written, ModelMatch match, string matched, QuantizationMethod method)
    {
        var resolved = ModelResolver.Resolve(written);
        Assert.Equal((match, matched, method), (resolved.Match, resolved.MatchedId ?? resolved.Spec!.Id, resolved.Quantization.Method));
    }

    private static IEnumerable<JsonNode> EmbeddedRecords()
    {
        using var stream = typeof(ModelCatalog).Assembly.GetManifestResourceStream("VramLint.Core.Data.models.json")!;
        using var reader = new StreamReader(stream);
        return JsonNode.Parse(reader.ReadToEnd())!.Items;
    }

    private static double HalfUnit(string? printed)
    {
        if (string.IsNullOrEmpty(printed) || !printed!.EndsWith("B", StringComparison.Ordinal))
        {
            return 0;
        }

        var dot = printed.IndexOf('.');
        var decimals = dot < 0 ? 0 : printed.Length - dot - 2;
        return 0.5 * Math.Pow(10, -decimals) * 1e9;
    }
}
