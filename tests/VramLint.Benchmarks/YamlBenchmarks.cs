using BenchmarkDotNet.Attributes;
using VramLint.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace VramLint.Benchmarks;

/// <summary>
/// One deployment file per shape: YamlDotNet's parse alone (the floor every YAML reader pays) and VramLint's lint
/// (parse, recognize, check, fixes). The ratio of the two is VramLint's cost over reading the YAML.
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
