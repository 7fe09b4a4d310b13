using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using VramLint.Core.Arguments;

namespace VramLint.Analyzers.Recognizers;

/// <summary>
/// Options types whose members are named like vLLM settings (<c>Model</c>, <c>TensorParallelSize</c>, <c>MaxModelLen</c>...),
/// matched without regard to case or underscores, in object initializers. A model member and at least one other vLLM
/// member are required, so ordinary objects with a "Model" property are left alone.
/// </summary>
internal static class OptionsTypeRecognizer
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

    public static IEnumerable<CSharpDeployment> Find(SyntaxNode root, ValueResolver resolver, CancellationToken cancellation)
    {
        foreach (var initializer in root.DescendantNodes().OfType<InitializerExpressionSyntax>())
        {
            cancellation.ThrowIfCancellationRequested();
            if (initializer.Parent is not BaseObjectCreationExpressionSyntax creation)
            {
                continue;
            }

            var settings = initializer.Expressions.OfType<AssignmentExpressionSyntax>()
                .Select(a => (Assignment: a, Flag: (a.Left as IdentifierNameSyntax) is { } name && Members.TryGetValue(Normalize(name.Identifier.ValueText), out var flag) ? flag : null))
                .Where(x => x.Flag is not null)
                .ToList();
            if (!settings.Any(s => s.Flag == "model") || settings.Count < 2)
            {
                continue;
            }

            var deployment = new CSharpDeployment(creation.GetLocation(), "options") { ImageEntrypoint = true };
            foreach (var (assignment, flag) in settings)
            {
                var value = resolver.Resolve(assignment.Right);
                if (value is null)
                {
                    deployment.Complete = false;
                    continue;
                }

                var flagToken = new ArgumentToken("--" + flag, new SourceLocation(new ValueOrigin(assignment.Left.GetLocation(), -1)));
                if (flag == "enforce-eager")
                {
                    deployment.Words.Add(value.Text == "true" ? flagToken : new ArgumentToken("--no-enforce-eager", flagToken.Location));
                    continue;
                }

                deployment.Words.Add(flagToken);
                deployment.Words.Add(value.ToToken());
            }

            yield return deployment;
        }
    }

    private static string Normalize(string name) => name.Replace("_", "").ToLowerInvariant();
}
