using VramLint.Yaml.Parsing;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using TagDirective = YamlDotNet.Core.Tokens.TagDirective;

namespace VramLint.Yaml.Tests.Parsing;

/// <summary>
/// YamlDotNet's <see cref="IParser"/> over the events <see cref="YamlEventReader"/> tells, made into YamlDotNet's event
/// objects, so the tests can compare them with YamlDotNet's own parser's event by event. The whole text is read first,
/// so a text the reader declines gives no parser at all.
/// </summary>
internal sealed class FastYamlParser : IParser
{
    private readonly List<ParsingEvent> events;
    private int next;

    private FastYamlParser(List<ParsingEvent> events) => this.events = events;

    public ParsingEvent? Current { get; private set; }

    /// <summary>The parser over <paramref name="text"/>'s events, or null (and why) when YamlDotNet must read it.</summary>
    public static FastYamlParser? TryCreate(string text, int maxDepth, int maxEvents, int maxAliases, out string? declined)
    {
        var sink = new EventList();
        try
        {
            YamlEventReader.Read(text, maxDepth, maxEvents, maxAliases, sink);
            declined = null;
            return new FastYamlParser(sink.Events);
        }
        catch (Declined reason)
        {
            declined = reason.Message;
            return null;
        }
    }

    public bool MoveNext()
    {
        if (next >= events.Count)
        {
            Current = null;
            return false;
        }

        Current = events[next++];
        return true;
    }

    /// <summary>The events as YamlDotNet's parser makes them, with the default tag directives it gives every document.</summary>
    private sealed class EventList : IYamlEventSink
    {
        private static readonly TagDirectiveCollection DefaultDirectives = new(new[] { new TagDirective("!", "!"), new TagDirective("!!", "tag:yaml.org,2002:") });

        public List<ParsingEvent> Events { get; } = new();

        public void StreamStart(TextMark at) => Events.Add(new StreamStart(Mark(at), Mark(at)));

        public void StreamEnd(TextMark at) => Events.Add(new StreamEnd(Mark(at), Mark(at)));

        public void DocumentStart(bool isImplicit, TextMark start, TextMark end) => Events.Add(new DocumentStart(null, DefaultDirectives, isImplicit, Mark(start), Mark(end)));

        public void DocumentEnd(bool isImplicit, TextMark at) => Events.Add(new DocumentEnd(isImplicit, Mark(at), Mark(at)));

        public void MappingStart(string? anchor, MappingStyle style, TextMark start, TextMark end) =>
            Events.Add(new MappingStart(Anchor(anchor), TagName.Empty, true, style, Mark(start), Mark(end)));

        public void MappingEnd(TextMark at) => Events.Add(new MappingEnd(Mark(at), Mark(at)));

        public void SequenceStart(string? anchor, SequenceStyle style, TextMark start, TextMark end) =>
            Events.Add(new SequenceStart(Anchor(anchor), TagName.Empty, true, style, Mark(start), Mark(end)));

        public void SequenceEnd(TextMark at) => Events.Add(new SequenceEnd(Mark(at), Mark(at)));

        public void Scalar(string? anchor, string value, ScalarStyle style, TextMark start, TextMark end, bool isKey)
        {
            var plain = style == ScalarStyle.Plain;
            Events.Add(new Scalar(Anchor(anchor), TagName.Empty, value, style, plain, !plain, Mark(start), Mark(end), isKey));
        }

        public void Alias(string name, TextMark start, TextMark end) => Events.Add(new AnchorAlias(new AnchorName(name), Mark(start), Mark(end)));

        private static AnchorName Anchor(string? name) => name is null ? AnchorName.Empty : new AnchorName(name);

        private static Mark Mark(TextMark at) => new(at.Index, at.Line, at.Column);
    }
}
