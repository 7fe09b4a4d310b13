namespace VramLint.Yaml.Tests.Parsing;

/// <summary>
/// The fast reader on the spellings that decide its marks and values, each with YamlDotNet's exact events written out
/// (index/line/column of start and end); and the constructs it leaves to YamlDotNet, which then reads them as before.
/// </summary>
public class FastYamlParserTests
{
    /// <summary>Both the fast reader and YamlDotNet's parser give exactly <paramref name="expected"/>.</summary>
    private static void AssertEvents(string text, string[] expected)
    {
        var fast = EventTrace.Fast(text, out var declined);
        Assert.True(fast is not null, $"declined: {declined}");
        Assert.Equal(expected, EventTrace.YamlDotNet(text, out _));
        Assert.Equal(expected, fast);
    }

    [Fact]
    public void Crlf_line_breaks_count_as_one_line_and_two_characters() => AssertEvents(
        "a: 1\r\nb:\r\n- x\r\n",
        new[]
        {
            "StreamStart 0/1/1-0/1/1",
            "DocumentStart 0/1/1-0/1/1 implicit=True",
            "MappingStart 0/1/1-0/1/1 & ! Block implicit=True",
            "Scalar 0/1/1-1/1/2 & ! Plain plain=True quoted=False key=True 'a'",
            "Scalar 3/1/4-4/1/5 & ! Plain plain=True quoted=False key=False '1'",
            "Scalar 6/2/1-7/2/2 & ! Plain plain=True quoted=False key=True 'b'",
            "SequenceStart 10/3/1-11/3/2 & ! Block implicit=True",
            "Scalar 12/3/3-13/3/4 & ! Plain plain=True quoted=False key=False 'x'",
            "SequenceEnd 15/4/1-15/4/1",
            "MappingEnd 15/4/1-15/4/1",
            "DocumentEnd 15/4/1-15/4/1 implicit=True",
            "StreamEnd 15/4/1-15/4/1",
        });

    [Fact]
    public void A_key_without_a_value_is_an_empty_plain_scalar_right_after_its_colon() => AssertEvents(
        "key:\nnext: 1\n",
        new[]
        {
            "StreamStart 0/1/1-0/1/1",
            "DocumentStart 0/1/1-0/1/1 implicit=True",
            "MappingStart 0/1/1-0/1/1 & ! Block implicit=True",
            "Scalar 0/1/1-3/1/4 & ! Plain plain=True quoted=False key=True 'key'",
            "Scalar 4/1/5-4/1/5 & ! Plain plain=True quoted=False key=False ''",
            "Scalar 5/2/1-9/2/5 & ! Plain plain=True quoted=False key=True 'next'",
            "Scalar 11/2/7-12/2/8 & ! Plain plain=True quoted=False key=False '1'",
            "MappingEnd 13/3/1-13/3/1",
            "DocumentEnd 13/3/1-13/3/1 implicit=True",
            "StreamEnd 13/3/1-13/3/1",
        });

    [Fact]
    public void A_sequence_nested_on_its_parents_dash_line() => AssertEvents(
        "- - a\n  - b\n- c\n",
        new[]
        {
            "StreamStart 0/1/1-0/1/1",
            "DocumentStart 0/1/1-0/1/1 implicit=True",
            "SequenceStart 0/1/1-0/1/1 & ! Block implicit=True",
            "SequenceStart 2/1/3-2/1/3 & ! Block implicit=True",
            "Scalar 4/1/5-5/1/6 & ! Plain plain=True quoted=False key=False 'a'",
            "Scalar 10/2/5-11/2/6 & ! Plain plain=True quoted=False key=False 'b'",
            "SequenceEnd 12/3/1-12/3/1",
            "Scalar 14/3/3-15/3/4 & ! Plain plain=True quoted=False key=False 'c'",
            "SequenceEnd 16/4/1-16/4/1",
            "DocumentEnd 16/4/1-16/4/1 implicit=True",
            "StreamEnd 16/4/1-16/4/1",
        });

