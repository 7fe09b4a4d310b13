using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using VramLint.Analyzers.Flow;
using VramLint.Core.Arguments;

namespace VramLint.Analyzers.Recognizers;

/// <summary>
/// Processes that launch vLLM: <c>new ProcessStartInfo(file, arguments)</c> with <c>FileName</c>/<c>Arguments</c>/
/// <c>ArgumentList = { ... }</c> initializers and later assignments and <c>ArgumentList.Add</c> calls (also from a foreach),
/// and <c>Process.Start(file, arguments)</c> with a string or a word list. One-string arguments are split by .NET's rules;
/// <c>sh -c</c> scripts inside them are left to Core, which splits them by shell rules. Covers <c>vllm serve</c>,
/// <c>python -m vllm.entrypoints...</c> and <c>docker run ... vllm/vllm-openai</c>.
/// </summary>
internal sealed class ProcessRecognizer : IDeploymentRecognizer
{
    public OperationKind[] Kinds { get; } = { OperationKind.ObjectCreation, OperationKind.Invocation };

    public IEnumerable<CSharpDeployment> Recognize(IOperation operation, ValueFlow flow)
    {
        var symbols = flow.Symbols;
        if (operation is IObjectCreationOperation creation && symbols.ProcessStartInfo is not null
            && SymbolEqualityComparer.Default.Equals(creation.Type, symbols.ProcessStartInfo))
        {
            var deployment = FromStartInfo(creation, flow);
            return deployment.LooksLikeVllm() ? new[] { deployment } : Array.Empty<CSharpDeployment>();
        }

        if (operation is IInvocationOperation { TargetMethod: { Name: "Start", IsStatic: true, Parameters.Length: 2 } start } invocation
            && SymbolEqualityComparer.Default.Equals(start.ContainingType, symbols.Process)
            && start.Parameters[0].Type.SpecialType == SpecialType.System_String)
        {
            var deployment = new CSharpDeployment(invocation.Syntax.GetLocation(), "process");
            deployment.Add(flow.Resolve(invocation.Arguments[0].Value));
            AddArguments(invocation.Arguments[1].Value, flow, deployment);
            return deployment.LooksLikeVllm() ? new[] { deployment } : Array.Empty<CSharpDeployment>();
        }

        return Array.Empty<CSharpDeployment>();
    }

    private static CSharpDeployment FromStartInfo(IObjectCreationOperation creation, ValueFlow flow)
    {
        var deployment = new CSharpDeployment(creation.Syntax.GetLocation(), "process");
        IOperation? fileName = creation.Arguments.Length >= 1 ? creation.Arguments[0].Value : null;
        IOperation? arguments = creation.Arguments.Length >= 2 ? creation.Arguments[1].Value : null;
        var listItems = new List<ResolvedValue>();

        foreach (var initializer in creation.Initializer?.Initializers ?? ImmutableArray<IOperation>.Empty)
        {
            switch (initializer)
            {
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "FileName" } } set:
                    fileName = set.Value;
                    break;
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "Arguments" } } set:
                    arguments = set.Value;
                    break;
                case IMemberInitializerOperation { InitializedMember: IPropertyReferenceOperation { Property.Name: "ArgumentList" }, Initializer: { } list }:
                    foreach (var add in list.Initializers.OfType<IInvocationOperation>())
                    {
                        listItems.AddRange(add.Arguments.SelectMany(a => flow.AddedValues(a.Value)));
                    }

                    break;
            }
        }

        // Later statements on the local: psi.FileName = ...; psi.Arguments = ...; psi.ArgumentList.Add(...) (also in a foreach).
        var local = creation.Parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            IConversionOperation { Parent: IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } } => declarator.Symbol,
            _ => null,
        };
        if (local is not null && flow.Index.Find(local) is { } facts)
        {
            foreach (var reference in facts.References)
            {
                switch (reference.Parent)
                {
                    case IPropertyReferenceOperation { Property.Name: "FileName", Parent: ISimpleAssignmentOperation set } target when set.Target == target:
                        fileName = set.Value;
                        break;
                    case IPropertyReferenceOperation { Property.Name: "Arguments", Parent: ISimpleAssignmentOperation set } target when set.Target == target:
                        arguments = set.Value;
                        break;
                    case IPropertyReferenceOperation { Property.Name: "ArgumentList", Parent: IInvocationOperation call } list when call.Instance == list && call.Arguments.Length == 1:
                        listItems.AddRange(call.TargetMethod.Name == "Add"
                            ? flow.AddedValues(call.Arguments[0].Value)
                            : flow.Values(call.Arguments[0].Value));
                        break;
                }
            }
        }

        deployment.Add(fileName is null ? ResolvedValue.Unknown("a FileName that is never set", creation.Syntax.GetLocation()) : flow.Resolve(fileName));
        if (arguments is not null)
        {
            AddArguments(arguments, flow, deployment);
        }

        deployment.AddRange(listItems);
        return deployment;
    }

    /// <summary>A word list is one word per element; one string is split as .NET splits <c>ProcessStartInfo.Arguments</c>.</summary>
    private static void AddArguments(IOperation arguments, ValueFlow flow, CSharpDeployment deployment)
    {
        if (ValueFlow.Unwrap(arguments).Type?.SpecialType == SpecialType.System_String)
        {
            deployment.Words.AddRange(flow.CommandLineWords(arguments, DotNetArguments.Split));
            return;
        }

        deployment.AddRange(flow.Values(arguments));
    }
}
