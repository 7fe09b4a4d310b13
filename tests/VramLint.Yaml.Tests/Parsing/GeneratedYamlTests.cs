using System.Text;

namespace VramLint.Yaml.Tests.Parsing;

/// <summary>
/// Seeded random deployment-like documents (nested mappings and sequences, every scalar style, block scalars with
/// chomping and indentation indicators, comments, anchors, flow collections, empty values, unicode) in several
/// spellings (LF or CRLF, with or without a final line break, one document or several, a byte order mark): the fast
/// reader gives YamlDotNet's exact events or declines, and it declines only the spellings it is meant to.
/// </summary>
public class GeneratedYamlTests
{
    private const int Documents = 400;

    [Fact]
    public void Generated_documents_give_yamldotnets_events_and_only_byte_order_marks_are_declined()
    {
        var declined = new List<string>();
        var read = 0;
        for (var seed = 0; seed < Documents; seed++)
        {
            var text = Generate(seed);
            var difference = EventTrace.Difference(text, out var reason);
            Assert.True(difference is null, $"seed {seed}: {difference}\n--- text ---\n{text}");
            var tree = TreeTrace.Difference(text);
            Assert.True(tree is null, $"seed {seed}: {tree}\n--- text ---\n{text}");
            if (reason is null)
            {
                read++;
            }
            else if (!text.StartsWith('\uFEFF'))
            {
                declined.Add($"seed {seed}: {reason}");
            }
        }

        Assert.True(declined.Count == 0, string.Join("\n", declined));
        Assert.Equal(Documents - (Documents / 10), read);
    }

    /// <summary>One generated file: one to three documents, then the spelling variations.</summary>
    internal static string Generate(int seed)
    {
        var random = new Random(seed);
        var generator = new DocumentWriter(random);
        var documents = random.Next(4) == 0 ? random.Next(2, 4) : 1;
        var text = new StringBuilder();
        for (var d = 0; d < documents; d++)
        {
            if (d > 0 || random.Next(3) == 0)
            {
                text.Append("---").Append(random.Next(3) == 0 ? " # next\n" : "\n");
            }

            text.Append(generator.Document());
            if (random.Next(8) == 0)
            {
                text.Append("...\n");
            }
        }

        var result = text.ToString();
        if (random.Next(3) == 0)
        {
            result = result.TrimEnd('\n');
        }

        if (seed % 3 == 1)
        {
            result = result.Replace("\n", "\r\n");
        }

        return seed % 10 == 9 ? "\uFEFF" + result : result;
    }

    private sealed class DocumentWriter
    {
        private static readonly string[] Keys =
        {
            "name", "image", "args", "command", "model", "max-model-len", "nvidia.com/gpu", "app.kubernetes.io/name", "x_y",
            "\"quoted key\"", "'single key'", "<<", "a b", "modèle", "port",
        };

        private static readonly string[] Plain =
        {
            "vllm/vllm-openai:v0.6.3", "http://host:8000/v1", "8192", "0.9", "true", "~", "a b  c", "a#b", "50%", "--max-model-len=4096",
            "meta-llama/Llama-3.1-8B-Instruct", "日本語のモデル", "é", "-1", "key:value", "1e3", "null", "x,y", "a [b] {c}", "x?", "y:z",
        };

        private static readonly string[] DoubleQuoted =
        {
            "\"--max-model-len\"", "\"a\\tb\\n\"", "\"x # y\"", "\"\\u00e9t\\u00E9\"", "\"\"", "\"it's\"", "\"a\\\\b\\\"c\"", "\"\\x41\\/\\0\"",
            "\"8000:8000\"", "\"  padded  \"",
        };

        private static readonly string[] SingleQuoted = { "'it''s'", "''", "'a \"b\" c'", "'#not a comment'", "'x: y'", "'  '" };

        private readonly Random random;
        private readonly StringBuilder text = new();
        private int anchors;

        public DocumentWriter(Random random) => this.random = random;

        public string Document()
        {
            text.Clear();
            if (random.Next(5) == 0)
            {
                text.Append("# a leading comment\n\n");
            }

            if (random.Next(6) == 0)
            {
                Sequence(0, 0);
            }
            else
            {
                Mapping(0, 0);
            }

            return text.ToString();
        }

        private T Pick<T>(T[] items) => items[random.Next(items.Length)];

        private void Indent(int column) => text.Append(' ', column);

        private void Mapping(int column, int depth, bool firstInline = false)
        {
            var keys = random.Next(1, 5);
            for (var k = 0; k < keys; k++)
            {
                if (!(firstInline && k == 0))
                {
                    if (random.Next(6) == 0)
                    {
                        Indent(random.Next(column + 1));
                        text.Append("# comment: with [brackets]\n");
                    }

                    if (random.Next(10) == 0)
                    {
                        text.Append('\n');
                    }

                    Indent(column);
                }

                text.Append(Pick(Keys)).Append(random.Next(8) == 0 ? " :" : ":");
                Value(column, depth);
            }
        }

