using BenchmarkDotNet.Attributes;
using VramLint.Yaml;
using VramLint.Yaml.Parsing;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace VramLint.Benchmarks;

/// <summary>
/// One deployment file per shape: YamlDotNet's parse alone (Parse, and Events: its parser without the node tree),
/// VramLint's fast event reader alone (FastEvents) and VramLint's parse with it (ParseFast: VramLint's own node tree,
/// built from the fast reader's events), and VramLint's lint (parse, recognize, check, fixes).
/// </summary>
[MemoryDiagnoser]
public class YamlFile
{
    private string text = "";

    [ParamsSource(nameof(AllShapes))]
    public string Shape { get; set; } = "";

    public static IEnumerable<string> AllShapes => Inputs.Shapes;

    [GlobalSetup]
    public void Setup()
    {
        text = Inputs.Yaml(Shape, 0);
        var result = YamlLinter.Lint(FileName, text, Inputs.Options);
        if (result.Deployments != 1 || !result.Findings.Any(f => f.Finding.Id == "VRAM001"))
        {
            throw new InvalidOperationException($"{Shape}: expected one oversized deployment, got {result.Deployments} ({string.Join(", ", result.Findings.Select(f => f.Finding.Id))})");
        }
    }

    private string FileName => Shape == "helm-values" ? "values.yaml" : Shape + ".yaml";

    [Benchmark(Baseline = true)]
    public YamlStream Parse()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream;
    }

    /// <summary>VramLint's parse: the fast reader's events (YamlDotNet's parser where it declines) into VramLint's node tree, with the bounds.</summary>
    [Benchmark]
    public int ParseFast() => YamlDocuments.Load(text, out _, out _)?.Count ?? 0;

    /// <summary>The fast reader alone: every event of the file told to a sink that only counts them, no node tree.</summary>
    [Benchmark]
    public int FastEvents()
    {
        var counter = new EventCounter();
        try
        {
            YamlEventReader.Read(text, YamlDocuments.MaxDepth, YamlDocuments.MaxEvents, YamlDocuments.MaxAliases, counter);
        }
        catch (Declined declined)
        {
            throw new InvalidOperationException($"{Shape}: the fast reader declined ({declined.Message})");
        }

        return counter.Events;
    }

    /// <summary>YamlDotNet's parser alone: the events <see cref="Parse"/> builds its node tree from.</summary>
    [Benchmark]
    public int Events()
    {
        var parser = new Parser(new StringReader(text));
        var count = 0;
        while (parser.MoveNext())
        {
            count++;
        }

        return count;
    }

    [Benchmark]
    public YamlLintResult Lint() => YamlLinter.Lint(FileName, text, Inputs.Options);
}

/// <summary>Counts the events the fast reader tells, and keeps nothing.</summary>
internal sealed class EventCounter : IYamlEventSink
{
    public int Events { get; private set; }

    public void StreamStart(TextMark at) => Events++;

    public void StreamEnd(TextMark at) => Events++;

    public void DocumentStart(bool isImplicit, TextMark start, TextMark end) => Events++;

    public void DocumentEnd(bool isImplicit, TextMark at) => Events++;

    public void MappingStart(string? anchor, YamlDotNet.Core.Events.MappingStyle style, TextMark start, TextMark end) => Events++;

    public void MappingEnd(TextMark at) => Events++;

    public void SequenceStart(string? anchor, YamlDotNet.Core.Events.SequenceStyle style, TextMark start, TextMark end) => Events++;

    public void SequenceEnd(TextMark at) => Events++;

    public void Scalar(string? anchor, string value, ScalarStyle style, TextMark start, TextMark end, bool isKey) => Events++;

    public void Alias(string name, TextMark start, TextMark end) => Events++;
}
