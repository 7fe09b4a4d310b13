using VramLint.Yaml.Parsing;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace VramLint.Yaml;

/// <summary>
/// Builds VramLint's YAML tree from a stream's events, told one at a time: by <see cref="YamlEventReader"/> as it
/// reads, or from YamlDotNet's parser's events by <see cref="Build"/>. A collection's children wait on one shared
/// stack and are copied into an array of the right size when it ends, so a mapping costs its node and one array.
/// What it does not decide the way YamlDotNet's loader would (an alias met before its anchor's node is complete, a
/// key that is not a scalar, a key given twice, an anchor given twice, an event out of place) throws
/// <see cref="NotMine"/>: the caller then loads the text with YamlDotNet, which accepts it or says what is wrong.
/// </summary>
internal sealed class YamlTreeBuilder : IYamlEventSink
{
    /// <summary>Up to this many keys a mapping's keys are compared pair by pair; past it, through a set.</summary>
    private const int PairwiseKeyLimit = 16;

    private readonly List<YamlNode> pending = new();
    private readonly List<OpenCollection> open = new();
    private readonly Dictionary<string, YamlNode> anchors = new(StringComparer.Ordinal);
    private readonly List<YamlDocument> documents = new();
    private YamlNode? root;
    private bool inDocument;

    public List<YamlDocument> Documents => documents;

