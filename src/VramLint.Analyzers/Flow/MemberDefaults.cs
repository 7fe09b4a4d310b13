using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace VramLint.Analyzers.Flow;

/// <summary>
/// The initializers of fields and properties declared in source, read from syntax where no semantic model of their
/// file is at hand (another file, a partial class part, a symbol action): literals, negated numbers, and the names of
/// constants of the same type. Anything else is not read.
/// </summary>
internal static class MemberDefaults
{
    public static ExpressionSyntax? InitializerSyntax(ISymbol member, CancellationToken cancellation)
    {
        foreach (var reference in member.DeclaringSyntaxReferences)
        {
            switch (reference.GetSyntax(cancellation))
            {
                case VariableDeclaratorSyntax { Initializer.Value: { } value }:
                    return value;
                case PropertyDeclarationSyntax { Initializer.Value: { } value }:
                    return value;
            }
        }

        return null;
    }

    public static (string Value, Location Location, int ContentOffset)? Read(ISymbol member, CancellationToken cancellation)
    {
        if (member is IFieldSymbol { HasConstantValue: true, ConstantValue: { } constant } field)
        {
            var text = ValueFlow.Format(constant);
            var syntax = InitializerSyntax(field, cancellation);
            return (text, syntax?.GetLocation() ?? field.Locations.First(), syntax is null ? -1 : ValueFlow.ContentOffset(syntax, text));
        }

        return InitializerSyntax(member, cancellation) is { } initializer ? ReadExpression(initializer, member.ContainingType) : null;
    }

    private static (string, Location, int)? ReadExpression(ExpressionSyntax expression, INamedTypeSymbol? type)
    {
        switch (expression)
        {
            case LiteralExpressionSyntax literal when literal.Token.Value is { } value:
                var text = ValueFlow.Format(value);
                return (text, literal.GetLocation(), ValueFlow.ContentOffset(literal, text));
            case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.UnaryMinusExpression, Operand: LiteralExpressionSyntax { Token.Value: { } number } }:
                return ("-" + ValueFlow.Format(number), expression.GetLocation(), -1);
            case IdentifierNameSyntax name when type?.GetMembers(name.Identifier.ValueText).OfType<IFieldSymbol>().FirstOrDefault(f => f.HasConstantValue) is { ConstantValue: { } constant }:
                return (ValueFlow.Format(constant), name.GetLocation(), -1);
            default:
                return null;
        }
    }
}
