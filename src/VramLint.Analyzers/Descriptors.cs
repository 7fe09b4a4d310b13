using Microsoft.CodeAnalysis;
using VramLint.Core.Diagnostics;

// VRAM002 and VRAM007 each have a second descriptor: reported on a value in the code, and, at compilation end, about the
// project as a whole (deployments in different files sharing GPUs; the project's configuration), which the IDE must
// treat as such (CompilationEnd tag). One rule, reported at two times.
[assembly: System.Diagnostics.CodeAnalysis.SuppressMessage("MicrosoftCodeAnalysisCorrectness", "RS1019:Use unique DiagnosticIds across analyzers", Justification = "One rule reported on code and again at compilation end about the project.")]

namespace VramLint.Analyzers;

/// <summary>Every descriptor the analyzer reports, built from Core's registry (<see cref="DiagnosticIds.All"/>): IDs, titles, categories, severities and help links have one source.</summary>
internal static class Descriptors
{
    public const string MemoryCategory = DiagnosticIds.MemoryCategory;
    public const string ConfigurationCategory = DiagnosticIds.ConfigurationCategory;

    /// <summary>One descriptor per registered ID; VRAM010 is reported once per compilation, at its end.</summary>
    private static readonly Dictionary<string, DiagnosticDescriptor> ById = DiagnosticIds.All.ToDictionary(
        info => info.Id,
        info => Create(info, info.Id == DiagnosticIds.NoCapacityDeclared ? new[] { WellKnownDiagnosticTags.CompilationEnd } : Array.Empty<string>()));

    public static readonly DiagnosticDescriptor DoesNotFit = For(DiagnosticIds.DoesNotFit);
    public static readonly DiagnosticDescriptor StartupPeak = For(DiagnosticIds.StartupPeak);
    public static readonly DiagnosticDescriptor ExceedsCluster = For(DiagnosticIds.ExceedsCluster);
    public static readonly DiagnosticDescriptor BatchExceedsKvCache = For(DiagnosticIds.BatchExceedsKvCache);
    public static readonly DiagnosticDescriptor InvalidParallelism = For(DiagnosticIds.InvalidParallelism);
    public static readonly DiagnosticDescriptor UnknownModel = For(DiagnosticIds.UnknownModel);
    public static readonly DiagnosticDescriptor InvalidValue = For(DiagnosticIds.InvalidValue);
    public static readonly DiagnosticDescriptor UnreadableFile = For(DiagnosticIds.UnreadableFile);
    public static readonly DiagnosticDescriptor Unresolved = For(DiagnosticIds.UnresolvedValue);
    public static readonly DiagnosticDescriptor NoCapacityDeclared = For(DiagnosticIds.NoCapacityDeclared);

    /// <summary>Deployments in different files that share GPUs: known only once every file is seen.</summary>
    public static readonly DiagnosticDescriptor SharedGpus = Create(DiagnosticIds.Get(DiagnosticIds.StartupPeak), new[] { WellKnownDiagnosticTags.CompilationEnd });

    /// <summary>An invalid vramlint.* key in .globalconfig: reported in every project, once, at its end.</summary>
    public static readonly DiagnosticDescriptor ConfigurationProblem = Create(DiagnosticIds.Get(DiagnosticIds.InvalidValue), new[] { WellKnownDiagnosticTags.CompilationEnd });

    /// <summary>The descriptor of a registered ID; an ID missing from the registry is a bug, never reported as another.</summary>
    public static DiagnosticDescriptor For(string id) =>
        ById.TryGetValue(id, out var descriptor) ? descriptor : throw new ArgumentException("Unknown VramLint diagnostic ID: " + id, nameof(id));

    private static DiagnosticDescriptor Create(DiagnosticInfo info, string[] tags)
    {
        var severity = info.DefaultSeverity switch
        {
            FindingSeverity.Error => DiagnosticSeverity.Error,
            FindingSeverity.Warning => DiagnosticSeverity.Warning,
            _ => DiagnosticSeverity.Info,
        };

        return new DiagnosticDescriptor(info.Id, info.Title, "{0}", info.Category, severity, isEnabledByDefault: true, description: info.Description, helpLinkUri: info.HelpLink, customTags: tags);
    }
}
