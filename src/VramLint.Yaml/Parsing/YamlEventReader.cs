using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace VramLint.Yaml.Parsing;

/// <summary>
/// Reads the subset of YAML deployment files use (block mappings and sequences, plain, quoted and block scalars, flow
/// collections of scalars, anchors and aliases, several documents) as YamlDotNet's events, told to an
/// <see cref="IYamlEventSink"/> with the marks YamlDotNet's own parser gives them. Whatever it is not sure of (a syntax
/// error, tags, directives, complex keys, tabs, unusual characters, a limit reached) throws <see cref="Declined"/> so
/// that YamlDotNet reads the text instead.
/// </summary>
internal sealed class YamlEventReader
{
    /// <summary>YamlDotNet refuses a simple key longer than 1024 characters; stay clear of its exact rule.</summary>
    private const int MaxKeyLength = 1000;

    private readonly YamlCursor cursor;
    private readonly IYamlEventSink sink;
    private readonly int maxDepth;
    private readonly int maxEvents;
    private readonly int maxAliases;
    private int depth;
    private int aliases;
    private int events;

    /// <summary>Whether a document's first node is still to come, and whether that node was an unanchored block collection.</summary>
    private bool awaitingRoot;
    private bool rootIsPlainBlockCollection;

    private YamlEventReader(string text, int maxDepth, int maxEvents, int maxAliases, IYamlEventSink sink)
    {
        cursor = new YamlCursor(text);
        this.sink = sink;
        this.maxDepth = maxDepth;
        this.maxEvents = maxEvents;
        this.maxAliases = maxAliases;
    }

    /// <summary>
    /// Tells <paramref name="sink"/> all the events of the text, from StreamStart to StreamEnd; throws
    /// <see cref="Declined"/>, possibly after some events were told (the sink's work is then to be thrown away).
    /// </summary>
    public static void Read(string text, int maxDepth, int maxEvents, int maxAliases, IYamlEventSink sink) =>
        new YamlEventReader(text, maxDepth, maxEvents, maxAliases, sink).ReadStream(text);

    private void ReadStream(string text)
    {
        CheckCharacters(text);
        Count();
        sink.StreamStart(cursor.Mark());
        cursor.SkipToNextToken();
        while (!cursor.AtEnd)
        {
            ReadDocument();
        }

        Count();
        sink.StreamEnd(cursor.EndOfStreamMark());
    }

    /// <summary>
    /// Declines the characters whose handling in YamlDotNet is its own: tabs, control characters, a byte order mark
    /// (YamlDotNet reads one in a string as content), the YAML 1.1 line breaks NEL, LS and PS, a lone CR, surrogates.
    /// </summary>
    private static void CheckCharacters(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < ' ')
            {
                if (c == '\n' || (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n'))
                {
                    continue;
                }

                throw new Declined($"the character U+{(int)c:X4}");
            }

            if (c >= '\x7F' && (c <= '\x9F' || c is '\u2028' or '\u2029' or '\uFEFF' || char.IsSurrogate(c) || c >= '\uFFFE'))
            {
                throw new Declined($"the character U+{(int)c:X4}");
            }
        }
    }

    private void ReadDocument()
    {
        if (cursor.AtDocumentMarker('.'))
        {
            throw new Declined("a document end marker without a document");
        }

        var start = cursor.Mark();
        var end = start;
        var isImplicit = !cursor.AtDocumentMarker('-');
        if (!isImplicit)
        {
            cursor.Advance(3);
            end = cursor.Mark();
            cursor.SkipToNextToken();
            if (cursor.AtEnd || !cursor.FirstOnLine() || cursor.AtAnyDocumentMarker)
            {
                // YamlDotNet places an empty document's null where no reader would; and "--- value" is rare.
                throw new Declined("an empty document, or content on its '---' line");
            }
        }

        Count();
        sink.DocumentStart(isImplicit, start, end);
        awaitingRoot = true;
        ReadNode(-1, blockAllowed: true);
        if (isImplicit && !rootIsPlainBlockCollection)
        {
            // YamlDotNet ends an implicit document's start where the root's first token ends: a mark left to it.
            throw new Declined("an implicit document whose root is not an unanchored block collection");
        }
        if (cursor.AtDocumentMarker('.'))
        {
            Count();
            sink.DocumentEnd(false, cursor.Mark());
            cursor.Advance(3);
            cursor.SkipToNextToken();
            if (!cursor.AtEnd && !(cursor.FirstOnLine() && cursor.AtDocumentMarker('-')))
            {
                throw new Declined("content after '...' that does not start a document");
            }

            return;
        }

        if (!cursor.AtEnd && !cursor.AtDocumentMarker('-'))
        {
            throw new Declined("content after the document's root node");
        }

        Count();
        sink.DocumentEnd(true, cursor.AtEnd ? cursor.EndOfStreamMark() : cursor.Mark());
    }

