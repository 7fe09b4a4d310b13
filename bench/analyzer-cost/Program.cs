// bench/analyzer-per-file.sh's harness. Each analyzer set (a folder of analyzer assemblies, loaded as the compiler loads
// them: one load context per folder) runs over each source folder's compilation, in turn and on one thread, RUNS times
// after one cold run; a fresh clone of the compilation each time, so every run binds from scratch as a build does. The
// driver's own clock gives each analyzer's time (what ReportAnalyzer prints, without its 1 ms rounding).
// Output, tab-separated: files, set, analyzer, its first diagnostic ID, cold ms, median warm ms, fastest warm ms.
//   dotnet run -- --references REFDIR --globalconfig FILE --runs N --set NAME=FOLDER... [--floor semantic-model] --sources DIR...
using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

var references = new List<MetadataReference>();
var sets = new List<(string Name, ImmutableArray<DiagnosticAnalyzer> Analyzers)>();
var sources = new List<string>();
var global = ImmutableDictionary<string, string>.Empty;
var runs = 5;
var loader = new FolderLoader();
for (var i = 0; i + 1 < args.Length; i += 2)
{
    var value = args[i + 1];
    switch (args[i])
    {
        case "--references":
            references.AddRange(Directory.GetFiles(value, "*.dll").Order(StringComparer.Ordinal).Select(p => MetadataReference.CreateFromFile(p)));
            break;
        case "--globalconfig":
            global = File.ReadAllLines(value).Select(l => l.Split('=', 2)).Where(p => p.Length == 2)
                .ToImmutableDictionary(p => p[0].Trim(), p => p[1].Trim());
            break;
        case "--runs":
            runs = int.Parse(value, CultureInfo.InvariantCulture);
            break;
        case "--set" when value.IndexOf('=') > 0:
            var (name, folder) = (value[..value.IndexOf('=')], value[(value.IndexOf('=') + 1)..]);
            sets.Add((name, Directory.GetFiles(folder, "*.dll").Order(StringComparer.Ordinal)
                .SelectMany(p => new AnalyzerFileReference(p, loader).GetAnalyzers(LanguageNames.CSharp)).ToImmutableArray()));
            break;
        case "--floor" when value == "semantic-model":
            // What the driver costs any analyzer that asks to see every file's semantic model, as VramLint does.
            sets.Add(("floor", ImmutableArray.Create<DiagnosticAnalyzer>(EmptyAnalyzer.SemanticModelFloor())));
            break;
        case "--sources":
            sources.Add(value);
            break;
        default:
            Console.Error.WriteLine($"unknown option or value: {args[i]} {value} (see the usage at the top of Program.cs)");
            return 2;
    }
}

if (runs < 1 || sets.Count == 0 || sources.Count == 0 || references.Count == 0)
{
    Console.Error.WriteLine("needs --references, at least one --set and one --sources, and --runs of at least 1");
    return 2;
}

var options = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new GlobalOptionsProvider(global));
var parse = new CSharpParseOptions(LanguageVersion.Latest);

