using System.Globalization;

namespace VramLint.Core.Json;

/// <summary>
/// A parsed JSON value. Core has no package dependencies, so it carries this small reader for the embedded catalog,
/// a model's config.json and vLLM's JSON-valued flags (--compilation-config, --speculative-config).
/// </summary>
public abstract class JsonNode
{
    public virtual JsonNode? this[string key] => null;

    public virtual string? AsString => null;

    public virtual double? AsNumber => null;

    public virtual bool? AsBool => null;

    public int? AsInt => AsNumber is { } n && n >= int.MinValue && n <= int.MaxValue && Math.Floor(n) == n ? (int)n : null;

    public long? AsLong => AsNumber is { } n && Math.Abs(n) < 9e18 && Math.Floor(n) == n ? (long)n : null;

    public virtual IReadOnlyList<JsonNode> Items => Array.Empty<JsonNode>();

    public virtual IEnumerable<KeyValuePair<string, JsonNode>> Properties => Array.Empty<KeyValuePair<string, JsonNode>>();

    public bool IsNull => this is JsonNull;

    /// <summary>Parses JSON text; false (with a message naming the position) for anything malformed or nested deeper than 64.</summary>
    public static bool TryParse(string text, out JsonNode? node, out string? error) => new JsonReader(text).TryRead(out node, out error);

    public static JsonNode? Parse(string text) => TryParse(text, out var node, out _) ? node : null;
}

public sealed class JsonObject : JsonNode
{
    private readonly Dictionary<string, JsonNode> properties;

    internal JsonObject(Dictionary<string, JsonNode> properties) => this.properties = properties;

    public override JsonNode? this[string key] => properties.TryGetValue(key, out var value) ? value : null;

    public override IEnumerable<KeyValuePair<string, JsonNode>> Properties => properties;
}

public sealed class JsonArray : JsonNode
{
    private readonly List<JsonNode> items;

    internal JsonArray(List<JsonNode> items) => this.items = items;

    public override IReadOnlyList<JsonNode> Items => items;
}

public sealed class JsonString : JsonNode
{
    internal JsonString(string value) => Value = value;

    public string Value { get; }

    public override string? AsString => Value;

    public override double? AsNumber => double.TryParse(Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : null;
}

public sealed class JsonNumber : JsonNode
{
    internal JsonNumber(double value) => Value = value;

    public double Value { get; }

    public override double? AsNumber => Value;

    public override string? AsString => Value.ToString("R", CultureInfo.InvariantCulture);
}

public sealed class JsonBool : JsonNode
{
    internal JsonBool(bool value) => Value = value;

    public bool Value { get; }

    public override bool? AsBool => Value;
}

public sealed class JsonNull : JsonNode
{
    internal static readonly JsonNull Instance = new();
}
