namespace VramLint.Cli;

/// <summary>
/// The VramLint keys from the .globalconfig/.editorconfig files that apply to a folder, found the way the SDK finds
/// them (every file from the folder upward; .editorconfig stops at root = true).
/// </summary>
internal sealed class ConfigFiles
{
    private readonly Dictionary<string, (string Value, string Where)> values;

    private ConfigFiles(Dictionary<string, (string Value, string Where)> values)
    {
        this.values = values;
    }

    public string? Get(string key) => values.TryGetValue(key, out var v) ? v.Value : null;

    public string? Where(string key) => values.TryGetValue(key, out var v) ? v.Where : null;

    public static ConfigFiles Discover(string folder)
    {
        // Filled in once Core's editorconfig parser lands.
        return new ConfigFiles(new Dictionary<string, (string, string)>(StringComparer.Ordinal));
    }
}
