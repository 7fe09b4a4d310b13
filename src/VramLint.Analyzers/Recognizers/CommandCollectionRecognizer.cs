using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using VramLint.Analyzers.Flow;

namespace VramLint.Analyzers.Recognizers;

/// <summary>
/// String collections that are a vLLM command on their own, wherever they go: arrays, collection expressions and list
/// initializers whose words start a <c>vllm serve</c>, <c>python -m vllm.entrypoints...</c>, <c>docker run ...</c> or
/// <c>sh -c</c> command, with the words added to their local later. Collections that reach what the other recognizers
/// read (Process.Start, ProcessStartInfo, WithArgs, WithCommand, ArgumentList, a container spec) are left to them.
/// </summary>
internal sealed class CommandCollectionRecognizer : IDeploymentRecognizer
{
    /// <summary>Methods and members that hand a collection to a recognizer that reads it.</summary>
    private static readonly HashSet<string> Sinks = new(StringComparer.Ordinal)
    {
        "Start", "WithArgs", "WithCommand", "WithEntrypoint", "WithContainerRuntimeArgs", "AddRange", "Add",
        "Arguments", "ArgumentList", "Args", "Cmd", "Command", "Entrypoint",
    };

    public OperationKind[] Kinds { get; } = { OperationKind.ArrayCreation, OperationKind.ObjectCreation, OperationKind.None };

    public IEnumerable<CSharpDeployment> Recognize(IOperation operation, ValueFlow flow)
    {
        if (operation.Kind == OperationKind.None && operation.Syntax is not CollectionExpressionSyntax)
        {
            return Array.Empty<CSharpDeployment>();
        }

        // Cheap first: the first two words must start a command before anything else is resolved.
        if (operation.IsImplicit || FirstTwo(operation) is not { } head || !StartsCommand(flow.Resolve(head.First).Text, flow.Resolve(head.Second).Text)
            || ReachesSink(operation, flow))
        {
            return Array.Empty<CSharpDeployment>();
        }

        // The collection as it stands at its last use: through its local when it is stored in one.
        var values = flow.Elements(operation);
        if (values is not { Count: >= 2 } || !StartsCommand(values[0].Text, values[1].Text))
        {
            return Array.Empty<CSharpDeployment>();
        }

        if (Holder(operation) is { } local && flow.Index.Find(local) is { Writes: 0 } facts && facts.References.LastOrDefault() is { } last
            && flow.Elements(last) is { Count: >= 2 } grown)
        {
            values = grown;
        }

        var deployment = new CSharpDeployment(operation.Syntax.GetLocation(), "command");
        deployment.AddRange(values);
        return deployment.LooksLikeVllm() ? new[] { deployment } : Array.Empty<CSharpDeployment>();
    }

    /// <summary>The first two elements of an array initializer, list initializer or collection expression.</summary>
    private static (IOperation First, IOperation Second)? FirstTwo(IOperation operation)
    {
        switch (operation)
        {
            case IArrayCreationOperation { Initializer.ElementValues: { Length: >= 2 } values }:
                return (values[0], values[1]);
            case IObjectCreationOperation { Initializer.Initializers: { Length: >= 2 } adds }
                when adds[0] is IInvocationOperation { Arguments.Length: 1 } a && adds[1] is IInvocationOperation { Arguments.Length: 1 } b:
                return (a.Arguments[0].Value, b.Arguments[0].Value);
            case { Syntax: CollectionExpressionSyntax { Elements: { Count: >= 2 } elements }, SemanticModel: { } model }
                when elements[0] is ExpressionElementSyntax x && elements[1] is ExpressionElementSyntax y
                && model.GetOperation(x.Expression) is { } first && model.GetOperation(y.Expression) is { } second:
                return (first, second);
            default:
                return null;
        }
    }

    private static bool StartsCommand(string? first, string? second)
    {
        var program = first is null ? "" : first.Substring(first.LastIndexOf('/') + 1);
        return (program == "vllm" && second == "serve")
            || (program.StartsWith("python", StringComparison.Ordinal) && second == "-m")
            || (program is "docker" or "podman" && second == "run")
            || (program is "sh" or "bash" && second is "-c" or "-lc");
    }

    /// <summary>The local a collection initializes, if any.</summary>
    private static ILocalSymbol? Holder(IOperation operation)
    {
        var parent = operation.Parent;
        while (parent is IConversionOperation)
        {
            parent = parent.Parent;
        }

        return parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } ? declarator.Symbol : null;
    }

    /// <summary>True when the collection, or the local holding it, is passed to something another recognizer reads.</summary>
    private static bool ReachesSink(IOperation operation, ValueFlow flow)
    {
        if (IsSinkUse(operation))
        {
            return true;
        }

        return Holder(operation) is { } local && flow.Index.Find(local) is { } facts && facts.References.Any(IsSinkUse);
    }

    private static bool IsSinkUse(IOperation use)
    {
        var current = use;
        var asArgument = false;
        while (current.Parent is IConversionOperation or IArgumentOperation)
        {
            asArgument |= current.Parent is IArgumentOperation;
            current = current.Parent;
        }

        return current.Parent switch
        {
            // string.Join hands the words on: it is a sink only when its result goes to one.
            IInvocationOperation { TargetMethod.Name: "Join" } join when asArgument => IsSinkUse(join),
            IInvocationOperation call when asArgument => Sinks.Contains(call.TargetMethod.Name),
            IObjectCreationOperation creation => creation.Type?.Name is "ProcessStartInfo",
            ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } => Sinks.Contains(property.Property.Name),
            IMemberInitializerOperation => true,
            IForEachLoopOperation loop => loop.Body.Descendants().OfType<IPropertyReferenceOperation>().Any(p => p.Property.Name == "ArgumentList"),
            _ => false,
        };
    }
}
