using VramLint.Core.Models;

namespace VramLint.Core.Tests.Models;

/// <summary>
/// A decoder saved as the bare base model (gte-Qwen2-7B-instruct's "Qwen2Model") has no LM head: its checkpoint is the
/// embedding, the layers and the final norm, and vLLM's pooling runner builds no head either.
/// </summary>
public class HeadlessDecodersTests
{
    private const string Qwen2Embedding = """
        {"architectures": ["{0}"], "model_type": "qwen2", "hidden_size": 3584, "intermediate_size": 18944,
         "num_attention_heads": 28, "num_hidden_layers": 28, "num_key_value_heads": 4, "vocab_size": 151646,
         "tie_word_embeddings": false, "max_position_embeddings": 131072}
        """;

    private static ModelComponents Components(string architecture) =>
        ModelComponents.From(ModelCatalog.FromConfigJson(Qwen2Embedding.Replace("{0}", architecture), "acme/embedder")!)!;

    [Theory]
    [InlineData("Qwen2Model", 0L, 7_069_121_024L)] // MTEB's n_parameters for gte-Qwen2-7B-instruct
    [InlineData("MistralModel", 0L, 7_069_121_024L)]
    [InlineData("Qwen2ForCausalLM", 151646L * 3584, 7_612_620_288L)]
    [InlineData("QWenLMHeadModel", 151646L * 3584, 7_612_620_288L)] // Qwen1's class holds its head
    [InlineData("ChatGLMModel", 151646L * 3584, 7_612_620_288L)] // THUDM's remote code: the output layer is inside
    public void A_bare_base_model_class_has_no_lm_head(string architecture, long lmHead, long total)
    {
        var components = Components(architecture);
        Assert.Equal((lmHead, total), (components.LmHead, components.Total));
    }

    [Fact]
    public void The_catalog_record_keeps_the_architecture_that_drops_the_head()
    {
        Assert.True(ModelCatalog.TryGet("Alibaba-NLP/gte-Qwen2-7B-instruct", out var spec));
        Assert.True(HeadlessDecoders.Is(spec));
        Assert.Equal((0L, 7_069_121_024L), (ModelComponents.From(spec)!.LmHead, ModelComponents.From(spec)!.Total));

        // A causal LM of the same family keeps its head.
        Assert.True(ModelCatalog.TryGet("Qwen/Qwen2-7B-Instruct", out var causal));
        Assert.False(HeadlessDecoders.Is(causal));
    }
}
