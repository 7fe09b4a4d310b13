using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Diagnostics.Telemetry;

namespace VramLint.Analyzers.Tests;

/// <summary>
/// What the analyzer asks the compiler to run. The compiler's cost of calling a per-file action for every file is most
/// of what the analyzer costs a project without deployments (docs/performance.md), so such a project gets none: only the
/// compilation end, which still reports configuration problems (ProjectWideTests).
/// </summary>
public class ExecutionModelTests
{
    [Fact]
    public async Task A_project_whose_files_never_name_vllm_or_a_vllm_setting_gets_no_per_file_action()
    {
        var telemetry = await Telemetry("class Order { public decimal Total => 1m; }", "class Customer { public string Name { get; } = \"vLL M\"; }");

        Assert.Equal(0, telemetry.SemanticModelActionsCount);
        Assert.Equal(1, telemetry.CompilationEndActionsCount);
    }

    [Theory]
    [InlineData("class Launcher { string image = \"vllm/vllm-openai\"; }")]
    [InlineData("class ServerOptions { public int MaxModelLen { get; set; } = 8192; }")]
    public async Task One_file_naming_vllm_or_a_vllm_setting_gives_every_file_the_per_file_action(string launcher)
    {
        var telemetry = await Telemetry("class Order { public decimal Total => 1m; }", launcher);

        Assert.Equal(1, telemetry.SemanticModelActionsCount);
        Assert.Equal(1, telemetry.CompilationEndActionsCount);
    }

    private static async Task<AnalyzerTelemetryInfo> Telemetry(params string[] files)
    {
        var trees = files.Select((text, i) => CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(LanguageVersion.Latest), path: $"File{i}.cs"));
        var compilation = CSharpCompilation.Create("Project", trees, AnalyzerVerifier.AllReferences, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var analyzer = new VllmDeploymentAnalyzer();
        var analysis = new CompilationWithAnalyzers(
            compilation,
            ImmutableArray.Create<DiagnosticAnalyzer>(analyzer),
            new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false));
        await analysis.GetAnalyzerDiagnosticsAsync();
        return await analysis.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
    }
}
