using VramLint.Core.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace VramLint.Yaml;

/// <summary>
/// Parses YAML text into documents with positions, after a streaming pass that bounds what a hostile file can cost:
/// nesting depth, node count and alias count (an alias bomb is refused before anything is built).
/// </summary>
public static class YamlDocuments
{
    public const int MaxDepth = 100;
    public const int MaxEvents = 1_000_000;
    public const int MaxAliases = 10_000;

    public static IReadOnlyList<YamlDocument>? Load(string text, out Finding? problem, out int problemIndex)
    {
        problem = null;
        problemIndex = 0;
        var lastIndex = 0L;
        try
        {
            var parser = new Parser(new StringReader(text));
            int depth = 0, events = 0, aliases = 0;
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                lastIndex = current.End.Index;
                events++;
                switch (current)
                {
                    case MappingStart or SequenceStart:
                        if (++depth > MaxDepth)
                        {
                            return Refuse($"nested more than {MaxDepth} levels deep", current, out problem, out problemIndex);
                        }

                        break;
                    case MappingEnd or SequenceEnd:
                        depth--;
                        break;
                    case AnchorAlias when ++aliases > MaxAliases:
                        return Refuse($"more than {MaxAliases} aliases (an alias bomb)", current, out problem, out problemIndex);
                }

                if (events > MaxEvents)
                {
                    return Refuse($"more than {MaxEvents} YAML nodes", current, out problem, out problemIndex);
                }
            }

            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            return stream.Documents.ToList();
        }
        catch (YamlException e)
        {
            problemIndex = (int)Math.Max(0, e.Start.Index);
            problem = new Finding(DiagnosticIds.UnreadableFile, $"the file is not valid YAML: {Describe(e)} (line {e.Start.Line}, column {e.Start.Column}); it was not checked");
            return null;
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner can fail this way on some malformed input (found by RobustnessTests): same answer.
            problemIndex = (int)Math.Max(0, lastIndex);
            problem = new Finding(DiagnosticIds.UnreadableFile, $"the file is not valid YAML: {e.Message}; it was not checked");
            return null;
        }
    }

    private static IReadOnlyList<YamlDocument>? Refuse(string why, ParsingEvent at, out Finding problem, out int index)
    {
        index = (int)Math.Max(0, at.Start.Index);
        problem = new Finding(DiagnosticIds.UnreadableFile, $"the file is {why}; it was not checked");
        return null;
    }

    private static string Describe(YamlException e)
    {
        var message = e.InnerException?.Message ?? e.Message;
        var paren = message.IndexOf("):", StringComparison.Ordinal);
        return (paren > 0 && message.StartsWith("(", StringComparison.Ordinal) ? message.Substring(paren + 2) : message).Trim();
    }
}
