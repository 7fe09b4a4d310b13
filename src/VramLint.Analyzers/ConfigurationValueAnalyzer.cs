using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using VramLint.Core.Configuration;
using VramLint.Core.Diagnostics;

// VRAM007 is one ID with two descriptors: on a value in the code (VllmDeploymentAnalyzer), and here as a
// compilation-end diagnostic about the project's configuration, which the IDE must treat as such (CompilationEnd tag).
[assembly: System.Diagnostics.CodeAnalysis.SuppressMessage("MicrosoftCodeAnalysisCorrectness", "RS1019:Use unique DiagnosticIds across analyzers", Justification = "VRAM007 on code and VRAM007 on the configuration are the same rule, reported at two times.")]

namespace VramLint.Analyzers;

/// <summary>
/// Reports the unusable VramLint values of the project's global configuration (<c>vramlint.gpu_count = banana</c>) once
/// per compilation, in every project, with or without a deployment or YAML: a bad value must never silently become the
/// default. The compiler does not say where a global option is written, so the message names the key and the value.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ConfigurationValueAnalyzer : DiagnosticAnalyzer
{
    /// <summary>VRAM007 as a compilation-end diagnostic (the project's configuration, not a place in the code).</summary>
    public static readonly DiagnosticDescriptor InvalidConfigurationValue = new(
        DiagnosticIds.InvalidValue,
        DiagnosticIds.Get(DiagnosticIds.InvalidValue).Title,
        "{0}",
        Descriptors.ConfigurationCategory,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.InvalidValue),
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(InvalidConfigurationValue);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationAction(compilation =>
        {
            var global = compilation.Options.AnalyzerConfigOptionsProvider.GlobalOptions;
            var options = VramLintOptions.FromLookup(key => global.TryGetValue(key, out var value) ? value : null);
            foreach (var problem in options.Problems)
            {
                compilation.ReportDiagnostic(Diagnostic.Create(InvalidConfigurationValue, Location.None, problem.Message));
            }
        });
    }
}
