using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using VramLint.Core.Arguments;

namespace VramLint.Analyzers.Recognizers;

/// <summary>
/// Aspire AppHosts: <c>AddContainer(name, image[, tag])</c> with a vLLM image, and the calls on its resource builder,
/// chained or later through a variable: <c>WithArgs</c>, <c>WithEntrypoint</c>, <c>WithContainerRuntimeArgs("--gpus", ...)</c>,
/// <c>WithEnvironment("CUDA_VISIBLE_DEVICES", ...)</c>.
/// </summary>
internal static class AspireContainerRecognizer
{
    public static IEnumerable<CSharpDeployment> Find(SyntaxNode root, ValueResolver resolver, CancellationToken cancellation)
    {
        foreach (var invocation in root.DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            cancellation.ThrowIfCancellationRequested();
            if (MethodName(invocation) != "AddContainer" || invocation.ArgumentList.Arguments.Count < 2)
            {
                continue;
            }

            var arguments = invocation.ArgumentList.Arguments;
            var image = resolver.Resolve(Argument(arguments, "image", 1));
            if (image is null || image.Text.IndexOf("vllm", StringComparison.OrdinalIgnoreCase) < 0
                || resolver.Model.GetSymbolInfo(invocation, cancellation).Symbol is not IMethodSymbol)
            {
                continue;
            }

            var name = resolver.Resolve(Argument(arguments, "name", 0))?.Text ?? "vllm";
            var deployment = new CSharpDeployment(invocation.GetLocation(), $"container '{name}'") { ImageEntrypoint = true };
            var calls = ChainedCalls(invocation).Concat(CallsThroughVariable(invocation, resolver, cancellation)).ToList();

            ArgumentToken? entrypoint = null;
            var args = new List<ArgumentToken>();
            foreach (var call in calls)
            {
                switch (MethodName(call))
                {
                    case "WithArgs":
                        AddArguments(call, resolver, deployment, args);
                        break;
                    case "WithEntrypoint":
                        var value = resolver.Resolve(call.ArgumentList.Arguments.FirstOrDefault()?.Expression);
                        entrypoint = value?.ToToken();
                        deployment.Complete &= value is not null;
                        break;
                    case "WithContainerRuntimeArgs":
                        RuntimeGpus(call, resolver, deployment);
                        break;
                    case "WithEnvironment":
                        VisibleDevices(call, resolver, deployment);
                        break;
                }
            }

            if (entrypoint is not null)
            {
                // An explicit entrypoint replaces "vllm serve": the words become a whole command line.
                deployment.ImageEntrypoint = false;
                deployment.Words.Add(entrypoint);
            }

            deployment.Words.AddRange(args);
            yield return deployment;
        }
    }

    private static void AddArguments(InvocationExpressionSyntax call, ValueResolver resolver, CSharpDeployment deployment, List<ArgumentToken> args)
    {
        foreach (var argument in call.ArgumentList.Arguments)
        {
            var elements = CollectionElements(argument.Expression);
            foreach (var element in elements ?? new[] { argument.Expression })
            {
                if (element is LambdaExpressionSyntax or AnonymousMethodExpressionSyntax)
                {
                    // A callback adds arguments at run time: they cannot be read here.
                    deployment.Complete = false;
                    continue;
                }

                var value = resolver.Resolve(element);
                if (value is null)
                {
                    deployment.Complete = false;
                    continue;
                }

                args.Add(value.ToToken());
            }
        }
    }

    /// <summary><c>--gpus all|2|device=0,1</c> as container runtime arguments.</summary>
    private static void RuntimeGpus(InvocationExpressionSyntax call, ValueResolver resolver, CSharpDeployment deployment)
    {
        var values = call.ArgumentList.Arguments.SelectMany(a => CollectionElements(a.Expression) ?? new[] { a.Expression }).Select(e => resolver.Resolve(e)).ToList();
        for (var i = 0; i < values.Count; i++)
        {
            var text = values[i]?.Text;
            string? gpus = null;
            ResolvedValue? holder = null;
            if (text == "--gpus" && i + 1 < values.Count)
            {
                holder = values[i + 1];
                gpus = holder?.Text;
            }
            else if (text is not null && text.StartsWith("--gpus=", StringComparison.Ordinal))
            {
                holder = values[i];
                gpus = text.Substring("--gpus=".Length);
            }

            if (gpus is not null && GpuRequest.Count(gpus) is { } count)
            {
                deployment.GpuCount = count;
                deployment.GpuCountLocation = holder!.ToToken().Location;
                deployment.GpuDevices = GpuRequest.Devices(gpus);
            }
        }
    }

