using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace VramLint.Core.Configuration;

/// <summary>
/// The analyzer config files that apply to a project, combined as the compiler combines them: global configs by
/// global_level (a closer file wins a tie), then .editorconfig sections matching the file, nearer directories and
/// later sections winning. Answers "which value does key K have for file F, and where is it written".
/// </summary>
public sealed class AnalyzerConfigSet
{
    private readonly IReadOnlyList<AnalyzerConfigFile> editorConfigs;

    // The global keys are the same for every file: combined once, shared by every answer (a project of many files and a
    // .globalconfig of many keys must not cost files x keys).
    private readonly Dictionary<string, AnalyzerConfigValue> globalValues;

    private AnalyzerConfigValues? globalOnly;

    // Each section glob becomes a regex once per set, not once per file asked about.
    private readonly ConcurrentDictionary<string, Regex> globs = new(StringComparer.Ordinal);

    private AnalyzerConfigSet(IReadOnlyList<AnalyzerConfigFile> globals, IReadOnlyList<AnalyzerConfigFile> editorConfigs)
    {
        this.editorConfigs = editorConfigs;
        globalValues = new Dictionary<string, AnalyzerConfigValue>(StringComparer.Ordinal);
        foreach (var file in globals)
        {
            foreach (var value in file.Preamble.Values)
            {
                globalValues[value.Key] = value;
            }
        }
    }

    /// <summary>Combines files given outermost first (the order the SDK lists @(EditorConfigFiles) in, or a walk from the root down).</summary>
    public static AnalyzerConfigSet Create(IEnumerable<AnalyzerConfigFile> files)
    {
        var list = files.ToList();
        var globals = list.Where(f => f.IsGlobal).Select((f, i) => (f, i)).OrderBy(x => x.f.GlobalLevel).ThenBy(x => x.i).Select(x => x.f).ToList();

        // Nearer .editorconfig files win; a root = true file hides the ones above it.
        var editor = list.Where(f => !f.IsGlobal).OrderBy(f => f.Directory.Length).ToList();
        var lastRoot = editor.FindLastIndex(f => f.IsRoot);
        return new AnalyzerConfigSet(globals, lastRoot > 0 ? editor.Skip(lastRoot).ToList() : editor);
    }

    /// <summary>The options for one file (a YAML file, or a folder's stand-in for the CLI).</summary>
    public IReadOnlyDictionary<string, AnalyzerConfigValue> For(string filePath)
    {
        if (editorConfigs.Count == 0)
        {
            // Global keys only: every file gets the same answer, made once.
            return globalOnly ??= new AnalyzerConfigValues(globalValues, null);
        }

        Dictionary<string, AnalyzerConfigValue>? sectionValues = null;
        var target = AnalyzerConfigFile.Normalize(filePath);
        foreach (var file in editorConfigs)
        {
            var directory = file.Directory;
            if (directory.Length > 0 && !target.StartsWith(directory + "/", StringComparison.Ordinal))
            {
                continue;
            }

            var relative = directory.Length == 0 ? target : target.Substring(directory.Length + 1);
            for (var s = 1; s < file.Sections.Count; s++)
            {
                var section = file.Sections[s];
                if (section.Values.Count > 0 && section.Name is { } glob && globs.GetOrAdd(glob, GlobRegex).IsMatch(relative))
                {
                    sectionValues ??= new Dictionary<string, AnalyzerConfigValue>(StringComparer.Ordinal);
                    foreach (var value in section.Values)
                    {
                        sectionValues[value.Key] = value;
                    }
                }
            }
        }

        return new AnalyzerConfigValues(globalValues, sectionValues);
    }

    /// <summary>Editorconfig glob semantics: a pattern without '/' matches the file name in any folder.</summary>
    public static bool Matches(string glob, string relativePath) => GlobRegex(glob).IsMatch(relativePath);

    private static Regex GlobRegex(string glob)
    {
        var pattern = glob.Contains("/") ? glob.TrimStart('/') : "**/" + glob;
        return new Regex("^" + ToRegex(pattern) + "$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    private static string ToRegex(string glob)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            switch (c)
            {
                case '*' when i + 1 < glob.Length && glob[i + 1] == '*':
                    i++;
                    if (i + 1 < glob.Length && glob[i + 1] == '/')
                    {
                        i++;
                        sb.Append("(?:.*/)?");
                    }
                    else
                    {
                        sb.Append(".*");
                    }

                    break;
                case '*':
                    sb.Append("[^/]*");
                    break;
                case '?':
                    sb.Append("[^/]");
                    break;
                case '{':
                    var close = glob.IndexOf('}', i);
                    if (close < 0)
                    {
                        sb.Append("\\{");
                        break;
                    }

                    var inner = glob.Substring(i + 1, close - i - 1);
                    sb.Append(NumberRange(inner) ?? "(?:" + string.Join("|", inner.Split(',').Select(ToRegex)) + ")");
                    i = close;
                    break;
                case '[':
                    var end = glob.IndexOf(']', i);
                    if (end < 0)
                    {
                        sb.Append("\\[");
                        break;
                    }

                    var set = glob.Substring(i + 1, end - i - 1);
                    var negated = set.StartsWith("!", StringComparison.Ordinal);
                    sb.Append('[').Append(negated ? "^" : "").Append((negated ? set.Substring(1) : set).Replace("\\", "\\\\")).Append(']');
                    i = end;
                    break;
                default:
                    sb.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// <c>{a..b}</c> as an alternation of its numbers (ASCII digits only); a span of more than 10,000 numbers matches any
    /// whole number instead, so that a glob can never make a pattern of millions of alternatives.
    /// </summary>
    private static string? NumberRange(string inner)
    {
        var range = Regex.Match(inner, "^(-?[0-9]{1,18})\\.\\.(-?[0-9]{1,18})$", RegexOptions.CultureInvariant);
        if (!range.Success)
        {
            return null;
        }

        var a = long.Parse(range.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var b = long.Parse(range.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        var low = Math.Min(a, b);
        var count = Math.Max(a, b) - low + 1;
        return count > 10_000 ? "(?:-?[0-9]+)" : "(?:" + string.Join("|", Enumerable.Range(0, (int)count).Select(i => low + i)) + ")";
    }
}
