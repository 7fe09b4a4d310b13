using VramLint.Core.Estimation;
using VramLint.Core.Models;

namespace VramLint.Core.Tests.Models;

/// <summary>
/// Gemma 3n: per-layer embeddings, AltUp, LAuReL, the MobileNetV5 and audio encoders, and KV sharing (vLLM's
/// kv_sharing_target_layer_name: the last num_kv_shared_layers layers read earlier layers' cache and allocate none).
/// Checked against keras-hub's exact checkpoint counts of gemma3n_e2b (5,439,595,456) and gemma3n_e4b (7,850,135,376).
/// </summary>
public class Gemma3nCatalogTests
{
    private static ModelSpec Catalog(string id) => ModelCatalog.TryGet(id, out var spec) ? spec : throw new InvalidOperationException(id);

    [Theory]
    [InlineData("google/gemma-3n-E2B", 4_456_156_768L, 5_439_595_456L)]
    [InlineData("google/gemma-3n-E2B-it", 4_456_156_768L, 5_439_595_456L)]
    [InlineData("google/gemma-3n-E4B", 6_866_696_688L, 7_850_135_376L)]
    [InlineData("google/gemma-3n-E4B-it", 6_866_696_688L, 7_850_135_376L)]
    public void The_text_model_and_encoders_add_up_to_the_checkpoint(string id, long text, long checkpoint)
    {
        // E2B text (hidden 2048, MLP 8192, 8 heads and 2 KV heads of 256, LAuReL 64, AltUp 4, per-layer input 256), per layer:
        // attention 2 x 2048 x 2048 + 2 x 2048 x 512 + q/k norms 512 = 10,486,272; MLP 3 x 2048 x 8192 = 50,331,648;
        // LAuReL 2 x 2048 x 64 + 2048 = 264,192; AltUp 16 + 64 + 2048 x 4 + 2 x 2048 = 12,368; per-layer input
        // 2 x 2048 x 256 + 2048 = 1,050,624; four norms 8,192: 62,153,296 x 30 = 1,864,598,880. Model: embedding
        // 262400 x 2048 = 537,395,200; per-layer table 262144 x 30 x 256 = 2,013,265,920; its projection 2048 x 7680 =
        // 15,728,640 and norm 256; six AltUp projections 6 x 2048^2 = 25,165,824; final norm 2,048: 4,456,156,768.
        // Encoders: MobileNetV5 294,284,096 (keras-hub) + audio conformer 681,348,640 (sub-sampling 1,611,040 + 12 blocks of
        // 24 x 1536^2 + 14 x 1536 + 192) + audio embedder 3,345,408 + vision embedder 4,460,544 = 983,438,688.
        var spec = Catalog(id);
        Assert.Equal(text, spec.ParametersComputed);
        Assert.Equal(983_438_688L, spec.Vision!.Parameters);
        Assert.Equal(checkpoint, spec.ParametersComputed + spec.Vision.Parameters);
    }

    [Theory]
    [InlineData("google/gemma-3n-E2B", 30)]
    [InlineData("google/gemma-3n-E4B", 35)]
    public void Kv_shared_layers_keep_no_cache(string id, int layers)
    {
        // E2B: 30 layers, the last 10 share; E4B: 35, the last 15. Either way 20 layers own a cache, 4 full and 16 sliding
        // (window 512), each 2 (K, V) x 2 heads x 256 x 2 bytes = 2,048 bytes per token.
        var kv = KvCacheSize.For(Catalog(id), 1, layers, "auto", "bfloat16", false)!;
        Assert.Equal((8_192.0, 32_768.0, 512), (kv.FullBytesPerToken, kv.SlidingBytesPerToken, kv.Window!.Value));
        Assert.Equal((4, 16), (kv.Groups!.FullLayers, kv.Groups.SlidingLayers));

        // TP 2: one KV head a rank halves both.
        var tp2 = KvCacheSize.For(Catalog(id), 2, layers, "auto", "bfloat16", false)!;
        Assert.Equal((4_096.0, 16_384.0), (tp2.FullBytesPerToken, tp2.SlidingBytesPerToken));
    }

    [Fact]
    public void A_gemma3n_config_json_sizes_its_encoders_from_their_configs()
    {
        // A checked-in config.json: the per-layer intermediate_size list, layer_types and num_kv_shared_layers of the text
        // model; the encoders from vision_config and audio_config (absent keys take transformers' class defaults).
        var layerTypes = string.Join(", ", Enumerable.Range(0, 10).Select(i => (i + 1) % 5 == 0 ? "\"full_attention\"" : "\"sliding_attention\""));
        var json = "{\"model_type\": \"gemma3n\", \"vision_config\": {\"architecture\": \"mobilenetv5_300m_enc\", \"hidden_size\": 2048}, \"audio_config\": {\"hidden_size\": 1536},"
            + " \"text_config\": {\"model_type\": \"gemma3n_text\", \"hidden_size\": 2048, \"num_hidden_layers\": 10, \"num_attention_heads\": 8, \"num_key_value_heads\": 2,"
            + " \"head_dim\": 256, \"vocab_size\": 1000, \"vocab_size_per_layer_input\": 500, \"hidden_size_per_layer_input\": 256, \"intermediate_size\": [1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024],"
            + " \"altup_num_inputs\": 4, \"laurel_rank\": 64, \"num_kv_shared_layers\": 5, \"sliding_window\": 512, \"tie_word_embeddings\": true, \"layer_types\": [" + layerTypes + "]}}";
        var spec = ModelCatalog.FromConfigJson(json, "acme/gemma3n-small")!;

        // Per layer 10,486,272 attention + 3 x 2048 x 1024 = 6,291,456 MLP + 264,192 + 12,368 + 1,050,624 + 8,192 = 18,113,104;
        // model 1000 x 2048 + 500 x 10 x 256 + 2048 x 2560 + 256 + 25,165,824 + 2,048 = 33,739,008: 10 x 18,113,104 + 33,739,008.
        Assert.Equal(214_870_048L, spec.ParametersComputed);
        Assert.Equal(983_438_688L, spec.Vision!.Parameters);

        // 5 layers own a cache: 1 full, 4 sliding.
        var kv = KvCacheSize.For(spec, 1, 10, "auto", "bfloat16", false)!;
        Assert.Equal((2_048.0, 8_192.0), (kv.FullBytesPerToken, kv.SlidingBytesPerToken));
    }
}
