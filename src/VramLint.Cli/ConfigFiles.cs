using System.Collections.Concurrent;
using VramLint.Core.Configuration;

namespace VramLint.Cli;

/// <summary>
/// The VramLint keys from the .globalconfig/.editorconfig files that apply to a folder, found the way the SDK finds
/// them (every file from the folder upward; .editorconfig stops at root = true), combined by Core's rules.
/// </summary>
internal sealed class ConfigFiles
{
    // A check of many files reads the same config files for each: each is parsed once per process while its text is
    // unchanged, and files that share their config files share one combined set.
    private static readonly ConcurrentDictionary<string, ParsedFile> Parsed = new(StringComparer.Ordinal);
    private static CombinedSet? lastSet;

    private static readonly string[] ConfigNames = { ".globalconfig", ".editorconfig" };

    private readonly IReadOnlyDictionary<string, AnalyzerConfigValue> values;

    private ConfigFiles(IReadOnlyDictionary<string, AnalyzerConfigValue> values)
    {
        this.values = values;
    }

    public string? Get(string key) => values.TryGetValue(key, out var v) ? v.Value : null;

    /// <summary>The config file that sets a key, for values relative to it.</summary>
    public string? SourceFile(string key) => values.TryGetValue(key, out var v) ? v.FilePath : null;

    /// <summary>Where a key's value is written (file, line, column); null when no file sets it.</summary>
    public AnalyzerConfigValue? Value(string key) => values.TryGetValue(key, out var v) ? v : null;

    /// <summary>True when both set the same keys to the same values from the same places: the options they give are the same.</summary>
    public bool SameValues(ConfigFiles other)
    {
        if (ReferenceEquals(values, other.values))
        {
            return true;
        }

        if (values.Count != other.values.Count)
        {
            return false;
        }

        foreach (var pair in values)
        {
            if (!other.values.TryGetValue(pair.Key, out var value) || !Equals(pair.Value, value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>"path(line,col)" of a key's value, for messages.</summary>
    public string? Where(string key) => values.TryGetValue(key, out var v) ? $"{v.FilePath}({v.Line},{v.Column})" : null;

    /// <summary>The options for files in <paramref name="folder"/>.</summary>
    public static ConfigFiles Discover(string folder) => For(Path.Combine(Path.GetFullPath(folder), "vramlint-command-line"));

    /// <summary>The options for one file: the config files of its folder and every folder above.</summary>
    public static ConfigFiles For(string filePath) => For(filePath, null);

    /// <summary>The options for one file of a run that reads many: <paramref name="run"/> keeps each folder's config files
    /// for the files after it (a run of 2,000 files in one folder looks for them and reads them once, not 2,000 times).</summary>
    public static ConfigFiles For(string filePath, RunCache? run)
    {
        var folder = Path.GetDirectoryName(Yaml.Files.FullPath.Of(filePath))!;
        return new ConfigFiles(SetOf(InAndAbove(folder, run)).For(filePath));
    }

    /// <summary>The config files of a folder and every folder above, the outermost first. A run looks in each folder once:
    /// the 400 folders of a check share their parents, whose files are found for the first and reused by the rest.</summary>
    private static List<AnalyzerConfigFile> InAndAbove(string folder, RunCache? run)
    {
        if (run is not null && run.Folders.TryGetValue(folder, out var known))
        {
            return known;
        }

        var files = Path.GetDirectoryName(folder) is { } parent ? new List<AnalyzerConfigFile>(InAndAbove(parent, run)) : new List<AnalyzerConfigFile>();
        foreach (var name in ConfigNames)
        {
            var path = Path.Combine(folder, name);
            // Regular files of a sane size only: a FIFO or a device named .editorconfig must not block the run.
            if (File.Exists(path) && Yaml.Files.FileFacts.Of(path) is { Kind: Yaml.Files.FileKind.Regular, Size: <= Yaml.YamlText.MaxBytes })
            {
                files.Add(Parse(path));
            }
        }

        run?.Folders.Add(folder, files);
        return files;
    }

    private static AnalyzerConfigFile Parse(string path)
    {
        var text = File.ReadAllText(path);
        if (Parsed.TryGetValue(path, out var cached) && string.Equals(cached.Text, text, StringComparison.Ordinal))
        {
            return cached.File;
        }

        var file = AnalyzerConfigFile.Parse(text, path);
        Parsed[path] = new ParsedFile(text, file);
        return file;
    }

    private static AnalyzerConfigSet SetOf(List<AnalyzerConfigFile> files)
    {
        if (lastSet is { } last && last.Files.SequenceEqual(files, ReferenceEqualityComparer.Instance))
        {
            return last.Set;
        }

        var set = AnalyzerConfigSet.Create(files);
        lastSet = new CombinedSet(files.ToArray(), set);
        return set;
    }

    /// <summary>The config files found per folder during one run: the files of a run do not change while it reads them.</summary>
    internal sealed class RunCache
    {
        public Dictionary<string, List<AnalyzerConfigFile>> Folders { get; } = new(StringComparer.Ordinal);
    }

    private sealed record ParsedFile(string Text, AnalyzerConfigFile File);

    private sealed record CombinedSet(AnalyzerConfigFile[] Files, AnalyzerConfigSet Set);
}
