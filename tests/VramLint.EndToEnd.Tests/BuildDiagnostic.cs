using System.Text.RegularExpressions;

namespace VramLint.EndToEnd.Tests;

/// <summary>One canonical <c>file(line,col[,endLine,endCol]): error|warning|message ID:</c> line of build output.</summary>
public sealed record BuildDiagnostic(string File, int Line, int Column, string Severity, string Id)
{
    private static readonly Regex Canonical = new(
        @"^\s*(?:\d+>)?(?<file>[^\s(][^(]*)\((?<line>\d+),(?<col>\d+)(?:,\d+,\d+)?\): (?<severity>error|warning|message) (?<id>VRAM\d{3}):",
        RegexOptions.Multiline);

    /// <summary>The distinct VramLint diagnostics in a build's output (MSBuild repeats errors in its summary), by file name.</summary>
    public static IReadOnlyList<BuildDiagnostic> Parse(string output) => Canonical.Matches(output)
        .Select(m => new BuildDiagnostic(
            Path.GetFileName(m.Groups["file"].Value.Trim()),
            int.Parse(m.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(m.Groups["col"].Value, System.Globalization.CultureInfo.InvariantCulture),
            m.Groups["severity"].Value,
            m.Groups["id"].Value))
        .Distinct()
        .ToList();
}
