using VramLint.Core.Diagnostics;
using VramLint.Yaml.Parsing;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlStream = YamlDotNet.RepresentationModel.YamlStream;

namespace VramLint.Yaml;

/// <summary>
/// Parses YAML text into documents with positions, after a streaming pass that bounds what a hostile file can cost:
/// nesting depth, node count and alias count (an alias bomb is refused before anything is built).
/// </summary>
internal static class YamlDocuments
{
    public const int MaxDepth = 100;
    public const int MaxEvents = 1_000_000;
    public const int MaxAliases = 10_000;

    /// <summary>
    /// The objects a document holds: itself, and the objects wrapped in a Kubernetes <c>List</c> (<c>items</c>, what
    /// <c>kubectl get -o yaml</c> writes) or an OpenShift <c>Template</c> (<c>objects</c>), each read as a document of its own.
    /// </summary>
    public static IEnumerable<YamlDocument> Objects(YamlDocument document)
    {
        yield return document;
        var kind = YamlNodes.Scalar(YamlNodes.Child(document.RootNode, "kind"));
        var wrapped = kind is not null && kind.EndsWith("List", StringComparison.Ordinal) ? YamlNodes.Child(document.RootNode, "items")
            : kind == "Template" ? YamlNodes.Child(document.RootNode, "objects")
            : null;
        foreach (var item in YamlNodes.Items(wrapped))
        {
            if (item is YamlMappingNode)
            {
                yield return new YamlDocument(item);
            }
        }
    }

    public static IReadOnlyList<YamlDocument>? Load(string text, out Finding? problem, out int problemIndex)
    {
        // The fast reader tells the tree builder the events of an ordinary deployment file as it reads them, within the
        // bounds. Anything else (errors, limits, rare syntax) is YamlDotNet's parser's, from the start, its events checked
        // against the bounds as the documents are built from them, so a hostile file is refused at the first event over
        // a limit. What VramLint's tree builder leaves to YamlDotNet's loader is loaded by it, from the start of the text.
        try
        {
            return ReadFast(text, out problem, out problemIndex) ?? Load(YamlDotNetParser(text), YamlTreeBuilder.Build, out problem, out problemIndex);
        }
        catch (YamlTreeBuilder.NotMine)
        {
            return Load(YamlDotNetParser(text), LoadWithYamlDotNet, out problem, out problemIndex);
        }
    }

    /// <summary>The documents as the fast reader reads them; null when it declines the text.</summary>
    private static List<YamlDocument>? ReadFast(string text, out Finding? problem, out int problemIndex)
    {
        problem = null;
        problemIndex = 0;
        var builder = new YamlTreeBuilder();
        try
        {
            YamlEventReader.Read(text, MaxDepth, MaxEvents, MaxAliases, builder);
            return builder.Documents;
        }
        catch (Declined)
        {
            return null;
        }
    }

    private static BoundedParser YamlDotNetParser(string text) => new(new Parser(new StringReader(text)));

    private static List<YamlDocument> LoadWithYamlDotNet(IParser parser)
    {
        var stream = new YamlStream();
        stream.Load(parser);
        return YamlDotNetTree.Convert(stream);
    }

    private static IReadOnlyList<YamlDocument>? Load(BoundedParser parser, Func<IParser, List<YamlDocument>> build, out Finding? problem, out int problemIndex)
    {
        problem = null;
        problemIndex = 0;
        try
        {
            return build(parser);
        }
        catch (BoundedParser.LimitExceeded e)
        {
            problemIndex = (int)Math.Max(0, e.At.Start.Index);
            problem = new Finding(DiagnosticIds.UnreadableFile, $"the file is {e.Message}; it was not checked");
            return null;
        }
        catch (YamlException e)
        {
            problemIndex = (int)Math.Max(0, e.Start.Index);
            problem = new Finding(DiagnosticIds.UnreadableFile, $"the file is not valid YAML: {Describe(e)} (line {e.Start.Line}, column {e.Start.Column}); it was not checked");
            return null;
        }
        catch (ArgumentException e) when (e.ParamName == "parser")
        {
            // YamlDotNet's node builder meets an event it cannot place before the scanner meets the syntax error behind
            // it (found by the fuzz campaign): report that syntax error, as a separate validating pass would have.
            try
            {
                while (parser.MoveNext())
                {
                }
            }
            catch (YamlException syntax)
            {
                problemIndex = (int)Math.Max(0, syntax.Start.Index);
                problem = new Finding(DiagnosticIds.UnreadableFile, $"the file is not valid YAML: {Describe(syntax)} (line {syntax.Start.Line}, column {syntax.Start.Column}); it was not checked");
                return null;
            }
            catch (BoundedParser.LimitExceeded limit)
            {
                problemIndex = (int)Math.Max(0, limit.At.Start.Index);
                problem = new Finding(DiagnosticIds.UnreadableFile, $"the file is {limit.Message}; it was not checked");
                return null;
            }

            problemIndex = (int)Math.Max(0, parser.LastIndex);
            problem = new Finding(DiagnosticIds.UnreadableFile, $"the file is not valid YAML: {e.Message}; it was not checked");
            return null;
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner can fail this way on some malformed input (found by RobustnessTests): same answer.
            problemIndex = (int)Math.Max(0, parser.LastIndex);
            problem = new Finding(DiagnosticIds.UnreadableFile, $"the file is not valid YAML: {e.Message}; it was not checked");
            return null;
        }
    }

    /// <summary>YamlDotNet's parser with VramLint's bounds on nesting depth, node count and aliases.</summary>
    private sealed class BoundedParser : IParser
    {
        private readonly IParser inner;
        private int depth;
        private int events;
        private int aliases;

        public BoundedParser(IParser inner) => this.inner = inner;

        public ParsingEvent? Current => inner.Current;

        /// <summary>Where the last event read ends, for errors that carry no position.</summary>
        public long LastIndex { get; private set; }

        public bool MoveNext()
        {
            if (!inner.MoveNext())
            {
                return false;
            }

            var current = inner.Current!;
            LastIndex = current.End.Index;
            switch (current)
            {
                case MappingStart or SequenceStart:
                    if (++depth > MaxDepth)
                    {
                        throw new LimitExceeded($"nested more than {MaxDepth} levels deep", current);
                    }

                    break;
                case MappingEnd or SequenceEnd:
                    depth--;
                    break;
                case AnchorAlias when ++aliases > MaxAliases:
                    throw new LimitExceeded($"more than {MaxAliases} aliases (an alias bomb)", current);
            }

            if (++events > MaxEvents)
            {
                throw new LimitExceeded($"more than {MaxEvents} YAML nodes", current);
            }

            return true;
        }

        /// <summary>A bound was passed: what and where (private, so nothing else catches it by accident).</summary>
        public sealed class LimitExceeded : Exception
        {
            public LimitExceeded(string message, ParsingEvent at)
                : base(message)
            {
                At = at;
            }

            public ParsingEvent At { get; }
        }
    }

    private static string Describe(YamlException e)
    {
        var message = e.InnerException?.Message ?? e.Message;
        var paren = message.IndexOf("):", StringComparison.Ordinal);
        return (paren > 0 && message.StartsWith("(", StringComparison.Ordinal) ? message.Substring(paren + 2) : message).Trim();
    }
}
