namespace VramLint.Core.Tests;

/// <summary>The one "did you mean" rule the CLI's commands and options and the vLLM flag check share.</summary>
public class SpellingTests
{
    [Theory]
    [InlineData("max-model-len", "max-model-len", 0)]
    [InlineData("--formt", "--format", 1)]
    [InlineData("--gpu-memroy", "--gpu-memory", 1)]
    [InlineData("chek", "check", 1)]
    [InlineData("", "abc", 3)]
    [InlineData("kitten", "sitting", 3)]
    public void Edit_distance_counts_an_adjacent_swap_once(string a, string b, int distance)
    {
        Assert.Equal(distance, Spelling.EditDistance(a, b));
        Assert.Equal(distance, Spelling.EditDistance(b, a));
    }

    [Theory]
    [InlineData("tensor-paralel-size", "tensor-parallel-size")]
    [InlineData("shwo", "show")]
    [InlineData("pul", "pull")]
    [InlineData("bogus", null)]
    [InlineData("--gpu-mem", null)]
    public void Closest_suggests_only_what_is_likely_meant(string written, string? expected)
    {
        string[] known = ["--gpu-memory", "list", "pull", "show", "tensor-parallel-size"];
        Assert.Equal(expected, Spelling.Closest(written, known));
    }
}
