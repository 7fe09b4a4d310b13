using VramLint.Cli.Output;

namespace VramLint.Cli.Tests;

/// <summary>A finding's path as the reports write it: relative to the working folder when under it, else as given.</summary>
public class RelativePathTests
{
    [Theory]
    [InlineData("/work/deploy/values.yaml", "/work", "deploy/values.yaml")]
    [InlineData("/work/values.yaml", "/work", "values.yaml")]
    [InlineData("/workshop/values.yaml", "/work", "../workshop/values.yaml")]
    [InlineData("/other/values.yaml", "/work", "../other/values.yaml")]
    [InlineData("/work/deploy/../values.yaml", "/work", "values.yaml")]
    [InlineData("/work/./deploy/values.yaml", "/work", "deploy/values.yaml")]
    [InlineData("/work/deploy/values.yaml", "/work/", "deploy/values.yaml")]
    [InlineData("/work/deploy/values.yaml", "/", "work/deploy/values.yaml")]
    [InlineData("/work", "/work", ".")]
    public void Paths_under_the_working_folder_are_written_relative_to_it(string path, string workingDirectory, string runtimeRelative)
    {
        var expected = runtimeRelative.StartsWith("..", StringComparison.Ordinal) ? path : runtimeRelative;

        Assert.Equal(runtimeRelative, Path.GetRelativePath(workingDirectory, path));
        Assert.Equal(expected, CheckReports.Relative(path, workingDirectory));
    }
}