    /// <summary>
    /// A node whose first token is under the cursor, inside a block collection at column <paramref name="indent"/>.
    /// <paramref name="blockAllowed"/> is false on a key's line, where a block collection may not start. Leaves the cursor
    /// on the next token, which starts a line.
    /// </summary>
    private void ReadNode(int indent, bool blockAllowed)
    {
        var start = cursor.Mark();
        string? anchor = null;
        var collectionBelow = false;
        if (cursor.Current == '&')
        {
            anchor = ReadAnchorName();
            var line = cursor.Line;
            cursor.SkipToNextToken();
            if (cursor.AtEnd || cursor.AtAnyDocumentMarker)
            {
                throw new Declined("an anchor on an empty node");
            }

            collectionBelow = cursor.Line != line;
            if (collectionBelow && cursor.Column <= indent)
            {
                throw new Declined("an anchored node at its parent's indentation");
            }

            blockAllowed |= collectionBelow;
        }

        var c = cursor.Current;
        var blankNext = cursor.IsBlankOrEnd(cursor.Position + 1);
        switch (c)
        {
            case '*' when anchor is null && !collectionBelow:
                ReadAlias();
                FinishInlineNode();
                return;
            case '-' when blankNext:
                if (!blockAllowed || (anchor is not null && !collectionBelow))
                {
                    throw new Declined("a block sequence on a key's line or after an anchor on its line");
                }

                ReadBlockSequence(anchor, start);
                return;
            case '[' or '{' when !collectionBelow:
                ReadFlowCollection(anchor, start, indent);
                FinishInlineNode();
                return;
            case '|' or '>' when !collectionBelow:
                AddScalar(anchor, start, ScalarReader.ReadBlock(cursor, indent), isKey: false);
                cursor.SkipToNextToken();
                return;
            case '"' or '\'':
                ScalarOrMapping(ScalarReader.ReadQuoted(cursor, indent), anchor, start, blockAllowed, collectionBelow);
                return;
            default:
                if (!StartsPlain(c, blankNext))
                {
                    throw new Declined($"a node starting with '{c}'");
                }

                ScalarOrMapping(ScalarReader.ReadPlain(cursor, indent, inFlow: false), anchor, start, blockAllowed, collectionBelow);
                return;
        }
    }

    /// <summary>
    /// A plain scalar may start with anything but an indicator, and with '-' when a non-blank follows. It may start with
    /// '?' or ':' too, but YamlDotNet reads ":y" as a value indicator: those are left to it.
    /// </summary>
    private static bool StartsPlain(char c, bool blankNext) =>
        c == '-' ? !blankNext
        : c is not (',' or '[' or ']' or '{' or '}' or '#' or '&' or '*' or '!' or '|' or '>' or '\'' or '"' or '%' or '@' or '`' or ' ' or '?' or ':') && !YamlCursor.IsBreak(c);

