using System.Globalization;
using VramLint.Yaml.Parsing;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace VramLint.Yaml.Tests.Parsing;

/// <summary>
/// Both parsers' events as comparable lines: type, start and end (index/line/column), and for nodes the anchor, tag,
/// style, implicit flags, value and key flag. YamlDotNet's trace ends with its error message when it fails.
/// </summary>
internal static class EventTrace
{
    /// <summary>The fast reader's events, or null with the reason it declined.</summary>
    public static List<string>? Fast(string text, out string? declined)
    {
        var parser = FastYamlParser.TryCreate(text, YamlDocuments.MaxDepth, YamlDocuments.MaxEvents, YamlDocuments.MaxAliases, out declined);
        return parser is null ? null : Drain(parser);
    }

    /// <summary>YamlDotNet's events; the last line is "error: ..." when its parser throws.</summary>
    public static List<string> YamlDotNet(string text, out bool failed)
    {
        var lines = new List<string>();
        var parser = new Parser(new StringReader(text));
        failed = false;
        try
        {
            while (parser.MoveNext())
            {
                lines.Add(Describe(parser.Current!));
            }
        }
        catch (YamlException e)
        {
            failed = true;
            lines.Add("error: " + e.Message);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner fails this way on some malformed input (see YamlDocuments.Load).
            failed = true;
            lines.Add("error: " + e.Message);
        }

        return lines;
    }

    private static List<string> Drain(IParser parser)
    {
        var lines = new List<string>();
        while (parser.MoveNext())
        {
            lines.Add(Describe(parser.Current!));
        }

        return lines;
    }

    public static string Describe(ParsingEvent e)
    {
        var marks = $"{e.GetType().Name} {Mark(e.Start)}-{Mark(e.End)}";
        return e switch
        {
            Scalar s => $"{marks} {Node(s)} {s.Style} plain={s.IsPlainImplicit} quoted={s.IsQuotedImplicit} key={s.IsKey} '{Escape(s.Value)}'",
            MappingStart m => $"{marks} {Node(m)} {m.Style} implicit={m.IsImplicit}",
            SequenceStart q => $"{marks} {Node(q)} {q.Style} implicit={q.IsImplicit}",
            DocumentStart d => $"{marks} implicit={d.IsImplicit}",
            DocumentEnd d => $"{marks} implicit={d.IsImplicit}",
            AnchorAlias a => $"{marks} *{a.Value}",
            _ => marks,
        };
    }

    private static string Node(NodeEvent n) => $"&{(n.Anchor.IsEmpty ? "" : n.Anchor.Value)} !{(n.Tag.IsEmpty ? "" : n.Tag.Value)}";

    private static string Mark(Mark m) => string.Create(CultureInfo.InvariantCulture, $"{m.Index}/{m.Line}/{m.Column}");

    private static string Escape(string value) => value.Replace("\\", "\\\\").Replace("\r", "\\r").Replace("\n", "\\n");

    /// <summary>
    /// Null when the fast reader gives YamlDotNet's exact events or declines (the reason is returned through
    /// <paramref name="declined"/>); otherwise the first difference, for an assertion message.
    /// </summary>
    public static string? Difference(string text, out string? declined)
    {
        var fast = Fast(text, out declined);
        var reference = YamlDotNet(text, out var failed);
        if (fast is null)
        {
            return null;
        }

        if (failed)
        {
            return $"YamlDotNet fails ({reference[^1]}) where the fast reader gave {fast.Count} events";
        }

        for (var i = 0; i < Math.Min(fast.Count, reference.Count); i++)
        {
            if (fast[i] != reference[i])
            {
                return $"event {i}:\n  YamlDotNet: {reference[i]}\n  fast:       {fast[i]}";
            }
        }

        return fast.Count == reference.Count ? null : $"{fast.Count} events, YamlDotNet {reference.Count}";
    }
}
