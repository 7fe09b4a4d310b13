using VramLint.Yaml;

namespace VramLint.Cli.Commands;

/// <summary><c>vramlint fix [--dry-run] PATH...</c>: apply the fixes in place, or print them as a diff.</summary>
internal static class FixCommand
{
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, string workingDirectory)
    {
        var arguments = CommandArguments.Parse("fix", args, ["text"], switches: ["--dry-run"]);
        var dryRun = arguments.Switches.Contains("--dry-run");
        var run = CheckCommand.Lint(arguments, workingDirectory);
        var changed = 0;
        foreach (var (path, result) in run.Files.Where(f => f.Result.Edits.Count > 0))
        {
            var before = File.ReadAllText(path);
            var after = YamlFixer.Apply(before, result.Edits);
            var relative = Output.CheckReports.Relative(path, workingDirectory);
            changed++;
            if (dryRun)
            {
                WriteDiff(stdout, relative, before, after);
            }
            else
            {
                File.WriteAllText(path, after);
                foreach (var edit in result.Edits)
                {
                    stdout.WriteLine($"{relative}: {edit.Title}");
                }
            }
        }

        stdout.WriteLine(changed == 0 ? "nothing to fix" : dryRun ? $"{changed} file(s) would change" : $"{changed} file(s) fixed");
        var remaining = dryRun ? run : CheckCommand.Lint(arguments, workingDirectory);
        return remaining.ExitCode;
    }

    /// <summary>A line diff of the changed lines, unified style.</summary>
    private static void WriteDiff(TextWriter w, string path, string before, string after)
    {
        var old = before.Split('\n');
        var updated = after.Split('\n');
        w.WriteLine($"--- a/{path}");
        w.WriteLine($"+++ b/{path}");
        for (var i = 0; i < Math.Min(old.Length, updated.Length); i++)
        {
            if (old[i] != updated[i])
            {
                w.WriteLine($"@@ -{i + 1} +{i + 1} @@");
                w.WriteLine("-" + old[i].TrimEnd('\r'));
                w.WriteLine("+" + updated[i].TrimEnd('\r'));
            }
        }
    }
}
