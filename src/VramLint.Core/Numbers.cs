using System.Globalization;

namespace VramLint.Core;

/// <summary>How numbers appear in messages: invariant culture, GiB with one decimal (the seed's style).</summary>
public static class Numbers
{
    public const double BytesPerGiB = 1024.0 * 1024 * 1024;

    /// <summary>One decimal, invariant: 25.4, 16.0.</summary>
    public static string F1(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>Two decimals, invariant: 0.92.</summary>
    public static string F2(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>A whole number, invariant, no grouping: 131072.</summary>
    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A whole number with thousands separators: 451,744.</summary>
    public static string Grouped(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    public static double ToGiB(double bytes) => bytes / BytesPerGiB;
}
