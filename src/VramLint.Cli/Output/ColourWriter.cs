using System.Text;
using System.Text.RegularExpressions;

namespace VramLint.Cli.Output;

/// <summary>
/// Colours the severity word of each finding line ("error VRAM001:") and the verdict, for a person at a terminal. Used
/// only when <see cref="Enabled"/> says so: never in a pipe, a file or CI logs, never with NO_COLOR set (no-color.org),
/// never on TERM=dumb; JSON and SARIF are never coloured.
/// </summary>
internal sealed class ColourWriter : TextWriter
{
    private const string Red = "\u001b[31m";
    private const string Yellow = "\u001b[33m";
    private const string Cyan = "\u001b[36m";
    private const string Green = "\u001b[32m";
    private const string Reset = "\u001b[0m";

    private static readonly Regex SeverityWord = new(@"(?<=^|: )(error|warning|info)(?= VRAM\d{3}:)", RegexOptions.CultureInvariant);

    private readonly TextWriter inner;
    private readonly StringBuilder line = new();

    public ColourWriter(TextWriter inner) => this.inner = inner;

    public override Encoding Encoding => inner.Encoding;

    /// <summary>Whether output to this stream should be coloured: a terminal, no NO_COLOR, not TERM=dumb.</summary>
    public static bool Enabled(bool isTerminal, Func<string, string?> environment) =>
        isTerminal && string.IsNullOrEmpty(environment("NO_COLOR")) && environment("TERM") != "dumb";

    /// <summary>One line with its severity word and verdict coloured; other text unchanged.</summary>
    public static string Paint(string text)
    {
        var painted = SeverityWord.Replace(text, m => (m.Value switch { "error" => Red, "warning" => Yellow, _ => Cyan }) + m.Value + Reset);
        return painted switch
        {
            "fits" => Green + painted + Reset,
            _ when painted.StartsWith("does not fit", StringComparison.Ordinal) => Red + painted + Reset,
            _ => painted,
        };
    }

    public override void Write(char value)
    {
        if (value == '\n')
        {
            var text = line.ToString();
            var cr = text.EndsWith('\r');
            inner.Write(Paint(cr ? text[..^1] : text) + (cr ? "\r\n" : "\n"));
            line.Clear();
        }
        else
        {
            line.Append(value);
        }
    }

    public override void Write(string? value)
    {
        foreach (var c in value ?? "")
        {
            Write(c);
        }
    }

    public override void Flush()
    {
        if (line.Length > 0)
        {
            inner.Write(Paint(line.ToString()));
            line.Clear();
        }

        inner.Flush();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Flush();
        }

        base.Dispose(disposing);
    }
}
