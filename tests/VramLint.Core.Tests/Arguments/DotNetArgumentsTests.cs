using VramLint.Core.Arguments;

namespace VramLint.Core.Tests.Arguments;

/// <summary>ProcessStartInfo.Arguments as the .NET runtime splits it: quotes and backslashes only, never a shell's rules.</summary>
public class DotNetArgumentsTests
{
    [Theory]
    [InlineData("serve m --max-model-len 8192", new[] { "serve", "m", "--max-model-len", "8192" })]
    [InlineData("  serve\t\"my model\"  x", new[] { "serve", "my model", "x" })]
    [InlineData("'single quotes' stay", new[] { "'single", "quotes'", "stay" })]
    [InlineData("a\\b c\\\\d", new[] { "a\\b", "c\\\\d" })]
    [InlineData("\\\"quoted\\\"", new[] { "\"quoted\"" })]
    [InlineData("\"a\\\\\" b", new[] { "a\\", "b" })]
    [InlineData("\"say \"\"hi\"\"\"", new[] { "say \"hi\"" })]
    [InlineData("$HOME;ls #x", new[] { "$HOME;ls", "#x" })]
    [InlineData("\"unclosed rest of line", new[] { "unclosed rest of line" })]
    [InlineData("", new string[0])]
    public void Words_follow_the_runtime_rules(string line, string[] expected) =>
        Assert.Equal(expected, DotNetArguments.Split(line).Select(w => w.Text).ToArray());

    [Fact]
    public void Each_word_keeps_its_raw_span_and_a_value_inside_quotes_maps_back()
    {
        var words = DotNetArguments.Split("serve \"--max-model-len=131072\" -tp 2", origin: "o", originOffset: 1);

        Assert.Equal((7, 24), (words[1].Location!.Start, words[1].Location!.Length));
        var value = words[1].Slice("--max-model-len=".Length, 6)!;
        Assert.Equal((24, 6), (value.Start, value.Length));
        Assert.Equal((32, 3), (words[2].Location!.Start, words[2].Location!.Length));
        Assert.Null(words[2].RawOffsets);
    }
}
