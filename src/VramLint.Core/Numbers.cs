using System.Globalization;

namespace VramLint.Core;

/// <summary>How numbers appear in messages: invariant culture, GiB with one decimal (the seed's style).</summary>
public static class Numbers
{
    public const double BytesPerGiB = 1024.0 * 1024 * 1024;

    /// <summary>The digits <see cref="Fixed"/> writes, one buffer per thread.</summary>
    [ThreadStatic]
    private static char[]? digits;

    /// <summary>One decimal, invariant: 25.4, 16.0; exactly <c>value.ToString("0.0", InvariantCulture)</c>.</summary>
    public static string F1(double value) => Fixed(value, 1, "0.0");

    /// <summary>Two decimals, invariant: 0.92; exactly <c>value.ToString("0.00", InvariantCulture)</c>.</summary>
    public static string F2(double value) => Fixed(value, 2, "0.00");

    /// <summary>A whole number, invariant, no grouping: 131072.</summary>
    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A whole number with thousands separators: 451,744.</summary>
    public static string Grouped(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    public static double ToGiB(double bytes) => bytes / BytesPerGiB;

    /// <summary>
    /// What the custom format gives, without its format parsing and digit generation where the answer cannot depend on
    /// them (a failing deployment's messages hold a dozen such numbers). The format first rounds the value to 15
    /// significant digits, then half away from zero at the last decimal; below 10^7 the first step moves the scaled
    /// value by less than 10^-6, so away from a half the answer is the nearest whole number of hundredths (tenths).
    /// Near a half, for a negative value that rounds to zero (whose sign the runtimes write differently: .NET 10 writes
    /// "-0.00") and for large, infinite or NaN values, the runtime formats it.
    /// </summary>
    private static string Fixed(double value, int decimals, string format)
    {
        var magnitude = Math.Abs(value);
        if (magnitude < 1e7)
        {
            var scaled = magnitude * (decimals == 1 ? 10.0 : 100.0);
            var whole = Math.Floor(scaled);
            var fraction = scaled - whole;
            var units = (long)whole + (fraction > 0.5 ? 1 : 0);
            var negative = BitConverter.DoubleToInt64Bits(value) < 0;
            if (Math.Abs(fraction - 0.5) > 1e-4 && !(negative && units == 0))
            {
                var chars = digits ??= new char[24];
                var at = chars.Length;
                for (var d = 0; d < decimals; d++)
                {
                    chars[--at] = (char)('0' + (units % 10));
                    units /= 10;
                }

                chars[--at] = '.';
                do
                {
                    chars[--at] = (char)('0' + (units % 10));
                    units /= 10;
                }
                while (units > 0);

                if (negative)
                {
                    chars[--at] = '-';
                }

                return new string(chars, at, chars.Length - at);
            }
        }

        return value.ToString(format, CultureInfo.InvariantCulture);
    }
}
