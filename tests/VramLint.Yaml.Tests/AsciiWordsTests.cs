using Xunit;

namespace VramLint.Yaml.Tests;

public class AsciiWordsTests
{
    [Theory]
    [InlineData("--Tensor-Parallel-Size 2", true)]
    [InlineData("tensor parallel", false)]
    [InlineData("mmodel-len", true)]
    [InlineData("model-le", false)]
    public void Finds_a_word_in_any_case_at_any_place(string text, bool found) =>
        Assert.Equal(found, new AsciiWords("tensor-parallel-size", "model-len").AnyIn(text));

    [Theory]
    [InlineData("")]
    [InlineData("v\u00e9llm")]
    public void Refuses_words_it_could_not_match_by_ASCII_case(string word) =>
        Assert.Throws<ArgumentException>(() => new AsciiWords("vllm", word));
}
