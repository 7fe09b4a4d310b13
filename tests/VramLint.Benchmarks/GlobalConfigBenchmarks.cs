using BenchmarkDotNet.Attributes;
using VramLint.Core.Configuration;

namespace VramLint.Benchmarks;

/// <summary>
/// The .globalconfig reader the CLI and the MSBuild task share: parsing a file, and the whole path to options (parse,
/// combine, the keys for one file, typed options). A solution-wide .globalconfig of other analyzers' severities can
/// hold tens of thousands of keys; VramLint reads two of them.
/// </summary>
[MemoryDiagnoser]
public class GlobalConfigReader
{
    private string text = "";

    [Params(10, 50_000)]
    public int Keys { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        text = Inputs.GlobalConfigFile(Keys);
        if (Options().GpuCount != 1)
        {
            throw new InvalidOperationException("the generated .globalconfig did not give vramlint.gpu_count = 1");
        }
    }

    [Benchmark(Baseline = true)]
    public AnalyzerConfigFile Parse() => AnalyzerConfigFile.Parse(text, "/repo/.globalconfig");

    [Benchmark]
    public VramLintOptions Options()
    {
        var file = AnalyzerConfigFile.Parse(text, "/repo/.globalconfig");
        var values = AnalyzerConfigSet.Create(new[] { file }).For("/repo/deploy/vllm.yaml");
        return VramLintOptions.FromLookup(k => values.TryGetValue(k, out var v) ? v.Value : null);
    }
}
