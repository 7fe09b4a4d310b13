using System.Reflection;
using System.Text.RegularExpressions;

namespace VramLint.Cli.Tests;

/// <summary>The README's fix workflow is real: replaying its commands on its compose file prints what it shows.</summary>
public class ReadmeWorkflowTests
{
    [Fact]
    public void The_readme_fix_workflow_prints_what_the_readme_shows_and_settles()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md")).Replace("\r\n", "\n");
        var section = readme.Substring(readme.IndexOf("### The fix workflow settles in one run", StringComparison.Ordinal));
        var compose = Regex.Match(section, "```yaml\n# deploy/compose.yaml\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
        var shown = Regex.Match(section, "```console\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
        using var cli = new CliRunner();
        cli.Write(".globalconfig", "is_global = true\nvramlint.gpu = L4\nvramlint.gpu_count = 4\n");
        cli.Write("deploy/compose.yaml", compose);

        var replayed = new System.Text.StringBuilder();
        foreach (Match command in Regex.Matches(shown, @"^\$ vramlint (.*)$", RegexOptions.Multiline))
        {
            var result = cli.Run(command.Groups[1].Value.Split(' '));
            replayed.Append("$ vramlint ").Append(command.Groups[1].Value).Append('\n')
                .Append(result.Stdout.Replace("\r\n", "\n").Replace('\\', '/'))
                .Append($"(exit {result.ExitCode})\n");
        }

        Assert.Equal(shown, replayed.ToString());
        Assert.Contains("$ vramlint fix deploy/\nnothing to fix\n(exit 0)\n", shown);
    }

    private static string Root =>
        typeof(ReadmeWorkflowTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "VramLint.RepositoryRoot").Value!;
}
