using VramLint.Core.Configuration;

namespace VramLint.Core.Tests.Configuration;

public class MemorySizeTests
{
    [Theory]
    [InlineData("24GiB", 24.0)]
    [InlineData("24 GiB", 24.0)]
    [InlineData("24gib", 24.0)]
    [InlineData("24Gi", 24.0)]
    [InlineData("80GB", 74.5058059692)]
    [InlineData("24576MiB", 24.0)]
    [InlineData("23.64", 23.64)]
    [InlineData("24", 24.0)]
    [InlineData("1TiB", 1024.0)]
    public void Parses_sizes(string text, double gib)
    {
        Assert.True(MemorySize.TryParseGiB(text, out var parsed), text);
        Assert.Equal(gib, parsed, 6);
    }

    [Theory]
    [InlineData("-24GiB")]
    [InlineData("GiB")]
    [InlineData("lots")]
    [InlineData("")]
    [InlineData("NaN")]
    [InlineData("24 bananas")]
    public void Rejects_nonsense(string text) => Assert.False(MemorySize.TryParseGiB(text, out _));
}
