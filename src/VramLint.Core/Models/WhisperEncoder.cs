using VramLint.Core.Json;

namespace VramLint.Core.Models;

/// <summary>
/// Whisper's audio encoder (config.json <c>model_type</c> "whisper"): two convolutions over the log-mel frames, learned
/// positions for max_source_positions (1500) frames, encoder_layers pre-norm blocks of d_model with a GELU MLP of
/// encoder_ffn_dim, a final LayerNorm. vLLM profiles it with 30 s of audio: 3000 mel frames, 1500 positions after the
/// stride-2 convolution. The decoder is the language model that <see cref="ConfigJsonReader"/> reads.
/// </summary>
internal static class WhisperEncoder
{
    public static bool Is(JsonNode root) => root["model_type"]?.AsString == "whisper";

    public static VisionEncoder? From(JsonNode root)
    {
        if (!Is(root))
        {
            return null;
        }

        long h = (root["d_model"] ?? root["hidden_size"])?.AsInt ?? 0;
        long layers = root["encoder_layers"]?.AsInt ?? 0;
        long ffn = root["encoder_ffn_dim"]?.AsInt ?? 0;
        long positions = root["max_source_positions"]?.AsInt ?? 1500;
        long mels = root["num_mel_bins"]?.AsInt ?? 80;
        if (h <= 0 || layers <= 0 || ffn <= 0)
        {
            return null;
        }

        // Convolutions (kernel 3, with biases), the position table, and per block: q, v and out with biases, k without,
        // fc1 and fc2 with biases, two LayerNorms; a final LayerNorm.
        var convolutions = (mels * h * 3) + h + (h * h * 3) + h;
        var block = (4 * h * h) + (3 * h) + (2 * h * ffn) + ffn + h + (4 * h);
        return new VisionEncoder
        {
            Parameters = convolutions + (positions * h) + (layers * block) + (2 * h),
            HiddenSize = (int)h,
            PatchesPerImage = positions,
            Modality = "audio",
            CrossAttention = true,
        };
    }

    /// <summary>
    /// The parameters the decoder's layers hold beyond a self-attention block with an MLP: the cross-attention projections
    /// (q, v and out with biases, k without) and their LayerNorm.
    /// </summary>
    public static long CrossAttentionParameters(long hidden) => (4 * hidden * hidden) + (3 * hidden) + (2 * hidden);
}
