using Microsoft.CodeAnalysis;

namespace VramLint.Analyzers;

/// <summary>The types the recognizers compare against, resolved once per compilation; null when the compilation does not reference them.</summary>
internal sealed class KnownSymbols
{
    public KnownSymbols(Compilation compilation)
    {
        String = compilation.GetSpecialType(SpecialType.System_String);
        ProcessStartInfo = compilation.GetTypeByMetadataName("System.Diagnostics.ProcessStartInfo");
        Process = compilation.GetTypeByMetadataName("System.Diagnostics.Process");
        Environment = compilation.GetTypeByMetadataName("System.Environment");
        ContainerExtensions = compilation.GetTypeByMetadataName("Aspire.Hosting.ContainerResourceBuilderExtensions");
        ResourceBuilder = compilation.GetTypeByMetadataName("Aspire.Hosting.ApplicationModel.IResourceBuilder`1");
        Configuration = compilation.GetTypeByMetadataName("Microsoft.Extensions.Configuration.IConfiguration");
        ConfigurationBinder = compilation.GetTypeByMetadataName("Microsoft.Extensions.Configuration.ConfigurationBinder");
    }

    public INamedTypeSymbol String { get; }

    public INamedTypeSymbol? ProcessStartInfo { get; }

    public INamedTypeSymbol? Process { get; }

    public INamedTypeSymbol? Environment { get; }

    /// <summary>Aspire's <c>AddContainer</c>, <c>WithArgs</c>, <c>WithEntrypoint</c>... live here.</summary>
    public INamedTypeSymbol? ContainerExtensions { get; }

    public INamedTypeSymbol? ResourceBuilder { get; }

    public INamedTypeSymbol? Configuration { get; }

    public INamedTypeSymbol? ConfigurationBinder { get; }

    /// <summary>True for Aspire's <c>IResourceBuilder&lt;T&gt;</c> of any T.</summary>
    public bool IsResourceBuilder(ITypeSymbol? type) =>
        type is INamedTypeSymbol named && ResourceBuilder is not null && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, ResourceBuilder);

    /// <summary>True for <c>IConfiguration</c> and the types that implement it (IConfigurationManager, ConfigurationManager, sections).</summary>
    public bool IsConfiguration(ITypeSymbol? type) =>
        type is not null && Configuration is not null
        && (SymbolEqualityComparer.Default.Equals(type, Configuration) || type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, Configuration)));
}
