using System.Collections.Immutable;
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
        TestcontainersBuilders = Present(
            compilation.GetTypeByMetadataName("DotNet.Testcontainers.Builders.ContainerBuilder"),
            compilation.GetTypeByMetadataName("DotNet.Testcontainers.Builders.ContainerBuilder`3"),
            compilation.GetTypeByMetadataName("DotNet.Testcontainers.Builders.IContainerBuilder`2"));
        DockerDeviceRequest = compilation.GetTypeByMetadataName("Docker.DotNet.Models.DeviceRequest");
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

    /// <summary>Testcontainers' builder types (the concrete builder, its generic base, its interface) that the compilation has; empty without Testcontainers.</summary>
    public ImmutableArray<INamedTypeSymbol> TestcontainersBuilders { get; }

    /// <summary>Docker.DotNet's <c>DeviceRequest</c> (GPU count and device IDs of a container).</summary>
    public INamedTypeSymbol? DockerDeviceRequest { get; }

    /// <summary>
    /// True when <paramref name="type"/> is one of Testcontainers' builders or derives from or implements one (module
    /// builders do). Without Testcontainers in the compilation, any type passes: the shape is then recognized by name.
    /// </summary>
    public bool IsTestcontainersBuilder(ITypeSymbol? type)
    {
        if (TestcontainersBuilders.IsEmpty)
        {
            return true;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (IsOneOf(current.OriginalDefinition, TestcontainersBuilders))
            {
                return true;
            }
        }

        return type is not null && type.AllInterfaces.Any(i => IsOneOf(i.OriginalDefinition, TestcontainersBuilders));
    }

    /// <summary>True for Docker.DotNet's <c>DeviceRequest</c>; by name when the compilation does not reference Docker.DotNet.</summary>
    public bool IsDockerDeviceRequest(ITypeSymbol? type) =>
        DockerDeviceRequest is null ? type?.Name == "DeviceRequest" : SymbolEqualityComparer.Default.Equals(type, DockerDeviceRequest);

    /// <summary>True for Aspire's <c>IResourceBuilder&lt;T&gt;</c> of any T.</summary>
    public bool IsResourceBuilder(ITypeSymbol? type) =>
        type is INamedTypeSymbol named && ResourceBuilder is not null && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, ResourceBuilder);

    private static ImmutableArray<INamedTypeSymbol> Present(params INamedTypeSymbol?[] types) =>
        types.Where(t => t is not null).Select(t => t!).ToImmutableArray();

    private static bool IsOneOf(ITypeSymbol type, ImmutableArray<INamedTypeSymbol> types) =>
        types.Any(t => SymbolEqualityComparer.Default.Equals(type, t));

    /// <summary>True for <c>IConfiguration</c> and the types that implement it (IConfigurationManager, ConfigurationManager, sections).</summary>
    public bool IsConfiguration(ITypeSymbol? type) =>
        type is not null && Configuration is not null
        && (SymbolEqualityComparer.Default.Equals(type, Configuration) || type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, Configuration)));
}
