using VramLint.Yaml.Files;

namespace VramLint.Yaml.Tests;

/// <summary><see cref="FullPath.Of"/> gives <see cref="Path.GetFullPath(string)"/>'s answer, skipping its walk only where the path comes back unchanged.</summary>
public class FullPathTests
{
    private static readonly string[] Examples =
    {
        "/work/deploy/values.yaml",
        "/work/deploy/",
        "/",
        "/work//deploy/values.yaml",
        "/work/./deploy/values.yaml",
        "/work/deploy/../values.yaml",
        "/work/deploy/.",
        "/work/deploy/..",
        "/work/.hidden/values.yaml",
        "/work/deploy/values.yaml.",
        "/work/deploy/..values.yaml",
        "relative/values.yaml",
        "./values.yaml",
        "../values.yaml",
        "values.yaml",
    };

    public static TheoryData<string> Paths() => new(Examples);

    [Theory]
    [MemberData(nameof(Paths))]
    public void The_full_path_is_what_the_runtime_gives(string path)
    {
        Assert.Equal(Path.GetFullPath(path), FullPath.Of(path));
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void A_path_called_normal_comes_back_unchanged_from_the_runtime(string path)
    {
        if (FullPath.IsNormal(path))
        {
            Assert.Equal(path, Path.GetFullPath(path));
        }
    }

    [Fact]
    public void Only_full_paths_without_empty_or_dot_segments_are_normal()
    {
        var normal = Examples.Where(FullPath.IsNormal).ToArray();

        Assert.Equal(new[] { "/work/deploy/values.yaml", "/work/deploy/", "/", "/work/deploy/values.yaml." }, normal);
    }
}
