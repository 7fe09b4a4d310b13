using VramLint.Core.Models;

namespace VramLint.Core.Tests.Models;

public class ModelCatalogTests
{
    private static ModelSpec Get(string id)
    {
        Assert.True(ModelCatalog.TryGet(id, out var spec), id);
        return spec;
    }

    [Fact]
    public void Llama_3_1_8b_facts()
    {
        var spec = Get("meta-llama/Llama-3.1-8B-Instruct");
        Assert.Equal((32, 4096, 14336, 32, 8, 128, 128256, 131072), (spec.NumHiddenLayers, spec.HiddenSize, spec.IntermediateSize, spec.NumAttentionHeads, spec.NumKeyValueHeads, spec.HeadDim, spec.VocabSize, spec.MaxPositionEmbeddings));
        Assert.Equal(8030261248, spec.ParametersComputed);
    }

    [Fact]
    public void Encodes_the_catalog_caveats()
    {
        Assert.Equal(11008, Get("Qwen/Qwen-7B-Chat").IntermediateSize);
        Assert.Null(Get("Qwen/Qwen2.5-7B-Instruct").SlidingWindow);
        Assert.Equal((1024, 52), (Get("google/gemma-3-27b-it").SlidingWindow, Get("google/gemma-3-27b-it").SlidingWindowLayers));
        Assert.Equal((128, 18), (Get("openai/gpt-oss-120b").SlidingWindow, Get("openai/gpt-oss-120b").SlidingWindowLayers));
        Assert.Equal(29696, Get("Qwen/Qwen2.5-72B-Instruct-AWQ").IntermediateSize);
        var deepseek = Get("deepseek-ai/DeepSeek-V3");
        Assert.True(deepseek.IsMla);
        Assert.Equal((512, 64), (deepseek.KvLoraRank, deepseek.QkRopeHeadDim));
        Assert.Equal(QuantizationMethod.Fp8, deepseek.Quantization.Method);
        var oss = Get("openai/gpt-oss-120b").Quantization;
        Assert.True(oss.ExpertsOnly);
        Assert.Equal(QuantizationMethod.Mxfp4, oss.Method);
    }

    [Fact]
    public void The_seeds_example_is_recorded_as_not_a_real_repository()
    {
        Assert.False(Get("Qwen/Qwen-32B-Chat").Exists);

        var resolved = ModelResolver.Resolve("Qwen/Qwen-32B-Chat");
        Assert.Equal(ModelSource.Name, resolved.Source);
        Assert.Equal(32e9, resolved.Parameters);
        Assert.Equal("it is not a real Hugging Face repository", resolved.Note);
        Assert.False(resolved.IsRecognized);
    }

    [Theory]
    [InlineData("meta-llama/llama-3.1-8b-instruct")]
    [InlineData("/models/meta-llama/Llama-3.1-8B-Instruct/")]
    [InlineData("hf://meta-llama/Llama-3.1-8B-Instruct")]
    [InlineData("Llama-3.1-8B-Instruct")]
    [InlineData(" meta-llama/Llama-3.1-8B-Instruct/")]
    [InlineData("meta-llama//Llama-3.1-8B-Instruct")]
    [InlineData("meta-llama\\Llama-3.1-8B-Instruct")]
    [InlineData("acme/Llama-3.1-8B-Instruct")]
    public void Finds_ids_paths_and_uris(string written) => Assert.Equal("meta-llama/Llama-3.1-8B-Instruct", Get(written).Id);

    [Fact]
    public void Does_not_match_a_different_repository() => Assert.False(ModelCatalog.TryGet("acme/Llama-3.1-8B-Instruct-finetune", out _));

    [Fact]
    public void Architecture_counts_match_the_catalogs_computed_parameters()
    {
        foreach (var spec in ModelCatalog.All.Where(s => s.ParametersComputed is not null && !s.Id.Contains("72B-Instruct-") && s.Id != "Qwen/Qwen2.5-72B-Instruct"))
        {
            Assert.True(ParameterCount.Estimate(spec) == spec.ParametersComputed, $"{spec.Id}: {ParameterCount.Estimate(spec)} vs {spec.ParametersComputed}");
        }
    }

    [Fact]
    public void Resolution_prefers_the_catalog_and_lets_an_explicit_quantization_win()
    {
        var awq = ModelResolver.Resolve("Qwen/Qwen2.5-72B-Instruct-AWQ");
        Assert.Equal((ModelSource.Catalog, QuantizationMethod.Awq, 4, 128), (awq.Source, awq.Quantization.Method, awq.Quantization.Bits, awq.Quantization.GroupSize));

        var fp8 = ModelResolver.Resolve("meta-llama/Llama-3.1-8B-Instruct", explicitQuantization: "fp8");
        Assert.Equal(QuantizationMethod.Fp8, fp8.Quantization.Method);
    }

    [Fact]
    public void Unknown_names_resolve_from_the_name_or_not_at_all()
    {
        var named = ModelResolver.Resolve("acme/custom-13B-chat");
        Assert.Equal((ModelSource.Name, 13e9), (named.Source, named.Parameters));

        var unknown = ModelResolver.Resolve("acme/secret-model");
        Assert.Equal(ModelSource.Unknown, unknown.Source);
        Assert.Null(unknown.Parameters);
    }

    [Fact]
    public void Reads_a_models_own_config_json()
    {
        const string config = """
            {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 4096, "intermediate_size": 14336,
             "num_attention_heads": 32, "num_hidden_layers": 32, "num_key_value_heads": 8, "vocab_size": 128256,
             "max_position_embeddings": 131072, "tie_word_embeddings": false, "torch_dtype": "bfloat16", "rope_theta": 500000.0}
            """;

        var resolved = ModelResolver.Resolve("/mnt/models/my-finetune", configJson: config);

        Assert.Equal(ModelSource.ConfigJson, resolved.Source);
        Assert.Equal(8030261248, resolved.Spec!.ParametersComputed);
        Assert.Equal(8, resolved.Spec.NumKeyValueHeads);
        Assert.Equal(ModelSource.Unknown, ModelResolver.Resolve("/mnt/models/my-finetune", configJson: "{not json").Source);
    }
}
