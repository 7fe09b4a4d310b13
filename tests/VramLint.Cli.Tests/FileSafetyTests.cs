using System.Diagnostics;
using System.Text;

namespace VramLint.Cli.Tests;

/// <summary>
/// <c>check</c> and <c>fix</c> over files reached by several paths, links to nothing, loops, FIFOs and devices: each file
/// is read once, bounded, and edited once; nothing unreadable aborts a folder or hangs.
/// </summary>
public class FileSafetyTests
{
    private const string OneRtx4090 = "is_global = true\nvramlint.gpu = RTX 4090\nvramlint.gpu_count = 1\n";
    private const string TooLong = "model: meta-llama/Llama-3.1-8B-Instruct\nmax-num-seqs: 3\ngpu-memory-utilization: 0.92\nmax-model-len: 131072\n";

    private static CliRunner Setup()
    {
        var cli = new CliRunner();
        cli.Write(".globalconfig", OneRtx4090);
        return cli;
    }

    [Fact]
    public void A_file_reached_through_a_folder_link_is_fixed_once()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var cli = Setup();
        cli.Write("deploy/v2/config.yaml", TooLong);
        Directory.CreateSymbolicLink(Path.Combine(cli.Folder, "deploy", "current"), "v2");

        var check = cli.Run("check", "deploy");
        Assert.Equal(1, check.ExitCode);
        Assert.EndsWith("1 file(s) read, 1 vLLM deployment(s) found, 1 sized, 0 skipped: 1 error(s), 0 warning(s)\n", check.Stdout.ReplaceLineEndings("\n"));

