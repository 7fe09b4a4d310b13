using BenchmarkDotNet.Attributes;
using VramLint.Yaml;

namespace VramLint.Benchmarks;

/// <summary>N Kubernetes Deployments in one file: with <see cref="AnalyzerOneFile"/>, the linearity report (time per deployment).</summary>
[MemoryDiagnoser]
public class YamlManyDeployments
{
    private string text = "";

    [Params(1, 10, 100, 1000)]
    public int Deployments { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        text = Inputs.KubernetesFile(Deployments);
        var result = YamlLinter.Lint("deployments.yaml", text, Inputs.Options);
        if (result.Deployments != Deployments)
        {
            throw new InvalidOperationException($"expected {Deployments} deployments sized, got {result.Deployments}");
        }
    }

    [Benchmark]
    public YamlLintResult Lint() => YamlLinter.Lint("deployments.yaml", text, Inputs.Options);
}
