using System.Globalization;

namespace VramLint.Core.Settings;

/// <summary>
/// The one input policy for numbers (every front end, every source: flags, YAML, .globalconfig): ASCII digits read with
/// the invariant culture, finite, and within a range no real deployment leaves. A value outside is a VRAM007 naming
/// the value and the range, never a verdict, an overflow or a search that runs for ever.
/// </summary>
public static class ValueRanges
{
    /// <summary>GPUs of one deployment (count, tensor x pipeline x data parallel): the largest clusters have a few tens of thousands.</summary>
    public const int MaxGpus = 65536;

    /// <summary>Tokens of one sequence: the longest contexts of released models are 10M tokens.</summary>
    public const int MaxTokens = 100_000_000;

    /// <summary>Sequences in one batch (max-num-seqs): vLLM's defaults are 256 to 1024.</summary>
    public const int MaxSequences = 1_048_576;

    /// <summary>Memory of one GPU in GiB: the largest cards have under 300 GB.</summary>
    public const double MaxGpuMemoryGiB = 4096;

    /// <summary>Host memory sizes in GiB (cpu-offload-gb, kv-offloading-size, caches): 1 PiB.</summary>
    public const double MaxHostMemoryGiB = 1024 * 1024;

    /// <summary>How values are shown in messages: at most this many characters (a Hugging Face id has at most 96 + 1 + 96).</summary>
    public const int MaxShownLength = 200;

    /// <summary>The largest whole value a setting may take; null when the setting has no range of its own here.</summary>
    public static long? MaxOf(string setting) => setting switch
    {
        SettingNames.TensorParallelSize or SettingNames.PipelineParallelSize or SettingNames.DataParallelSize or SettingNames.GpuCount => MaxGpus,
        SettingNames.MaxModelLen or SettingNames.MaxNumBatchedTokens => MaxTokens,
        SettingNames.MaxNumSeqs => MaxSequences,
        SettingNames.KvCacheMemoryBytes => (long)(MaxGpuMemoryGiB * Numbers.BytesPerGiB),
        _ => null,
    };

    /// <summary>Whether every character is an ASCII digit (char.IsDigit also accepts Arabic-Indic and other digits, which the parsers reject).</summary>
    public static bool IsAsciiDigits(string text)
    {
        if (text.Length == 0)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c < '0' || c > '9')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A whole number of ASCII digits (an optional leading '-'), invariant; false on anything else or overflow.</summary>
    public static bool TryParseWhole(string text, out long value)
    {
        value = 0;
        var t = text.Trim();
        var digits = t.StartsWith("-", StringComparison.Ordinal) ? t.Substring(1) : t;
        return IsAsciiDigits(digits) && long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>A finite decimal number of ASCII characters (exponent allowed), invariant; false for Infinity, NaN, 1e309 and other scripts' digits.</summary>
    public static bool TryParseFinite(string text, out double value)
    {
        value = 0;
        var t = text.Trim();
        foreach (var c in t)
        {
            if (!(c is >= '0' and <= '9' or '.' or '-' or '+' or 'e' or 'E'))
            {
                return false;
            }
        }

        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && !double.IsNaN(value) && !double.IsInfinity(value);
    }

    /// <summary>A value for a message: as written when short, else its beginning, the count of characters left out, and its end.</summary>
    public static string Shorten(string? text)
    {
        if (text is null || text.Length <= MaxShownLength)
        {
            return text ?? "";
        }

        var head = text.Substring(0, MaxShownLength - 20);
        var tail = text.Substring(text.Length - 10);
        return $"{head}... ({(text.Length - head.Length - tail.Length).ToString(CultureInfo.InvariantCulture)} more characters) ...{tail}";
    }
}
