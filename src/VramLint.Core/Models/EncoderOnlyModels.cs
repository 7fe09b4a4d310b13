namespace VramLint.Core.Models;

/// <summary>
/// Bidirectional encoder-only models (BERT, RoBERTa, XLM-RoBERTa, NomicBERT, ModernBERT...), which vLLM serves only with
/// the pooling runner: their attention gets no KV cache spec and cannot be prefilled in chunks.
/// </summary>
public static class EncoderOnlyModels
{
    private static readonly HashSet<string> Types = new(StringComparer.Ordinal)
    {
        "bert", "roberta", "xlm-roberta", "nomic_bert", "modernbert", "new", "deberta-v2", "distilbert", "electra",
    };

    /// <summary>True for an encoder-only model type, or a catalog record that says <c>is_encoder_only</c>.</summary>
    public static bool Is(ModelSpec? spec) =>
        spec is not null && ((spec.ModelType is { } type && Types.Contains(type)) || spec.Raw?["is_encoder_only"]?.AsBool == true);
}
