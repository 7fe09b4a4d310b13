using System.Reflection;

namespace VramLint.EndToEnd.Tests;

/// <summary>
/// Packs VramLint and the vramlint tool once per run, with a version of their own, into a run-private feed, and gives each
/// test a consumer folder whose nuget.config takes VramLint only from that feed and keeps packages in a run-private folder
/// (a re-packed version is never read from a cache, and nothing is left in the user's).
/// </summary>
public sealed class PackageFixture : IDisposable
{
    private readonly string nugetConfig;

    public PackageFixture()
    {
        Root = Directory.CreateTempSubdirectory("vramlint-e2e-").FullName;
        Feed = Path.Combine(Root, "feed");
        Packages = Path.Combine(Root, "packages");
        Version = "0.0.0-e2e." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture);

        // The test project references both projects for build order, so they are built in this configuration already:
        // packing without building cannot race a solution build running next to the tests.
        var repository = Metadata("VramLint.RepositoryRoot");
        var configuration = Metadata("VramLint.Configuration");
        foreach (var project in new[] { "src/VramLint.Package/VramLint.Package.csproj", "src/VramLint.Cli/VramLint.Cli.csproj" })
        {
            var (exit, output) = Dotnet.Run(Root, "pack", Path.Combine(repository, project), "-c", configuration, "--no-build", "--no-restore", "-o", Feed, "-p:Version=" + Version, "-nologo");
            if (exit != 0)
            {
                throw new InvalidOperationException($"dotnet pack {project} failed:\n{output}");
            }
        }

        nugetConfig = ConsumerNuGetConfig.Create(Feed, Packages, ConsumerNuGetConfig.UpstreamSourceNames(Root));
    }

    public string Root { get; }

    public string Feed { get; }

    public string Packages { get; }

    public string Version { get; }

    /// <summary>A new consumer project referencing the packed VramLint, with the given files (by default a net10.0 console app).</summary>
    public string Consumer(string name, IReadOnlyDictionary<string, string> files, string properties = "<OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework>")
    {
        var folder = Path.Combine(Root, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "nuget.config"), nugetConfig);
        File.WriteAllText(Path.Combine(folder, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                {properties}
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="VramLint" Version="[{Version}]" PrivateAssets="all" />
              </ItemGroup>
            </Project>
            """);
        foreach (var (path, text) in files)
        {
            var full = Path.Combine(folder, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }

        return folder;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A process that is still closing may hold a file; the temp folder is cleaned by the system later.
        }
    }

    internal static string Metadata(string key) =>
        typeof(PackageFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"assembly metadata {key} is missing");
}
