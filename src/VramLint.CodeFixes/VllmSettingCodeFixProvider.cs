using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using VramLint.Analyzers;
using VramLint.Core.Diagnostics;
using VramLint.Core.Settings;

namespace VramLint.CodeFixes;

/// <summary>
/// Applies the fixes Core's fix search computed (raise tensor-parallel-size, lower max-num-seqs, lower max-model-len)
/// where the value lives: the literal after the flag, the value inside <c>--flag=value</c> or a one-string command line,
/// the constant the value came from; a flag that is absent is added next to the others. Raising TP also raises a GPU
/// count stated in the same code.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(VllmSettingCodeFixProvider))]
[Shared]
public sealed class VllmSettingCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        DiagnosticIds.DoesNotFit, DiagnosticIds.StartupPeak, DiagnosticIds.InvalidParallelism);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var count = int.TryParse(Property(diagnostic, FixProperties.FixCount), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
            for (var i = 0; i < count; i++)
            {
                var setting = Property(diagnostic, FixProperties.FixSetting(i));
                var value = Property(diagnostic, FixProperties.FixValue(i));
                var title = Property(diagnostic, FixProperties.FixTitle(i));
                if (setting is null || value is null || title is null)
                {
                    continue;
                }

                // Only offer a fix that can be written: computed now, so no action appears that would do nothing.
                if (Edits(root, model, diagnostic, i, setting, value, context.CancellationToken) is not { Count: > 0 })
                {
                    continue;
                }

                var index = i;
                context.RegisterCodeFix(
                    CodeAction.Create(
                        title,
                        ct => ApplyAsync(context.Document, diagnostic, index, setting, value, ct),
                        equivalenceKey: "VramLint." + setting),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, int index, string setting, string value, CancellationToken cancellation)
    {
        var root = await document.GetSyntaxRootAsync(cancellation).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellation).ConfigureAwait(false);
        if (root is null || model is null || Edits(root, model, diagnostic, index, setting, value, cancellation) is not { Count: > 0 } edits)
        {
            return document;
        }

        var text = await document.GetTextAsync(cancellation).ConfigureAwait(false);
        return document.WithText(text.WithChanges(edits.OrderBy(e => e.Span.Start)));
    }

    /// <summary>The text changes for fix <paramref name="index"/>; null when the value cannot be edited safely.</summary>
    private static List<TextChange>? Edits(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, int index, string setting, string value, CancellationToken cancellation)
    {
        var edits = new List<TextChange>();
        var valueLocation = AdditionalLocation(diagnostic, setting);
        var change = valueLocation is not null
            ? ReplaceValue(root, model, valueLocation.SourceSpan, value, cancellation)
            : AddFlag(root, diagnostic, setting, value);
        if (change is null)
        {
            return null;
        }

        edits.Add(change.Value);
        if (Property(diagnostic, FixProperties.FixGpuCount(index)) is { } gpus)
        {
            // The fix needs more GPUs than the deployment states: without a count to rewrite (a device list), offer nothing.
            if (AdditionalLocation(diagnostic, SettingNames.GpuCount) is not { } gpuLocation)
            {
                return null;
            }

            var gpuChange = ReplaceValue(root, model, gpuLocation.SourceSpan, gpus, cancellation);
            if (gpuChange is null || gpuChange.Value.Span.IntersectsWith(change.Value.Span))
            {
                // The fix needs the GPUs too; without a count it can rewrite, it would leave an invalid deployment.
                return null;
            }

            edits.Add(gpuChange.Value);
        }

        return edits;
    }

    /// <summary>Rewrites the value at <paramref name="span"/>: a whole literal, a part of a string literal, or the constant a name refers to.</summary>
    private static TextChange? ReplaceValue(SyntaxNode root, SemanticModel model, TextSpan span, string value, CancellationToken cancellation)
    {
        var token = root.FindToken(span.Start);
        if (token.IsKind(SyntaxKind.StringLiteralToken) || token.IsKind(SyntaxKind.NumericLiteralToken))
        {
            if (token.Span == span)
            {
                return new TextChange(span, token.IsKind(SyntaxKind.StringLiteralToken) ? SymbolDisplay.FormatLiteral(value, quote: true) : value);
            }

            // A word inside a one-string command line or after '=': the analyzer only maps spans into escape-free literals.
            return token.Span.Contains(span) && token.IsKind(SyntaxKind.StringLiteralToken) ? new TextChange(span, value) : null;
        }

        var node = root.FindNode(span, getInnermostNodeForTie: true);
        if (node is ArgumentSyntax argument)
        {
            node = argument.Expression;
        }

        if (node is IdentifierNameSyntax name && model.GetSymbolInfo(name, cancellation).Symbol is { } symbol
            && (symbol is IFieldSymbol { IsConst: true } || symbol is ILocalSymbol)
            && symbol.DeclaringSyntaxReferences.Length == 1
            && symbol.DeclaringSyntaxReferences[0].GetSyntax(cancellation) is VariableDeclaratorSyntax { Initializer.Value: LiteralExpressionSyntax literal }
            && literal.SyntaxTree == root.SyntaxTree)
        {
            return ReplaceValue(root, model, literal.Token.Span, value, cancellation);
        }

        return null;
    }

    /// <summary>An absent flag goes next to the others: appended to the argument list or collection that holds the model, or to its command line.</summary>
    private static TextChange? AddFlag(SyntaxNode root, Diagnostic diagnostic, string setting, string value)
    {
        if (AdditionalLocation(diagnostic, SettingNames.Model) is not { } modelLocation)
        {
            return null;
        }

        var token = root.FindToken(modelLocation.SourceSpan.Start);
        if (token.IsKind(SyntaxKind.StringLiteralToken) && token.Span != modelLocation.SourceSpan)
        {
            // The model is a word of a one-string command line: append to that line, before the closing quote.
            return new TextChange(new TextSpan(token.Span.End - 1, 0), $" --{setting} {value}");
        }

        var expression = token.Parent as ExpressionSyntax;
        var last = expression?.Parent switch
        {
            ArgumentSyntax { Parent: ArgumentListSyntax list } => list.Arguments.Last(),
            InitializerExpressionSyntax init => init.Expressions.Last(),
            ExpressionElementSyntax { Parent: CollectionExpressionSyntax collection } => collection.Elements.Last(),
            _ => (SyntaxNode?)null,
        };

        return last is null ? null : new TextChange(new TextSpan(last.Span.End, 0), $", \"--{setting}\", \"{value}\"");
    }

    private static Location? AdditionalLocation(Diagnostic diagnostic, string setting) =>
        Property(diagnostic, FixProperties.LocationOf(setting)) is { } text
        && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < diagnostic.AdditionalLocations.Count
            ? diagnostic.AdditionalLocations[i]
            : null;

    private static string? Property(Diagnostic diagnostic, string key) => diagnostic.Properties.TryGetValue(key, out var value) ? value : null;
}
