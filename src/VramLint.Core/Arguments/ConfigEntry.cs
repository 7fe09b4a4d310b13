namespace VramLint.Core.Arguments;

/// <summary>The shape of a value in a vLLM <c>--config</c> YAML file (vllm-notes 1.1).</summary>
public enum ConfigValueKind
{
    /// <summary>A plain value: becomes <c>--key value</c>.</summary>
    Scalar,

    /// <summary><c>true</c>: becomes the bare flag.</summary>
    True,

    /// <summary><c>false</c>: vLLM drops it silently.</summary>
    False,

    /// <summary>A sequence: becomes <c>--key item1 item2</c>.</summary>
    List,

    /// <summary>A mapping: becomes <c>--key '&lt;json&gt;'</c>.</summary>
    Map,
}

/// <summary>One top-level key of a vLLM <c>--config</c> file, as a YAML front end read it.</summary>
public sealed class ConfigEntry
{
    public ConfigEntry(string key, ConfigValueKind kind, string? value = null, SourceLocation? keyLocation = null, SourceLocation? valueLocation = null, IReadOnlyList<ArgumentToken>? items = null)
    {
        Key = key;
        Kind = kind;
        Value = value;
        KeyLocation = keyLocation;
        ValueLocation = valueLocation;
        Items = items ?? Array.Empty<ArgumentToken>();
    }

    /// <summary>The key as written (dashes or underscores).</summary>
    public string Key { get; }

    public ConfigValueKind Kind { get; }

    /// <summary>The scalar text, or the mapping as JSON.</summary>
    public string? Value { get; }

    public SourceLocation? KeyLocation { get; }

    public SourceLocation? ValueLocation { get; }

    /// <summary>The items of a sequence.</summary>
    public IReadOnlyList<ArgumentToken> Items { get; }
}
