using Microsoft.CodeAnalysis.Text;

namespace VramLint.Analyzers.Tests;

/// <summary>The pre-check's search, which reads a file in 4096-character chunks instead of copying it into one string.</summary>
public sealed class TextScanTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(4092)]
    [InlineData(4093)]
    [InlineData(4095)]
    [InlineData(4096)]
    [InlineData(8190)]
    public void A_word_is_found_wherever_it_falls_even_across_two_chunks(int at)
    {
        var text = SourceText.From(new string('x', at) + "VlLm" + new string('y', 9000 - at));

        Assert.True(TextScan.ContainsAny(text, new TextSpan(0, text.Length), new[] { "tensor-parallel", "vllm" }, ignoreCase: true, CancellationToken.None));
        Assert.False(TextScan.ContainsAny(text, new TextSpan(0, text.Length), new[] { "vllm" }, ignoreCase: false, CancellationToken.None));
    }

    [Fact]
    public void Only_the_span_is_searched()
    {
        var text = SourceText.From("class A { } class B { void M() => Start(\"vllm\"); }");
        var vllm = text.ToString().IndexOf("vllm", StringComparison.Ordinal);

        Assert.False(TextScan.ContainsAny(text, new TextSpan(0, vllm + 3), new[] { "vllm" }, ignoreCase: true, CancellationToken.None));
        Assert.True(TextScan.ContainsAny(text, new TextSpan(vllm, 4), new[] { "vllm" }, ignoreCase: true, CancellationToken.None));
        Assert.False(TextScan.ContainsAny(text, TextSpan.FromBounds(vllm + 1, text.Length), new[] { "vllm" }, ignoreCase: true, CancellationToken.None));
    }

    [Fact]
    public void A_text_with_no_word_is_not_a_match()
    {
        var text = SourceText.From(string.Concat(Enumerable.Repeat("int x = 1; // plain model code, no launcher\n", 500)));

        Assert.False(TextScan.ContainsAny(text, new TextSpan(0, text.Length), new[] { "vllm", "max-model-len", "tensor_parallel" }, ignoreCase: true, CancellationToken.None));
    }

    [Fact]
    public void A_wrapper_name_that_is_not_ascii_is_found_too()
    {
        var text = SourceText.From("class P { void M() => Ärger.StartLlm(); }");

        Assert.True(TextScan.ContainsAny(text, new TextSpan(0, text.Length), new[] { "Ärger", "Other" }, ignoreCase: false, CancellationToken.None));
        Assert.False(TextScan.ContainsAny(text, new TextSpan(0, text.Length), new[] { "Über" }, ignoreCase: false, CancellationToken.None));
    }

    private static readonly WordGroup[] ModelLength = { new("odel", "modellen", "model-len", "model_len") };

    [Theory]
    [InlineData(0)]
    [InlineData(4088)]
    [InlineData(4090)]
    [InlineData(4094)]
    [InlineData(4096)]
    public void A_grouped_word_is_found_through_its_anchor_even_across_two_chunks(int at)
    {
        var text = SourceText.From(new string('x', at) + "Max_Model_Len" + new string('y', 9000 - at));

        Assert.True(TextScan.ContainsAny(text, new TextSpan(0, text.Length), ModelLength, ignoreCase: true, CancellationToken.None));
        Assert.False(TextScan.ContainsAny(text, new TextSpan(0, text.Length), ModelLength, ignoreCase: false, CancellationToken.None));
    }

    [Fact]
    public void Anchors_that_begin_no_word_of_the_group_do_not_match()
    {
        // "odel" occurs many times (ViewModel, model, odel at the very start), never as model-len/model_len/modellen.
        var text = SourceText.From("odel; class ViewModel { Model model; int modelLimit; string model_name; } // model len, model--len");

        Assert.False(TextScan.ContainsAny(text, new TextSpan(0, text.Length), ModelLength, ignoreCase: true, CancellationToken.None));
        Assert.True(TextScan.ContainsAny(SourceText.From(text + " ModelLen"), new TextSpan(0, text.Length + 9), ModelLength, ignoreCase: true, CancellationToken.None));
    }

    [Fact]
    public void A_group_whose_words_lack_the_anchor_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new WordGroup("gpu", "gpu-memory", "max-num-seqs"));
        Assert.StartsWith("'max-num-seqs' does not contain its anchor 'gpu'", error.Message, StringComparison.Ordinal);
    }
}