    /// <summary>A scalar just read is a block mapping's first key when a ':' follows it on its line.</summary>
    private void ScalarOrMapping(ScalarToken scalar, string? anchor, TextMark start, bool blockAllowed, bool collectionBelow)
    {
        cursor.SkipSpaces();
        if (cursor.Current == ':' && cursor.IsBlankOrEnd(cursor.Position + 1))
        {
            if (!blockAllowed || (anchor is not null && !collectionBelow))
            {
                throw new Declined("a mapping on a key's line, or an anchor before a key");
            }

            RequireSimpleKey(scalar);
            ReadBlockMapping(anchor, collectionBelow ? start : scalar.Start, scalar);
            return;
        }

        if (collectionBelow)
        {
            throw new Declined("an anchor on the line before a scalar");
        }

        AddScalar(anchor, start, scalar, isKey: false);
        FinishInlineNode();
    }

    private static void RequireSimpleKey(ScalarToken key)
    {
        if (key.MultiLine || key.End.Index - key.Start.Index > MaxKeyLength)
        {
            throw new Declined("a key over several lines or very long");
        }

        // YamlDotNet refuses some plain keys holding a flow indicator ("a}b:"): such keys are left to it.
        if (key.Style == ScalarStyle.Plain && key.Value.IndexOfAny(ScalarReader.FlowIndicators) >= 0)
        {
            throw new Declined("a plain key holding a flow indicator");
        }
    }

    /// <summary>After a node that ends on its own line: nothing but a comment may follow it there.</summary>
    private void FinishInlineNode()
    {
        cursor.SkipToNextToken();
        if (!cursor.AtEnd && !cursor.FirstOnLine())
        {
            throw new Declined($"'{cursor.Current}' after a node on its line");
        }
    }

    private void ReadBlockMapping(string? anchor, TextMark start, ScalarToken firstKey)
    {
        var column = (int)firstKey.Start.Column - 1;
        Enter();
        StartNode(anchor, blockCollection: true);
        sink.MappingStart(anchor, MappingStyle.Block, start, firstKey.Start);
        var key = firstKey;
        while (true)
        {
            AddScalar(null, key.Start, key, isKey: true);
            cursor.Advance(1);
            var afterColon = cursor.Mark();
            var line = cursor.Line;
            cursor.SkipToNextToken();
            var onNewLine = cursor.Line != line;
            if (cursor.AtEnd || cursor.AtAnyDocumentMarker || (onNewLine && cursor.Column < column)
                || (onNewLine && cursor.Column == column && !AtBlockEntry()))
            {
                AddEmptyScalar(afterColon);
            }
            else if (onNewLine && cursor.Column == column)
            {
                ReadIndentlessSequence(column);
            }
            else
            {
                ReadNode(column, blockAllowed: onNewLine);
            }

            if (cursor.AtEnd || cursor.AtAnyDocumentMarker || cursor.Column < column)
            {
                break;
            }

            if (cursor.Column > column)
            {
                throw new Declined("content indented past a mapping's keys");
            }

            key = ReadKey(column);
        }

        EndCollection();
        sink.MappingEnd(EndMark(column));
    }

    /// <summary>A further key of a block mapping at <paramref name="column"/>: a plain or quoted scalar and its ':'.</summary>
    private ScalarToken ReadKey(int column)
    {
        var c = cursor.Current;
        ScalarToken key;
        if (c is '"' or '\'')
        {
            key = ScalarReader.ReadQuoted(cursor, column);
        }
        else if (StartsPlain(c, cursor.IsBlankOrEnd(cursor.Position + 1)))
        {
            key = ScalarReader.ReadPlain(cursor, column, inFlow: false);
        }
        else
        {
            throw new Declined($"a mapping key starting with '{c}'");
        }

        cursor.SkipSpaces();
        if (cursor.Current != ':' || !cursor.IsBlankOrEnd(cursor.Position + 1))
        {
            throw new Declined("a mapping entry without its ':'");
        }

        RequireSimpleKey(key);
        return key;
    }

    private bool AtBlockEntry() => cursor.Current == '-' && cursor.IsBlankOrEnd(cursor.Position + 1);

    private void ReadBlockSequence(string? anchor, TextMark start)
    {
        var column = cursor.Column;
        Enter();
        StartNode(anchor, blockCollection: true);
        sink.SequenceStart(anchor, SequenceStyle.Block, start, cursor.Mark());
        while (true)
        {
            ReadSequenceEntry(column);
            if (cursor.AtEnd || cursor.AtAnyDocumentMarker || cursor.Column < column)
            {
                break;
            }

            if (cursor.Column > column || !AtBlockEntry())
            {
                throw new Declined("content beside a block sequence's entries");
            }
        }

        EndCollection();
        sink.SequenceEnd(EndMark(column));
    }

