using System.Globalization;

namespace VramLint.Core.Configuration;

/// <summary>
/// Memory sizes as users write them. Binary units (GiB, MiB, Gi) are 2^30 / 2^20 bytes; decimal units (GB, MB, G)
/// are 10^9 / 10^6 bytes, as on a GPU's box; a bare number is GiB, the unit vLLM prints.
/// </summary>
public static class MemorySize
{
    private static readonly (string Suffix, double GiB)[] Units =
    {
        ("tib", 1024), ("ti", 1024), ("tb", 1e12 / Numbers.BytesPerGiB), ("t", 1e12 / Numbers.BytesPerGiB),
        ("gib", 1), ("gi", 1), ("gb", 1e9 / Numbers.BytesPerGiB), ("g", 1e9 / Numbers.BytesPerGiB),
        ("mib", 1.0 / 1024), ("mi", 1.0 / 1024), ("mb", 1e6 / Numbers.BytesPerGiB), ("m", 1e6 / Numbers.BytesPerGiB),
    };

    /// <summary>"24GiB", "24 GiB", "80GB" (74.5 GiB), "24576MiB", "23.64" to GiB; false for anything else or a negative size.</summary>
    public static bool TryParseGiB(string? text, out double gib)
    {
        gib = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var t = text!.Trim().ToLowerInvariant();
        var factor = 1.0;
        foreach (var (suffix, unitGiB) in Units)
        {
            if (t.EndsWith(suffix, StringComparison.Ordinal))
            {
                t = t.Substring(0, t.Length - suffix.Length).TrimEnd();
                factor = unitGiB;
                break;
            }
        }

        if (t.Length == 0
            || !double.TryParse(t, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            || double.IsNaN(number) || double.IsInfinity(number) || number < 0)
        {
            return false;
        }

        gib = number * factor;
        return true;
    }
}
