using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using VramLint.Benchmarks;

// The in-process benchmarks of VramLint (BenchmarkDotNet). Run in Release, from the repository root:
//   dotnet run -c Release --project tests/VramLint.Benchmarks -- --filter '*'          full BenchmarkDotNet runs (any of its options)
//   dotnet run -c Release --project tests/VramLint.Benchmarks -- --check               short runs against baseline.json; exit 1 on a regression
//   dotnet run -c Release --project tests/VramLint.Benchmarks -- --update-baseline     short runs written to baseline.json
//   dotnet run -c Release --project tests/VramLint.Benchmarks -- --linearity           time per deployment, 1 to 1,000 in one file (C# and YAML)
//   dotnet run -c Release --project tests/VramLint.Benchmarks -- --sweep [yaml|csharp] [SIZES]   CPU, bytes and collections per deployment by file size (SizeSweep)
//   dotnet run -c Release --project tests/VramLint.Benchmarks -- --profile-analyzer [N] [DIR]   the analyzer cold and warm, JIT and allocations (AnalyzerProfile)
// Timing goals live here and in bench/, never in unit tests.
var types = new[]
{
    typeof(DeploymentCheck), typeof(ModelLookup), typeof(YamlFile), typeof(YamlManyDeployments),
    typeof(AnalyzerOneFile), typeof(AnalyzerManyFiles), typeof(GlobalConfigReader),
};

if (args.Length > 0 && args[0] is "--sweep")
{
    return SizeSweep.Run(args);
}

if (args.Length > 0 && args[0] is "--profile-analyzer")
{
    return AnalyzerProfile.Run(args);
}

if (args.Length > 0 && args[0] is "--check" or "--update-baseline" or "--linearity")
{
    return ShortRun.Run(args, types);
}

BenchmarkSwitcher.FromTypes(types).Run(args, DefaultConfig.Instance.WithArtifactsPath(Path.Combine(Path.GetTempPath(), "vramlint-benchmarks")));
return 0;