        var fix = cli.Run("fix", "deploy");
        Assert.Equal("deploy/current/config.yaml: Lower max-model-len to 44032 (KV cache 6.01 GiB, one request 5.38, 0.63 GiB spare; margin: the 0.6 GiB error band + one 16-token KV block)\n1 file(s) fixed\n", fix.Stdout.ReplaceLineEndings("\n"));
        Assert.Equal(TooLong.Replace("131072", "44032"), File.ReadAllText(Path.Combine(cli.Folder, "deploy", "v2", "config.yaml")));
        Assert.Equal(0, fix.ExitCode);
    }

    [Fact]
    public void A_file_with_two_hard_links_in_the_folder_is_fixed_once_and_both_names_see_it()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var cli = Setup();
        cli.Write("deploy/a.yaml", TooLong);
        Assert.Equal(0, Link(Path.Combine(cli.Folder, "deploy", "a.yaml"), Path.Combine(cli.Folder, "deploy", "b.yaml")));

        var fix = cli.Run("fix", "deploy");

        Assert.Equal("deploy/a.yaml: Lower max-model-len to 44032 (KV cache 6.01 GiB, one request 5.38, 0.63 GiB spare; margin: the 0.6 GiB error band + one 16-token KV block)\n1 file(s) fixed\n", fix.Stdout.ReplaceLineEndings("\n"));
        Assert.Equal(0, fix.ExitCode);
        Assert.Equal(TooLong.Replace("131072", "44032"), File.ReadAllText(Path.Combine(cli.Folder, "deploy", "a.yaml")));
        Assert.Equal(TooLong.Replace("131072", "44032"), File.ReadAllText(Path.Combine(cli.Folder, "deploy", "b.yaml")));
    }

    [Fact]
    public void A_folder_link_back_up_the_tree_is_followed_once()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var cli = Setup();
        cli.Write("deploy/a/config.yaml", TooLong);
        Directory.CreateSymbolicLink(Path.Combine(cli.Folder, "deploy", "a", "up"), "..");
        Directory.CreateSymbolicLink(Path.Combine(cli.Folder, "deploy", "a", "self"), ".");

        var check = cli.Run("check", "deploy");

        Assert.Equal(1, check.ExitCode);
        Assert.EndsWith("1 file(s) read, 1 vLLM deployment(s) found, 1 sized, 0 skipped: 1 error(s), 0 warning(s)\n", check.Stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_dangling_link_and_a_link_loop_are_findings_and_the_folder_is_still_checked()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var cli = Setup();
        cli.Write("deploy/config.yaml", TooLong);
        File.CreateSymbolicLink(Path.Combine(cli.Folder, "deploy", "gone.yaml"), "nowhere.yaml");
        File.CreateSymbolicLink(Path.Combine(cli.Folder, "deploy", "loop1.yaml"), "loop2.yaml");
        File.CreateSymbolicLink(Path.Combine(cli.Folder, "deploy", "loop2.yaml"), "loop1.yaml");

        var check = cli.Run("check", "deploy");

        Assert.Equal(1, check.ExitCode);
        var lines = check.Stdout.ReplaceLineEndings("\n").Split('\n');
        Assert.Contains("deploy/gone.yaml(1,1): warning VRAM008: the path is a symbolic link to nothing (its target does not exist); it was not read", lines);
        Assert.Contains("deploy/loop1.yaml(1,1): warning VRAM008: the path's symbolic links form a loop; it was not read", lines);
        Assert.Contains("deploy/loop2.yaml(1,1): warning VRAM008: the path's symbolic links form a loop; it was not read", lines);
        Assert.Contains(lines, l => l.StartsWith("deploy/config.yaml(4,16): error VRAM001:", StringComparison.Ordinal));
    }

    [Fact]
    public void A_fifo_named_yaml_is_skipped_with_a_finding_instead_of_blocking()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var cli = Setup();
        cli.Write("deploy/config.yaml", TooLong);
        var fifo = Path.Combine(cli.Folder, "deploy", "pipe.yaml");
        using (var mkfifo = Process.Start("mkfifo", fifo))
        {
            mkfifo.WaitForExit();
        }

        var check = cli.Run("check", "deploy");

        Assert.Equal(1, check.ExitCode);
        Assert.Contains("deploy/pipe.yaml(1,1): warning VRAM008: the path is a FIFO, socket or device, not a regular file; it was not read", check.Stdout);
    }

    [Fact]
    public void A_device_is_refused_before_it_is_read()
    {
        if (!File.Exists("/dev/zero"))
        {
            return;
        }

        using var cli = Setup();
        var check = cli.Run("check", "/dev/zero");

        Assert.Equal(0, check.ExitCode);
        Assert.StartsWith("/dev/zero(1,1): warning VRAM008: the path is a FIFO, socket or device, not a regular file; it was not read\n", check.Stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_utf16_file_is_checked_and_fixed_in_utf16()
    {
        using var cli = Setup();
        var path = Path.Combine(cli.Folder, "config.yaml");
        File.WriteAllText(path, TooLong, new UnicodeEncoding(bigEndian: false, byteOrderMark: true));

        Assert.Equal(1, cli.Run("check", "config.yaml").ExitCode);
        Assert.Equal(0, cli.Run("fix", "config.yaml").ExitCode);
        Assert.Equal(new byte[] { 0xFF, 0xFE }.Concat(Encoding.Unicode.GetBytes(TooLong.Replace("131072", "44032"))).ToArray(), File.ReadAllBytes(path));
    }

    [Fact]
    public void Fix_keeps_the_utf8_byte_order_mark()
    {
        using var cli = Setup();
        var path = Path.Combine(cli.Folder, "config.yaml");
        File.WriteAllText(path, TooLong, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        Assert.Equal(0, cli.Run("fix", "config.yaml").ExitCode);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(TooLong.Replace("131072", "44032"))).ToArray(), File.ReadAllBytes(path));
    }

    [Fact]
    public void Fix_dry_run_prints_the_exact_diff_and_writes_nothing()
    {
        using var cli = Setup();
        cli.Write("config.yaml", TooLong.Replace("\n", "\r\n"));

        var dry = cli.Run("fix", "--dry-run", "config.yaml");

        Assert.Equal("--- a/config.yaml\n+++ b/config.yaml\n@@ -4 +4 @@\n-max-model-len: 131072\n+max-model-len: 44032\n1 file(s) would change\n", dry.Stdout.ReplaceLineEndings("\n"));
        Assert.Equal(TooLong.Replace("\n", "\r\n"), File.ReadAllText(Path.Combine(cli.Folder, "config.yaml")));
        Assert.Equal(0, cli.Run("fix", "config.yaml").ExitCode);
        Assert.Equal(TooLong.Replace("131072", "44032").Replace("\n", "\r\n"), File.ReadAllText(Path.Combine(cli.Folder, "config.yaml")));
    }

    [Fact]
    public void Fix_does_not_apply_a_finding_configured_none()
    {
        using var cli = Setup();
        cli.Write(".globalconfig", OneRtx4090 + "dotnet_diagnostic.VRAM001.severity = none\n");
        cli.Write("config.yaml", TooLong);

        var fix = cli.Run("fix", "config.yaml");

        Assert.Equal("nothing to fix\n", fix.Stdout.ReplaceLineEndings("\n"));
        Assert.Equal(TooLong, File.ReadAllText(Path.Combine(cli.Folder, "config.yaml")));
    }

    [Fact]
    public void Check_says_when_fix_cannot_rewrite_a_block_scalar()
    {
        using var cli = Setup();
        cli.Write("pod.yaml", "kind: Pod\nspec:\n  containers:\n    - name: vllm\n      image: vllm/vllm-openai\n      command: [sh, -c]\n      args:\n        - |\n          vllm serve meta-llama/Llama-3.1-8B-Instruct --max-model-len 131072\n");

        var check = cli.Run("check", "pod.yaml");

        Assert.Contains("  fix: Lower max-model-len to 37888 (KV cache 5.24 GiB, one request 4.63, 0.62 GiB spare; margin: the 0.6 GiB error band + one 16-token KV block) (apply it by hand: vramlint fix does not rewrite this value)\n", check.Stdout.ReplaceLineEndings("\n"));
        Assert.Equal("nothing to fix\n", cli.Run("fix", "pod.yaml").Stdout.ReplaceLineEndings("\n"));
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int Link(string existing, string created);
}
