namespace VramLint.Yaml.Tests.Parsing;

/// <summary>
/// VramLint's YAML tree where its builder leaves the text to YamlDotNet's loader (keys given twice, aliases before their
/// anchor, complex keys, anchors given twice) or where node identity matters (aliases share their node).
/// </summary>
public class YamlTreeTests
{
    [Fact]
    public void A_key_given_twice_is_refused_with_yamldotnets_message_and_position()
    {
        Assert.Null(YamlDocuments.Load("a: 1\na: 2\n", out var problem, out var at));
        Assert.Equal("the file is not valid YAML: Duplicate key a (line 2, column 1); it was not checked", problem!.Message);
        Assert.Equal(5, at);
    }

    [Fact]
    public void A_key_given_twice_in_a_large_mapping_is_refused_too()
    {
        var text = string.Concat(Enumerable.Range(0, 20).Select(i => $"k{i}: {i}\n")) + "k3: again\n";

        Assert.Null(YamlDocuments.Load(text, out var problem, out _));
        Assert.Equal("the file is not valid YAML: Duplicate key k3 (line 21, column 1); it was not checked", problem!.Message);
    }

    [Fact]
    public void An_alias_is_the_node_its_anchor_names()
    {
        var root = Root("a: &x {b: c}\nd: *x\n");

        Assert.Same(root.Children[0].Value, root.Children[1].Value);
        Assert.Equal("c", YamlNodes.Scalar(YamlNodes.Child(root.Children[1].Value, "b")));
    }

    [Fact]
    public void An_alias_before_its_anchor_names_the_later_node_as_yamldotnet_resolves_it()
    {
        var root = Root("a: *x\nb: &x 1\n");

        Assert.Same(root.Children[1].Value, root.Children[0].Value);
        Assert.Equal("1", YamlNodes.Scalar(root.Children[0].Value));
    }

    [Fact]
    public void An_anchor_given_twice_names_its_last_node_for_the_aliases_after_it()
    {
        var root = Root("a: &x 1\nb: &x 2\nc: *x\n");

        Assert.Same(root.Children[1].Value, root.Children[2].Value);
        Assert.Equal("2", YamlNodes.Scalar(root.Children[2].Value));
    }

    [Fact]
    public void A_collection_holding_itself_stays_one_node()
    {
        var sequence = Assert.IsType<YamlSequenceNode>(Root("a: &x [*x]\n").Children[0].Value);

        Assert.Same(sequence, Assert.Single(sequence.Children));
    }

    [Fact]
    public void A_complex_key_is_kept_as_the_collection_it_is()
    {
        var entry = Assert.Single(Root("? [a, b]\n: c\n").Children);

        Assert.Equal(new[] { "a", "b" }, Assert.IsType<YamlSequenceNode>(entry.Key).Children.Select(YamlNodes.Scalar));
        Assert.Equal("c", YamlNodes.Scalar(entry.Value));
    }

    [Fact]
    public void A_collection_ends_at_its_first_token_as_yamldotnet_places_it_and_its_span_covers_its_children()
    {
        const string text = "k: &m {a: 1}\n";
        var mapping = Assert.IsType<YamlMappingNode>(Root(text).Children[0].Value);

        Assert.Equal((3, 6), (mapping.Start, mapping.End));
        var span = new YamlNodes(text).Span(mapping);
        Assert.Equal("&m {a: 1", text[span.Start..span.End]);
    }

    private static YamlMappingNode Root(string text)
    {
        var documents = YamlDocuments.Load(text, out var problem, out _);
        Assert.True(documents is not null, problem?.Message);
        return Assert.IsType<YamlMappingNode>(Assert.Single(documents).RootNode);
    }
}
