using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using VramLint.Core.Arguments;

namespace VramLint.Analyzers.Recognizers;

/// <summary>
/// Options types whose members are named like vLLM settings (<c>Model</c>, <c>TensorParallelSize</c>, <c>MaxModelLen</c>...),
/// matched without regard to case or underscores: the type's own property and field initializers (its defaults), and object
/// initializers (which override them). A model member and at least one other vLLM member are required, so ordinary
/// objects with a "Model" property are left alone.
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
        foreach (var type in root.DescendantNodes().OfType<TypeDeclarationSyntax>())
        {
            cancellation.ThrowIfCancellationRequested();
            var defaults = Defaults(type);
            if (IsVllmOptions(defaults))
            {
                yield return Deployment(type.Identifier.GetLocation(), type.Identifier.ValueText, defaults, resolver);
            }
        }

        foreach (var initializer in root.DescendantNodes().OfType<InitializerExpressionSyntax>())
        {
            cancellation.ThrowIfCancellationRequested();
            if (initializer.Parent is not BaseObjectCreationExpressionSyntax creation)
            {
                continue;
            }

            var written = initializer.Expressions.OfType<AssignmentExpressionSyntax>()
                .Select(a => (Member: (SyntaxNode)a.Left, Value: a.Right, Flag: (a.Left as IdentifierNameSyntax) is { } name && Members.TryGetValue(Normalize(name.Identifier.ValueText), out var flag) ? flag : null))
                .Where(x => x.Flag is not null)
                .ToList();

            // The type's own defaults come first, so what the initializer writes wins.
            var typeDeclaration = resolver.Model.GetTypeInfo(creation, cancellation).Type?.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellation) as TypeDeclarationSyntax;
            var settings = (typeDeclaration is null ? new List<(SyntaxNode Member, ExpressionSyntax Value, string? Flag)>() : Defaults(typeDeclaration));
            settings.AddRange(written);
            if (written.Count == 0 || !IsVllmOptions(settings))
            {
                continue;
            }

            yield return Deployment(creation.GetLocation(), "options", settings, typeDeclaration is null || typeDeclaration.SyntaxTree == root.SyntaxTree ? resolver : null);
        }
    }

    /// <summary>Members of a type named like vLLM settings, with their initializers.</summary>
    private static List<(SyntaxNode Member, ExpressionSyntax Value, string? Flag)> Defaults(TypeDeclarationSyntax type)
    {
        var list = new List<(SyntaxNode, ExpressionSyntax, string?)>();
        foreach (var member in type.Members)
        {
            switch (member)
            {
                case PropertyDeclarationSyntax { Initializer.Value: { } value } property when Members.TryGetValue(Normalize(property.Identifier.ValueText), out var flag):
                    list.Add((property, value, flag));
                    break;
                case FieldDeclarationSyntax field:
                    foreach (var variable in field.Declaration.Variables)
                    {
                        if (variable.Initializer?.Value is { } initial && Members.TryGetValue(Normalize(variable.Identifier.ValueText), out var fieldFlag))
                        {
                            list.Add((variable, initial, fieldFlag));
                        }
                    }

                    break;
            }
        }

        return list;
    }

    private static CSharpDeployment Deployment(Location anchor, string name, List<(SyntaxNode Member, ExpressionSyntax Value, string? Flag)> settings, ValueResolver? resolver)
    {
        var deployment = new CSharpDeployment(anchor, name) { ImageEntrypoint = true, Complete = resolver is not null };
        if (resolver is null)
        {
            // Defaults declared in another file: resolved there, not guessed here.
            return deployment;
        }

        foreach (var (member, expression, flag) in settings)
        {
            var value = resolver.Resolve(expression);
            if (value is null)
            {
                deployment.Complete = false;
                continue;
            }

            var flagToken = new ArgumentToken("--" + flag, new SourceLocation(new ValueOrigin(member.GetLocation(), -1)));
            if (flag == "enforce-eager")
            {
                deployment.Words.Add(value.Text == "true" ? flagToken : new ArgumentToken("--no-enforce-eager", flagToken.Location));
                continue;
            }

            deployment.Words.Add(flagToken);
            deployment.Words.Add(value.ToToken());
        }

        return deployment;
    }

    /// <summary>A model and at least one other vLLM setting: an ordinary object with a Model property is not a deployment.</summary>
    private static bool IsVllmOptions(List<(SyntaxNode Member, ExpressionSyntax Value, string? Flag)> settings) =>
        settings.Any(s => s.Flag == "model") && settings.Any(s => s.Flag is not null and not "model");

    private static string Normalize(string name) => name.Replace("_", "").ToLowerInvariant();
}
