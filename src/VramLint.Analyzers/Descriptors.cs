using Microsoft.CodeAnalysis;
using VramLint.Core.Diagnostics;

namespace VramLint.Analyzers;

/// <summary>Every descriptor the analyzer reports, built from Core's diagnostic IDs so the IDs, titles and help links have one source.</summary>
internal static class Descriptors
{
    public const string MemoryCategory = "VramLint.Memory";
    public const string ConfigurationCategory = "VramLint.Configuration";

    public static readonly DiagnosticDescriptor DoesNotFit = Create(DiagnosticIds.DoesNotFit, MemoryCategory);
    public static readonly DiagnosticDescriptor StartupPeak = Create(DiagnosticIds.StartupPeak, MemoryCategory);
    public static readonly DiagnosticDescriptor ExceedsCluster = Create(DiagnosticIds.ExceedsCluster, MemoryCategory);
    public static readonly DiagnosticDescriptor BatchExceedsKvCache = Create(DiagnosticIds.BatchExceedsKvCache, MemoryCategory);
    public static readonly DiagnosticDescriptor InvalidParallelism = Create(DiagnosticIds.InvalidParallelism, MemoryCategory);
    public static readonly DiagnosticDescriptor UnknownModel = Create(DiagnosticIds.UnknownModel, ConfigurationCategory);
    public static readonly DiagnosticDescriptor InvalidValue = Create(DiagnosticIds.InvalidValue, ConfigurationCategory);
    public static readonly DiagnosticDescriptor UnreadableFile = Create(DiagnosticIds.UnreadableFile, ConfigurationCategory);

    /// <summary>Reported once per compilation, at its end.</summary>
    public static readonly DiagnosticDescriptor NoCapacityDeclared = Create(DiagnosticIds.NoCapacityDeclared, ConfigurationCategory, WellKnownDiagnosticTags.CompilationEnd);

    public static DiagnosticDescriptor For(string id) => id switch
    {
        DiagnosticIds.DoesNotFit => DoesNotFit,
        DiagnosticIds.StartupPeak => StartupPeak,
        DiagnosticIds.ExceedsCluster => ExceedsCluster,
        DiagnosticIds.BatchExceedsKvCache => BatchExceedsKvCache,
        DiagnosticIds.InvalidParallelism => InvalidParallelism,
        DiagnosticIds.UnknownModel => UnknownModel,
        DiagnosticIds.InvalidValue => InvalidValue,
        DiagnosticIds.UnreadableFile => UnreadableFile,
        _ => NoCapacityDeclared,
    };

    private static DiagnosticDescriptor Create(string id, string category, params string[] tags)
    {
        var info = DiagnosticIds.Get(id);
        var severity = info.DefaultSeverity switch
        {
            FindingSeverity.Error => DiagnosticSeverity.Error,
            FindingSeverity.Warning => DiagnosticSeverity.Warning,
            _ => DiagnosticSeverity.Info,
        };

        return new DiagnosticDescriptor(id, info.Title, "{0}", category, severity, isEnabledByDefault: true, description: info.Description, helpLinkUri: info.HelpLink, customTags: tags);
    }
}
