using System.Text;
using VramLint.Core.Configuration;
using VramLint.Yaml.Files;

namespace VramLint.Yaml.Tests;

/// <summary>
/// The one writer of YAML fixes (task and CLI): the bytes it writes, the encodings and permissions it keeps, and the
/// files it refuses to write, each leaving the original whole.
/// </summary>
public sealed class FixWriterTests : IDisposable
{
    private const string TooLong = "model: meta-llama/Llama-3.1-8B-Instruct\r\nmax-model-len: 131072   # the full context\r\n";
    private const string Fixed = "model: meta-llama/Llama-3.1-8B-Instruct\r\nmax-model-len: 37888   # the full context\r\n";

    private static readonly VramLintOptions OneRtx4090 = Options(("vramlint.gpu", "RTX 4090"), ("vramlint.gpu_count", "1"));

    private readonly string folder = Directory.CreateTempSubdirectory("vramlint-writer-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static VramLintOptions Options(params (string Key, string Value)[] values) =>
        VramLintOptions.FromLookup(k => values.FirstOrDefault(v => v.Key == k).Value);

    private string Create(string name, byte[] bytes)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static (YamlSource Source, YamlLintResult Result) Lint(string path, VramLintOptions? options = null)
    {
        var source = YamlSource.Read(path);
        return (source, YamlLinter.Lint(source, options ?? OneRtx4090));
    }

    [Theory]
    [InlineData("utf-8")]
    [InlineData("utf-8-bom")]
    [InlineData("utf-16le")]
    [InlineData("utf-16be")]
    public void The_encoding_its_byte_order_mark_and_the_line_endings_are_kept(string encodingName)
    {
        Encoding encoding = encodingName switch
        {
            "utf-8" => new UTF8Encoding(false),
            "utf-8-bom" => new UTF8Encoding(true),
            "utf-16le" => new UnicodeEncoding(false, true),
            _ => new UnicodeEncoding(true, true),
        };
        var path = Create("config.yaml", encoding.GetPreamble().Concat(encoding.GetBytes(TooLong)).ToArray());
        var (source, result) = Lint(path);

        var written = YamlFixWriter.Write(source, result.Edits);

        Assert.True(written.Written, written.Failure);
        Assert.Equal(encoding.GetPreamble().Concat(encoding.GetBytes(Fixed)).ToArray(), File.ReadAllBytes(path));
    }

    [Fact]
    public void The_permissions_are_kept()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var path = Create("config.yaml", Encoding.UTF8.GetBytes(TooLong));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.UserExecute);
        var (source, result) = Lint(path);

        Assert.True(YamlFixWriter.Write(source, result.Edits).Written);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.UserExecute, File.GetUnixFileMode(path));
        Assert.Equal(Fixed, File.ReadAllText(path));
    }

    [Fact]
    public void A_file_changed_after_it_was_linted_is_not_written()
    {
        var path = Create("config.yaml", Encoding.UTF8.GetBytes(TooLong));
        var (source, result) = Lint(path);
        var edited = TooLong.Replace("# the full context", "# edited meanwhile");
        File.WriteAllText(path, edited);

        var written = YamlFixWriter.Write(source, result.Edits);

        Assert.False(written.Written);
        Assert.Equal("the file changed since it was checked; not changed, run the fix again", written.Failure);
        Assert.Equal(edited, File.ReadAllText(path));
    }

    [Fact]
    public void A_full_disk_leaves_the_original_whole_and_no_temporary_file()
    {
        var path = Create("config.yaml", Encoding.UTF8.GetBytes(TooLong));
        var (source, result) = Lint(path);

        var written = YamlFixWriter.Write(source, result.Edits, (stream, bytes) =>
        {
            stream.Write(bytes, 0, 10);
            throw new IOException("No space left on device");
        });

        Assert.False(written.Written);
        Assert.Equal("the fixed file could not be written: No space left on device; the original is unchanged", written.Failure);
        Assert.Equal(TooLong, File.ReadAllText(path));
        Assert.Equal(new[] { "config.yaml" }, Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    [Fact]
    public void A_file_with_two_hard_links_is_fixed_in_place_for_both_names()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var (path, other, source, result) = LintedWithTwoNames();

        var written = YamlFixWriter.Write(source, result.Edits);

        Assert.True(written.Written, written.Failure);
        Assert.Equal(Fixed, File.ReadAllText(path));
        Assert.Equal(Fixed, File.ReadAllText(other));
        Assert.Equal(source.Identity, YamlSource.Read(path).Identity);
        Assert.Equal(2, FileFacts.Of(path).LinkCount);
        Assert.Equal(new[] { "config.yaml", "same.yaml" }, Directory.GetFiles(folder).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void A_hard_linked_file_that_cannot_grow_gets_its_original_back_under_both_names()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var (path, other, source, result) = LintedWithTwoNames();

        var written = YamlFixWriter.Write(source, result.Edits, (stream, bytes) =>
        {
            stream.Write(bytes, 0, 10);
            throw new IOException("No space left on device");
        });

        Assert.False(written.Written);
        Assert.Equal("the fixed file could not be written: No space left on device; the original was written back", written.Failure);
        Assert.Equal(TooLong, File.ReadAllText(path));
        Assert.Equal(TooLong, File.ReadAllText(other));
        Assert.Equal(new[] { "config.yaml", "same.yaml" }, Directory.GetFiles(folder).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void A_link_to_a_file_is_written_through_and_stays_a_link()
    {
        Directory.CreateDirectory(Path.Combine(folder, "shared"));
        var target = Create(Path.Combine("shared", "config.yaml"), Encoding.UTF8.GetBytes(TooLong));
        var link = Path.Combine(folder, "config.yaml");
        File.CreateSymbolicLink(link, Path.Combine("shared", "config.yaml"));
        var (source, result) = Lint(link);

        Assert.True(YamlFixWriter.Write(source, result.Edits).Written);
        Assert.Equal(Path.Combine("shared", "config.yaml"), new FileInfo(link).LinkTarget);
        Assert.Equal(Fixed, File.ReadAllText(target));
    }

    [Fact]
    public void A_finding_configured_none_is_not_fixed()
    {
        var path = Create("config.yaml", Encoding.UTF8.GetBytes(TooLong));

        Assert.Empty(Lint(path, Options(("vramlint.gpu", "RTX 4090"), ("vramlint.gpu_count", "1"), ("dotnet_diagnostic.vram001.severity", "none"))).Result.Edits);
        // Only findings shown as warnings or errors carry fixes (issue 17): a silent one is not rewritten either.
        Assert.Empty(Lint(path, Options(("vramlint.gpu", "RTX 4090"), ("vramlint.gpu_count", "1"), ("dotnet_diagnostic.vram001.severity", "silent"))).Result.Edits);
        Assert.Single(Lint(path, Options(("vramlint.gpu", "RTX 4090"), ("vramlint.gpu_count", "1"), ("dotnet_diagnostic.vram001.severity", "warning"))).Result.Edits);
    }

    /// <summary>The too-long config as config.yaml with a second name, same.yaml (a hard link), linted through the first.</summary>
    private (string Path, string Other, YamlSource Source, YamlLintResult Result) LintedWithTwoNames()
    {
        var path = Create("config.yaml", Encoding.UTF8.GetBytes(TooLong));
        var other = Path.Combine(folder, "same.yaml");
        Assert.Equal(0, Link(path, other));
        var (source, result) = Lint(path);
        return (path, other, source, result);
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int Link(string existing, string created);
}