    private static void VisibleDevices(InvocationExpressionSyntax call, ValueResolver resolver, CSharpDeployment deployment)
    {
        var arguments = call.ArgumentList.Arguments;
        if (arguments.Count < 2 || resolver.Resolve(arguments[0].Expression)?.Text != "CUDA_VISIBLE_DEVICES")
        {
            return;
        }

        var value = resolver.Resolve(arguments[1].Expression);
        if (value is not null && GpuRequest.Devices("device=" + value.Text) is { } devices)
        {
            deployment.GpuDevices = devices;
            deployment.GpuCount ??= devices.Count;
            deployment.GpuCountLocation ??= value.ToToken().Location;
        }
    }

    /// <summary>The calls chained onto an invocation: <c>AddContainer(...).WithArgs(...).WithEnvironment(...)</c>.</summary>
    private static IEnumerable<InvocationExpressionSyntax> ChainedCalls(InvocationExpressionSyntax start)
    {
        SyntaxNode current = start;
        while (current.Parent is MemberAccessExpressionSyntax access && access.Expression == current && access.Parent is InvocationExpressionSyntax next)
        {
            yield return next;
            current = next;
        }
    }

    /// <summary>Calls made later through the local the builder was stored in: <c>var llm = builder.AddContainer(...); llm.WithArgs(...);</c>.</summary>
    private static IEnumerable<InvocationExpressionSyntax> CallsThroughVariable(InvocationExpressionSyntax start, ValueResolver resolver, CancellationToken cancellation)
    {
        var top = ChainedCalls(start).LastOrDefault() ?? start;
        if (top.Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
            || resolver.Model.GetDeclaredSymbol(declarator, cancellation) is not ILocalSymbol local)
        {
            yield break;
        }

        var scope = declarator.FirstAncestorOrSelf<BlockSyntax>() ?? (SyntaxNode?)declarator.FirstAncestorOrSelf<CompilationUnitSyntax>();
        foreach (var identifier in scope?.DescendantNodes().OfType<IdentifierNameSyntax>() ?? Enumerable.Empty<IdentifierNameSyntax>())
        {
            if (identifier.Identifier.ValueText == local.Name
                && identifier.Parent is MemberAccessExpressionSyntax access && access.Expression == identifier && access.Parent is InvocationExpressionSyntax call
                && SymbolEqualityComparer.Default.Equals(resolver.Model.GetSymbolInfo(identifier, cancellation).Symbol, local))
            {
                yield return call;
                foreach (var chained in ChainedCalls(call))
                {
                    yield return chained;
                }
            }
        }
    }

    /// <summary>The elements of an array, collection expression or collection initializer; null when the expression is none of these.</summary>
    internal static IReadOnlyList<ExpressionSyntax>? CollectionElements(ExpressionSyntax expression) => expression switch
    {
        ArrayCreationExpressionSyntax { Initializer: { } init } => init.Expressions,
        ImplicitArrayCreationExpressionSyntax array => array.Initializer.Expressions,
        InitializerExpressionSyntax init => init.Expressions,
        ObjectCreationExpressionSyntax { Initializer: { RawKind: (int)Microsoft.CodeAnalysis.CSharp.SyntaxKind.CollectionInitializerExpression } init } => init.Expressions,
        CollectionExpressionSyntax collection => collection.Elements.OfType<ExpressionElementSyntax>().Select(e => e.Expression).ToList(),
        _ => null,
    };

    internal static string? MethodName(InvocationExpressionSyntax invocation) => invocation.Expression switch
    {
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        GenericNameSyntax generic => generic.Identifier.ValueText,
        _ => null,
    };

    private static ExpressionSyntax? Argument(SeparatedSyntaxList<ArgumentSyntax> arguments, string name, int position)
    {
        var named = arguments.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == name);
        if (named is not null)
        {
            return named.Expression;
        }

        return position < arguments.Count && arguments[position].NameColon is null ? arguments[position].Expression : null;
    }
}
