using System.Globalization;

namespace VramLint.Core.Tests;

/// <summary>
/// <see cref="Numbers.F1"/> and <see cref="Numbers.F2"/> write what the custom formats "0.0" and "0.00" write (a
/// message's numbers must not change with how they are formatted), including where the format's 15-digit rounding
/// decides: 1.005 is "1.01" where the standard "F2" writes "1.00".
/// </summary>
public class NumbersTests
{
    [Theory]
    [InlineData(1.005, "1.01", "1.0")]
    [InlineData(0.005, "0.01", "0.0")]
    [InlineData(0.045, "0.05", "0.0")]
    [InlineData(9.95, "9.95", "10.0")]
    [InlineData(99.995, "100.00", "100.0")]
    [InlineData(0.0, "0.00", "0.0")]
    [InlineData(-1.5, "-1.50", "-1.5")]
    [InlineData(22.03, "22.03", "22.0")]
    [InlineData(19.827, "19.83", "19.8")]
    public void Known_values(double value, string twoDecimals, string oneDecimal)
    {
        Assert.Equal(twoDecimals, Numbers.F2(value));
        Assert.Equal(oneDecimal, Numbers.F1(value));
    }

    [Fact]
    public void Every_value_is_written_as_the_custom_format_writes_it()
    {
        var random = new Random(20261207);
        var values = new List<double> { -0.0, -0.001, -0.004, -0.005, -0.05, double.Epsilon, 1e7, 9_999_999.995, 1e20, double.NaN, double.PositiveInfinity, double.NegativeInfinity };
        for (var i = 0; i < 200_000; i++)
        {
            var value = (i % 4) switch
            {
                // GiB-sized figures, halves of the last decimal and their neighbours, and anything a double can hold.
                0 => random.NextDouble() * Math.Pow(10, random.Next(-6, 9)),
                1 => (random.Next(0, 2_000_000) / 1000.0) + (0.0005 * random.Next(3)),
                2 => Math.Round(random.NextDouble() * 1000, 3) + ((random.Next(3) - 1) * 1e-12),
                _ => BitConverter.Int64BitsToDouble(random.NextInt64()),
            };
            values.Add(random.Next(5) == 0 ? -value : value);
        }

        var wrong = values
            .Where(v => Numbers.F2(v) != v.ToString("0.00", CultureInfo.InvariantCulture) || Numbers.F1(v) != v.ToString("0.0", CultureInfo.InvariantCulture))
            .Take(5)
            .Select(v => $"{v:R}: {Numbers.F2(v)} / {Numbers.F1(v)}")
            .ToList();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }
}
