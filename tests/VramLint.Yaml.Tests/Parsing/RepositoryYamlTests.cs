using System.Reflection;
using System.Text.RegularExpressions;

namespace VramLint.Yaml.Tests.Parsing;

/// <summary>
/// The fast reader against YamlDotNet's parser on every YAML text the repository holds: the corpus, the samples, the
/// YAML files anywhere else in it, and the raw string literals of the YAML and CLI tests. Each gives YamlDotNet's exact
/// events or is declined; ordinary deployment files are never declined.
/// </summary>
public class RepositoryYamlTests
{
    private static readonly string Root =
        typeof(RepositoryYamlTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "VramLint.RepositoryRoot").Value!;

    private static IEnumerable<string> YamlFiles() =>
        Directory.EnumerateFiles(Root, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}.git{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal);

    [Fact]
    public void Every_yaml_file_in_the_repository_gives_yamldotnets_events_and_only_unrendered_helm_templates_are_declined()
    {
        var declined = new List<string>();
        var files = 0;
        foreach (var file in YamlFiles())
        {
            files++;
            var name = Path.GetRelativePath(Root, file).Replace('\\', '/');
            var text = YamlText.Decode(File.ReadAllBytes(file), out _) ?? "";
            var difference = EventTrace.Difference(text, out var reason);
            Assert.True(difference is null, $"{name}: {difference}");
            var tree = TreeTrace.Difference(text);
            Assert.True(tree is null, $"{name}: {tree}");
            if (reason is not null)
            {
                declined.Add($"{name}: {reason}");
            }
        }

        Assert.True(files > 50, $"only {files} YAML files found under {Root}");
        // Helm templates before rendering: "{{ ... }}" is a flow mapping used as a key, which the fast reader leaves to YamlDotNet.
        Assert.Equal(
            new[]
            {
                "tests/VramLint.Yaml.Tests/Corpus/llmd/chart/templates/decode-deployment.yaml: a flow entry starting with '{'",
                "tests/VramLint.Yaml.Tests/Corpus/llmd/chart/templates/prefill-deployment.yaml: a flow entry starting with '{'",
            },
            declined);
    }

    /// <summary>
    /// The YAML texts written into the test sources: raw string literals and regular ones holding a line break and a ':'
    /// (interpolated ones are left out: their holes are not text).
    /// </summary>
    private static IEnumerable<(string Where, string Text)> RawStrings()
    {
        var literal = new Regex("(?<![$\"])\"\"\"\\r?\\n(?<body>.*?)\\r?\\n(?<indent>[ ]*)\"\"\"", RegexOptions.Singleline);
        var regular = new Regex("(?<![$@\"\\\\])\"(?<body>(?:[^\"\\\\\\n]|\\\\.)*\\\\n(?:[^\"\\\\\\n]|\\\\.)*)\"");
        foreach (var folder in new[] { "tests/VramLint.Yaml.Tests", "tests/VramLint.Cli.Tests" })
        {
            // The fast reader's own tests (this folder) are left out: they hold the constructs it declines on purpose.
            var files = Directory.EnumerateFiles(Path.Combine(Root, folder), "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Parsing{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
            foreach (var file in files.OrderBy(f => f, StringComparer.Ordinal))
            {
                var source = File.ReadAllText(file);
                foreach (Match match in literal.Matches(source))
                {
                    var indent = match.Groups["indent"].Value.Length;
                    var lines = match.Groups["body"].Value.Replace("\r\n", "\n").Split('\n')
                        .Select(l => l.Length >= indent ? l.Substring(indent) : l.TrimStart(' '));
                    yield return ($"{Path.GetFileName(file)} line {Line(source, match.Index)}", string.Join("\n", lines) + "\n");
                }

                foreach (Match match in regular.Matches(source))
                {
                    var body = match.Groups["body"].Value;
                    if (body.Contains(':', StringComparison.Ordinal) && !body.Contains("\\u", StringComparison.Ordinal))
                    {
                        yield return ($"{Path.GetFileName(file)} line {Line(source, match.Index)}", Regex.Unescape(body));
                    }
                }
            }
        }
    }

    private static int Line(string source, int index) => source.Take(index).Count(c => c == '\n') + 1;

    [Fact]
    public void Every_yaml_text_in_the_yaml_and_cli_tests_gives_yamldotnets_events_or_is_declined()
    {
        var texts = 0;
        var read = 0;
        foreach (var (where, text) in RawStrings())
        {
            texts++;
            var difference = EventTrace.Difference(text, out var reason);
            Assert.True(difference is null, $"{where}: {difference}");
            var tree = TreeTrace.Difference(text);
            Assert.True(tree is null, $"{where}: {tree}");
            read += reason is null ? 1 : 0;
        }

        Assert.True(texts > 100, $"only {texts} YAML texts found");
        Assert.True(read > texts * 3 / 4, $"only {read} of {texts} YAML texts read by the fast reader");
    }
}
