using System.Runtime.InteropServices;

namespace VramLint.EndToEnd.Tests;

/// <summary>
/// Packs VramLint.Tool.Native as a release would on linux-x64 (the pointer package, then the NativeAOT package of
/// linux-x64), installs it with <c>dotnet tool install</c> from a run-private feed, and finds the JIT-compiled CLI the
/// test project's build produced, to compare the two. The packs build into a folder of their own (--artifacts-path), so
/// the repository's bin/obj are neither read nor changed.
/// </summary>
public sealed class NativeToolFixture : IDisposable
{
    public NativeToolFixture()
    {
        // The native package is built for linux-x64 only; elsewhere the pointer would install the portable fallback.
        if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64)
        {
            throw new PlatformNotSupportedException("the Aot tests pack and run the linux-x64 NativeAOT tool: run them on linux-x64");
        }

        Root = Directory.CreateTempSubdirectory("vramlint-aot-").FullName;
        Feed = Path.Combine(Root, "feed");
        var repository = PackageFixture.Metadata("VramLint.RepositoryRoot");
        var configuration = PackageFixture.Metadata("VramLint.Configuration");
        var project = Path.Combine(repository, "src/VramLint.Cli/VramLint.Cli.csproj");

        // The package version is the run's own (never a cached package); the assembly version stays the repository's, so
        // that what both CLIs print about themselves (SARIF's semanticVersion) is the same.
        PackageVersion = "0.0.0-aot." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var runtime in new[] { Array.Empty<string>(), new[] { "-r", "linux-x64" } })
        {
            var (exit, output) = Dotnet.Run(Root, ["pack", project, "-c", configuration, .. runtime, "-p:VramLintNativeTool=true", "-p:PackageVersion=" + PackageVersion, "--artifacts-path", Path.Combine(Root, "artifacts"), "-o", Feed, "-nologo"]);
            if (exit != 0)
            {
                throw new InvalidOperationException($"dotnet pack {string.Join(" ", runtime)} -p:VramLintNativeTool=true failed:\n{output}");
            }
        }

        var consumer = Path.Combine(Root, "consumer");
        Directory.CreateDirectory(consumer);
        File.WriteAllText(Path.Combine(consumer, "nuget.config"), ConsumerNuGetConfig.Create(Feed, Path.Combine(Root, "packages"), ConsumerNuGetConfig.UpstreamSourceNames(Root)));
        var tools = Path.Combine(Root, "tools");
        var (installExit, installOutput) = Dotnet.Run(consumer, "tool", "install", "--tool-path", tools, "VramLint.Tool.Native", "--version", PackageVersion);
        if (installExit != 0)
        {
            throw new InvalidOperationException("dotnet tool install VramLint.Tool.Native failed:\n" + installOutput);
        }

        Native = Path.Combine(tools, "vramlint");
        JitAssembly = Path.Combine(repository, "src/VramLint.Cli/bin", configuration, "net10.0/vramlint.dll");
        if (!File.Exists(JitAssembly))
        {
            throw new InvalidOperationException($"{JitAssembly} is missing: build the solution in {configuration} first");
        }
    }

    public string Root { get; }

    public string Feed { get; }

    public string PackageVersion { get; }

    /// <summary>The command dotnet tool install put on the tool path.</summary>
    public string Native { get; }

    /// <summary>The JIT-compiled CLI (net10.0) of this checkout, run with <c>dotnet</c>.</summary>
    public string JitAssembly { get; }

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
}
