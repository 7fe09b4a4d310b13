using System.Globalization;
using System.Text.Json;
using VramLint.Cli.Commands;
using VramLint.Core.Diagnostics;

namespace VramLint.Cli.Output;

/// <summary>The three formats of <c>vramlint check</c>: compiler-style text, JSON, and SARIF 2.1.0 for code-scanning uploads.</summary>
internal static class CheckReports
{
    /// <summary>The findings the run kept (none when they were streamed), the capacity finding, and the summary line.</summary>
    public static void WriteText(TextWriter w, CheckRun run, string workingDirectory)
    {
        foreach (var r in run.Reported)
        {
            WriteFinding(w, r, workingDirectory);
        }

        if (run.CapacityFinding is { } capacity)
        {
            w.WriteLine($"{JsonReport.SeverityWord(capacity.Severity)} {capacity.Id}: {capacity.Message}");
        }

        w.WriteLine($"{run.Summary}: {run.Errors} error(s), {run.Warnings} warning(s)");
    }

    /// <summary>One finding as a compiler-style line, and its first fix.</summary>
    public static void WriteFinding(TextWriter w, ReportedYamlFinding r, string workingDirectory)
    {
        // Written in pieces: a failing deployment's message runs to a thousand characters, and the whole line as one
        // string would be one more copy of it for every finding of a run.
        var f = r.Finding;
        w.Write(Relative(f.Path, workingDirectory));
        w.Write('(');
        WriteNumber(w, f.Line);
        w.Write(',');
        WriteNumber(w, f.Column);
        w.Write("): ");
        w.Write(JsonReport.SeverityWord(r.Severity));
        w.Write(' ');
        w.Write(f.Finding.Id);
        w.Write(": ");
        w.WriteLine(f.Finding.Message);
        if (f.Finding.Fixes.Count > 0)
        {
            w.Write("  fix: ");
            w.Write(f.Finding.Fixes[0].Title);
            w.WriteLine(f.Fixable ? " (vramlint fix applies it)" : " (apply it by hand: vramlint fix does not rewrite this value)");
        }
    }

    private static void WriteNumber(TextWriter w, int value)
    {
        Span<char> digits = stackalloc char[11];
        value.TryFormat(digits, out var written, provider: CultureInfo.InvariantCulture);
        w.Write(digits.Slice(0, written));
    }

    public static void WriteJson(TextWriter w, CheckRun run, string workingDirectory)
    {
        var diagnostics = run.Reported.Select(r => new CheckJsonDiagnostic(
            Relative(r.Finding.Path, workingDirectory),
            r.Finding.Line,
            r.Finding.Column,
            r.Finding.EndLine,
            r.Finding.EndColumn,
            r.Finding.Finding.Id,
            JsonReport.SeverityWord(r.Severity),
            r.Finding.Finding.Message,
            r.Finding.Finding.Fixes.Select(x => new CheckJsonFix(x.Setting, x.Value, x.Title)).ToList())).ToList();
        if (run.CapacityFinding is { } capacity)
        {
            diagnostics.Add(new CheckJsonDiagnostic(null, 0, 0, 0, 0, capacity.Id, JsonReport.SeverityWord(capacity.Severity), capacity.Message, new List<CheckJsonFix>()));
        }

        var doc = new CheckJsonDocument(
            JsonReport.SchemaVersion,
            run.FilesLinted,
            run.FilesRead,
            run.Deployments,
            run.Sized,
            run.Skipped.Select(s => new CheckJsonSkipped(s.Reason, s.Count)).ToList(),
            diagnostics);
        w.WriteLine(JsonSerializer.Serialize(doc, ReportJsonContext.Default.CheckJsonDocument));
    }

    internal static string Level(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Error => "error",
        FindingSeverity.Warning => "warning",
        _ => "note",
    };

    internal static string Relative(string path, string workingDirectory)
    {
        // A file under the working folder (the usual case, once a finding per file): what follows the folder's name.
        if (path.Length > workingDirectory.Length + 1 && path.StartsWith(workingDirectory, StringComparison.Ordinal)
            && path[workingDirectory.Length] == '/' && workingDirectory.Length > 0 && workingDirectory[workingDirectory.Length - 1] != '/'
            && Yaml.Files.FullPath.IsNormal(path) && Yaml.Files.FullPath.IsNormal(workingDirectory))
        {
            return path.Substring(workingDirectory.Length + 1);
        }

        var relative = Path.GetRelativePath(workingDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }
}
