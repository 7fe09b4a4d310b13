using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using VramLint.Analyzers.Flow;

namespace VramLint.Analyzers.Recognizers;

/// <summary>
/// The calls made on a fluent builder after the call that creates it: chained (<c>.WithArgs(...).WithEnvironment(...)</c>,
/// extension or instance methods), and later through the local it is stored in (<c>var llm = ...; llm.WithArgs(...)</c>,
/// <c>llm = llm.WithX(...)</c>).
/// </summary>
internal static class BuilderChain
{
    public static List<IInvocationOperation> CallsAfter(IOperation start, ValueFlow flow)
    {
        var calls = new List<IInvocationOperation>();
        var top = Walk(start, calls);
        var local = top.Parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } => target.Local,
            _ => null,
        };

        if (local is not null && flow.Index.Find(local) is { } facts)
        {
            foreach (var reference in facts.References)
            {
                if (Next(reference) is not null)
                {
                    Walk(reference, calls);
                }
            }
        }

        return calls;
    }

    /// <summary>The invocation an operation is the receiver of: its instance, or the first argument of an extension call.</summary>
    public static IInvocationOperation? Next(IOperation operation)
    {
        var parent = operation.Parent;
        while (parent is IConversionOperation)
        {
            operation = parent;
            parent = parent.Parent;
        }

        return parent switch
        {
            IInvocationOperation instanceCall when instanceCall.Instance == operation => instanceCall,
            IArgumentOperation { Parent: IInvocationOperation extensionCall } argument
                when extensionCall.TargetMethod.IsExtensionMethod && extensionCall.Arguments.Length > 0 && extensionCall.Arguments[0] == argument => extensionCall,
            _ => null,
        };
    }

    /// <summary>The receiver of a fluent call: the inverse of <see cref="Next"/>.</summary>
    public static IOperation? Receiver(IInvocationOperation call) =>
        call.Instance ?? (call.TargetMethod.IsExtensionMethod && call.Arguments.Length > 0 ? ValueFlow.Unwrap(call.Arguments[0].Value) : null);

    private static IOperation Walk(IOperation start, List<IInvocationOperation> calls)
    {
        var current = start;
        while (Next(current) is { } next)
        {
            calls.Add(next);
            current = next;
        }

        while (current.Parent is IConversionOperation conversion)
        {
            current = conversion;
        }

        return current;
    }
}
