using System.Collections.Immutable;
using System.Diagnostics;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using VramLint.Analyzers;
using VramLint.Core;
using VramLint.Core.Arguments;
using VramLint.Core.Configuration;
using VramLint.Yaml;

// Timing goals for what runs inside the compiler, MSBuild and CI. Run in Release; --check exits 1 when a goal is missed.
var check = args.Contains("--check");
var failures = 0;
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
    for (var i = 0; i < iterations; i++)
    {
        action();
    }

    var ms = watch.Elapsed.TotalMilliseconds / iterations;
    var ok = ms <= goalMs;
    failures += ok ? 0 : 1;
    Console.WriteLine($"{(ok ? "ok  " : "SLOW")} {name}: {ms:0.00} ms per run (goal {goalMs} ms)");
}
