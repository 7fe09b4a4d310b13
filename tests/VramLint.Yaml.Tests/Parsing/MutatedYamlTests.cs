using System.Reflection;
using System.Text;

namespace VramLint.Yaml.Tests.Parsing;

/// <summary>
/// The corpus files with seeded small edits (a character deleted, duplicated or replaced by one that matters to YAML:
/// a space, a colon, a dash, a quote, a line break...): most are still YAML, some are not. Whatever the edit, the fast
/// reader gives YamlDotNet's exact events or declines; it never reads a text YamlDotNet refuses.
/// </summary>
public class MutatedYamlTests
{
    private const int EditsPerFile = 50;

    private const int EditedGenerated = 1000;

    private static readonly char[] Significant = { ' ', ':', '-', '"', '\'', '\n', '#', '[', ']', '{', '}', ',', '|', '>', '&', '*', '\\', 'x' };

    [Fact]
    public void Edited_corpus_files_give_yamldotnets_events_or_are_declined()
    {
        var root = Path.Combine(AppContext.BaseDirectory, "Corpus");
        var texts = 0;
        var read = 0;
        foreach (var file in Directory.EnumerateFiles(root, "*.y*ml", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
        {
            var original = YamlText.Decode(File.ReadAllBytes(file), out _) ?? "";
            for (var seed = 0; seed < EditsPerFile; seed++)
            {
                var text = Edit(original, new Random(seed * 7919 + original.Length));
                var difference = EventTrace.Difference(text, out var declined);
                Assert.True(difference is null, $"{Path.GetFileName(file)} edit {seed}: {difference}\n--- text ---\n{text}");
                var tree = TreeTrace.Difference(text);
                Assert.True(tree is null, $"{Path.GetFileName(file)} edit {seed}: {tree}\n--- text ---\n{text}");
                texts++;
                read += declined is null ? 1 : 0;
            }
        }

        Assert.True(texts > 1000, $"only {texts} edited texts");
        Assert.True(read > texts / 4, $"only {read} of {texts} edited texts read by the fast reader");
    }

    [Fact]
    public void Edited_generated_documents_give_yamldotnets_events_or_are_declined()
    {
        var read = 0;
        for (var seed = 0; seed < EditedGenerated; seed++)
        {
            var text = Edit(GeneratedYamlTests.Generate(seed), new Random(seed));
            var difference = EventTrace.Difference(text, out var declined);
            Assert.True(difference is null, $"generated {seed}, edited: {difference}\n--- text ---\n{text}");
            var tree = TreeTrace.Difference(text);
            Assert.True(tree is null, $"generated {seed}, edited: {tree}\n--- text ---\n{text}");
            read += declined is null ? 1 : 0;
        }

        Assert.True(read > EditedGenerated / 4, $"only {read} of {EditedGenerated} edited texts read by the fast reader");
    }

    /// <summary>One to three edits at random places.</summary>
    private static string Edit(string text, Random random)
    {
        var edited = new StringBuilder(text);
        for (var e = random.Next(1, 4); e > 0 && edited.Length > 0; e--)
        {
            var at = random.Next(edited.Length);
            switch (random.Next(3))
            {
                case 0:
                    edited.Remove(at, 1);
                    break;
                case 1:
                    edited.Insert(at, edited[at]);
                    break;
                default:
                    edited[at] = Significant[random.Next(Significant.Length)];
                    break;
            }
        }

        return edited.ToString();
    }
}