        /// <summary>What follows "key:": on the same line or as a block below it.</summary>
        private void Value(int column, int depth)
        {
            var choice = random.Next(depth >= 4 ? 9 : 14);
            switch (choice)
            {
                case 0:
                    text.Append(random.Next(2) == 0 ? "\n" : " # nothing here\n");
                    return;
                case 1 or 2:
                    text.Append(' ').Append(Pick(Plain)).Append(Trailing());
                    return;
                case 3:
                    text.Append(' ').Append(Pick(DoubleQuoted)).Append(Trailing());
                    return;
                case 4:
                    text.Append(' ').Append(Pick(SingleQuoted)).Append(Trailing());
                    return;
                case 5:
                    MultiLineScalar(column);
                    return;
                case 6:
                    BlockScalar(column);
                    return;
                case 7:
                    text.Append(' ').Append(Flow()).Append(Trailing());
                    return;
                case 8:
                    if (anchors > 0 && random.Next(2) == 0)
                    {
                        text.Append(" *a").Append(random.Next(anchors)).Append('\n');
                    }
                    else
                    {
                        text.Append(" &a").Append(anchors++).Append(' ').Append(Pick(Plain)).Append('\n');
                    }

                    return;
                case 9 or 10:
                    text.Append(random.Next(8) == 0 ? " &a" + anchors++ : "").Append('\n');
                    Mapping(column + random.Next(1, 4), depth + 1);
                    return;
                default:
                    // A sequence under the key: indented past it or at its column.
                    text.Append('\n');
                    Sequence(random.Next(2) == 0 ? column : column + 2, depth + 1);
                    return;
            }
        }

        private string Trailing() => random.Next(5) switch
        {
            0 => "  \n",
            1 => " # a comment\n",
            _ => "\n",
        };

        private void Sequence(int column, int depth)
        {
            var entries = random.Next(1, 4);
            for (var e = 0; e < entries; e++)
            {
                Indent(column);
                text.Append('-');
                switch (random.Next(depth >= 4 ? 4 : 7))
                {
                    case 0:
                        text.Append(' ').Append(Pick(Plain)).Append(Trailing());
                        break;
                    case 1:
                        text.Append(' ').Append(random.Next(2) == 0 ? Pick(DoubleQuoted) : Pick(SingleQuoted)).Append('\n');
                        break;
                    case 2:
                        text.Append(random.Next(2) == 0 ? "\n" : " \n");
                        break;
                    case 3:
                        text.Append(' ').Append(Flow()).Append('\n');
                        break;
                    case 4 or 5:
                        // "- key: value" and its further keys under the first.
                        text.Append(' ');
                        Mapping(column + 2, depth + 1, firstInline: true);
                        break;
                    default:
                        text.Append(' ');
                        NestedSequence(column + 2, depth + 1);
                        break;
                }
            }
        }

        /// <summary>"- - a" and its further entries under the inner dash.</summary>
        private void NestedSequence(int column, int depth)
        {
            text.Append("- ").Append(Pick(Plain)).Append('\n');
            for (var e = random.Next(2); e > 0; e--)
            {
                Indent(column);
                text.Append("- ").Append(Pick(Plain)).Append('\n');
            }
        }

        private string Flow() => random.Next(6) switch
        {
            0 => "[]",
            1 => "{}",
            2 => $"[{Pick(DoubleQuoted)}, {Pick(Plain).Replace(",", "").Replace("[", "").Replace("]", "").Replace("{", "").Replace("}", "")}, '{random.Next(100)}']",
            3 => "{cpu: 4, memory: \"16Gi\"}",
            4 => "[\"--model\", \"x\", [nested, 1], {k: v}]",
            _ => "[gpu]",
        };

        private void MultiLineScalar(int column)
        {
            var deeper = new string(' ', column + 2);
            switch (random.Next(3))
            {
                case 0:
                    text.Append(" first words\n").Append(deeper).Append("second line\n\n").Append(deeper).Append("after a blank line\n");
                    break;
                case 1:
                    text.Append(" \"quoted  \n").Append(deeper).Append("folded \\\n").Append(deeper).Append("escaped break\"\n");
                    break;
                default:
                    text.Append(" 'single\n\n").Append(deeper).Append("two breaks'\n");
                    break;
            }
        }

        private void BlockScalar(int column)
        {
            var indicator = random.Next(2) == 0 ? "|" : ">";
            var chomping = Pick(new[] { "", "-", "+" });
            var explicitIndent = random.Next(4) == 0;
            var step = explicitIndent ? 2 : random.Next(1, 4);
            text.Append(' ').Append(indicator).Append(explicitIndent ? "2" : "").Append(chomping).Append(random.Next(4) == 0 ? " # header comment" : "").Append('\n');
            var inner = new string(' ', column + step);
            text.Append(inner).Append("vllm serve model \\\n");
            text.Append(inner).Append("  --max-model-len 8192   # not a comment\n");
            if (random.Next(2) == 0)
            {
                text.Append('\n');
            }

            text.Append(inner).Append("last line\n");
            if (random.Next(2) == 0)
            {
                text.Append('\n').Append(inner.Substring(0, Math.Min(inner.Length, 1))).Append('\n');
            }
        }
    }
}
