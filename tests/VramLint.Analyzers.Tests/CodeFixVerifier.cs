using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using VramLint.CodeFixes;

namespace VramLint.Analyzers.Tests;

/// <summary>Runs the analyzer and the code fix (FixAll in document, project and solution included) on C# with a .globalconfig.</summary>
internal static class CodeFixVerifier
{
    public static Task VerifyFixAsync(string source, string fixedSource, string globalConfig, string? equivalenceKey = null, DiagnosticResult[]? expected = null, DiagnosticResult[]? remaining = null)
    {
        var test = new CSharpCodeFixTest<VllmDeploymentAnalyzer, VllmSettingCodeFixProvider, DefaultVerifier>
        {
            TestCode = source,
            FixedCode = fixedSource,
            ReferenceAssemblies = AnalyzerVerifier.Net100,
            CodeActionEquivalenceKey = equivalenceKey,
        };
        foreach (var state in new[] { test.TestState, test.FixedState })
        {
            state.AdditionalReferences.AddRange(AnalyzerVerifier.AllReferences);
            state.OutputKind = OutputKind.ConsoleApplication;
            state.AnalyzerConfigFiles.Add(("/.globalconfig", globalConfig));
        }

        test.ExpectedDiagnostics.AddRange(expected ?? Array.Empty<DiagnosticResult>());
        test.FixedState.ExpectedDiagnostics.AddRange(remaining ?? Array.Empty<DiagnosticResult>());
        if (equivalenceKey is not null)
        {
            test.CodeActionValidationMode = CodeActionValidationMode.None;
        }

        return test.RunAsync();
    }
}
