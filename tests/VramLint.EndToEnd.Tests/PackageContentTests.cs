using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using VramLint.Core.Diagnostics;

namespace VramLint.EndToEnd.Tests;

/// <summary>What the packed nupkg holds, and what its assemblies need from the compiler and MSBuild that load them.</summary>
[Collection(PackageCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class PackageContentTests
{
    private readonly PackageFixture package;

    public PackageContentTests(PackageFixture package) => this.package = package;

    private string Nupkg => Path.Combine(package.Feed, $"VramLint.{package.Version}.nupkg");

    [Fact]
    public void The_package_holds_the_analyzers_the_task_and_the_build_files_and_nothing_for_lib()
    {
        using var zip = ZipFile.OpenRead(Nupkg);
        var files = zip.Entries
            .Select(e => e.FullName)
            .Where(name => !name.StartsWith("_rels/", StringComparison.Ordinal) && !name.StartsWith("package/", StringComparison.Ordinal) && name != "[Content_Types].xml")
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.Equal(
            new[]
            {
                "LICENSE",
                "README.md",
                "VramLint.nuspec",
                "analyzers/dotnet/cs/VramLint.Analyzers.dll",
                "analyzers/dotnet/cs/VramLint.CodeFixes.dll",
                "analyzers/dotnet/cs/VramLint.Core.dll",
                "analyzers/dotnet/cs/VramLint.Yaml.dll",
                "analyzers/dotnet/cs/YamlDotNet.dll",
                "build/VramLint.props",
                "build/VramLint.targets",
                "buildTransitive/VramLint.props",
                "buildTransitive/VramLint.targets",
                "icon.png",
                "readytorun/net10.0/linux-x64/VramLint.Analyzers.dll",
                "readytorun/net10.0/linux-x64/VramLint.Core.dll",
                "readytorun/net10.0/linux-x64/VramLint.Yaml.dll",
                "readytorun/net10.0/linux-x64/YamlDotNet.dll",
                "schemas/vllm-config.schema.json",
                "tasks/netstandard2.0/VramLint.Core.dll",
                "tasks/netstandard2.0/VramLint.Tasks.deps.json",
                "tasks/netstandard2.0/VramLint.Tasks.dll",
                "tasks/netstandard2.0/VramLint.Yaml.dll",
                "tasks/netstandard2.0/YamlDotNet.dll",
            },
            files);
    }

    [Fact]
    public void The_readytorun_copies_are_the_analyzer_precompiled_for_linux_x64_beside_the_same_il_dependencies()
    {
        using var zip = ZipFile.OpenRead(Nupkg);
        byte[] Read(string name)
        {
            using var stream = zip.GetEntry(name)!.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }

        const string Folder = "readytorun/net10.0/linux-x64/";
        foreach (var assembly in new[] { "VramLint.Analyzers.dll", "VramLint.Core.dll" })
        {
            using var compiled = new PEReader(new MemoryStream(Read(Folder + assembly)));
            using var il = new PEReader(new MemoryStream(Read("analyzers/dotnet/cs/" + assembly)));

            // Native code for Linux x64: the machine field carries the Linux override (0x7B79) of AMD64 (0x8664), and
            // the CLI header points at the ReadyToRun header; the IL original has neither.
            Assert.Equal((Machine)(0x8664 ^ 0x7B79), compiled.PEHeaders.CoffHeader.Machine);
            Assert.True(compiled.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0, assembly + " has no ReadyToRun header");
            Assert.Equal(0, il.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size);

            // The same assembly: compiled from exactly this IL (same module version id).
            Assert.Equal(il.GetMetadataReader().GetGuid(il.GetMetadataReader().GetModuleDefinition().Mvid),
                compiled.GetMetadataReader().GetGuid(compiled.GetMetadataReader().GetModuleDefinition().Mvid));
        }

        foreach (var dependency in new[] { "VramLint.Yaml.dll", "YamlDotNet.dll" })
        {
            Assert.Equal(Read("analyzers/dotnet/cs/" + dependency), Read(Folder + dependency));
        }
    }

    [Theory]
    [InlineData("VramLint")]
    [InlineData("VramLint.Tool")]
    public void Both_packages_carry_what_a_team_needs_to_adopt_them(string id)
    {
        using var zip = ZipFile.OpenRead(Path.Combine(package.Feed, $"{id}.{package.Version}.nupkg"));
        using var stream = zip.GetEntry(id + ".nuspec")!.Open();
        var metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        XElement? Element(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name);

        Assert.Equal(("expression", "MIT"), (Element("license")?.Attribute("type")?.Value, Element("license")?.Value));
        Assert.Equal("icon.png", Element("icon")?.Value);
        Assert.Equal("README.md", Element("readme")?.Value);
        Assert.Equal("https://github.com/vramlint/vramlint", Element("projectUrl")?.Value);
        Assert.Equal("https://github.com/vramlint/vramlint", Element("repository")?.Attribute("url")?.Value);
        Assert.StartsWith("0.1.0: fixes settle in one run", Element("releaseNotes")?.Value);
        Assert.Contains("vllm", Element("tags")!.Value.Split(' '));
        Assert.NotEqual("Package Description", Element("description")?.Value);
        Assert.NotNull(zip.GetEntry("LICENSE"));
        Assert.NotNull(zip.GetEntry("icon.png"));
    }

    [Fact]
    public void The_tool_runs_on_every_supported_dotnet()
    {
        using var zip = ZipFile.OpenRead(Path.Combine(package.Feed, $"VramLint.Tool.{package.Version}.nupkg"));

        var frameworks = zip.Entries.Where(e => e.Name == "vramlint.dll").Select(e => e.FullName).Order(StringComparer.Ordinal);

        Assert.Equal(new[] { "tools/net10.0/any/vramlint.dll", "tools/net8.0/any/vramlint.dll", "tools/net9.0/any/vramlint.dll" }, frameworks);
    }

    [Fact]
    public void The_package_is_a_development_dependency_without_dependencies()
    {
        using var zip = ZipFile.OpenRead(Nupkg);
        using var stream = zip.GetEntry("VramLint.nuspec")!.Open();
        var metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

        Assert.Equal("VramLint", Value("id"));
        Assert.Equal(package.Version, Value("version"));
        Assert.Equal("true", Value("developmentDependency"));
        Assert.Equal("README.md", Value("readme"));
        Assert.Null(Value("dependencies"));
    }

    [Fact]
    public void The_package_readme_lists_every_diagnostic_with_its_default_severity_and_rule_page()
    {
        using var zip = ZipFile.OpenRead(Nupkg);
        using var reader = new StreamReader(zip.GetEntry("README.md")!.Open());
        var readme = reader.ReadToEnd();

        foreach (var info in DiagnosticIds.All)
        {
            var severity = info.DefaultSeverity.ToString().ToLowerInvariant();
            Assert.Contains($"| [{info.Id}]({info.HelpLink}) | {severity} |", readme);
        }
    }

    [Theory]
    [InlineData("analyzers/dotnet/cs/VramLint.Analyzers.dll", "Microsoft.CodeAnalysis", "4.8.0.0")]
    [InlineData("analyzers/dotnet/cs/VramLint.CodeFixes.dll", "Microsoft.CodeAnalysis.Workspaces", "4.8.0.0")]
    [InlineData("tasks/netstandard2.0/VramLint.Tasks.dll", "Microsoft.Build.Framework", "15.1.0.0")]
    public void Shipped_assemblies_bind_to_the_oldest_supported_compiler_and_msbuild(string entry, string reference, string version)
    {
        // An analyzer built against a newer Roslyn than the user's compiler is silently not run (CS9057).
        using var zip = ZipFile.OpenRead(Nupkg);
        using var memory = new MemoryStream();
        using (var stream = zip.GetEntry(entry)!.Open())
        {
            stream.CopyTo(memory);
        }

        memory.Position = 0;
        using var pe = new PEReader(memory);
        var reader = pe.GetMetadataReader();
        var references = reader.AssemblyReferences.Select(reader.GetAssemblyReference).ToDictionary(r => reader.GetString(r.Name), r => r.Version.ToString());

        Assert.Equal(version, references[reference]);
    }
}
