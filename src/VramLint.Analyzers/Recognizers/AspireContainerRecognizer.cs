using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using VramLint.Analyzers.Flow;
using VramLint.Core.Arguments;

namespace VramLint.Analyzers.Recognizers;

/// <summary>
/// Aspire AppHosts: <c>AddContainer(name, image[, tag])</c> with a vLLM image (or a custom image whose arguments are
/// plainly vLLM's), hosting integrations known only from metadata (<c>AddVLLM("vllm").WithModel(...)</c>), and source
/// wrappers several calls deep that make one; then the calls on its resource builder, chained or through a local:
/// <c>WithArgs</c>, <c>WithEntrypoint</c>, <c>WithContainerRuntimeArgs("--gpus", ...)</c>,
/// <c>WithEnvironment("CUDA_VISIBLE_DEVICES", ...)</c>, and source extension methods that make those calls.
/// </summary>
internal sealed class AspireContainerRecognizer : IDeploymentRecognizer
{
    private static readonly HashSet<string> BuilderCalls = new(StringComparer.Ordinal) { "WithArgs", "WithEntrypoint", "WithContainerRuntimeArgs", "WithEnvironment", "WithImage", "WithImageTag" };

    /// <summary>Flags only vLLM takes: with a model, they make a custom image's arguments plainly vLLM's.</summary>
    public OperationKind[] Kinds { get; } = { OperationKind.Invocation };

    public IEnumerable<CSharpDeployment> Recognize(IOperation operation, ValueFlow flow)
    {
        var invocation = (IInvocationOperation)operation;
        var method = invocation.TargetMethod;
        if (!IsCandidate(method, flow.Symbols) || InsideWrapper(invocation, flow))
        {
            return Array.Empty<CSharpDeployment>();
        }

        if (FindContainer(invocation, flow) is not { } container)
        {
            return Array.Empty<CSharpDeployment>();
        }

        container.Calls.AddRange(BuilderChain.CallsAfter(invocation, flow).Select(c => (c, flow)));
        var deployment = Build(invocation, container);

        // The image and its tag (AddContainer's tag argument, or WithImageTag) tell Core which vLLM release runs.
        var tag = deployment.Image ?? (method.Name == "AddContainer" ? flow.Resolve(Argument(invocation, "tag")).Text : null);
        deployment.Image = container.Image.Text is not { } image ? null : tag is null ? image : image + ":" + tag;
        return IsVllm(container, deployment) ? new[] { deployment } : Array.Empty<CSharpDeployment>();
    }