    /// <summary>The documents of <paramref name="parser"/>'s events; throws <see cref="NotMine"/> and whatever the parser throws.</summary>
    public static List<YamlDocument> Build(IParser parser)
    {
        var builder = new YamlTreeBuilder();
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case StreamStart or StreamEnd:
                    break;
                case DocumentStart:
                    builder.StartDocument();
                    break;
                case DocumentEnd:
                    builder.EndDocument();
                    break;
                case Scalar scalar:
                    builder.AddScalar(AnchorOf(scalar.Anchor), scalar.Value, scalar.Style, (int)scalar.Start.Index, (int)scalar.End.Index);
                    break;
                case AnchorAlias alias:
                    builder.AddAlias(alias.Value.Value);
                    break;
                case MappingStart mapping:
                    builder.Open(new YamlMappingNode((int)mapping.Start.Index, (int)mapping.End.Index), AnchorOf(mapping.Anchor));
                    break;
                case SequenceStart sequence:
                    builder.Open(new YamlSequenceNode((int)sequence.Start.Index, (int)sequence.End.Index), AnchorOf(sequence.Anchor));
                    break;
                case MappingEnd:
                    builder.EndMapping();
                    break;
                case SequenceEnd:
                    builder.EndSequence();
                    break;
                default:
                    throw new NotMine();
            }
        }

        return builder.documents;
    }

    private static string? AnchorOf(AnchorName anchor) => anchor.IsEmpty ? null : anchor.Value;

    void IYamlEventSink.StreamStart(TextMark at)
    {
    }

    void IYamlEventSink.StreamEnd(TextMark at)
    {
    }

    void IYamlEventSink.DocumentStart(bool isImplicit, TextMark start, TextMark end) => StartDocument();

    void IYamlEventSink.DocumentEnd(bool isImplicit, TextMark at) => EndDocument();

    void IYamlEventSink.MappingStart(string? anchor, MappingStyle style, TextMark start, TextMark end) => Open(new YamlMappingNode(start.Index, end.Index), anchor);

    void IYamlEventSink.MappingEnd(TextMark at) => EndMapping();

    void IYamlEventSink.SequenceStart(string? anchor, SequenceStyle style, TextMark start, TextMark end) => Open(new YamlSequenceNode(start.Index, end.Index), anchor);

    void IYamlEventSink.SequenceEnd(TextMark at) => EndSequence();

    void IYamlEventSink.Scalar(string? anchor, string value, ScalarStyle style, TextMark start, TextMark end, bool isKey) => AddScalar(anchor, value, style, start.Index, end.Index);

    void IYamlEventSink.Alias(string name, TextMark start, TextMark end) => AddAlias(name);

    private void StartDocument()
    {
        Require(!inDocument);
        inDocument = true;
        root = null;
        anchors.Clear();
    }

    private void EndDocument()
    {
        Require(inDocument && open.Count == 0 && root is not null);
        documents.Add(new YamlDocument(root!));
        inDocument = false;
    }

    private void AddScalar(string? anchor, string value, ScalarStyle style, int start, int end) =>
        Place(Anchored(anchor, new YamlScalarNode(value, style, start, end)));

    private void AddAlias(string name)
    {
        if (!anchors.TryGetValue(name, out var node))
        {
            throw new NotMine();
        }

        Place(node);
    }

    private void EndMapping()
    {
        var (node, from, anchor) = Close();
        var mapping = node as YamlMappingNode ?? throw new NotMine();
        var count = pending.Count - from;
        Require(count % 2 == 0);
        var children = count == 0 ? Array.Empty<KeyValuePair<YamlNode, YamlNode>>() : new KeyValuePair<YamlNode, YamlNode>[count / 2];
        for (var i = 0; i < children.Length; i++)
        {
            children[i] = new KeyValuePair<YamlNode, YamlNode>(pending[from + (2 * i)], pending[from + (2 * i) + 1]);
        }

        RequireDistinctScalarKeys(children);
        pending.RemoveRange(from, count);
        mapping.Children = new NodeList<KeyValuePair<YamlNode, YamlNode>>(children);
        Place(Anchored(anchor, mapping));
    }

    private void EndSequence()
    {
        var (node, from, anchor) = Close();
        var sequence = node as YamlSequenceNode ?? throw new NotMine();
        var count = pending.Count - from;
        var items = count == 0 ? Array.Empty<YamlNode>() : new YamlNode[count];
        pending.CopyTo(from, items, 0, count);
        pending.RemoveRange(from, count);
        sequence.Children = new NodeList<YamlNode>(items);
        Place(Anchored(anchor, sequence));
    }

    private void Open(YamlNode node, string? anchor)
    {
        Require(inDocument && (open.Count > 0 || root is null));
        open.Add(new OpenCollection(node, pending.Count, anchor));
    }

    private OpenCollection Close()
    {
        Require(open.Count > 0);
        var last = open[open.Count - 1];
        open.RemoveAt(open.Count - 1);
        return last;
    }

    /// <summary>A node is its anchor's once complete; a name given twice is left to YamlDotNet.</summary>
    private YamlNode Anchored(string? anchor, YamlNode node)
    {
        if (anchor is not null)
        {
            if (anchors.ContainsKey(anchor))
            {
                throw new NotMine();
            }

            anchors.Add(anchor, node);
        }

        return node;
    }

    private void Place(YamlNode node)
    {
        if (open.Count > 0)
        {
            pending.Add(node);
            return;
        }

        Require(inDocument && root is null);
        root = node;
    }

    private static void RequireDistinctScalarKeys(KeyValuePair<YamlNode, YamlNode>[] children)
    {
        HashSet<string>? seen = children.Length > PairwiseKeyLimit ? new HashSet<string>(StringComparer.Ordinal) : null;
        for (var i = 0; i < children.Length; i++)
        {
            if (children[i].Key is not YamlScalarNode key)
            {
                throw new NotMine();
            }

            if (seen is not null)
            {
                Require(seen.Add(key.Value));
                continue;
            }

            for (var j = 0; j < i; j++)
            {
                Require(((YamlScalarNode)children[j].Key).Value != key.Value);
            }
        }
    }

    private static void Require(bool condition)
    {
        if (!condition)
        {
            throw new NotMine();
        }
    }

    private readonly record struct OpenCollection(YamlNode Node, int From, string? Anchor);

    /// <summary>The events hold something this builder leaves to YamlDotNet's loader (caught by <see cref="YamlDocuments.Load"/> alone).</summary>
    internal sealed class NotMine : Exception
    {
    }
}
