using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace VramLint.Analyzers.Flow;

/// <summary>
/// What one operation block says about its locals, gathered in a single walk the first time a recognizer asks:
/// each local's initializer, whether it is written again, every reference in source order, and the foreach loop that
/// declares it. Recognizers look locals up here instead of rescanning the scope for each one.
/// </summary>
internal sealed class BlockIndex
{
    private readonly IReadOnlyList<IOperation> roots;
    private Dictionary<ILocalSymbol, LocalFacts>? locals;

    public BlockIndex(IReadOnlyList<IOperation> roots)
    {
        this.roots = roots;
    }

    public LocalFacts? Find(ILocalSymbol local)
    {
        locals ??= Build();
        return locals.TryGetValue(local, out var facts) ? facts : null;
    }

    private Dictionary<ILocalSymbol, LocalFacts> Build()
    {
        var map = new Dictionary<ILocalSymbol, LocalFacts>(SymbolEqualityComparer.Default);
        LocalFacts Facts(ILocalSymbol local)
        {
            if (!map.TryGetValue(local, out var facts))
            {
                map[local] = facts = new LocalFacts();
            }

            return facts;
        }

        foreach (var root in roots)
        {
            foreach (var operation in root.DescendantsAndSelf())
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation declarator:
                        var initializer = declarator.Initializer ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer;
                        if (initializer is not null)
                        {
                            Facts(declarator.Symbol).Initializer = initializer.Value;
                        }

                        break;
                    case ILocalReferenceOperation reference:
                        var facts = Facts(reference.Local);
                        facts.References.Add(reference);
                        if (IsWrite(reference))
                        {
                            facts.Writes++;
                        }

                        break;
                    case IForEachLoopOperation loop:
                        foreach (var local in loop.Locals)
                        {
                            Facts(local).Loop = loop;
                        }

                        break;
                }
            }
        }

        return map;
    }

    /// <summary>An assignment, increment, or ref/out argument that changes the local after its declaration.</summary>
    private static bool IsWrite(ILocalReferenceOperation reference) => reference.Parent switch
    {
        IAssignmentOperation assignment => assignment.Target == reference || assignment is IDeconstructionAssignmentOperation,
        IIncrementOrDecrementOperation => true,
        IArgumentOperation argument => argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out,
        ITupleOperation { Parent: IDeconstructionAssignmentOperation } => true,
        _ => reference.IsDeclaration,
    };
}

/// <summary>What a block says about one local.</summary>
internal sealed class LocalFacts
{
    public IOperation? Initializer { get; set; }

    public int Writes { get; set; }

    public List<ILocalReferenceOperation> References { get; } = new();

    /// <summary>The foreach loop whose iteration variable this is.</summary>
    public IForEachLoopOperation? Loop { get; set; }
}