    private static bool IsCandidate(IMethodSymbol method, KnownSymbols symbols) =>
        method.Name == "AddContainer" ? SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.ContainerExtensions) : symbols.IsResourceBuilder(method.ReturnType) && method.Name.StartsWith("Add", StringComparison.Ordinal);

    /// <summary>The container an invocation makes: AddContainer itself, a metadata vLLM integration, or a source wrapper that returns one.</summary>
    private static Container? FindContainer(IInvocationOperation invocation, ValueFlow flow)
    {
        var method = invocation.TargetMethod;
        if (method.Name == "AddContainer")
        {
            return new Container(flow.Resolve(Argument(invocation, "image")), flow.Resolve(Argument(invocation, "name")), Hosting: false);
        }

        var source = (method.ReducedFrom ?? method).OriginalDefinition.DeclaringSyntaxReferences;
        if (source.IsEmpty)
        {
            // A hosting integration known from metadata only: its name says vLLM, its image is vLLM's.
            return method.Name.Equals("AddVLLM", StringComparison.OrdinalIgnoreCase)
                ? new Container(ResolvedValue.Known("vllm/vllm-openai", invocation.Syntax.GetLocation(), -1), flow.Resolve(Argument(invocation, "name")), Hosting: true)
                : null;
        }

        if (ValueFlow.BodyOf(method, invocation, flow.Cancellation) is not { } body)
        {
            // A wrapper in another file is read there, not bound from here; say so when it plainly makes a vLLM container.
            var declaration = source[0].GetSyntax(flow.Cancellation);
            return TextScan.ContainsAny(declaration.SyntaxTree.GetText(flow.Cancellation), declaration.Span, new[] { "vllm" }, ignoreCase: true, flow.Cancellation)
                ? new Container(ResolvedValue.Unknown($"{method.Name}(), declared in {System.IO.Path.GetFileName(declaration.SyntaxTree.FilePath)} (wrappers in other files are not followed)", invocation.Syntax.GetLocation()), ResolvedValue.Unknown(method.Name, Location.None), Hosting: true)
                : null;
        }

        if (flow.Into(invocation, method, body) is not { } inner)
        {
            return null;
        }

        foreach (var call in body.DescendantsAndSelf().OfType<IInvocationOperation>())
        {
            if (IsCandidate(call.TargetMethod, flow.Symbols) && !SymbolEqualityComparer.Default.Equals(call.TargetMethod, method)
                && FindContainer(call, inner) is { } made && (made.Hosting || !made.Image.IsKnown || VllmImage.IsVllm(made.Image.Text)))
            {
                made.Calls.AddRange(BuilderChain.CallsAfter(call, inner).Select(c => (c, inner)));
                return made;
            }
        }

        return null;
    }

    private static CSharpDeployment Build(IInvocationOperation anchor, Container container)
    {
        var deployment = new CSharpDeployment(anchor.Syntax.GetLocation(), $"container '{container.Name.Text ?? "vllm"}'") { ImageEntrypoint = true };
        if (!container.Image.IsKnown)
        {
            deployment.OtherUnresolved.Add(container.Image);
        }

        ResolvedValue? entrypoint = null;
        var args = new List<ResolvedValue>();
        foreach (var (call, flow) in Expand(container.Calls))
        {
            var arguments = call.Arguments.Skip(call.TargetMethod.IsExtensionMethod ? 1 : 0).ToList();
            switch (call.TargetMethod.Name)
            {
                case "WithArgs":
                    foreach (var argument in arguments)
                    {
                        args.AddRange(ValueFlow.Unwrap(argument.Value) is IDelegateCreationOperation or IAnonymousFunctionOperation
                            ? new[] { ResolvedValue.Unknown("a WithArgs callback that runs when the container starts", argument.Syntax.GetLocation()) }
                            : flow.Values(argument.Value));
                    }

                    break;
                case "WithModel" when arguments.Count >= 1:
                    args.Add(ResolvedValue.Known("--model", call.Syntax.GetLocation(), -1));
                    args.Add(flow.Resolve(arguments[0].Value));
                    break;
                case "WithImageTag" when arguments.Count >= 1:
                    // Held as the tag until the image is known (see Recognize).
                    deployment.Image = flow.Resolve(arguments[0].Value).Text;
                    break;
                case "WithEntrypoint" when arguments.Count >= 1:
                    entrypoint = flow.Resolve(arguments[0].Value);
                    break;
                case "WithContainerRuntimeArgs":
                    RuntimeGpus(arguments.SelectMany(a => flow.Values(a.Value)).ToList(), deployment);
                    break;
                case "WithEnvironment" when arguments.Count >= 2 && flow.Resolve(arguments[0].Value).Text == "CUDA_VISIBLE_DEVICES":
                    deployment.PinVisibleDevices(flow.Resolve(arguments[1].Value).Text);
                    break;
            }
        }

        deployment.Command(entrypoint, args);
        return deployment;
    }

    /// <summary>Builder calls as written, and those made inside source extension methods called on the builder (e.g. a <c>WithModel</c> of this file).</summary>
    private static IEnumerable<(IInvocationOperation Call, ValueFlow Flow)> Expand(IEnumerable<(IInvocationOperation Call, ValueFlow Flow)> calls)
    {
        foreach (var (call, flow) in calls)
        {
            var method = call.TargetMethod;
            if (BuilderCalls.Contains(method.Name) || (method.Name == "WithModel" && (method.ReducedFrom ?? method).DeclaringSyntaxReferences.IsEmpty))
            {
                yield return (call, flow);
            }
            else if (ValueFlow.BodyOf(method, call, flow.Cancellation) is { } body && flow.Into(call, method, body) is { } inner)
            {
                var innerCalls = body.DescendantsAndSelf().OfType<IInvocationOperation>().Where(i => BuilderCalls.Contains(i.TargetMethod.Name) || i.TargetMethod.Name == "WithModel").Select(i => (i, inner));
                foreach (var expanded in Expand(innerCalls))
                {
                    yield return expanded;
                }
            }
        }
    }

    /// <summary>A vLLM integration, or an image that runs vLLM by Core's one test (its name, or arguments that are plainly vLLM's).</summary>
    private static bool IsVllm(Container container, CSharpDeployment deployment) =>
        container.Hosting || VllmImage.RunsVllm(container.Image.IsKnown ? container.Image.Text : container.Image.Origin.Unresolved, deployment.Words);

    /// <summary>True inside a method that hands a resource builder back: its callers are the deployments.</summary>
    private static bool InsideWrapper(IOperation operation, ValueFlow flow)
    {
        if (flow.Depth > 0 || operation.SemanticModel is not { } model)
        {
            return false;
        }

        var declaration = operation.Syntax.FirstAncestorOrSelf<SyntaxNode>(n => n is MethodDeclarationSyntax or LocalFunctionStatementSyntax);
        return declaration is not null && model.GetDeclaredSymbol(declaration, flow.Cancellation) is IMethodSymbol containing && flow.Symbols.IsResourceBuilder(containing.ReturnType);
    }

    /// <summary><c>--gpus all|2|device=0,1</c> as container runtime arguments.</summary>
    private static void RuntimeGpus(IReadOnlyList<ResolvedValue> values, CSharpDeployment deployment)
    {
        for (var i = 0; i < values.Count; i++)
        {
            var text = values[i].Text;
            string? gpus = null;
            ResolvedValue? holder = null;
            if (text == "--gpus" && i + 1 < values.Count)
            {
                holder = values[i + 1];
                gpus = holder.Text;
            }
            else if (text is not null && text.StartsWith("--gpus=", StringComparison.Ordinal))
            {
                holder = values[i];
                gpus = text.Substring("--gpus=".Length);
            }

            if (gpus is not null)
            {
                deployment.RequestGpus(gpus, holder!.ToToken().Location, holder.Origin, "--gpus");
            }
        }
    }

    private static IOperation? Argument(IInvocationOperation invocation, string name) =>
        invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == name && a.ArgumentKind != ArgumentKind.DefaultValue)?.Value;

    /// <summary>A container a call makes; <paramref name="Hosting"/> when it is known to be vLLM whatever its image says (an integration, a wrapper that names vLLM).</summary>
    private sealed record Container(ResolvedValue Image, ResolvedValue Name, bool Hosting)
    {
        public List<(IInvocationOperation Call, ValueFlow Flow)> Calls { get; } = new();
    }
}
