using YamlDotNet.Core.Events;

namespace VramLint.Yaml.Parsing;

/// <summary>
/// What <see cref="YamlEventReader"/> reads, told as it reads it: YamlDotNet's parsing events, one call each, with no
/// object made per event. <see cref="YamlTreeBuilder"/> builds VramLint's tree from them; the tests turn them into
/// YamlDotNet's events to compare with its parser's.
/// </summary>
internal interface IYamlEventSink
{
    void StreamStart(TextMark at);

    void StreamEnd(TextMark at);

    void DocumentStart(bool isImplicit, TextMark start, TextMark end);

    void DocumentEnd(bool isImplicit, TextMark at);

    void MappingStart(string? anchor, MappingStyle style, TextMark start, TextMark end);

    void MappingEnd(TextMark at);

    void SequenceStart(string? anchor, SequenceStyle style, TextMark start, TextMark end);

    void SequenceEnd(TextMark at);

    void Scalar(string? anchor, string value, YamlDotNet.Core.ScalarStyle style, TextMark start, TextMark end, bool isKey);

    void Alias(string name, TextMark start, TextMark end);
}
