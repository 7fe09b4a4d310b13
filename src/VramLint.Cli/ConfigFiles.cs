using VramLint.Core.Configuration;

namespace VramLint.Cli;

/// <summary>
/// The VramLint keys from the .globalconfig/.editorconfig files that apply to a folder, found the way the SDK finds
/// them (every file from the folder upward; .editorconfig stops at root = true), combined by Core's rules.
/// </summary>
internal sealed class ConfigFiles
{
    private readonly IReadOnlyDictionary<string, AnalyzerConfigValue> values;

    private ConfigFiles(IReadOnlyDictionary<string, AnalyzerConfigValue> values)
    {
        this.values = values;
    }

    public string? Get(string key) => values.TryGetValue(key, out var v) ? v.Value : null;

    /// <summary>The config file that sets a key, for values relative to it.</summary>
    public string? SourceFile(string key) => values.TryGetValue(key, out var v) ? v.FilePath : null;

    /// <summary>"path(line,col)" of a key's value, for messages.</summary>
    public string? Where(string key) => values.TryGetValue(key, out var v) ? $"{v.FilePath}({v.Line},{v.Column})" : null;

    /// <summary>The options for files in <paramref name="folder"/>.</summary>
    public static ConfigFiles Discover(string folder) => For(Path.Combine(Path.GetFullPath(folder), "vramlint-command-line"));

    /// <summary>The options for one file: the config files of its folder and every folder above.</summary>
    public static ConfigFiles For(string filePath)
    {
        var files = new List<AnalyzerConfigFile>();
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(Path.GetFullPath(filePath))!); dir is not null; dir = dir.Parent)
        {
            foreach (var name in new[] { ".editorconfig", ".globalconfig" })
            {
                var path = Path.Combine(dir.FullName, name);
                if (File.Exists(path))
                {
                    files.Add(AnalyzerConfigFile.Parse(File.ReadAllText(path), path));
                }
            }
        }

        files.Reverse();
        return new ConfigFiles(AnalyzerConfigSet.Create(files).For(filePath));
    }
}
