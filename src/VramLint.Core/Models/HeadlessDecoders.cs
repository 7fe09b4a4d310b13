using VramLint.Core.Json;

namespace VramLint.Core.Models;

/// <summary>
/// Decoder checkpoints saved as the bare transformers base model (<c>"architectures": ["Qwen2Model"]</c>): embedding
/// models such as gte-Qwen2-7B-instruct. Their safetensors hold no LM head, and vLLM, which serves them with the pooling
/// runner, builds none. A catalog record keeps the config's <c>architectures</c> for them.
/// </summary>
public static class HeadlessDecoders
{
    /// <summary>Remote-code classes named "...Model" that do hold the output layer (THUDM's ChatGLM).</summary>
    private static readonly HashSet<string> WithHead = new(StringComparer.Ordinal) { "ChatGLMModel" };

    /// <summary>True when the config.json or catalog record the spec was read from names a headless decoder first.</summary>
    public static bool Is(ModelSpec? spec) =>
        spec is { IsEncoderOnly: false } && Architecture(spec) is { } name
        && name.EndsWith("Model", StringComparison.Ordinal)
        && name.IndexOf("LMHead", StringComparison.Ordinal) < 0 // GPT2LMHeadModel, QWenLMHeadModel
        && !WithHead.Contains(name);

    /// <summary>The first entry of <c>architectures</c>, or null.</summary>
    public static string? Architecture(ModelSpec? spec) =>
        spec?.Raw?["architectures"] is JsonArray { Items.Count: > 0 } names ? names.Items[0]?.AsString : null;
}