    [Fact]
    public void Quoted_keys() => AssertEvents(
        "\"a b\": 1\n'c': 2\n",
        new[]
        {
            "StreamStart 0/1/1-0/1/1",
            "DocumentStart 0/1/1-0/1/1 implicit=True",
            "MappingStart 0/1/1-0/1/1 & ! Block implicit=True",
            "Scalar 0/1/1-5/1/6 & ! DoubleQuoted plain=False quoted=True key=True 'a b'",
            "Scalar 7/1/8-8/1/9 & ! Plain plain=True quoted=False key=False '1'",
            "Scalar 9/2/1-12/2/4 & ! SingleQuoted plain=False quoted=True key=True 'c'",
            "Scalar 14/2/6-15/2/7 & ! Plain plain=True quoted=False key=False '2'",
            "MappingEnd 16/3/1-16/3/1",
            "DocumentEnd 16/3/1-16/3/1 implicit=True",
            "StreamEnd 16/3/1-16/3/1",
        });

    [Fact]
    public void A_hash_inside_quotes_is_content_and_after_them_a_comment() => AssertEvents(
        "a: \"x # y\" # c\n",
        new[]
        {
            "StreamStart 0/1/1-0/1/1",
            "DocumentStart 0/1/1-0/1/1 implicit=True",
            "MappingStart 0/1/1-0/1/1 & ! Block implicit=True",
            "Scalar 0/1/1-1/1/2 & ! Plain plain=True quoted=False key=True 'a'",
            "Scalar 3/1/4-10/1/11 & ! DoubleQuoted plain=False quoted=True key=False 'x # y'",
            "MappingEnd 15/2/1-15/2/1",
            "DocumentEnd 15/2/1-15/2/1 implicit=True",
            "StreamEnd 15/2/1-15/2/1",
        });

    [Fact]
    public void Colons_inside_plain_scalars_image_tags_and_urls() => AssertEvents(
        "image: vllm/vllm-openai:v0.6.3\nurl: http://h:8000/v1\n",
        new[]
        {
            "StreamStart 0/1/1-0/1/1",
            "DocumentStart 0/1/1-0/1/1 implicit=True",
            "MappingStart 0/1/1-0/1/1 & ! Block implicit=True",
            "Scalar 0/1/1-5/1/6 & ! Plain plain=True quoted=False key=True 'image'",
            "Scalar 7/1/8-30/1/31 & ! Plain plain=True quoted=False key=False 'vllm/vllm-openai:v0.6.3'",
            "Scalar 31/2/1-34/2/4 & ! Plain plain=True quoted=False key=True 'url'",
            "Scalar 36/2/6-52/2/22 & ! Plain plain=True quoted=False key=False 'http://h:8000/v1'",
            "MappingEnd 53/3/1-53/3/1",
            "DocumentEnd 53/3/1-53/3/1 implicit=True",
            "StreamEnd 53/3/1-53/3/1",
        });

    [Fact]
    public void Trailing_spaces_and_a_last_line_without_a_line_break() => AssertEvents(
        "a: b   \nc: d  ",
        new[]
        {
            "StreamStart 0/1/1-0/1/1",
            "DocumentStart 0/1/1-0/1/1 implicit=True",
            "MappingStart 0/1/1-0/1/1 & ! Block implicit=True",
            "Scalar 0/1/1-1/1/2 & ! Plain plain=True quoted=False key=True 'a'",
            "Scalar 3/1/4-4/1/5 & ! Plain plain=True quoted=False key=False 'b'",
            "Scalar 8/2/1-9/2/2 & ! Plain plain=True quoted=False key=True 'c'",
            "Scalar 11/2/4-12/2/5 & ! Plain plain=True quoted=False key=False 'd'",
            "MappingEnd 14/3/1-14/3/1",
            "DocumentEnd 14/3/1-14/3/1 implicit=True",
            "StreamEnd 14/3/1-14/3/1",
        });

    [Fact]
    public void A_document_that_ends_without_a_line_break_ends_on_the_next_line() => AssertEvents(
        "a: b",
        new[]
        {
            "StreamStart 0/1/1-0/1/1",
            "DocumentStart 0/1/1-0/1/1 implicit=True",
            "MappingStart 0/1/1-0/1/1 & ! Block implicit=True",
            "Scalar 0/1/1-1/1/2 & ! Plain plain=True quoted=False key=True 'a'",
            "Scalar 3/1/4-4/1/5 & ! Plain plain=True quoted=False key=False 'b'",
            "MappingEnd 4/2/1-4/2/1",
            "DocumentEnd 4/2/1-4/2/1 implicit=True",
            "StreamEnd 4/2/1-4/2/1",
        });

