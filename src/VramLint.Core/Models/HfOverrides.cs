using VramLint.Core.Json;

namespace VramLint.Core.Models;

/// <summary>
/// vLLM's <c>--hf-overrides</c> JSON applied to a model's facts before anything is sized: each key replaces the config's
/// value; an object given for a sub-config (<c>text_config</c>) updates that sub-config's keys, as vLLM updates a nested
/// PretrainedConfig. The spec is read again from the overridden config, so layer counts, heads, positions and RoPE scaling all follow.
/// </summary>
public static class HfOverrides
{
    /// <summary>The spec with the overrides applied; the spec itself when there are none, they are not a JSON object, or its source JSON is unknown.</summary>
    public static ModelSpec Apply(ModelSpec spec, string? overridesJson)
    {
        if (string.IsNullOrWhiteSpace(overridesJson) || spec.Raw is not JsonObject raw
            || JsonNode.Parse(overridesJson!) is not JsonObject overrides || !overrides.Properties.Any())
        {
            return spec;
        }

        var merged = Merge(raw, overrides);
        var read = spec.RawIsCatalogRecord ? ModelCatalog.FromRecord(merged) : ConfigJsonReader.Read(merged, spec.Id);
        return read is null
            ? spec
            : read with { Id = spec.Id, FactsSource = spec.FactsSource, CheckpointWeightBytes = spec.CheckpointWeightBytes, BaseModel = spec.BaseModel, SameArchitectureAs = spec.SameArchitectureAs };
    }

    private static JsonObject Merge(JsonObject target, JsonObject overrides)
    {
        var properties = target.Properties.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        foreach (var entry in overrides.Properties)
        {
            properties[entry.Key] = entry.Key.EndsWith("_config", StringComparison.Ordinal) && entry.Value is JsonObject inner
                && properties.TryGetValue(entry.Key, out var existing) && existing is JsonObject existingObject
                ? Merge(existingObject, inner)
                : entry.Value;
        }

        return new JsonObject(properties);
    }
}