// The driver, the binder and the operation trees warmed first by an analyzer of the harness's own, so that a set's cold
// run counts its own first use (loading, JIT, tables), not the compiler's, whichever set runs first.
var warmUp = CSharpCompilation.Create("WarmUp", sources.SelectMany(f => Directory.GetFiles(f, "*.cs", SearchOption.AllDirectories)).Order(StringComparer.Ordinal)
        .Take(200).Select(p => CSharpSyntaxTree.ParseText(SourceText.From(File.ReadAllText(p)), parse, p)), references,
    new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
await new CompilationWithAnalyzers(warmUp, ImmutableArray.Create<DiagnosticAnalyzer>(EmptyAnalyzer.WarmUp()),
    new CompilationWithAnalyzersOptions(options, onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: true)).GetAnalyzerDiagnosticsAsync();
foreach (var folder in sources)
{
    var trees = Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
        .Select(p => CSharpSyntaxTree.ParseText(SourceText.From(File.ReadAllText(p)), parse, p)).ToList();
    var compilation = CSharpCompilation.Create("Generated", trees, references,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    var times = sets.Select(s => s.Analyzers.ToDictionary(a => a, _ => new List<double>())).ToList();
    for (var run = 0; run <= runs; run++)
    {
        for (var s = 0; s < sets.Count; s++)
        {
            // The compiler has declared the project's types before its analyzers see them (a build reports declaration
            // errors first); without this, the first analyzer to look a type up would be charged for declaring them all.
            var clone = compilation.Clone();
            clone.GetDeclarationDiagnostics();
            var analysis = new CompilationWithAnalyzers(clone, sets[s].Analyzers,
                new CompilationWithAnalyzersOptions(options, onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
            var diagnostics = await analysis.GetAnalyzerDiagnosticsAsync();
            if (run == 0)
            {
                Console.Error.WriteLine($"{trees.Count} files, {sets[s].Name}: {diagnostics.Length} diagnostics ({string.Join(", ", diagnostics.GroupBy(d => d.Id).OrderBy(g => g.Key, StringComparer.Ordinal).Take(8).Select(g => $"{g.Key} x{g.Count()}"))})");
            }

            foreach (var analyzer in sets[s].Analyzers)
            {
                times[s][analyzer].Add((await analysis.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None)).ExecutionTime.TotalMilliseconds);
            }
        }
    }

    for (var s = 0; s < sets.Count; s++)
    {
        foreach (var (analyzer, each) in times[s])
        {
            var warm = each.Skip(1).Order().ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{trees.Count}\t{sets[s].Name}\t{analyzer.GetType().FullName}\t{analyzer.SupportedDiagnostics.FirstOrDefault()?.Id ?? "-"}\t{each[0]:0.000}\t{warm[warm.Count / 2]:0.000}\t{warm[0]:0.000}"));
        }
    }
}

return 0;

/// <summary>
/// An analyzer of the harness's own that reports nothing: its actions (each empty) are what it costs the driver to call.
/// The warm-up asks for syntax, symbols, semantic models and every operation; the floor for every file's semantic model.
/// </summary>
internal sealed class EmptyAnalyzer(string id, Action<AnalysisContext> register) : DiagnosticAnalyzer
{
    public static EmptyAnalyzer WarmUp() => new("WARM001", context =>
    {
        context.RegisterSyntaxTreeAction(_ => { });
        context.RegisterSemanticModelAction(_ => { });
        context.RegisterSymbolAction(_ => { }, SymbolKind.NamedType, SymbolKind.Method, SymbolKind.Property, SymbolKind.Field);
        context.RegisterOperationAction(_ => { }, Enum.GetValues<OperationKind>().Where(k => k != OperationKind.None).ToArray());
    });

    public static EmptyAnalyzer SemanticModelFloor() => new("FLOOR001", context => context.RegisterSemanticModelAction(_ => { }));

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(new DiagnosticDescriptor(id, id, id, "bench", DiagnosticSeverity.Warning, isEnabledByDefault: true));

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        register(context);
    }
}

/// <summary>One load context per analyzer folder, its own assemblies from the folder and Roslyn from this process (as the compiler does).</summary>
internal sealed class FolderLoader : IAnalyzerAssemblyLoader
{
    private readonly Dictionary<string, FolderContext> contexts = new(StringComparer.Ordinal);

    public void AddDependencyLocation(string fullPath)
    {
    }

    public Assembly LoadFromPath(string fullPath)
    {
        var folder = Path.GetDirectoryName(fullPath)!;
        if (!contexts.TryGetValue(folder, out var context))
        {
            contexts[folder] = context = new FolderContext(folder);
        }

        return context.LoadFromAssemblyPath(fullPath);
    }

    private sealed class FolderContext(string folder) : AssemblyLoadContext("analyzer folder")
    {
        protected override Assembly? Load(AssemblyName name) =>
            !name.Name!.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) && File.Exists(Path.Combine(folder, name.Name + ".dll"))
                ? LoadFromAssemblyPath(Path.Combine(folder, name.Name + ".dll"))
                : null;
    }
}

/// <summary>The .globalconfig's keys for every file, as the compiler passes a global configuration.</summary>
internal sealed class GlobalOptionsProvider(ImmutableDictionary<string, string> values) : AnalyzerConfigOptionsProvider
{
    public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(values);

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => GlobalOptions;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => GlobalOptions;

    private sealed class Options(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
    }
}
