using System.Diagnostics;
using System.Globalization;
using VramLint.Yaml;

namespace VramLint.Benchmarks;

/// <summary>
/// The linearity question without BenchmarkDotNet: one file of N deployments (C# and YAML) at each size, run until at
/// least a second of CPU time has passed, printing per deployment the CPU time, the bytes allocated (the same from run
/// to run whatever the load) and the garbage collections of each generation. A term that grows with the file shows as
/// bytes per deployment that grow; time per deployment that grows while bytes stay flat is the collector's cost of a
/// larger live heap (gen-1/gen-2 collections per deployment), not an algorithm. With DOTNET_gcConcurrent=0 every
/// collection is a pause, so "CPU less pauses" is the time spent outside the collector.
///   dotnet run -c Release --project tests/VramLint.Benchmarks -- --sweep [yaml|csharp] [SIZES...] [--seconds S]
/// </summary>
internal static class SizeSweep
{
    /// <summary>The CPU time each size runs for at least (--seconds S): longer for a profiler's samples.</summary>
    private static double seconds = 1;

    public static int Run(string[] args)
    {
        var which = args.Length > 1 && !char.IsDigit(args[1][0]) && !args[1].StartsWith("--", StringComparison.Ordinal) ? args[1] : "both";
        if (Array.IndexOf(args, "--seconds") is var s and > 0 && s + 1 < args.Length)
        {
            seconds = double.Parse(args[s + 1], CultureInfo.InvariantCulture);
        }

        var sizes = args.Skip(1).Where((a, i) => char.IsDigit(a[0]) && args[i] != "--seconds").Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
        if (sizes.Length == 0)
        {
            sizes = new[] { 1, 10, 100, 300, 1000, 3000 };
        }

        Console.WriteLine($"{"what",-8} {"N",6} {"runs",5} {"CPU / deployment",17} {"GC pauses",14} {"CPU less pauses",17} {"bytes / deployment",19} {"gen0 / 1000",12} {"gen1 / 1000",12} {"gen2 / 1000",12}");
        if (which is "both" or "yaml")
        {
            foreach (var n in sizes)
            {
                var text = Inputs.KubernetesFile(n);
                Measure("yaml", n, () => YamlLinter.Lint("deployments.yaml", text, Inputs.Options).Deployments);
            }
        }

        if (which is "both" or "csharp")
        {
            foreach (var n in sizes)
            {
                var compilation = Inputs.Compilation(new[] { ("Program.cs", Inputs.TopLevelProgram(n)) }, Microsoft.CodeAnalysis.OutputKind.ConsoleApplication);
                Measure("csharp", n, () => Inputs.Analyze(compilation).Length);
                Measure("compiler", n, () => compilation.Clone().GetDiagnostics().Length);
            }
        }

        return 0;
    }

    private static void Measure(string what, int n, Func<int> run)
    {
        run();
        run();
        GC.Collect();
        var gen0 = GC.CollectionCount(0);
        var gen1 = GC.CollectionCount(1);
        var gen2 = GC.CollectionCount(2);
        var bytes = GC.GetTotalAllocatedBytes(precise: true);
        var paused = GC.GetTotalPauseDuration();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var runs = 0;
        do
        {
            run();
            runs++;
        }
        while ((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds < seconds || runs < 3);

        var last = GC.GetGCMemoryInfo(GCKind.Ephemeral);
        var used = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds * 1000;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - bytes;
        var gc = (GC.GetTotalPauseDuration() - paused).TotalMilliseconds * 1000;
        double per = (double)runs * n;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what,-8} {n,6} {runs,5} {used / per,14:0.0} us {gc / per,11:0.0} us {(used - gc) / per,14:0.0} us {allocated / per,17:0} B {(GC.CollectionCount(0) - gen0) * 1000 / per,12:0.00} {(GC.CollectionCount(1) - gen1) * 1000 / per,12:0.00} {(GC.CollectionCount(2) - gen2) * 1000 / per,12:0.00}   last ephemeral GC: gen{last.Generation}, promoted {last.PromotedBytes / 1e6:0.0} MB, heap {last.HeapSizeBytes / 1e6:0.0} MB, pause {last.PauseDurations[0].TotalMilliseconds:0.0} ms"));
    }
}
