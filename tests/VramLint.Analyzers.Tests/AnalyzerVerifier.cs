using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace VramLint.Analyzers.Tests;

/// <summary>Runs the analyzer on C# code with a .globalconfig, compiled against .NET 10 and the real Aspire packages.</summary>
internal static class AnalyzerVerifier
{
    /// <summary>The seed's cluster and estimator: 4 GPUs of 24 GiB, blog method.</summary>
    public const string SeedCluster = "is_global = true\nvramlint.gpu_memory = 24GiB\nvramlint.gpu_count = 4\nvramlint.estimator = blog\n";

    /// <summary>No package: .NET 10's reference assemblies come from the SDK's own pack (engineering-notes, verified offline).</summary>
    public static readonly ReferenceAssemblies Net100 = new("net10.0");

    private static readonly ImmutableArray<MetadataReference> FrameworkReferences = SdkReferencePack();

    /// <summary>Aspire's assemblies and the Microsoft.Extensions ones its public API names, from the test's own output.</summary>
    private static readonly ImmutableArray<MetadataReference> AspireReferences = Directory
        .EnumerateFiles(AppContext.BaseDirectory, "*.dll")
        .Where(f => Path.GetFileName(f) is var n && (n.StartsWith("Aspire.", StringComparison.Ordinal) || n.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal) || n == "KubernetesClient.dll"))
        .Select(f => (MetadataReference)MetadataReference.CreateFromFile(f))
        .ToImmutableArray();

    /// <summary>An expected diagnostic; the additional locations (for code fixes) are checked by their own tests.</summary>
    public static DiagnosticResult Diagnostic(string id) => new DiagnosticResult(id, Core.Diagnostics.DiagnosticIds.Get(id).DefaultSeverity switch
    {
        Core.Diagnostics.FindingSeverity.Error => DiagnosticSeverity.Error,
        Core.Diagnostics.FindingSeverity.Warning => DiagnosticSeverity.Warning,
        _ => DiagnosticSeverity.Info,
    }).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

    /// <summary>Every reference the tests compile against.</summary>
    public static IEnumerable<MetadataReference> AllReferences => FrameworkReferences.Concat(AspireReferences);

    /// <summary>Compiles <paramref name="source"/> into an in-memory assembly: a library the code under test knows from metadata only.</summary>
    public static MetadataReference CompileLibrary(string name, string source)
    {
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(
            name,
            new[] { Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(source) },
            AllReferences,
            new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, result.Diagnostics));
        }

        return MetadataReference.CreateFromImage(stream.ToArray());
    }

    private static ImmutableArray<MetadataReference> SdkReferencePack()
    {
        // <dotnet>/shared/Microsoft.NETCore.App/<version>/ -> <dotnet>/packs/Microsoft.NETCore.App.Ref/<version>/ref/net10.0
        var root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));
        var pack = Directory.GetDirectories(Path.Combine(root, "packs", "Microsoft.NETCore.App.Ref"))
            .Select(d => Path.Combine(d, "ref", "net10.0"))
            .Where(Directory.Exists)
            .OrderBy(d => Version.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(d))), out var v) ? v : new Version(0, 0))
            .Last();
        return Directory.EnumerateFiles(pack, "*.dll").Select(f => (MetadataReference)MetadataReference.CreateFromFile(f)).ToImmutableArray();
    }

    public static Task VerifyAsync(string source, string? globalConfig, params DiagnosticResult[] expected) =>
        VerifyAsync(source, globalConfig, editorConfig: null, expected);

    public static Task VerifyAsync(string source, string? globalConfig, string? editorConfig, params DiagnosticResult[] expected) =>
        VerifyFilesAsync(new[] { source }, globalConfig, editorConfig, Array.Empty<MetadataReference>(), expected);

    /// <summary>Several files (Test0.cs, Test1.cs, ...) and extra metadata references (e.g. a hosting integration known from metadata only).</summary>
    public static Task VerifyFilesAsync(string[] sources, string? globalConfig, string? editorConfig, IEnumerable<MetadataReference> references, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<VllmDeploymentAnalyzer, DefaultVerifier>
        {
            ReferenceAssemblies = Net100,
        };
        for (var i = 0; i < sources.Length; i++)
        {
            test.TestState.Sources.Add(($"/0/Test{i}.cs", sources[i]));
        }

        test.TestState.AdditionalReferences.AddRange(references);
        test.TestState.AdditionalReferences.AddRange(FrameworkReferences);
        test.TestState.AdditionalReferences.AddRange(AspireReferences);
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        if (globalConfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", globalConfig));
        }

        if (editorConfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/0/.editorconfig", editorConfig));
        }

        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}