    [Fact]
    public void Literal_and_folded_block_scalars_with_chomping() => AssertEvents(
        "run: |-\n  one\n\n  two\n\nnext: >+\n  x\n  y\n\n",
        new[]
        {
            "StreamStart 0/1/1-0/1/1",
            "DocumentStart 0/1/1-0/1/1 implicit=True",
            "MappingStart 0/1/1-0/1/1 & ! Block implicit=True",
            "Scalar 0/1/1-3/1/4 & ! Plain plain=True quoted=False key=True 'run'",
            "Scalar 5/1/6-22/6/1 & ! Literal plain=False quoted=True key=False 'one\\n\\ntwo'",
            "Scalar 22/6/1-26/6/5 & ! Plain plain=True quoted=False key=True 'next'",
            "Scalar 28/6/7-40/10/1 & ! Folded plain=False quoted=True key=False 'x y\\n\\n'",
            "MappingEnd 40/10/1-40/10/1",
            "DocumentEnd 40/10/1-40/10/1 implicit=True",
            "StreamEnd 40/10/1-40/10/1",
        });

    [Theory]
    [InlineData("\uFEFFa: b\n", "the character U+FEFF")]
    [InlineData("a:\tb\n", "the character U+0009")]
    [InlineData("%YAML 1.1\n---\na: b\n", "a node starting with '%'")]
    [InlineData("? a\n: b\n", "a node starting with '?'")]
    [InlineData("a: !!str 1\n", "a node starting with '!'")]
    [InlineData("a: \"x\ny\"\n", "a quoted scalar continued on a line YamlDotNet may refuse")]
    [InlineData("a: b: c\n", "a mapping on a key's line, or an anchor before a key")]
    [InlineData("{{ .Values }}: x\n", "a flow entry starting with '{'")]
    [InlineData("---\n", "an empty document, or content on its '---' line")]
    [InlineData("a *b: c\n", "a '*' inside a plain scalar")]
    [InlineData("- :y\n", "a node starting with ':'")]
    [InlineData("a: {k\n: v}\n", "a flow mapping entry without ': ' on its key's line")]
    [InlineData("a:\n  &x - b\n", "a block sequence on a key's line or after an anchor on its line")]
    [InlineData("a: [x]\nb}c:\n  - d\n", "a plain key holding a flow indicator")]
    [InlineData("just text\n", "an implicit document whose root is not an unanchored block collection")]
    public void Constructs_outside_the_subset_are_declined_and_read_by_yamldotnet(string text, string reason)
    {
        Assert.Null(EventTrace.Fast(text, out var declined));
        Assert.Equal(reason, declined);
    }

    [Fact]
    public void A_byte_order_mark_inside_the_text_stays_yamldotnets_content()
    {
        // YamlDotNet reads a U+FEFF at the start of a string as part of the first key; the fast reader leaves that to it.
        var documents = YamlDocuments.Load("\uFEFFa: b\n", out var problem, out _);

        Assert.Null(problem);
        Assert.Equal("\uFEFFa", YamlNodes.Scalar(((YamlMappingNode)documents!.Single().RootNode).Children.Single().Key));
    }

    [Theory]
    [InlineData("a: \"x\ny\"\n", "the file is not valid YAML: While scanning a multi-line double-quoted scalar, found wrong indentation. (line 1, column 4); it was not checked", 3)]
    [InlineData("a: b: c\n", "the file is not valid YAML: While scanning a plain scalar value, found invalid mapping. (line 1, column 5); it was not checked", 4)]
    public void A_declined_syntax_error_gets_yamldotnets_exact_message_and_position(string text, string message, int index)
    {
        Assert.Null(YamlDocuments.Load(text, out var problem, out var problemIndex));

        Assert.Equal(message, problem!.Message);
        Assert.Equal(index, problemIndex);
    }

    [Fact]
    public void Nesting_past_the_depth_limit_is_declined_and_refused_by_the_bounded_parser()
    {
        var text = string.Concat(Enumerable.Range(0, YamlDocuments.MaxDepth + 1).Select(i => new string(' ', i * 2) + "k:\n")) + new string(' ', (YamlDocuments.MaxDepth + 1) * 2) + "v\n";

        Assert.Null(EventTrace.Fast(text, out var declined));
        Assert.Equal("nesting deeper than the limit", declined);
        Assert.Null(YamlDocuments.Load(text, out var problem, out _));
        Assert.Equal($"the file is nested more than {YamlDocuments.MaxDepth} levels deep; it was not checked", problem!.Message);
    }
}
