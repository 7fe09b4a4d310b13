using VramLint.Core.Models;

namespace VramLint.Core.Estimation;

/// <summary>
/// Weights of a model known only by its name: parameters x the scheme's bytes per weight. A quantized checkpoint keeps
/// its embedding and LM head 16-bit, and those are a larger share of a small model; that share is taken from a
/// typical dense model of the size (two 128k-token vocabulary matrices of <see cref="RuntimeMemory.EstimateHidden"/>
/// width), between 3% and 30%. Qwen2.5-72B-AWQ: 38.0 GiB against 38.7 from its architecture; Qwen2.5-7B-AWQ: 5.2
/// against 5.3. No architecture is assumed for anything else.
/// </summary>
public static class NameOnlyWeights
{
    public const double TypicalVocabulary = 128256;

    public const double MinEmbeddingShare = 0.03;

    public const double MaxEmbeddingShare = 0.30;

    /// <summary>The share of parameters in the embedding and LM head of a typical dense model of this size.</summary>
    public static double EmbeddingShare(double parameters) =>
        parameters <= 0 ? MaxEmbeddingShare : Math.Min(MaxEmbeddingShare, Math.Max(MinEmbeddingShare, 2 * TypicalVocabulary * RuntimeMemory.EstimateHidden(parameters) / parameters));

    public static double Bytes(double parameters, QuantizationScheme q, string? dtype)
    {
        parameters = double.IsNaN(parameters) ? 0 : Math.Max(0, parameters);
        var linear = WeightBytes.QuantizedBytes(q, dtype);
        if (!q.IsQuantized || q.Method == QuantizationMethod.Gguf)
        {
            return parameters * linear;
        }

        var share = EmbeddingShare(parameters);
        return parameters * (((1 - share) * linear) + (share * WeightBytes.DenseBytes(dtype)));
    }

    /// <summary>For the breakdown: "13.0B parameters x 2.00 bytes" or "72.0B parameters x 0.52 bytes, 3% of them (embeddings) x 2".</summary>
    public static string Describe(double parameters, QuantizationScheme q, string? dtype)
    {
        var text = $"{Numbers.F1(parameters / 1e9)}B parameters x {Numbers.F2(WeightBytes.QuantizedBytes(q, dtype))} bytes";
        return !q.IsQuantized || q.Method == QuantizationMethod.Gguf
            ? text
            : text + $", {Numbers.Int((long)Math.Round(EmbeddingShare(parameters) * 100))}% of them (embeddings and LM head) at {Numbers.F2(WeightBytes.DenseBytes(dtype))}";
    }
}
