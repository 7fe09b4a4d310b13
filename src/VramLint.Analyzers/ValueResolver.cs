using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using VramLint.Core.Arguments;

namespace VramLint.Analyzers;

/// <summary>A value the analyzer could resolve at compile time, with where it sits.</summary>
internal sealed record ResolvedValue(string Text, ValueOrigin Origin)
{
    /// <summary>The value as one argument token.</summary>
    public ArgumentToken ToToken() =>
        new(Text, Origin.ContentOffset >= 0 ? new SourceLocation(Origin, Origin.ContentOffset, Text.Length) : new SourceLocation(Origin));

    /// <summary>The value as the words of a one-string command line.</summary>
    public IReadOnlyList<ArgumentToken> ToWords() =>
        Origin.ContentOffset >= 0 ? ShellWords.Split(Text, Origin, Origin.ContentOffset) : ShellWords.Split(Text).Select(w => new ArgumentToken(w.Text, new SourceLocation(Origin))).ToArray();
}

/// <summary>
/// Resolves what C# states at compile time: literals, constants (fields and locals), constant interpolations,
/// <c>constant.ToString()</c>, and locals assigned exactly once. Anything else is unknown and never guessed.
/// </summary>
internal sealed class ValueResolver
{
    private const int MaxDepth = 8;
    private readonly SemanticModel model;
    private readonly CancellationToken cancellation;

    public ValueResolver(SemanticModel model, CancellationToken cancellation)
    {
        this.model = model;
        this.cancellation = cancellation;
    }

    public SemanticModel Model => model;

    /// <summary>Inside a wrapper method: what each parameter is at the call being analysed.</summary>
    public IReadOnlyDictionary<IParameterSymbol, Func<ResolvedValue?>>? Bindings { get; init; }

    /// <summary>A resolver for a method called from here, its parameters bound to the call's arguments (or their defaults).</summary>
    public ValueResolver? Into(InvocationExpressionSyntax call, IMethodSymbol method, SyntaxNode body)
    {
        if (body.SyntaxTree != model.SyntaxTree && !model.Compilation.ContainsSyntaxTree(body.SyntaxTree))
        {
            return null;
        }

        var calleeModel = body.SyntaxTree == model.SyntaxTree ? model : model.Compilation.GetSemanticModel(body.SyntaxTree);
        var bindings = new Dictionary<IParameterSymbol, Func<ResolvedValue?>>(SymbolEqualityComparer.Default);
        var arguments = call.ArgumentList.Arguments;
        var parameters = method.ReducedFrom?.Parameters.Skip(1).ToArray() ?? method.Parameters.ToArray();
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = parameters[i];
            var argument = arguments.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == parameter.Name)
                ?? (i < arguments.Count && arguments[i].NameColon is null ? arguments[i] : null);
            if (argument is not null)
            {
                var expression = argument.Expression;
                bindings[parameter] = () => Resolve(expression);
            }
            else if (parameter.HasExplicitDefaultValue && parameter.ExplicitDefaultValue is { } defaultValue)
            {
                var location = parameter.Locations.FirstOrDefault() ?? Location.None;
                bindings[parameter] = () => new ResolvedValue(Format(defaultValue), new ValueOrigin(location, -1));
            }
        }

        return new ValueResolver(calleeModel, cancellation) { Bindings = bindings };
    }

    public ResolvedValue? Resolve(ExpressionSyntax? expression, int depth = 0)
    {
        if (expression is null || depth > MaxDepth)
        {
            return null;
        }

        expression = Unwrap(expression);
        var constant = model.GetConstantValue(expression, cancellation);
        if (constant.HasValue && constant.Value is not null)
        {
            var text = Format(constant.Value);
            return new ResolvedValue(text, new ValueOrigin(expression.GetLocation(), ContentOffset(expression), text.Length));
        }

        switch (expression)
        {
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ToString" } access, ArgumentList.Arguments.Count: 0 }:
                // constant.ToString() (or a bound parameter's): the receiver's value, at the receiver.
                return Resolve(access.Expression, depth + 1);
            case IdentifierNameSyntax identifier when model.GetSymbolInfo(identifier, cancellation).Symbol is ILocalSymbol local:
                return ResolveLocal(local, depth);
            case IdentifierNameSyntax identifier when Bindings is not null && model.GetSymbolInfo(identifier, cancellation).Symbol is IParameterSymbol parameter
                && Bindings.TryGetValue(parameter.OriginalDefinition, out var bound):
                return bound();
            default:
                return null;
        }
    }

    /// <summary>A local written once, at its declaration: its initializer's value.</summary>
    private ResolvedValue? ResolveLocal(ILocalSymbol local, int depth)
    {
        if (local.DeclaringSyntaxReferences.Length != 1
            || local.DeclaringSyntaxReferences[0].GetSyntax(cancellation) is not VariableDeclaratorSyntax { Initializer.Value: { } initializer } declarator)
        {
            return null;
        }

        var scope = declarator.FirstAncestorOrSelf<BlockSyntax>() ?? (SyntaxNode?)declarator.FirstAncestorOrSelf<CompilationUnitSyntax>();
        if (scope is null || IsWrittenAgain(scope, local))
        {
            return null;
        }

        return Resolve(initializer, depth + 1);
    }

    private bool IsWrittenAgain(SyntaxNode scope, ILocalSymbol local)
    {
        foreach (var node in scope.DescendantNodes())
        {
            var target = node switch
            {
                AssignmentExpressionSyntax assignment => assignment.Left,
                PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } prefix => prefix.Operand,
                PostfixUnaryExpressionSyntax postfix => postfix.Operand,
                ArgumentSyntax { RefKindKeyword.RawKind: not 0 } argument => argument.Expression,
                _ => null,
            };

            if (target is IdentifierNameSyntax name && name.Identifier.ValueText == local.Name
                && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellation).Symbol, local))
            {
                return true;
            }
        }

        return false;
    }

    private static ExpressionSyntax Unwrap(ExpressionSyntax expression)
    {
        while (true)
        {
            switch (expression)
            {
                case ParenthesizedExpressionSyntax p:
                    expression = p.Expression;
                    break;
                case CastExpressionSyntax c:
                    expression = c.Expression;
                    break;
                case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } bang:
                    expression = bang.Operand;
                    break;
                default:
                    return expression;
            }
        }
    }

    /// <summary>Where a literal's characters start: 1 for "...", 2 for @"...", when no escape shifts them; else -1.</summary>
    private static int ContentOffset(ExpressionSyntax expression)
    {
        if (expression is not LiteralExpressionSyntax literal)
        {
            return -1;
        }

        var token = literal.Token;
        if (!token.IsKind(SyntaxKind.StringLiteralToken))
        {
            return literal.Token.IsKind(SyntaxKind.NumericLiteralToken) ? 0 : -1;
        }

        var text = token.Text;
        var prefix = text.StartsWith("@\"", StringComparison.Ordinal) ? 2 : text.StartsWith("\"", StringComparison.Ordinal) && !text.StartsWith("\"\"\"", StringComparison.Ordinal) ? 1 : -1;
        return prefix > 0 && text.Length == token.ValueText.Length + prefix + 1 ? prefix : -1;
    }

    private static string Format(object value) => value switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
