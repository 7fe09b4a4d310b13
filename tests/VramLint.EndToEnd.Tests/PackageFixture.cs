using System.Diagnostics;
using System.Text;

namespace VramLint.EndToEnd.Tests;

/// <summary>
/// Packs VramLint once per run, with a version of its own, into a run-private feed, and gives each test a consumer folder
/// whose nuget.config adds that feed and a run-private packages folder (a re-packed version is never read from a cache).
/// </summary>
public sealed class PackageFixture : IDisposable
{
    public PackageFixture()
    {
        Root = Directory.CreateTempSubdirectory("vramlint-e2e-").FullName;
        Feed = Path.Combine(Root, "feed");
        Packages = Path.Combine(Root, "packages");
        Version = "0.0.0-e2e." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var project in new[] { Path.Combine("VramLint.Package", "VramLint.Package.csproj"), Path.Combine("VramLint.Cli", "VramLint.Cli.csproj") })
        {
            var (exit, output) = Run(Root, "dotnet", "pack", Path.Combine(RepositoryRoot(), "src", project), "-c", "Release", "-o", Feed, "-p:Version=" + Version, "-nologo");
            if (exit != 0)
            {
                throw new InvalidOperationException("dotnet pack failed:\n" + output);
            }
        }
    }

    public string Root { get; }

    public string Feed { get; }

    public string Packages { get; }

    public string Version { get; }

    /// <summary>A new consumer project: a net10.0 console app referencing the packed VramLint, with the given files.</summary>
    public string Consumer(string name, IReadOnlyDictionary<string, string> files, string extraProperties = "")
    {
        var folder = Path.Combine(Root, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="vramlint-e2e" value="{Feed}" />
              </packageSources>
              <config>
                <add key="globalPackagesFolder" value="{Packages}" />
              </config>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(folder, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                {extraProperties}
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="VramLint" Version="{Version}" PrivateAssets="all" />
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

    public static (int Exit, string Output) Run(string folder, string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(4)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(" ", args)} did not finish");
        }

        process.WaitForExit();
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VramLint.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("VramLint.sln not found above " + AppContext.BaseDirectory);
    }
}
