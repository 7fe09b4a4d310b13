using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace VramLint.Benchmarks;

/// <summary>
/// The short, in-process run behind --check, --update-baseline and --linearity: one warm-up and five iterations of
/// 25 ms per case, no separate process per benchmark (so the whole check stays under a minute on two cores).
/// --check compares each case's fastest iteration and its allocations with baseline.json and exits 1 on a regression.
/// </summary>
internal static class ShortRun
{
    /// <summary>Cases of a second or more each, left out of --check so that it stays under a minute; --linearity and the full run measure them.</summary>
    private static bool Heavy(BenchmarkCase c) => c.Parameters.Items.Any(p => (p.Name == "Files" && (int)p.Value == 2000) || (p.Name == "Deployments" && (int)p.Value == 1000));

    public static int Run(string[] args, Type[] types)
    {
        var mode = args[0];
        var baselinePath = Option(args, "--baseline") ?? FindBaseline();
        var timeTolerance = double.Parse(Option(args, "--time-tolerance") ?? "1.0", CultureInfo.InvariantCulture);
        var allocTolerance = double.Parse(Option(args, "--alloc-tolerance") ?? "0.10", CultureInfo.InvariantCulture);
        if (mode == "--linearity")
        {
            types = new[] { typeof(AnalyzerOneFile), typeof(YamlManyDeployments) };
        }

        var job = Job.Default.WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5)
            .WithIterationTime(TimeInterval.FromMilliseconds(25)).WithEvaluateOverhead(false).WithId("short");
        var cpu = !args.Contains("--wall") && CpuClock.Instance.IsAvailable;
        if (cpu)
        {
            job = job.WithClock(CpuClock.Instance);
        }

        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddLogger(args.Contains("--verbose") ? ConsoleLogger.Default : NullLogger.Instance)
            .AddFilter(new SimpleFilter(c => mode == "--linearity" ? !c.Parameters.Items.Any(p => p.Name == "Files") : !Heavy(c)))
            .WithOptions(ConfigOptions.DisableLogFile | ConfigOptions.JoinSummary)
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "vramlint-benchmarks"));

        var started = DateTime.UtcNow;
        var startedCpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var summaries = BenchmarkRunner.Run(types, config);
        var results = summaries.SelectMany(s => s.Reports).ToDictionary(Name, r => r);
        var usedCpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - startedCpu;
        Console.WriteLine($"{results.Count} cases in {(DateTime.UtcNow - started).TotalSeconds:0} s wall, {usedCpu.TotalSeconds:0} s CPU ({Clock(cpu)}; {JobText})");
        Linearity(results);

        if (mode == "--update-baseline")
        {
            File.WriteAllText(baselinePath, Baseline(results, cpu).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
            Console.WriteLine($"baseline written: {baselinePath}");
            return results.Values.All(r => r.Success) ? 0 : 1;
        }

        return mode == "--check" ? Compare(results, baselinePath, timeTolerance, allocTolerance, cpu) : 0;
    }

    private static int Compare(Dictionary<string, BenchmarkReport> results, string baselinePath, double timeTolerance, double allocTolerance, bool cpu)
    {
        var baseline = JsonNode.Parse(File.ReadAllText(baselinePath))!;
        if (baseline["clock"]?.GetValue<string>() != Clock(cpu))
        {
            Console.WriteLine($"the baseline's {baseline["clock"]}, this run's {Clock(cpu)}: the times are not comparable (run with the baseline's clock)");
            return 1;
        }

        var recorded = baseline["benchmarks"]!.AsObject();
        Console.WriteLine($"baseline: {baselinePath} ({baseline["machine"]}); a regression is a fastest iteration over {1 + timeTolerance:0.##}x the baseline's or allocations over {1 + allocTolerance:0.##}x (+1 KB)");
        Console.WriteLine($"{"case",-62} {"median",12} {"base",12} {"min / base",10} {"alloc",12} {"base",12}");
        var regressions = 0;
        foreach (var (name, report) in results.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            if (!report.Success || report.ResultStatistics is null)
            {
                Console.WriteLine($"{name,-62} FAILED (run with --verbose to see why)");
                regressions++;
                continue;
            }

            var median = report.ResultStatistics.Median;
            var least = report.ResultStatistics.Min;
            var allocated = Allocated(report);
            if (recorded[name] is not { } old)
            {
                Console.WriteLine($"{name,-62} {Time(median),12} {"new",12} {"",10} {Bytes(allocated),12}");
                continue;
            }

            var oldMedian = old["medianNs"]!.GetValue<double>();
            var oldLeast = old["minNs"]!.GetValue<double>();
            var oldAllocated = old["allocatedBytes"]!.GetValue<long>();
            // The least-disturbed iteration: on a shared machine other processes only ever add time.
            var slow = least > oldLeast * (1 + timeTolerance);
            var fat = allocated > oldAllocated * (1 + allocTolerance) + 1024;
            regressions += slow || fat ? 1 : 0;
            var verdict = slow && fat ? "  SLOWER, MORE ALLOCATED" : slow ? "  SLOWER" : fat ? "  MORE ALLOCATED" : "";
            Console.WriteLine($"{name,-62} {Time(median),12} {Time(oldMedian),12} {least / oldLeast,10:0.00} {Bytes(allocated),12} {Bytes(oldAllocated),12}{verdict}");
        }

        Console.WriteLine(regressions == 0 ? "benchmarks: no regression" : $"benchmarks: {regressions} regression(s)");
        return regressions == 0 ? 0 : 1;
    }

    /// <summary>Time per deployment from 1 to 1,000 deployments in one file, and the marginal time of each step up.</summary>
    private static void Linearity(Dictionary<string, BenchmarkReport> results)
    {
        foreach (var (title, prefix) in new[] { ("C# analyzer (one top-level file)", "AnalyzerOneFile.Analyzer(Deployments="), ("C# compiler alone (same file)", "AnalyzerOneFile.CompilerOnly(Deployments="), ("YAML lint (one Kubernetes file)", "YamlManyDeployments.Lint(Deployments=") })
        {
            var points = results.Where(r => r.Key.StartsWith(prefix, StringComparison.Ordinal) && r.Value.ResultStatistics is not null)
                .Select(r => (N: int.Parse(r.Key[prefix.Length..^1], CultureInfo.InvariantCulture), T: r.Value.ResultStatistics!.Median, A: Allocated(r.Value)))
                .OrderBy(p => p.N).ToList();
            if (points.Count == 0)
            {
                continue;
            }

            Console.WriteLine($"linearity, {title}:");
            for (var i = 0; i < points.Count; i++)
            {
                var (n, t, a) = points[i];
                // Allocations are the same from run to run whatever the load: a term that grows with the file shows in them first.
                var marginal = i == 0 ? "" : $", each added one {Time((t - points[i - 1].T) / (n - points[i - 1].N))} and {Bytes((a - points[i - 1].A) / (n - points[i - 1].N))}";
                Console.WriteLine($"  {n,5} deployments: {Time(t),10} in all, {Time(t / n)} and {Bytes(a / n)} allocated per deployment{marginal}");
            }
        }
    }

    private const string JobText = "in-process, 1 warm-up, 5 iterations of 25 ms, tiered JIT off; medians";

    private static string Clock(bool cpu) => cpu ? "times are process CPU time" : "times are wall time";

    private static JsonObject Baseline(Dictionary<string, BenchmarkReport> results, bool cpu)
    {
        var benchmarks = new JsonObject();
        foreach (var (name, report) in results.Where(r => r.Value.Success && r.Value.ResultStatistics is not null).OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            benchmarks[name] = new JsonObject
            {
                ["medianNs"] = Math.Round(report.ResultStatistics!.Median, 1),
                ["minNs"] = Math.Round(report.ResultStatistics.Min, 1),
                ["allocatedBytes"] = Allocated(report),
            };
        }

        return new JsonObject
        {
            ["machine"] = Machine(),
            ["recorded"] = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture),
            ["clock"] = Clock(cpu),
            ["job"] = JobText,
            ["benchmarks"] = benchmarks,
        };
    }

    private static string Name(BenchmarkReport report)
    {
        var c = report.BenchmarkCase;
        var parameters = string.Join(",", c.Parameters.Items.Select(p => $"{p.Name}={Convert.ToString(p.Value, CultureInfo.InvariantCulture)}"));
        return $"{c.Descriptor.Type.Name}.{c.Descriptor.WorkloadMethod.Name}({parameters})";
    }

    private static long Allocated(BenchmarkReport report) => report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;

    private static string Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return $"{Environment.ProcessorCount} cores, {cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}";
    }

    private static string Time(double ns) => ns switch
    {
        < 1_000 => $"{ns:0.0} ns",
        < 1_000_000 => $"{ns / 1_000:0.00} us",
        < 1_000_000_000 => $"{ns / 1_000_000:0.00} ms",
        _ => $"{ns / 1_000_000_000:0.00} s",
    };

    private static string Bytes(long bytes) => bytes switch
    {
        < 10_000 => $"{bytes} B",
        < 10_000_000 => $"{bytes / 1024.0:0.0} KB",
        _ => $"{bytes / (1024.0 * 1024):0.0} MB",
    };

    private static string? Option(string[] args, string name) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

    /// <summary>tests/VramLint.Benchmarks/baseline.json from the current folder or a folder above it.</summary>
    private static string FindBaseline()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "VramLint.Benchmarks", "baseline.json");
            if (Directory.Exists(Path.GetDirectoryName(candidate)))
            {
                return candidate;
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "baseline.json");
    }
}
