using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using VramLint.Analyzers.Flow;

namespace VramLint.Analyzers.Recognizers;

/// <summary>
/// Finds one shape of vLLM deployment in C#. The analyzer calls it for each operation of the kinds it names; it checks
/// the method or type name first (free), then the symbol, and returns nothing for what it cannot read.
/// </summary>
internal interface IDeploymentRecognizer
{
    /// <summary>The operation kinds it reads (a plain array: generic collections over an enum cost the compiler process JIT work).</summary>
    OperationKind[] Kinds { get; }

    IEnumerable<CSharpDeployment> Recognize(IOperation operation, ValueFlow flow);
}
