using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using VramLint.Core.Arguments;

namespace VramLint.Analyzers.Recognizers;

/// <summary>
/// Argument collections that form a vLLM command where they go: container specs built in C#, such as KubernetesClient's
/// <c>new V1Container { Image = "vllm/vllm-openai", Command = ..., Args = ..., Resources = ... }</c> (GPU count from
/// <c>Limits["nvidia.com/gpu"]</c>) and Docker.DotNet's <c>new CreateContainerParameters { Image = ..., Cmd = ... }</c>.
/// </summary>
internal static class ContainerSpecRecognizer
{
    public static IEnumerable<CSharpDeployment> Find(SyntaxNode root, ValueResolver resolver, CancellationToken cancellation)
    {
        foreach (var creation in root.DescendantNodes().OfType<BaseObjectCreationExpressionSyntax>())
        {
            cancellation.ThrowIfCancellationRequested();
            if (creation.Initializer is not { } initializer || !initializer.IsKind(SyntaxKind.ObjectInitializerExpression))
            {
                continue;
            }

            var members = initializer.Expressions.OfType<AssignmentExpressionSyntax>()
                .Where(a => a.Left is IdentifierNameSyntax)
                .ToDictionary(a => ((IdentifierNameSyntax)a.Left).Identifier.ValueText, a => a.Right, StringComparer.Ordinal);
            if (!members.TryGetValue("Image", out var imageExpression) || !(members.ContainsKey("Args") || members.ContainsKey("Command") || members.ContainsKey("Cmd")))
            {
                continue;
            }

            var image = resolver.Resolve(imageExpression);
            var deployment = new CSharpDeployment(creation.GetLocation(), $"container '{image?.Text ?? "?"}'");
            var command = members.TryGetValue("Command", out var c) ? c : null;
            foreach (var part in new[] { command, members.TryGetValue("Args", out var a) ? a : null, members.TryGetValue("Cmd", out var cmd) ? cmd : null })
            {
                if (part is null)
                {
                    continue;
                }

                if (AspireContainerRecognizer.CollectionElements(part) is not { } elements)
                {
                    deployment.Complete = false;
                    continue;
                }

                foreach (var element in elements)
                {
                    var value = resolver.Resolve(element);
                    deployment.Complete &= value is not null;
                    if (value is not null)
                    {
                        deployment.Words.Add(value.ToToken());
                    }
                }
            }

            var vllmImage = Core.Arguments.VllmImage.IsVllm(image?.Text);
            deployment.ImageEntrypoint = vllmImage && command is null;
            if (!vllmImage && !deployment.Words.Any(w => w.Text.IndexOf("vllm", StringComparison.OrdinalIgnoreCase) >= 0))
            {
                continue;
            }

            GpuLimit(initializer, resolver, deployment);
            yield return deployment;
        }
    }

    /// <summary><c>["nvidia.com/gpu"] = new ResourceQuantity("2")</c> or <c>{ "nvidia.com/gpu", ... }</c> anywhere in the spec.</summary>
    private static void GpuLimit(InitializerExpressionSyntax spec, ValueResolver resolver, CSharpDeployment deployment)
    {
        foreach (var node in spec.DescendantNodes())
        {
            ExpressionSyntax? value = node switch
            {
                AssignmentExpressionSyntax { Left: ImplicitElementAccessSyntax access } assignment
                    when access.ArgumentList.Arguments.Count == 1 && resolver.Resolve(access.ArgumentList.Arguments[0].Expression)?.Text == "nvidia.com/gpu" => assignment.Right,
                InitializerExpressionSyntax { RawKind: (int)SyntaxKind.ComplexElementInitializerExpression } pair
                    when pair.Expressions.Count == 2 && resolver.Resolve(pair.Expressions[0])?.Text == "nvidia.com/gpu" => pair.Expressions[1],
                _ => null,
            };
            if (value is BaseObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 1 } quantity)
            {
                value = quantity.ArgumentList.Arguments[0].Expression;
            }

            if (value is not null && resolver.Resolve(value) is { } count && GpuRequest.Count(count.Text) is { } n)
            {
                deployment.GpuCount = n;
                deployment.GpuCountLocation = count.ToToken().Location;
            }
        }
    }
}
