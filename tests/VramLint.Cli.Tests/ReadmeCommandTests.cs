using System.Reflection;
using System.Text.RegularExpressions;

namespace VramLint.Cli.Tests;

/// <summary>The README's <c>dotnet run</c> commands still run: the tool targets several frameworks, so each must name one it has.</summary>
public class ReadmeCommandTests
{
    [Fact]
    public void Every_dotnet_run_of_the_tool_names_a_framework_the_tool_targets()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var project = File.ReadAllText(Path.Combine(Root, "src", "VramLint.Cli", "VramLint.Cli.csproj"));
        var targets = Regex.Match(project, "<TargetFrameworks>(.*?)</TargetFrameworks>").Groups[1].Value.Split(';');
        var runs = Regex.Matches(readme, @"dotnet run --project src/VramLint\.Cli(?<options>[^\n]*?) -- ").ToList();

        Assert.NotEmpty(runs);
        Assert.All(runs, run => Assert.Contains(Regex.Match(run.Groups["options"].Value, @"-f (\S+)").Groups[1].Value, targets));
    }

    private static string Root =>
        typeof(ReadmeCommandTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "VramLint.RepositoryRoot").Value!;
}