    /// <summary>A sequence as a mapping value with its '-' at the key's column: YamlDotNet marks its start as the first '-' token.</summary>
    private void ReadIndentlessSequence(int column)
    {
        var dash = cursor.Mark();
        Enter();
        StartNode(null, blockCollection: true);
        sink.SequenceStart(null, SequenceStyle.Block, dash, new TextMark(dash.Index + 1, dash.Line, dash.Column + 1));
        while (true)
        {
            ReadSequenceEntry(column);
            if (cursor.AtEnd || cursor.AtAnyDocumentMarker || cursor.Column < column || (cursor.Column == column && !AtBlockEntry()))
            {
                break;
            }

            if (cursor.Column > column)
            {
                throw new Declined("content beside a block sequence's entries");
            }
        }

        EndCollection();
        sink.SequenceEnd(EndMark(column));
    }

    /// <summary>One '-' entry; an entry with nothing after its '-' is an empty scalar there.</summary>
    private void ReadSequenceEntry(int column)
    {
        cursor.Advance(1);
        var afterDash = cursor.Mark();
        var line = cursor.Line;
        cursor.SkipToNextToken();
        if (cursor.AtEnd || cursor.AtAnyDocumentMarker || (cursor.Line != line && cursor.Column <= column))
        {
            AddEmptyScalar(afterDash);
            return;
        }

        ReadNode(column, blockAllowed: true);
    }

    /// <summary>
    /// A block collection at <paramref name="column"/> ends where the next token starts. At the end of the text YamlDotNet
    /// first closes the collections indented past the last line's column where that line ends, then the rest at the
    /// end of the stream (after the line break it supposes).
    /// </summary>
    private TextMark EndMark(int column) => cursor.AtEnd && column <= cursor.Column ? cursor.EndOfStreamMark() : cursor.Mark();

    private void ReadFlowCollection(string? anchor, TextMark start, int indent)
    {
        var isSequence = cursor.Current == '[';
        var close = isSequence ? ']' : '}';
        Enter();
        StartNode(anchor, blockCollection: false);
        if (isSequence)
        {
            sink.SequenceStart(anchor, SequenceStyle.Flow, start, cursor.Mark());
        }
        else
        {
            sink.MappingStart(anchor, MappingStyle.Flow, start, cursor.Mark());
        }

        cursor.Advance(1);
        SkipFlowSpace();
        while (cursor.Current != close)
        {
            if (isSequence)
            {
                ReadFlowItem(indent, isKey: false);
                SkipFlowSpace();
            }
            else
            {
                ReadFlowPair(indent, close);
            }

            if (cursor.Current == ',')
            {
                cursor.Advance(1);
                SkipFlowSpace();
            }
            else if (cursor.Current != close)
            {
                throw new Declined($"'{cursor.Current}' in a flow collection");
            }
        }

        EndCollection();
        if (isSequence)
        {
            sink.SequenceEnd(cursor.Mark());
        }
        else
        {
            sink.MappingEnd(cursor.Mark());
        }

        cursor.Advance(1);
    }

    /// <summary>
    /// A flow mapping's entry: a key alone (<c>{L4, A10}</c>) or a key, ': ' and a value, which may be missing too
    /// (<c>{a: }</c>). A missing value is an empty scalar where the next token starts.
    /// </summary>
    private void ReadFlowPair(int indent, char close)
    {
        ReadFlowItem(indent, isKey: true);
        var keyLine = cursor.Line;
        SkipFlowSpace();
        if (cursor.Current == ',' || cursor.Current == close)
        {
            AddEmptyScalar(cursor.Mark());
            return;
        }

        // A key's ':' is on its line (YamlDotNet's simple keys), and a blank follows it.
        if (cursor.Current != ':' || !cursor.IsBlankOrEnd(cursor.Position + 1) || cursor.Line != keyLine)
        {
            throw new Declined("a flow mapping entry without ': ' on its key's line");
        }

        cursor.Advance(1);
        SkipFlowSpace();
        if (cursor.Current == ',' || cursor.Current == close)
        {
            AddEmptyScalar(cursor.Mark());
            return;
        }

        ReadFlowItem(indent, isKey: false);
        SkipFlowSpace();
    }

