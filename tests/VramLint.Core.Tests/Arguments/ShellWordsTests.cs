using VramLint.Core.Arguments;

namespace VramLint.Core.Tests.Arguments;

public class ShellWordsTests
{
    [Fact]
    public void Splits_like_a_posix_shell()
    {
        var words = ShellWords.Split("vllm serve 'a b' \"c \\\"d\\\"\" e\\ f g\\\n h  # a comment\n i");

        Assert.Equal(new[] { "vllm", "serve", "a b", "c \"d\"", "e f", "g", "h", "i" }, words.Select(w => w.Text));
    }

    [Fact]
    public void Words_keep_their_raw_spans()
    {
        const string line = "serve  'a b'  x";
        var words = ShellWords.Split(line, "o", 10);

        Assert.Equal((10 + 7, 5), (words[1].Location!.Start, words[1].Location!.Length));
        Assert.Equal("'a b'", line.Substring(words[1].Location!.Start - 10, words[1].Location!.Length));
        Assert.Equal("o", words[1].Location!.Origin);
        Assert.Equal(2, words[1].Slice(1, 1)!.Start - 10 - 7);
    }

    [Fact]
    public void Cuts_scripts_into_commands()
    {
        var commands = ShellWords.Commands(ShellWords.Split("ray start --head; vllm serve m && echo 'a;b'"));

        Assert.Equal(3, commands.Count);
        Assert.Equal(new[] { "vllm", "serve", "m" }, commands[1].Select(w => w.Text));
        Assert.Equal("a;b", commands[2][1].Text);
    }

    [Fact]
    public void An_unclosed_quote_takes_the_rest_and_says_where()
    {
        Assert.False(ShellWords.TrySplit("serve \"m --tp 2", out var words, out var error));
        Assert.Equal(new[] { "serve", "m --tp 2" }, words.Select(w => w.Text));
        Assert.Equal("unclosed double quote at offset 6", error);
    }
}
