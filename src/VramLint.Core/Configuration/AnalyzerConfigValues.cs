using System.Collections;

namespace VramLint.Core.Configuration;

/// <summary>
/// The keys that apply to one file: the matching .editorconfig sections' values over the global ones. The global layer
/// is shared by every file of a set and never copied; neither layer can be changed through this view.
/// </summary>
internal sealed class AnalyzerConfigValues : IReadOnlyDictionary<string, AnalyzerConfigValue>
{
    private readonly Dictionary<string, AnalyzerConfigValue> globals;
    private readonly Dictionary<string, AnalyzerConfigValue>? sections;

    public AnalyzerConfigValues(Dictionary<string, AnalyzerConfigValue> globals, Dictionary<string, AnalyzerConfigValue>? sections)
    {
        this.globals = globals;
        this.sections = sections;
    }

    public int Count => sections is null ? globals.Count : globals.Count + sections.Keys.Count(k => !globals.ContainsKey(k));

    public IEnumerable<string> Keys => this.Select(pair => pair.Key);

    public IEnumerable<AnalyzerConfigValue> Values => this.Select(pair => pair.Value);

    public AnalyzerConfigValue this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"the key '{key}' is not set");

    public bool ContainsKey(string key) => (sections?.ContainsKey(key) ?? false) || globals.ContainsKey(key);

    public bool TryGetValue(string key, out AnalyzerConfigValue value)
    {
        if (sections is not null && sections.TryGetValue(key, out value!))
        {
            return true;
        }

        return globals.TryGetValue(key, out value!);
    }

    /// <summary>The global keys first (a section's value in their place), then the keys only sections set.</summary>
    public IEnumerator<KeyValuePair<string, AnalyzerConfigValue>> GetEnumerator()
    {
        foreach (var pair in globals)
        {
            yield return sections is not null && sections.TryGetValue(pair.Key, out var over) ? new KeyValuePair<string, AnalyzerConfigValue>(pair.Key, over) : pair;
        }

        if (sections is not null)
        {
            foreach (var pair in sections)
            {
                if (!globals.ContainsKey(pair.Key))
                {
                    yield return pair;
                }
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
