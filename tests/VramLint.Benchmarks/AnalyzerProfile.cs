using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using VramLint.Analyzers;

namespace VramLint.Benchmarks;

/// <summary>
/// Where the analyzer's time goes in a fresh compiler process: the generated N-file project (bench/lib.sh's) analyzed
/// once cold (the analyzer's first run in the process: loading, JIT, one-time set-up) and then warm, each run timed as
/// the compiler's ReportAnalyzer times it (the driver's execution time of the analyzer's callbacks), with the methods
/// the JIT compiled and the bytes allocated during the run. Roslyn itself is warmed first with an analyzer that does
/// nothing, so the cold run's extra cost is the analyzer's own.
///   dotnet run -c Release --project tests/VramLint.Benchmarks -- --profile-analyzer [N] [DIR]
/// DIR: a folder holding another build of VramLint.Analyzers.dll (with its Core and Yaml), loaded in its own context, to
/// compare an older analyzer in the same harness. Run with DOTNET_TieredCompilation=1 to JIT as the compiler does.
/// </summary>
internal static class AnalyzerProfile
{
    public static int Run(string[] args)
    {
        var files = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2000;
        var analyzer = args.Length > 2 && !args[2].StartsWith("--", StringComparison.Ordinal) && args[2].Length > 0 ? LoadAnalyzer(args[2]) : new VllmDeploymentAnalyzer();
        Console.WriteLine($"analyzer: {analyzer.GetType().Assembly.Location}; {files} files; tiered JIT: {AppContext.GetData("System.Runtime.TieredCompilation") ?? "default"} / env {Environment.GetEnvironmentVariable("DOTNET_TieredCompilation") ?? "unset"}");

        var one = Inputs.ManyFiles(1);
        var compilation = Inputs.ManyFiles(files);
        foreach (var c in new[] { one, compilation })
        {
            c.Clone().GetDiagnostics();
            Measure("roslyn warm-up (an analyzer that does nothing)", c, new NothingAnalyzer());
            Measure("roslyn warm-up (an analyzer that does nothing)", c, new NothingAnalyzer());
        }

        if (args.Contains("--phases"))
        {
            Phases(compilation);
        }

        using (var jitted = new JitListener())
        {
            Measure("cold: first run, 1 file (a deployment)", one, analyzer);
            jitted.Print();
        }

        Measure("warm, 1 file", one, analyzer);
        Measure("warm, 1 file", one, analyzer);
        for (var i = 0; i < 3; i++)
        {
            Measure($"warm, {files} files", compilation, analyzer);
        }

        return 0;
    }

    /// <summary>The analyzer's one-time pieces, each timed cold (first call in the process) in the order the analyzer meets them.</summary>
    private static void Phases(Compilation compilation)
    {
        var cancellation = CancellationToken.None;
        Phase("KnownSymbols (8 types by metadata name)", () => new KnownSymbols(compilation));
        Phase("KnownSymbols again", () => new KnownSymbols(compilation));
        Phase("AdditionalModelFacts + YamlAdditionalFiles (none)", () => YamlAdditionalFiles.From(Inputs.AnalyzerOptions, AdditionalModelFacts.From(Inputs.AnalyzerOptions)));
        Phase($"TreeRelevance over {compilation.SyntaxTrees.Count()} files, cold", () => Relevance(compilation, cancellation));
        Phase($"TreeRelevance over {compilation.SyntaxTrees.Count()} files, again", () => Relevance(compilation, cancellation));
        Phase("VramLintOptions.FromLookup (the .globalconfig keys)", () => Core.Configuration.VramLintOptions.FromLookup(Inputs.Lookup));
        Phase("model catalog: first lookup", () => Core.Models.ModelCatalog.TryGet(Inputs.Model, out _));
        Phase("vLLM flag table: first lookup", () => Core.Arguments.VllmFlagTable.Find("max-model-len"));
        Phase("check of one deployment (Core, cold)", () => Check(131072));
        Phase("check of one deployment (Core, warm)", () => Check(131071));
    }

    private static object Check(int length) =>
        Core.DeploymentChecker.Check(
            new Core.DeploymentInput(Core.Arguments.VllmArgumentReader.Read(Core.Arguments.ShellWords.Split($"vllm serve {Inputs.Model} --max-model-len {length}"))),
            Inputs.Options);

    private static int Relevance(Compilation compilation, CancellationToken cancellation)
    {
        var relevance = new TreeRelevance(compilation, cancellation);
        return compilation.SyntaxTrees.Count(t => relevance.IsRelevant(t, cancellation));
    }

    private static void Phase(string what, Func<object?> action)
    {
        var methods = System.Runtime.JitInfo.GetCompiledMethodCount();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var result = action();
        var wall = clock.Elapsed;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  phase {what,-55} {wall.TotalMilliseconds,8:0.00} ms; JIT {System.Runtime.JitInfo.GetCompiledMethodCount() - methods,5} methods; allocated {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1e3,8:0.0} KB ({result})"));
    }

