using Microsoft.CodeAnalysis;
using VramLint.Core.Diagnostics;

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
    public static readonly DiagnosticDescriptor NoCapacityDeclared = For(DiagnosticIds.NoCapacityDeclared);

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
