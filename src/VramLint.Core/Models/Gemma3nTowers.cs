using VramLint.Core.Json;

namespace VramLint.Core.Models;

/// <summary>
/// Gemma 3n's encoders, which vLLM loads beside the language model: the MobileNetV5 vision tower, the USM-style audio
/// conformer and the two multimodal embedders that project their outputs into the text width. Keys as transformers'
/// Gemma3nVisionConfig and Gemma3nAudioConfig name them; an absent key takes that class's default, as transformers reads it.
/// </summary>
public static class Gemma3nTowers
{
    /// <summary>
    /// Parameters of timm's mobilenetv5_300m_enc as Gemma 3n uses it: keras-hub's exact count of its
    /// mobilenetv5_300m_enc_gemma3n preset (its timm block graph is not a config.json shape).
    /// </summary>
    public const long MobileNetV5Parameters = 294_284_096;

    /// <summary>All encoder parameters of a gemma3n config.json; null for other models or an unknown vision architecture.</summary>
    public static long? Parameters(JsonNode root)
    {
        if (root["model_type"]?.AsString != "gemma3n" || root["text_config"]?["hidden_size"]?.AsInt is not { } textHidden)
        {
            return null;
        }

        var vision = root["vision_config"];
        if ((vision?["architecture"]?.AsString ?? "mobilenetv5_300m_enc") != "mobilenetv5_300m_enc")
        {
            return null;
        }

        var audio = root["audio_config"];
        int Audio(string key, int fallback) => audio?[key]?.AsInt ?? fallback;
        long h = Audio("hidden_size", 1536);
        long heads = Audio("conf_num_attention_heads", 8);
        long kernel = Audio("conf_conv_kernel_size", 5);
        long features = Audio("input_feat_size", 128);
        var channels = audio?["sscp_conv_channel_size"] is JsonArray sizes && sizes.Items.Count == 2
            ? (sizes.Items[0].AsInt ?? 128, sizes.Items[1].AsInt ?? 32)
            : (128, 32);

        // Sub-sample convolution projection: two 3x3 convolutions without bias (1 to c0, c0 to c1), a norm each, and the
        // linear input projection from c1 x (features / 4) (two stride-2 steps) to the hidden width.
        var subsample = (9L * channels.Item1) + channels.Item1 + (9L * channels.Item1 * channels.Item2) + channels.Item2 + ((long)channels.Item2 * (features / 4) * h);

        // A conformer block: two macaron feed-forwards (h x 4h, 4h x h, two norms each), attention (q, k, v, relative
        // position projection and output, h x h each; per-dimension scale; two norms), the light convolution (h x 2h,
        // a depthwise kernel, a norm, h x h, a pre-norm) and the block's final norm.
        var block = (2 * ((8 * h * h) + (2 * h))) + ((5 * h * h) + (h / heads) + (2 * h)) + ((3 * h * h) + (kernel * h) + (2 * h)) + h;
        var encoder = subsample + (Audio("conf_num_hidden_layers", 12) * block);

        // Multimodal embedders: a hard-token table (vocab x width), two norms and a projection into the text width.
        long Embedder(long vocab, long width) => (vocab * width) + (2 * width) + (width * textHidden);
        var embedders = Embedder(Audio("vocab_size", 128), h) + Embedder(vision?["vocab_size"]?.AsInt ?? 128, vision?["hidden_size"]?.AsInt ?? 2048);
        return MobileNetV5Parameters + encoder + embedders;
    }
}
