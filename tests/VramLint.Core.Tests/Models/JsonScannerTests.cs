using VramLint.Core.Json;

namespace VramLint.Core.Tests.Models;

/// <summary>The scanner the catalog index walks: spans of items and members, keys compared in place.</summary>
public class JsonScannerTests
{
    [Fact]
    public void ArrayItemsWritesEachItemsSpanInPairs()
    {
        const string text = " [ {\"a\": [1, \"]\"]}, \"x\\\"y\", 12 ] ";
        var spans = new List<int> { 99 };

        JsonScanner.ArrayItems(text, 0, spans);

        Assert.Equal(new[] { 3, 18, 20, 26, 28, 30 }, spans);
        Assert.Equal("{\"a\": [1, \"]\"]}", text.Substring(3, 15));
        Assert.Equal("\"x\\\"y\"", text.Substring(20, 6));
    }

    [Fact]
    public void AnEmptyArrayHasNoItems()
    {
        var spans = new List<int> { 1, 2 };
        JsonScanner.ArrayItems("[ ]", 0, spans);
        Assert.Empty(spans);
    }

    [Fact]
    public void MembersWritesKeyAndValueSpansInFours()
    {
        const string text = "{\"hf_id\": \"org/m\", \"n\":{\"hf_id\":1}}";
        var spans = new List<int>();

        JsonScanner.Members(text, 0, spans);

        Assert.Equal(new[] { 1, 8, 10, 17, 19, 22, 23, 34 }, spans);
        Assert.Equal("{\"hf_id\":1}", text.Substring(23, 11));
        Assert.True(JsonScanner.KeyIs(text, spans[0], spans[1], "hf_id"));
        Assert.False(JsonScanner.KeyIs(text, spans[4], spans[5], "hf_id"));
        Assert.Equal("org/m", JsonScanner.StringValue(text, spans[2], spans[3]));
    }

    [Theory]
    [InlineData("\"hf_id\"", "hf_id", true)]
    [InlineData("\"hf\\u005fid\"", "hf_id", true)]
    [InlineData("\"hf\\\\id\"", "hf\\id", true)]
    [InlineData("\"hf\\\\id\"", "hf\\\\id", false)]
    [InlineData("\"HF_ID\"", "hf_id", false)]
    [InlineData("\"hf_i\"", "hf_id", false)]
    public void KeyIsDecodesEscapesAndComparesOrdinally(string key, string expected, bool equal) =>
        Assert.Equal(equal, JsonScanner.KeyIs(key, 0, key.Length, expected));

    [Theory]
    [InlineData("{\"a\" 1}", "expected ':' at offset 5")]
    [InlineData("[1, 2", "expected ',' at offset 5")]
    [InlineData("{\"a\": \"open}", "expected a closing quote at offset 12")]
    public void MalformedTextNamesTheOffsetAndWhatWasExpected(string text, string message)
    {
        var error = Assert.Throws<FormatException>(() =>
        {
            var spans = new List<int>();
            if (text[0] == '[')
            {
                JsonScanner.ArrayItems(text, 0, spans);
            }
            else
            {
                JsonScanner.Members(text, 0, spans);
            }
        });
        Assert.Equal(message, error.Message);
    }
}
