using System.Diagnostics;
using System.Text;

namespace VramLint.Cli.Tests.Fuzz;

/// <summary>
/// The fuzz suite that stays: short seeded campaigns in every run, long ones under the Fuzz trait (left out of the
/// README's test command, run by their own step of .ci/run), and the special files that once hung or crashed.
/// </summary>
public class FuzzTests
{
    [Fact]
    public void Mutated_yaml_is_checked_without_change_and_fixed_only_in_its_scalars() => FuzzCampaign.Yaml(seed: 14, cases: 60);

    [Fact]
    public void Random_argument_lists_follow_the_exit_code_policy() => FuzzCampaign.Arguments(seed: 14, cases: 150);

    [Fact]
    public void Random_configuration_values_follow_the_exit_code_policy() => FuzzCampaign.Configuration(seed: 14, cases: 25);

    [Fact]
    [Trait("Category", "Fuzz")]
    public void Long_yaml_campaign() => FuzzCampaign.Yaml(seed: 1414, cases: 4000);

    [Fact]
    [Trait("Category", "Fuzz")]
    public void Long_argument_campaign() => FuzzCampaign.Arguments(seed: 1414, cases: 8000);

    [Fact]
    [Trait("Category", "Fuzz")]
    public void Long_configuration_campaign() => FuzzCampaign.Configuration(seed: 1414, cases: 800);

    [Fact]
    public void Special_files_are_findings_and_nothing_regular_changes()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var cli = new CliRunner();
        cli.Write(".globalconfig", FuzzCampaign.Config);
        cli.Write("deploy/config.yaml", FuzzCampaign.YamlSeeds[0]);
        cli.Write("deploy/empty.yaml", "");
        File.WriteAllBytes(Path.Combine(cli.Folder, "deploy", "bom-only.yaml"), new byte[] { 0xEF, 0xBB, 0xBF });
        File.WriteAllBytes(Path.Combine(cli.Folder, "deploy", "odd-utf16.yaml"), new byte[] { 0xFF, 0xFE, 0x6D, 0x00, 0x6F });
        File.WriteAllBytes(Path.Combine(cli.Folder, "deploy", "nul.yaml"), Encoding.UTF8.GetBytes("model: vllm\0\0\nmax-model-len: 8\n"));
        Directory.CreateDirectory(Path.Combine(cli.Folder, "deploy", "folder.yaml"));
        File.CreateSymbolicLink(Path.Combine(cli.Folder, "deploy", "zero.yaml"), "/dev/zero");
        File.CreateSymbolicLink(Path.Combine(cli.Folder, "deploy", "gone.yaml"), "nowhere.yaml");
        File.CreateSymbolicLink(Path.Combine(cli.Folder, "deploy", "loop-a.yaml"), "loop-b.yaml");
        File.CreateSymbolicLink(Path.Combine(cli.Folder, "deploy", "loop-b.yaml"), "loop-a.yaml");
        Directory.CreateSymbolicLink(Path.Combine(cli.Folder, "deploy", "up"), "..");
        using (var mkfifo = Process.Start("mkfifo", Path.Combine(cli.Folder, "deploy", "fifo.yaml")))
        {
            mkfifo.WaitForExit();
        }

        var regular = Directory.GetFiles(Path.Combine(cli.Folder, "deploy")).Where(f => new FileInfo(f) is { LinkTarget: null } && !f.EndsWith("fifo.yaml", StringComparison.Ordinal) && !f.EndsWith("config.yaml", StringComparison.Ordinal)).ToDictionary(f => f, File.ReadAllBytes);

        var check = FuzzCampaign.WithinHangGuard("check of special files", () => cli.Run("check", "deploy"));
        var fix = FuzzCampaign.WithinHangGuard("fix of special files", () => cli.Run("fix", "deploy"));

        Assert.Equal(1, check.ExitCode);
        Assert.Equal("", check.Stderr + fix.Stderr);
        foreach (var name in new[] { "zero.yaml", "gone.yaml", "loop-a.yaml", "loop-b.yaml", "fifo.yaml" })
        {
            Assert.Contains($"deploy/{name}(1,1): warning VRAM008: ", check.Stdout);
        }

        Assert.All(regular, f => Assert.Equal(f.Value, File.ReadAllBytes(f.Key)));
        Assert.Contains("deploy/config.yaml: Lower max-model-len to 44032", fix.Stdout);
    }
}