    private static void Measure(string what, Compilation compilation, DiagnosticAnalyzer analyzer)
    {
        var methods = System.Runtime.JitInfo.GetCompiledMethodCount();
        var jit = System.Runtime.JitInfo.GetCompilationTime();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var analysis = new CompilationWithAnalyzers(
            compilation.Clone(),
            ImmutableArray.Create(analyzer),
            new CompilationWithAnalyzersOptions(Inputs.AnalyzerOptions, onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: true));
        var diagnostics = analysis.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        var wall = clock.Elapsed;
        var telemetry = analysis.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None).GetAwaiter().GetResult();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what,-50} analyzer {telemetry.ExecutionTime.TotalMilliseconds,8:0.0} ms (driver run {wall.TotalMilliseconds,7:0.0} ms); JIT {System.Runtime.JitInfo.GetCompiledMethodCount() - methods,5} methods in {(System.Runtime.JitInfo.GetCompilationTime() - jit).TotalMilliseconds,6:0.0} ms; allocated {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1e6,6:0.0} MB; {diagnostics.Length} diagnostics ({diagnostics.Count(d => d.Id == "VRAM001")} VRAM001); actions: semantic model {telemetry.SemanticModelActionsCount}, syntax node {telemetry.SyntaxNodeActionsCount}, operation {telemetry.OperationActionsCount}, compilation start {telemetry.CompilationStartActionsCount}"));
    }

    /// <summary>Another build of the analyzer, from its own folder, in its own load context (Roslyn shared with this process).</summary>
    private static DiagnosticAnalyzer LoadAnalyzer(string folder)
    {
        var context = new FolderContext(folder);
        var assembly = context.LoadFromAssemblyPath(Path.GetFullPath(Path.Combine(folder, "VramLint.Analyzers.dll")));
        var type = assembly.GetTypes().Single(t => t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null && !t.IsAbstract);
        return (DiagnosticAnalyzer)Activator.CreateInstance(type)!;
    }

    /// <summary>VramLint's assemblies from the folder (not this process's own Core and Yaml); Roslyn and the rest from the process.</summary>
    private sealed class FolderContext(string folder) : AssemblyLoadContext("other-analyzer")
    {
        protected override Assembly? Load(AssemblyName name) =>
            name.Name!.StartsWith("VramLint", StringComparison.Ordinal) && File.Exists(Path.Combine(folder, name.Name + ".dll"))
                ? LoadFromAssemblyPath(Path.GetFullPath(Path.Combine(folder, name.Name + ".dll")))
                : null;
    }

    /// <summary>The methods the JIT compiles while it listens, by the first two parts of their type's namespace (the runtime's JIT events).</summary>
    private sealed class JitListener : System.Diagnostics.Tracing.EventListener
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> byArea = new();

        public void Print()
        {
            Thread.Sleep(200);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    JIT {byArea.ToArray().Where(p => p.Key.StartsWith("VramLint", StringComparison.Ordinal)).Sum(p => p.Value),5} methods in VramLint.*"));
            foreach (var (area, count) in byArea.ToArray().OrderByDescending(p => p.Value).Take(16))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    JIT {count,5} methods in {area}"));
            }
        }

        protected override void OnEventSourceCreated(System.Diagnostics.Tracing.EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(source, System.Diagnostics.Tracing.EventLevel.Verbose, (System.Diagnostics.Tracing.EventKeywords)0x10);
            }
        }

        protected override void OnEventWritten(System.Diagnostics.Tracing.EventWrittenEventArgs data)
        {
            if (data.EventName is not "MethodLoadVerbose_V1" and not "MethodLoadVerbose_V2" || data.PayloadNames is null)
            {
                return;
            }

            var type = data.Payload![data.PayloadNames.IndexOf("MethodNamespace")] as string ?? "";
            var parts = type.Split('.', '+', '`', '[');
            var area = parts.Length >= 3 ? parts[0] + "." + parts[1] + "." + parts[2] : type;
            byArea.AddOrUpdate(area, 1, (_, n) => n + 1);
        }
    }

    /// <summary>Asks for what VramLint asks (one semantic-model action), does nothing: warms the driver's own code.</summary>
    /// <remarks>Run in this process only, never loaded by a compiler: the rules for shipped analyzers do not apply.</remarks>
#pragma warning disable RS1036, RS1041, RS2008
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class NothingAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Never = new("NOTHING", "nothing", "nothing", "none", DiagnosticSeverity.Hidden, false);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Never);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                start.RegisterSemanticModelAction(_ => { });
                start.RegisterSyntaxNodeAction(_ => { }, Microsoft.CodeAnalysis.CSharp.SyntaxKind.InvocationExpression);
                start.RegisterCompilationEndAction(_ => { });
            });
        }
    }
#pragma warning restore RS1036, RS1041, RS2008
}
