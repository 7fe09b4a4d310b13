using System.Text.RegularExpressions;

namespace VramLint.Core.Models;

/// <summary>
/// A repository name reduced to what decides its architecture: family, version, size and date tokens, without the
/// quantization tags (AWQ, GPTQ-Int4, FP8-dynamic, W4A16, bnb-4bit, GGUF Q4_K_M...) and the Instruct/Chat/-it/-hf/-base
/// variant words, which re-uploads and variants add to the same architecture.
/// "TheBloke/Llama-2-13B-chat-AWQ" and "meta-llama/Llama-2-13b-chat-hf" share the key "llama-2-13b";
/// "Llama-3.1-8B" and "Llama-3.1-70B", or "Qwen2-7B" and "Qwen2.5-7B", never do.
/// </summary>
internal sealed class ModelNameKey
{
    private static readonly Regex GgufTag = new(@"(?<![a-z0-9])i?q[2-8](?:_[0-9k])?(?:_[smlx]{1,2})?(?![a-z0-9])", RegexOptions.CultureInvariant);
    private static readonly Regex Separators = new(@"[-_\s:]+", RegexOptions.CultureInvariant);
    private static readonly Regex GroupSizeTag = new(@"^\d+g$", RegexOptions.CultureInvariant);

    /// <summary>Tags that name how a checkpoint is stored or packaged (-hf: converted for transformers), not what it is.</summary>
    private static readonly HashSet<string> IgnoredWords = new(StringComparer.Ordinal)
    {
        "awq", "gptq", "int4", "int8", "4bit", "8bit", "bnb", "nf4", "bitsandbytes", "fp8", "fp4", "nvfp4", "mxfp4", "dynamic",
        "w4a16", "w8a16", "w8a8", "w4a8", "w4afp8", "gguf", "marlin", "quantized", "unsloth", "fbgemm", "fp16", "bf16", "f16", "hf",

        // Intel's AutoRound names the tool that wrote a GPTQ or AWQ checkpoint ("kaitchup/Phi-4-AutoRound-GPTQ-4bit").
        "autoround",
    };

    /// <summary>Variant words of one architecture: the chat or instruction-tuned and the base checkpoints.</summary>
    private static readonly HashSet<string> VariantWords = new(StringComparer.Ordinal) { "instruct", "chat", "it", "base" };

    private ModelNameKey(IReadOnlyList<string> core, IReadOnlyList<string> variants)
    {
        Core = core;
        Variants = variants;
        Text = string.Join("-", core);
    }

    /// <summary>The architecture-deciding tokens, in order ("llama", "3.1", "8b").</summary>
    public IReadOnlyList<string> Core { get; }

    /// <summary>The variant words the name carried ("instruct"), sorted.</summary>
    public IReadOnlyList<string> Variants { get; }

    public string Text { get; }

    public bool SameVariants(ModelNameKey other) => Variants.SequenceEqual(other.Variants);

    public static ModelNameKey Of(string model)
    {
        var name = ModelNameParser.LastSegment(model).ToLowerInvariant();
        if (name.EndsWith(".gguf", StringComparison.Ordinal))
        {
            name = name.Substring(0, name.Length - 5);
        }

        // RedHatAI writes "-quantized.w8a8"; the dot would otherwise glue the tag to a version token.
        name = name.Replace("quantized.", "quantized-");
        name = GgufTag.Replace(name, " ");

        var core = new List<string>();
        var variants = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var token in Separators.Split(name).Select(t => t.Trim('.')).Where(t => t.Length > 0))
        {
            if (IgnoredWords.Contains(token) || GroupSizeTag.IsMatch(token))
            {
                continue;
            }

            if (VariantWords.Contains(token))
            {
                variants.Add(token);
                continue;
            }

            core.Add(token);
        }

        // "Meta-Llama-3.1-8B" is the old name of "Llama-3.1-8B".
        if (core.Count > 1 && core[0] == "meta" && core[1] == "llama")
        {
            core.RemoveAt(0);
        }

        return new ModelNameKey(core, variants.ToList());
    }
}
