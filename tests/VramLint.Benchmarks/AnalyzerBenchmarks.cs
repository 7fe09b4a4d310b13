using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace VramLint.Benchmarks;

/// <summary>
/// The analyzer over one top-level program with N deployments (each in a local, as AppHosts are written), run through
/// CompilationWithAnalyzers as the compiler runs it. <see cref="CompilerOnly"/> is the compiler's own binding of the
/// same compilation (its diagnostics, no analyzer): the analyzer's run includes that binding, so the difference is the
/// analyzer's own cost. Per deployment, the times give the linearity report.
/// </summary>
[MemoryDiagnoser]
public class AnalyzerOneFile
{
    private CSharpCompilation compilation = null!;

    [Params(1, 10, 100, 1000)]
    public int Deployments { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        compilation = Inputs.Compilation(new[] { ("Program.cs", Inputs.TopLevelProgram(Deployments)) }, OutputKind.ConsoleApplication);
        Inputs.ExpectFindings(Inputs.Analyze(compilation), Inputs.Oversized(Deployments), $"{Deployments} deployments in one file");
    }

    [Benchmark]
    public int Analyzer() => Inputs.Analyze(compilation).Length;

    [Benchmark(Baseline = true)]
    public int CompilerOnly() => compilation.Clone().GetDiagnostics().Length;
}

/// <summary>
/// A project of many files, one in a hundred with a deployment (ProcessStartInfo with an argument list), the rest
/// ordinary classes: what the text pre-check must make nearly free.
/// </summary>
[MemoryDiagnoser]
public class AnalyzerManyFiles
{
    private CSharpCompilation compilation = null!;

    [Params(200, 2000)]
    public int Files { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var deployments = Files / 100;
        compilation = Inputs.ManyFiles(Files);
        Inputs.ExpectFindings(Inputs.Analyze(compilation), Inputs.Oversized(deployments), $"{Files} files");
    }

    [Benchmark]
    public int Analyzer() => Inputs.Analyze(compilation).Length;

    [Benchmark(Baseline = true)]
    public int CompilerOnly() => compilation.Clone().GetDiagnostics().Length;
}
