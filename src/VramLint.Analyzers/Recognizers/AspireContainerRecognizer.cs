using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using VramLint.Core.Arguments;

namespace VramLint.Analyzers.Recognizers;

/// <summary>
/// Aspire AppHosts: <c>AddContainer(name, image[, tag])</c> with a vLLM image, and the calls on its resource builder,
/// chained or later through a variable: <c>WithArgs</c>, <c>WithEntrypoint</c>, <c>WithContainerRuntimeArgs("--gpus", ...)</c>, <c>WithImageTag</c>,
/// <c>WithEnvironment("CUDA_VISIBLE_DEVICES", ...)</c>.
/// </summary>
internal static class AspireContainerRecognizer
{
    /// <summary>The resource-builder methods whose arguments describe the container.</summary>
    private static readonly HashSet<string> BuilderCalls = new(StringComparer.Ordinal) { "WithArgs", "WithEntrypoint", "WithContainerRuntimeArgs", "WithEnvironment", "WithImageTag" };

    public static IEnumerable<CSharpDeployment> Find(SyntaxNode root, ValueResolver resolver, CancellationToken cancellation)
    {
        foreach (var invocation in root.DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            cancellation.ThrowIfCancellationRequested();
            if (resolver.Model.GetSymbolInfo(invocation, cancellation).Symbol is not IMethodSymbol method)
            {
                continue;
            }

            // Direct: AddContainer(name, "vllm/...") outside a wrapper; wrapped: a call to a source method that makes one.
            List<(InvocationExpressionSyntax Call, ValueResolver Resolver)> calls;
            string? name;
            if (MethodName(invocation) == "AddContainer" && !IsInsideWrapper(invocation))
            {
                if (!IsVllmContainer(invocation, resolver, out name))
                {
                    continue;
                }

                calls = new();
            }
            else if (Wrapped(invocation, method, resolver, cancellation) is { } inner)
            {
                name = inner.Name;
                calls = inner.Calls;
            }
            else
            {
                continue;
            }

            calls.AddRange(ChainedCalls(invocation).Concat(CallsThroughVariable(invocation, resolver, cancellation)).Select(c => (c, resolver)));
            var deployment = Build(invocation, name ?? "vllm", Expand(calls, cancellation, depth: 0));
            if (MethodName(invocation) == "AddContainer")
            {
                // The image and its tag (AddContainer's third argument, or WithImageTag) tell Core which vLLM release runs.
                var arguments = invocation.ArgumentList.Arguments;
                var image = resolver.Resolve(Argument(arguments, "image", 1))?.Text;
                var tag = deployment.Image ?? resolver.Resolve(Argument(arguments, "tag", 2))?.Text;
                deployment.Image = image is null ? null : tag is null ? image : image + ":" + tag;
            }

            yield return deployment;
        }
    }

    private static CSharpDeployment Build(InvocationExpressionSyntax anchor, string name, IEnumerable<(InvocationExpressionSyntax Call, ValueResolver Resolver)> calls)
    {
        var deployment = new CSharpDeployment(anchor.GetLocation(), $"container '{name}'") { ImageEntrypoint = true };
        ArgumentToken? entrypoint = null;
        var args = new List<ArgumentToken>();
        foreach (var (call, resolver) in calls)
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
                case "WithImageTag":
                    // Held as the tag until the image is known (see the caller).
                    deployment.Image = resolver.Resolve(call.ArgumentList.Arguments.FirstOrDefault()?.Expression)?.Text;
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
        return deployment;
    }

    private static bool IsVllmContainer(InvocationExpressionSyntax addContainer, ValueResolver resolver, out string? name)
    {
        var arguments = addContainer.ArgumentList.Arguments;
        name = null;
        if (arguments.Count < 2)
        {
            return false;
        }

        var image = resolver.Resolve(Argument(arguments, "image", 1));
        name = resolver.Resolve(Argument(arguments, "name", 0))?.Text;
        return image is not null && image.Text.IndexOf("vllm", StringComparison.OrdinalIgnoreCase) >= 0;
    }

    /// <summary>
    /// A call to a method of this compilation that returns the builder of a vLLM container (e.g. <c>AddVLLM(...)</c>):
    /// the container's name and the calls made on it inside the method, the method's parameters bound to this call's arguments.
    /// </summary>
    private static (string? Name, List<(InvocationExpressionSyntax, ValueResolver)> Calls)? Wrapped(InvocationExpressionSyntax invocation, IMethodSymbol method, ValueResolver resolver, CancellationToken cancellation)
    {
        if (Body(method, cancellation) is not { } body || resolver.Into(invocation, method, body) is not { } inner)
        {
            return null;
        }

        foreach (var add in body.DescendantNodes().OfType<InvocationExpressionSyntax>().Where(i => MethodName(i) == "AddContainer"))
        {
            if (IsVllmContainer(add, inner, out var name))
            {
                return (name, ChainedCalls(add).Select(c => (c, inner)).ToList());
            }
        }

        return null;
    }

    /// <summary>Builder calls as written, and those made inside source methods called on the builder (e.g. <c>.WithModel(...)</c>).</summary>
    private static IEnumerable<(InvocationExpressionSyntax Call, ValueResolver Resolver)> Expand(IEnumerable<(InvocationExpressionSyntax Call, ValueResolver Resolver)> calls, CancellationToken cancellation, int depth)
    {
        foreach (var (call, resolver) in calls)
        {
            if (BuilderCalls.Contains(MethodName(call) ?? ""))
            {
                yield return (call, resolver);
            }
            else if (depth < 2 && resolver.Model.GetSymbolInfo(call, cancellation).Symbol is IMethodSymbol method
                && Body(method, cancellation) is { } body && resolver.Into(call, method, body) is { } inner)
            {
                var innerCalls = body.DescendantNodes().OfType<InvocationExpressionSyntax>().Where(i => BuilderCalls.Contains(MethodName(i) ?? "")).Select(i => (i, inner));
                foreach (var expanded in Expand(innerCalls, cancellation, depth + 1))
                {
                    yield return expanded;
                }
            }
        }
    }

    /// <summary>The body of a method declared in source; null for metadata methods.</summary>
    private static SyntaxNode? Body(IMethodSymbol method, CancellationToken cancellation)
    {
        var declaration = (method.ReducedFrom ?? method).DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellation);
        return declaration switch
        {
            MethodDeclarationSyntax m => (SyntaxNode?)m.Body ?? m.ExpressionBody,
            LocalFunctionStatementSyntax f => (SyntaxNode?)f.Body ?? f.ExpressionBody,
            _ => null,
        };
    }

    /// <summary>True inside a method that hands its container builder back: its callers are the deployments.</summary>
    private static bool IsInsideWrapper(InvocationExpressionSyntax addContainer) =>
        addContainer.FirstAncestorOrSelf<MethodDeclarationSyntax>() is { } method
        && (method.ExpressionBody is not null || method.Body?.DescendantNodes().OfType<ReturnStatementSyntax>().Any(r => r.Expression is not null) == true)
        && method.ReturnType is not PredefinedTypeSyntax;

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
                deployment.GpuDevices = GpuRequest.Devices(gpus);

                // Only a count ("--gpus 2") can be rewritten by a fix; a device list cannot be grown by a number.
                deployment.GpuCountLocation = deployment.GpuDevices is null ? holder!.ToToken().Location : null;
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
