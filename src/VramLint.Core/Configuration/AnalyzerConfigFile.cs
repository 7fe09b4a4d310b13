using System.Globalization;

namespace VramLint.Core.Configuration;

/// <summary>One key of an analyzer config file and where its value is written.</summary>
public sealed record AnalyzerConfigValue(string Key, string Value, string FilePath, int Line, int Column);

/// <summary>A <c>[section]</c> of an .editorconfig (its glob) or the file's preamble (name null).</summary>
public sealed record AnalyzerConfigSection(string? Name, IReadOnlyList<AnalyzerConfigValue> Values);

/// <summary>
/// One .editorconfig or .globalconfig parsed with the SDK's rules: <c>#</c>/<c>;</c> comments, <c>[section]</c> headers,
/// keys lower-cased, values trimmed, the last value of a key wins; a file is global when named .globalconfig or when
/// its preamble says <c>is_global = true</c>, and ranks by <c>global_level</c> (100 for .globalconfig, else 0).
/// Pure text in, so the task and the CLI share it (the analyzer gets the same keys from the compiler).
/// </summary>
public sealed class AnalyzerConfigFile
{
    private static readonly char[] KeyValueSeparators = { '=', ':' };

    private AnalyzerConfigFile(string path, IReadOnlyList<AnalyzerConfigSection> sections, bool isGlobal, int globalLevel, bool isRoot)
    {
        Path = path;
        Sections = sections;
        IsGlobal = isGlobal;
        GlobalLevel = globalLevel;
        IsRoot = isRoot;
    }

    public string Path { get; }

    /// <summary>Directory of the file, with forward slashes and no trailing slash.</summary>
    public string Directory => Normalize(System.IO.Path.GetDirectoryName(Path) ?? "");

    public IReadOnlyList<AnalyzerConfigSection> Sections { get; }

    public bool IsGlobal { get; }

    public int GlobalLevel { get; }

    /// <summary>root = true: .editorconfig files above this one are not read.</summary>
    public bool IsRoot { get; }

    public AnalyzerConfigSection Preamble => Sections[0];

    public static AnalyzerConfigFile Parse(string text, string path)
    {
        var sections = new List<AnalyzerConfigSection>();
        var values = new List<AnalyzerConfigValue>();
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        string? sectionName = null;
        var lines = (text ?? "").Replace("\r\n", "\n").Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n];
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] is '#' or ';')
            {
                continue;
            }

            if (trimmed[0] == '[' && trimmed[trimmed.Length - 1] == ']')
            {
                sections.Add(new AnalyzerConfigSection(sectionName, values));
                sectionName = trimmed.Substring(1, trimmed.Length - 2);
                values = new List<AnalyzerConfigValue>();
                positions = new Dictionary<string, int>(StringComparer.Ordinal);
                continue;
            }

            var eq = line.IndexOfAny(KeyValueSeparators);
            if (eq <= 0)
            {
                continue;
            }

            var key = line.Substring(0, eq).Trim().ToLowerInvariant();
            var rawValue = line.Substring(eq + 1);
            var value = StripComment(rawValue).Trim();
            var column = eq + 2 + (rawValue.Length - rawValue.TrimStart().Length);
            // The last value of a key wins; an index keeps this linear for files of many keys.
            var entry = new AnalyzerConfigValue(key, value, path, n + 1, column);
            if (positions.TryGetValue(key, out var at))
            {
                values[at] = entry;
            }
            else
            {
                positions[key] = values.Count;
                values.Add(entry);
            }
        }

        sections.Add(new AnalyzerConfigSection(sectionName, values));
        var preamble = sections[0].Values;
        string? Preamble(string key) => preamble.LastOrDefault(v => v.Key == key)?.Value;

        var named = string.Equals(System.IO.Path.GetFileName(path), ".globalconfig", StringComparison.OrdinalIgnoreCase);
        var isGlobal = named || string.Equals(Preamble("is_global"), "true", StringComparison.OrdinalIgnoreCase);
        var level = int.TryParse(Preamble("global_level"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l : named ? 100 : 0;
        var isRoot = string.Equals(Preamble("root"), "true", StringComparison.OrdinalIgnoreCase);
        return new AnalyzerConfigFile(path, sections, isGlobal, level, isRoot);
    }

    internal static string Normalize(string path) => path.Replace('\\', '/').TrimEnd('/');

    /// <summary>Editorconfig allows trailing comments after " #" or " ;" in values.</summary>
    private static string StripComment(string value)
    {
        for (var i = 1; i < value.Length; i++)
        {
            if (value[i] is '#' or ';' && char.IsWhiteSpace(value[i - 1]))
            {
                return value.Substring(0, i);
            }
        }

        return value;
    }
}
