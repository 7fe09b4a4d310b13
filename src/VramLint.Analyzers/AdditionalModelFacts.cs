using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using VramLint.Core;
using VramLint.Core.Models;

namespace VramLint.Analyzers;

/// <summary>
/// Model facts a project checks in (.vramlint/models/&lt;org&gt;/&lt;name&gt;/*.json), received as AdditionalFiles (the package's
/// props add them): read through <see cref="AdditionalText"/> only when a deployment is found, never from the disk, and
/// applied to each C# file as Core chooses them (the folders at or above the file's, nearest first).
/// </summary>
internal sealed class AdditionalModelFacts
{
    private readonly ImmutableArray<AdditionalText> candidates;
    private readonly ConcurrentDictionary<string, ModelFactsContext> byFolder = new(StringComparer.Ordinal);
    private IReadOnlyList<ModelFactsFile>? files;

    private AdditionalModelFacts(ImmutableArray<AdditionalText> candidates)
    {
        this.candidates = candidates;
    }

    /// <summary>A project that gives the compiler no additional files checks in no model facts.</summary>
    public static AdditionalModelFacts None { get; } = new(ImmutableArray<AdditionalText>.Empty);

    public static AdditionalModelFacts From(AnalyzerOptions options) => new(options.AdditionalFiles
        .Where(f => f.Path.Replace('\\', '/').IndexOf("/" + ModelFactsLibrary.ModelsFolder + "/", StringComparison.OrdinalIgnoreCase) >= 0
            && f.Path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        .ToImmutableArray());

    /// <summary>The deployment with the facts that apply to <paramref name="sourcePath"/>; unchanged when the project checks in none.</summary>
    public DeploymentInput Apply(DeploymentInput input, string sourcePath, CancellationToken cancellationToken) =>
        candidates.IsEmpty ? input : For(sourcePath, cancellationToken)!.Apply(input);

    /// <summary>The facts that apply to a file (C# or YAML) at <paramref name="sourcePath"/>; null when the project checks in none.</summary>
    public ModelFactsContext? For(string sourcePath, CancellationToken cancellationToken)
    {
        if (candidates.IsEmpty)
        {
            return null;
        }

        var folder = Path.GetDirectoryName(sourcePath) ?? "";
        return byFolder.GetOrAdd(folder, _ => new ModelFactsContext(ModelFactsLibrary.ForDeployment(Files(cancellationToken), sourcePath)));
    }

    private IReadOnlyList<ModelFactsFile> Files(CancellationToken cancellationToken)
    {
        // Texts are read once per compilation; two trees racing here read the same immutable texts.
        return files ??= candidates.Select(f => new ModelFactsFile(f.Path, f.GetText(cancellationToken)?.ToString() ?? "")).ToList();
    }
}
