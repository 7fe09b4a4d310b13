using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;

namespace VramLint.Core.Models;

/// <summary>What a model's name says about it: the parameter count ("72B", "8x7B", "30B-A3B") and the quantization tags.</summary>
public sealed record ModelNameFacts(double? Parameters, double? ActiveParameters, QuantizationScheme Quantization);

/// <summary>Reads sizes and quantization tags from model names (seed rule S1), for models the catalog does not know.</summary>
public static class ModelNameParser
{
    private static readonly Regex MixtureOfExperts = new(@"(?<![A-Za-z0-9.])([0-9]+)x([0-9]+(?:\.[0-9]+)?)[Bb](?![A-Za-z])", RegexOptions.CultureInvariant);
    private static readonly Regex TotalAndActive = new(@"(?<![A-Za-z0-9.])([0-9]+(?:\.[0-9]+)?)[Bb]-[Aa]([0-9]+(?:\.[0-9]+)?)[Bb](?![A-Za-z])", RegexOptions.CultureInvariant);
    private static readonly Regex Size = new(@"(?<![A-Za-z0-9.])([0-9]+(?:\.[0-9]+)?)([BbMm])(?![A-Za-z0-9])", RegexOptions.CultureInvariant);
    private static readonly Regex GgufType = new(@"(?<![A-Za-z0-9])(I?Q[2-8](?:_[0-9K])?(?:_[SMLX]{1,2})?)(?![A-Za-z0-9])", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    /// <summary>
    /// The facts of names already read. A check of many files serves the same few models, and reading a name runs five
    /// regular expressions (7% of a 2,000-file check): the facts are immutable, so each name is read once per process.
    /// Bounded: a process that meets more names than this starts over.
    /// </summary>
    private static readonly ConcurrentDictionary<string, ModelNameFacts> Read = new(StringComparer.Ordinal);

    private const int MaxRemembered = 1024;

    public static ModelNameFacts Parse(string? model)
    {
        var key = model ?? "";
        if (Read.TryGetValue(key, out var known))
        {
            return known;
        }

        if (Read.Count >= MaxRemembered)
        {
            Read.Clear();
        }

        return Read[key] = ParseName(key);
    }

    private static ModelNameFacts ParseName(string model)
    {
        var name = LastSegment(model);
        double? parameters = null, active = null;

        if (MixtureOfExperts.Match(name) is { Success: true } moe)
        {
            parameters = Number(moe.Groups[1].Value) * Number(moe.Groups[2].Value) * 1e9;
        }
        else if (TotalAndActive.Match(name) is { Success: true } ta)
        {
            parameters = Number(ta.Groups[1].Value) * 1e9;
            active = Number(ta.Groups[2].Value) * 1e9;
        }
        else
        {
            // Billions win over millions ("Qwen2.5-7B-Instruct-1M" is 7B with a 1M context).
            var sizes = Size.Matches(name).Cast<Match>().ToList();
            var billions = sizes.FirstOrDefault(m => m.Groups[2].Value is "B" or "b");
            var millions = sizes.FirstOrDefault(m => m.Groups[2].Value is "M" or "m");
            if (billions is not null)
            {
                parameters = Number(billions.Groups[1].Value) * 1e9;
            }
            else if (millions is not null)
            {
                parameters = Number(millions.Groups[1].Value) * 1e6;
            }
        }

        return new ModelNameFacts(parameters, active, QuantizationFromName(name));
    }

    /// <summary>
    /// The runs of ASCII letters and digits of the lower-cased name ("Llama-2-13B-chat-AWQ": llama, 2, 13b, chat, awq). A
    /// loop, not Regex.Split: the static Regex methods' cache is JIT-compiled in every compiler process.
    /// </summary>
    private static List<string> LowerAlphanumericRuns(string name)
    {
        var lower = name.ToLowerInvariant();
        var runs = new List<string>();
        var start = -1;
        for (var i = 0; i <= lower.Length; i++)
        {
            var inRun = i < lower.Length && lower[i] is >= 'a' and <= 'z' or >= '0' and <= '9';
            if (inRun && start < 0)
            {
                start = i;
            }
            else if (!inRun && start >= 0)
            {
                runs.Add(lower.Substring(start, i - start));
                start = -1;
            }
        }

        return runs;
    }

    /// <summary>The quantization the name's tags state (AWQ, GPTQ-Int4, FP8, bnb, NVFP4, MXFP4, GGUF Q4_K_M...), else none.</summary>
    public static QuantizationScheme QuantizationFromName(string name)
    {
        var tokens = LowerAlphanumericRuns(name);
        bool Has(params string[] words) => tokens.Any(t => words.Contains(t));

        // "4b" is a size (Qwen3-4B), never a tag; "4bit" and "int4" are tags.

        int? bits = Has("int4", "4bit", "4int", "w4a16", "w4a8") ? 4 : Has("int8", "8bit", "w8a8", "w8a16") ? 8 : null;

        if (Has("awq"))
        {
            return new QuantizationScheme { Method = QuantizationMethod.Awq, Bits = 4, GroupSize = 128, ZeroPoint = true, Label = "AWQ" };
        }

        if (Has("gptq"))
        {
            var b = bits ?? 4;
            return new QuantizationScheme { Method = QuantizationMethod.Gptq, Bits = b, GroupSize = 128, Label = "GPTQ-Int" + b.ToString(CultureInfo.InvariantCulture) };
        }

        if (Has("nvfp4", "fp4"))
        {
            return new QuantizationScheme { Method = QuantizationMethod.Nvfp4, Bits = 4, GroupSize = 16, Label = "NVFP4" };
        }

        if (Has("mxfp4"))
        {
            return new QuantizationScheme { Method = QuantizationMethod.Mxfp4, Bits = 4, GroupSize = 32, ExpertsOnly = true, Label = "MXFP4" };
        }

        if (Has("fp8", "f8"))
        {
            return new QuantizationScheme { Method = QuantizationMethod.Fp8, Bits = 8, Label = "FP8" };
        }

        if (Has("bnb", "bitsandbytes", "nf4"))
        {
            return new QuantizationScheme { Method = QuantizationMethod.BitsAndBytes, Bits = bits ?? 4, Label = "bitsandbytes" };
        }

        if (Has("gguf") || GgufType.IsMatch(name))
        {
            var type = GgufType.Match(name) is { Success: true } m ? m.Groups[1].Value.ToUpperInvariant() : null;
            var ggufBits = type is null ? 4 : type.StartsWith("IQ", StringComparison.Ordinal) ? type[2] - '0' : type[1] - '0';
            return new QuantizationScheme { Method = QuantizationMethod.Gguf, Bits = ggufBits, GgufType = type, Label = type is null ? "GGUF" : "GGUF " + type };
        }

        // llm-compressor's weight-only schemes (RedHatAI/neuralmagic "-W4A16", "quantized.w8a16"): packed weights, group scales.
        if (Has("w4a16", "w8a16"))
        {
            var b = Has("w4a16") ? 4 : 8;
            return new QuantizationScheme { Method = QuantizationMethod.CompressedTensors, Bits = b, GroupSize = b == 4 ? 128 : null, Label = b == 4 ? "W4A16" : "W8A16" };
        }

        if (Has("w8a8"))
        {
            return new QuantizationScheme { Method = QuantizationMethod.Int8, Bits = 8, Label = "W8A8" };
        }

        if (bits is { } n)
        {
            return new QuantizationScheme
            {
                Method = n == 8 ? QuantizationMethod.Int8 : QuantizationMethod.Other,
                Bits = n,
                GroupSize = n == 4 ? 128 : null,
                Label = "Int" + n.ToString(CultureInfo.InvariantCulture),
            };
        }

        return QuantizationScheme.None;
    }

    /// <summary>The repository name of an id or path: "Qwen/Qwen2.5-7B" -> "Qwen2.5-7B", "/models/llama-8b/" -> "llama-8b".</summary>
    public static string LastSegment(string model)
    {
        var trimmed = model.Trim().TrimEnd('/', '\\');
        var slash = trimmed.LastIndexOfAny(new[] { '/', '\\' });
        return slash >= 0 ? trimmed.Substring(slash + 1) : trimmed;
    }

    private static double Number(string text) => double.Parse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
}
