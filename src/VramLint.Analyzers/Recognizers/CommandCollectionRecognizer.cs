using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace VramLint.Analyzers.Recognizers;

/// <summary>
/// String collections that are a vLLM command on their own, wherever they are passed: arrays, collection expressions and
/// list initializers whose words start a <c>vllm serve</c>, <c>python -m vllm.entrypoints...</c> or
/// <c>docker run ... vllm/vllm-openai</c> command. Collections the other recognizers read (WithArgs, Process.Start,
/// ArgumentList, container specs) are left to them.
/// </summary>
internal static class CommandCollectionRecognizer
{
    public static IEnumerable<CSharpDeployment> Find(SyntaxNode root, ValueResolver resolver, CancellationToken cancellation)
    {
        foreach (var node in root.DescendantNodes().OfType<ExpressionSyntax>())
        {
            cancellation.ThrowIfCancellationRequested();
            if (AspireContainerRecognizer.CollectionElements(node) is not { Count: >= 2 } elements || node.Parent is InitializerExpressionSyntax || ReadElsewhere(node))
            {
                continue;
            }

            var values = elements.Select(e => resolver.Resolve(e)).ToList();
            var first = values[0]?.Text;
            if (!StartsCommand(first, values.Count > 1 ? values[1]?.Text : null))
            {
                continue;
            }

            var deployment = new CSharpDeployment(node.GetLocation(), "command") { Complete = values.All(v => v is not null) };
            deployment.Words.AddRange(values.Where(v => v is not null).Select(v => v!.ToToken()));
            yield return deployment;
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

    /// <summary>True when another recognizer reads this collection: an argument of a call, or a member of an initializer.</summary>
    private static bool ReadElsewhere(SyntaxNode node) =>
        node.Parent is ArgumentSyntax or AssignmentExpressionSyntax { Parent: InitializerExpressionSyntax };
}
