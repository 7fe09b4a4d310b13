using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using VramLint.Core.Arguments;

namespace VramLint.Analyzers.Recognizers;

/// <summary>
/// Processes that launch vLLM: <c>new ProcessStartInfo("vllm", "serve ...")</c> or with <c>FileName</c>/<c>Arguments</c>
/// initializers and later <c>ArgumentList.Add</c> calls, and <c>Process.Start("vllm", "serve ...")</c> or with a word list;
/// also <c>python -m vllm.entrypoints...</c> and <c>docker run ... vllm/vllm-openai</c>.
/// </summary>
internal static class ProcessRecognizer
{
    public static IEnumerable<CSharpDeployment> Find(SyntaxNode root, ValueResolver resolver, INamedTypeSymbol? startInfoType, INamedTypeSymbol? processType, CancellationToken cancellation)
    {
        if (startInfoType is null)
        {
            yield break;
        }

        foreach (var node in root.DescendantNodes())
        {
            cancellation.ThrowIfCancellationRequested();
            if (node is BaseObjectCreationExpressionSyntax creation
                && SymbolEqualityComparer.Default.Equals(resolver.Model.GetTypeInfo(creation, cancellation).Type, startInfoType))
            {
                yield return FromStartInfo(creation, resolver, cancellation);
            }
            else if (node is InvocationExpressionSyntax invocation && AspireContainerRecognizer.MethodName(invocation) == "Start"
                && resolver.Model.GetSymbolInfo(invocation, cancellation).Symbol is IMethodSymbol { IsStatic: true } start
                && SymbolEqualityComparer.Default.Equals(start.ContainingType, processType)
                && start.Parameters.Length == 2 && start.Parameters[0].Type.SpecialType == SpecialType.System_String)
            {
                var deployment = new CSharpDeployment(invocation.GetLocation(), "process");
                var arguments = invocation.ArgumentList.Arguments;
                AddFileName(arguments[0].Expression, resolver, deployment);
                AddArguments(arguments[1].Expression, resolver, deployment);
                yield return deployment;
            }
        }
    }

    private static CSharpDeployment FromStartInfo(BaseObjectCreationExpressionSyntax creation, ValueResolver resolver, CancellationToken cancellation)
    {
        var deployment = new CSharpDeployment(creation.GetLocation(), "process");
        ExpressionSyntax? fileName = null, arguments = null;
        var ctorArgs = creation.ArgumentList?.Arguments ?? default;
        if (ctorArgs.Count >= 1)
        {
            fileName = ctorArgs[0].Expression;
        }

        if (ctorArgs.Count >= 2)
        {
            arguments = ctorArgs[1].Expression;
        }

        foreach (var assignment in creation.Initializer?.Expressions.OfType<AssignmentExpressionSyntax>() ?? Enumerable.Empty<AssignmentExpressionSyntax>())
        {
            switch ((assignment.Left as IdentifierNameSyntax)?.Identifier.ValueText)
            {
                case "FileName":
                    fileName = assignment.Right;
                    break;
                case "Arguments":
                    arguments = assignment.Right;
                    break;
            }
        }

        // Later statements on the variable: psi.Arguments = "..."; psi.ArgumentList.Add("...").
        var listItems = new List<ExpressionSyntax>();
        if (creation.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
            && resolver.Model.GetDeclaredSymbol(declarator, cancellation) is ILocalSymbol local)
        {
            var scope = declarator.FirstAncestorOrSelf<BlockSyntax>() ?? (SyntaxNode?)declarator.FirstAncestorOrSelf<CompilationUnitSyntax>();
            foreach (var node in scope?.DescendantNodes() ?? Enumerable.Empty<SyntaxNode>())
            {
                if (node is AssignmentExpressionSyntax { Left: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax target, Name.Identifier.ValueText: var member } } set
                    && target.Identifier.ValueText == local.Name)
                {
                    if (member == "FileName")
                    {
                        fileName = set.Right;
                    }
                    else if (member == "Arguments")
                    {
                        arguments = set.Right;
                    }
                }
                else if (node is InvocationExpressionSyntax
                {
                    Expression: MemberAccessExpressionSyntax
                    {
                        Name.Identifier.ValueText: "Add" or "AddRange",
                        Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ArgumentList", Expression: IdentifierNameSyntax owner },
                    },
                } add && owner.Identifier.ValueText == local.Name && add.ArgumentList.Arguments.Count == 1)
                {
                    var item = add.ArgumentList.Arguments[0].Expression;
                    listItems.AddRange(AspireContainerRecognizer.CollectionElements(item) ?? new[] { item });
                }
            }
        }

        AddFileName(fileName, resolver, deployment);
        if (arguments is not null)
        {
            AddArguments(arguments, resolver, deployment);
        }

        foreach (var item in listItems)
        {
            var value = resolver.Resolve(item);
            deployment.Complete &= value is not null;
            if (value is not null)
            {
                deployment.Words.Add(value.ToToken());
            }
        }

        return deployment;
    }

    private static void AddFileName(ExpressionSyntax? fileName, ValueResolver resolver, CSharpDeployment deployment)
    {
        var value = resolver.Resolve(fileName);
        if (value is null)
        {
            deployment.Complete = false;
            return;
        }

        deployment.Words.Add(value.ToToken());
    }

    /// <summary>One string is a command line (split into shell words); a collection is one word per element.</summary>
    private static void AddArguments(ExpressionSyntax arguments, ValueResolver resolver, CSharpDeployment deployment)
    {
        var elements = AspireContainerRecognizer.CollectionElements(arguments);
        if (elements is null)
        {
            var line = resolver.Resolve(arguments);
            if (line is null)
            {
                deployment.Complete = false;
                return;
            }

            deployment.Words.AddRange(line.ToWords());
            return;
        }

        foreach (var element in elements)
        {
            var value = resolver.Resolve(element);
            deployment.Complete &= value is not null;
            if (value is not null)
            {
                deployment.Words.Add(value.ToToken());
            }
        }
    }
}
