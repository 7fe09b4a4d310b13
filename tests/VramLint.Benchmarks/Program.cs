using System.Collections.Immutable;
using System.Diagnostics;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using VramLint.Analyzers;
using VramLint.Core;
using VramLint.Core.Arguments;
using VramLint.Core.Configuration;
using VramLint.Core.Models;
using VramLint.Yaml;

// Timing goals for what runs inside the compiler, MSBuild and CI. Run in Release; --check exits 1 when a goal is missed.
var check = args.Contains("--check");
var failures = 0;

// The embedded model catalog: the first touch (parse and index, JIT included) happens once per process, lazily.
// On a shared machine wall time includes waiting for a core: the catalog lines also print this thread's CPU time.
var cold = Stopwatch.StartNew();
var coldCpu = ThreadCpu.Milliseconds();
var catalogSize = ModelCatalog.All.Count;
Report($"index the model catalog ({catalogSize} entries), first touch", cold.Elapsed.TotalMilliseconds, 20, ThreadCpu.Milliseconds() - coldCpu);
var load = typeof(ModelCatalog).GetMethod("Load", BindingFlags.NonPublic | BindingFlags.Static)!;
Measure("re-index the model catalog (warm)", 20, 20, () => load.Invoke(null, null));
string[] lookups = ["meta-llama/Llama-3.1-8B-Instruct", "TheBloke/Llama-2-13B-chat-AWQ", "/models/Qwen/Qwen2.5-7B-Instruct/", "hf://mistralai/Mistral-7B-Instruct-v0.2", "acme/not-a-model"];
Measure($"look up a model ({lookups.Length} forms, per lookup)", 20000, 0.05, () => ModelCatalog.TryGet(lookups[Environment.TickCount & 3], out _));
var options = VramLintOptions.FromLookup(k => k switch { "vramlint.gpu" => "L4", "vramlint.gpu_count" => "4", _ => null });

Measure("check one deployment (vllm estimator, with fix search)", 200, 2.0, () =>
{
    var parsed = VllmArgumentReader.Read(ShellWords.Split("vllm serve meta-llama/Llama-3.1-8B-Instruct --max-model-len 131072 --max-num-seqs 64"));
    DeploymentChecker.Check(new DeploymentInput(parsed), options);
});

var yaml = new StringBuilder();
for (var i = 0; i < 200; i++)
{
    yaml.Append($"---\napiVersion: v1\nkind: Pod\nmetadata: {{name: p{i}}}\nspec:\n  containers:\n    - name: vllm\n      image: vllm/vllm-openai\n      args: [meta-llama/Llama-3.1-8B-Instruct, --max-model-len, \"{4096 + i}\"]\n");
}

var text = yaml.ToString();
Measure("lint a 200-deployment Kubernetes file", 5, 400, () => YamlLinter.Lint("big.yaml", text, options));

// The analyzer on a compilation where most files have no vLLM marker: the pre-check must make those nearly free.
var trees = Enumerable.Range(0, 300).Select(i => CSharpSyntaxTree.ParseText($"class C{i} {{ int M(int x) => x * {i}; string S() => \"plain text {i}\"; }}", path: $"F{i}.cs")).ToList();
trees.Add(CSharpSyntaxTree.ParseText("class Launcher { void M() { System.Diagnostics.Process.Start(\"vllm\", \"serve meta-llama/Llama-3.1-8B-Instruct --max-model-len 8192\"); } }", path: "Launcher.cs"));
var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).Select(p => MetadataReference.CreateFromFile(p));
var compilation = CSharpCompilation.Create("Bench", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
Measure("analyze 301 files (1 deployment)", 5, 1500, () =>
    compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new VllmDeploymentAnalyzer())).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult());

return check && failures > 0 ? 1 : 0;

void Measure(string name, int iterations, double goalMs, Action action)
{
    action();
    var watch = Stopwatch.StartNew();
    var cpu = ThreadCpu.Milliseconds();
    for (var i = 0; i < iterations; i++)
    {
        action();
    }

    Report(name, watch.Elapsed.TotalMilliseconds / iterations, goalMs, (ThreadCpu.Milliseconds() - cpu) / iterations);
}

void Report(string name, double ms, double goalMs, double? cpuMs = null)
{
    var ok = ms <= goalMs;
    failures += ok ? 0 : 1;
    string Time(double t) => t < 0.1 ? $"{t * 1000:0.00} µs" : $"{t:0.00} ms";
    var cpu = cpuMs is { } c && c > 0 ? $", {Time(c)} CPU" : "";
    Console.WriteLine($"{(ok ? "ok  " : "SLOW")} {name}: {Time(ms)} per run{cpu} (goal {Time(goalMs)})");
}

/// <summary>CPU time of the calling thread (Linux: /proc/thread-self/stat utime + stime); 0 where not available.</summary>
internal static class ThreadCpu
{
    public static double Milliseconds()
    {
        try
        {
            var fields = File.ReadAllText("/proc/thread-self/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return (long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) * 10.0;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