    /// <summary>A scalar (or, as a value, a nested flow collection) inside a flow collection.</summary>
    private void ReadFlowItem(int indent, bool isKey)
    {
        var c = cursor.Current;
        if (c is '[' or '{' && !isKey)
        {
            ReadFlowCollection(null, cursor.Mark(), indent);
            return;
        }

        ScalarToken scalar;
        if (c is '"' or '\'')
        {
            scalar = ScalarReader.ReadQuoted(cursor, indent);
        }
        else if (StartsPlain(c, cursor.IsBlankOrEnd(cursor.Position + 1)) && !(c == '-' && ScalarReader.IsFlowIndicator(cursor.At(cursor.Position + 1))))
        {
            // ("-," is refused by YamlDotNet's scanner.)
            if (cursor.Column <= indent)
            {
                // YamlDotNet's scanner fails its own way on a plain scalar there.
                throw new Declined("a plain scalar in a flow collection at its parent's indentation");
            }

            scalar = ScalarReader.ReadPlain(cursor, indent, inFlow: true);
        }
        else
        {
            throw new Declined($"a flow entry starting with '{c}'");
        }

        if (scalar.MultiLine)
        {
            throw new Declined("a multi-line scalar in a flow collection");
        }

        AddScalar(null, scalar.Start, scalar, isKey);
    }

    /// <summary>White space, comments and line breaks inside a flow collection; its lines stay indented past the block around it.</summary>
    private void SkipFlowSpace()
    {
        var line = cursor.Line;
        cursor.SkipToNextToken();
        if (cursor.AtEnd || (cursor.Line != line && cursor.AtAnyDocumentMarker))
        {
            throw new Declined("a flow collection that is not closed");
        }
    }

    private string ReadAnchorName()
    {
        cursor.Advance(1);
        var text = cursor.Text;
        var from = cursor.Position;
        var i = from;
        while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '-' or '_') && text[i] < '\x80')
        {
            i++;
        }

        if (i == from || !cursor.IsBlankOrEnd(i))
        {
            throw new Declined("an anchor or alias name outside [A-Za-z0-9_-]");
        }

        cursor.MoveTo(i);
        return text.Substring(from, i - from);
    }

    private void ReadAlias()
    {
        var start = cursor.Mark();
        var name = ReadAnchorName();
        if (++aliases > maxAliases)
        {
            throw new Declined("more aliases than the limit");
        }

        StartNode(null, blockCollection: false);
        sink.Alias(name, start, cursor.Mark());
    }

    private void AddScalar(string? anchor, TextMark start, ScalarToken scalar, bool isKey)
    {
        StartNode(anchor, blockCollection: false);
        sink.Scalar(anchor, scalar.Value, scalar.Style, start, scalar.End, isKey);
    }

    private void AddEmptyScalar(TextMark at)
    {
        StartNode(null, blockCollection: false);
        sink.Scalar(null, "", ScalarStyle.Plain, at, at, false);
    }

    private void Enter()
    {
        if (++depth > maxDepth)
        {
            throw new Declined("nesting deeper than the limit");
        }
    }

    /// <summary>
    /// Counts a node's event and notes whether a document's root is an unanchored block collection: its first token has
    /// no width, so an implicit document starts and ends there.
    /// </summary>
    private void StartNode(string? anchor, bool blockCollection)
    {
        Count();
        if (awaitingRoot)
        {
            awaitingRoot = false;
            rootIsPlainBlockCollection = blockCollection && anchor is null;
        }
    }

    private void EndCollection()
    {
        depth--;
        Count();
    }

    private void Count()
    {
        if (events >= maxEvents)
        {
            throw new Declined("more events than the limit");
        }

        events++;
    }
}
