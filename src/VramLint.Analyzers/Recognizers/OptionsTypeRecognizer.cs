using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using VramLint.Analyzers.Flow;
using VramLint.Core.Arguments;

namespace VramLint.Analyzers.Recognizers;

/// <summary>
/// Options types whose members are named like vLLM settings (<c>Model</c>, <c>TensorParallelSize</c>, <c>MaxModelLen</c>...),
/// matched without regard to case or underscores: the type's own defaults, in any file or partial part (<see cref="FromType"/>,
/// run as a symbol action), and object initializers, which override them. A model member and at least one other vLLM
/// member are required, so ordinary objects with a "Model" property are left alone.
/// </summary>
internal sealed class OptionsTypeRecognizer : IDeploymentRecognizer
{
    /// <summary>Normalized member name to vLLM flag.</summary>
    private static readonly Dictionary<string, string> Members = new(StringComparer.Ordinal)
    {
        ["model"] = "model",
        ["modelid"] = "model",
        ["modelname"] = "model",
        ["tensorparallelsize"] = "tensor-parallel-size",
        ["pipelineparallelsize"] = "pipeline-parallel-size",
        ["dataparallelsize"] = "data-parallel-size",
        ["maxmodellen"] = "max-model-len",
        ["maxmodellength"] = "max-model-len",
        ["maxnumseqs"] = "max-num-seqs",
        ["maxnumbatchedtokens"] = "max-num-batched-tokens",
        ["gpumemoryutilization"] = "gpu-memory-utilization",
        ["quantization"] = "quantization",
        ["kvcachedtype"] = "kv-cache-dtype",
        ["dtype"] = "dtype",
        ["enforceeager"] = "enforce-eager",
        ["cpuoffloadgb"] = "cpu-offload-gb",
        ["kvcachememorybytes"] = "kv-cache-memory-bytes",
    };

    public OperationKind[] Kinds { get; } = { OperationKind.ObjectCreation };

    /// <summary>The type's own defaults as a deployment, when they name a model and another vLLM setting.</summary>
    public static CSharpDeployment? FromType(INamedTypeSymbol type, CancellationToken cancellation)
    {
        if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct) || type.Locations.FirstOrDefault(l => l.IsInSource) is not { } anchor)
        {
            return null;
        }

        var defaults = Defaults(type, cancellation);
        return IsVllmOptions(defaults.Select(d => d.Flag)) ? Deployment(anchor, type.Name, defaults.Select(d => (d.Member, d.Value, d.Flag))) : null;
    }

    public IEnumerable<CSharpDeployment> Recognize(IOperation operation, ValueFlow flow)
    {
        var creation = (IObjectCreationOperation)operation;
        if (creation.Initializer is not { } initializer || creation.Type is not INamedTypeSymbol type)
        {
            return Array.Empty<CSharpDeployment>();
        }

        var written = new List<(Location, ResolvedValue, string)>();
        foreach (var assignment in initializer.Initializers.OfType<ISimpleAssignmentOperation>())
        {
            if (assignment.Target is IMemberReferenceOperation { Member: var member } target && Members.TryGetValue(Normalize(member.Name), out var flag))
            {
                written.Add((target.Syntax.GetLocation(), flow.Resolve(assignment.Value), flag));
            }
        }

        if (written.Count == 0)
        {
            return Array.Empty<CSharpDeployment>();
        }

        // The type's own defaults come first, so what the initializer writes wins.
        var defaults = Defaults(type, flow.Cancellation);
        var settings = defaults.Select(d => (d.Member, d.Value, d.Flag)).Concat(written).ToList();
        if (!IsVllmOptions(settings.Select(s => s.Item3)))
        {
            return Array.Empty<CSharpDeployment>();
        }

        var deployment = Deployment(creation.Syntax.GetLocation(), "options", settings);

        // When the defaults alone are a deployment, they are reported at the type; here only what the initializer changes.
        if (IsVllmOptions(defaults.Select(d => d.Flag)))
        {
            deployment.ReportWithin = creation.Syntax.Span;
        }

        return new[] { deployment };
    }

    /// <summary>Members named like vLLM settings that have initializers, read from their declarations (any file, any partial part).</summary>
    private static List<(Location Member, ResolvedValue Value, string Flag)> Defaults(INamedTypeSymbol type, CancellationToken cancellation)
    {
        var list = new List<(Location, ResolvedValue, string)>();
        foreach (var member in type.GetMembers())
        {
            if (member is not (IPropertySymbol or IFieldSymbol { IsImplicitlyDeclared: false }) || !Members.TryGetValue(Normalize(member.Name), out var flag)
                || MemberDefaults.InitializerSyntax(member, cancellation) is not { } initializer)
            {
                continue;
            }

            var read = MemberDefaults.Read(member, cancellation);
            var value = read is { } r
                ? ResolvedValue.Known(r.Value, r.Location, r.ContentOffset)
                : ResolvedValue.Unknown($"the initializer of {type.Name}.{member.Name}", initializer.GetLocation());
            list.Add((member.Locations.First(), value, flag));
        }

        return list;
    }

    private static CSharpDeployment Deployment(Location anchor, string name, IEnumerable<(Location Member, ResolvedValue Value, string Flag)> settings)
    {
        var deployment = new CSharpDeployment(anchor, name) { ImageEntrypoint = true };
        foreach (var (member, value, flag) in settings)
        {
            var flagToken = new ArgumentToken("--" + flag, new SourceLocation(new ValueOrigin(member, -1)));
            if (flag == "enforce-eager")
            {
                deployment.Words.Add(value.Text == "true" ? flagToken : new ArgumentToken("--no-enforce-eager", flagToken.Location));
                continue;
            }

            deployment.Words.Add(flagToken);
            deployment.Add(value);
        }

        return deployment;
    }

    /// <summary>A model and at least one other vLLM setting: an ordinary object with a Model property is not a deployment.</summary>
    private static bool IsVllmOptions(IEnumerable<string> flags)
    {
        var list = flags.ToList();
        return list.Contains("model") && list.Any(f => f != "model");
    }

    private static string Normalize(string name) => name.Replace("_", "").ToLowerInvariant();
}
