using VramLint.Yaml;
using VramLint.Yaml.Files;

namespace VramLint.Cli.Commands;

/// <summary>
/// <c>vramlint fix [--dry-run] PATH...</c>: apply the fixes through the one writer the build task also uses (each file
/// once, checked unchanged, replaced atomically), or print exactly what it would write as a diff. With
/// <c>--format json|sarif</c> it then writes check's document of what is left (what was found, for a dry run).
/// </summary>
internal static class FixCommand
{
    public static int Run(CommandArguments arguments, CliContext context)
    {
        var workingDirectory = context.WorkingDirectory;

        // With json or sarif, stdout carries only the document (the findings left, or found for --dry-run); the account of
        // what was written goes to stderr.
        var document = arguments.Format != "text";
        var stdout = document ? context.Stderr : context.Stdout;
        var dryRun = arguments.Switches.Contains("--dry-run");
        var run = CheckCommand.Lint(arguments, workingDirectory);
        var changed = 0;
        var failed = 0;
        foreach (var file in run.Files.Where(f => f.Result.Edits.Count > 0 && f.Source.Text is not null))
        {
            var relative = Output.CheckReports.Relative(file.Path, workingDirectory);
            if (dryRun)
            {
                WriteDiff(stdout, relative, file.Source.Text!, YamlFixWriter.Preview(file.Source, file.Result.Edits));
                changed++;
                continue;
            }

            var written = YamlFixWriter.Write(file.Source, file.Result.Edits);
            if (!written.Written)
            {
                failed++;
                stdout.WriteLine($"{relative}: not fixed: {written.Failure}");
                continue;
            }

            changed++;
            foreach (var edit in file.Result.Edits)
            {
                stdout.WriteLine($"{relative}: {edit.Title}");
            }
        }

        stdout.WriteLine(changed == 0 && failed == 0 ? "nothing to fix" : dryRun ? $"{changed} file(s) would change" : $"{changed} file(s) fixed" + (failed > 0 ? $", {failed} left unchanged" : ""));
        var remaining = dryRun ? run : CheckCommand.Lint(arguments, workingDirectory, keepFiles: false);
        if (document)
        {
            CheckCommand.Write(arguments.Format, context.Stdout, remaining, workingDirectory);
        }

        return remaining.ExitCode;
    }

    /// <summary>A unified diff of the changed lines (no context lines), exactly the text the writer would write.</summary>
    private static void WriteDiff(TextWriter w, string path, string before, string after)
    {
        var old = before.Split('\n');
        var updated = after.Split('\n');
        w.WriteLine($"--- a/{path.Replace('\\', '/')}");
        w.WriteLine($"+++ b/{path.Replace('\\', '/')}");
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
