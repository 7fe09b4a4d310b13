using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace VramLint.Yaml.Parsing;

/// <summary>
/// YamlDotNet's <see cref="IParser"/> over the events <see cref="YamlEventReader"/> read from the whole text first, so a
/// text it declines is declined before any event is handed out and YamlDotNet's parser can read it from the start.
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
        try
        {
            declined = null;
            return new FastYamlParser(YamlEventReader.Read(text, maxDepth, maxEvents, maxAliases));
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
}
