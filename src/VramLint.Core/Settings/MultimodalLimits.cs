using VramLint.Core.Json;

namespace VramLint.Core.Settings;

/// <summary>
/// --limit-mm-per-prompt: how many items of each modality one prompt may carry. vLLM profiles its encoder with that many
/// dummy items of the largest size; 0 turns the modality off (and when every modality is 0 the encoder is not profiled).
/// Accepts <c>{"image": 2, "video": 0}</c>, the per-modality form <c>{"image": {"count": 2, ...}}</c> and, for releases
/// before 0.10, <c>image=2,video=0</c>.
/// </summary>
public sealed class MultimodalLimits
{
    private readonly Dictionary<string, int> counts;

    private MultimodalLimits(Dictionary<string, int> counts) => this.counts = counts;

    public IReadOnlyDictionary<string, int> Counts => counts;

    /// <summary>The limit written for a modality; null when that modality is not named (vLLM's default applies).</summary>
    public int? this[string modality] => counts.TryGetValue(modality, out var n) ? n : null;

    /// <summary>True when every modality named is 0 (a text-only deployment of a multimodal model).</summary>
    public bool AllZero => counts.Count > 0 && counts.Values.All(n => n == 0);

    /// <summary>The written limits with per-modality counts set over them (vLLM's dotted --limit-mm-per-prompt.image 0 form).</summary>
    public static MultimodalLimits Overridden(MultimodalLimits? written, IReadOnlyDictionary<string, int> counts)
    {
        var result = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in written?.counts ?? new Dictionary<string, int>())
        {
            result[entry.Key] = entry.Value;
        }

        foreach (var entry in counts)
        {
            result[entry.Key] = entry.Value;
        }

        return new MultimodalLimits(result);
    }

    public static MultimodalLimits? From(JsonNode? node)
    {
        if (node is not JsonObject obj)
        {
            return null;
        }

        var result = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in obj.Properties)
        {
            var count = entry.Value.AsInt ?? entry.Value["count"]?.AsInt;
            if (count is >= 0)
            {
                result[entry.Key] = count.Value;
            }
        }

        return new MultimodalLimits(result);
    }

    /// <summary>The pre-0.10 <c>image=2,video=0</c> form as a JSON object; null when the text is not in that form.</summary>
    public static JsonNode? FromPairs(string text)
    {
        var parts = text.Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            return null;
        }

        var json = new List<string>();
        foreach (var part in parts)
        {
            var eq = part.IndexOf('=');
            if (eq <= 0 || !int.TryParse(part.Substring(eq + 1).Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
            {
                return null;
            }

            var key = part.Substring(0, eq).Trim();
            if (key.Length == 0 || key.Any(c => !char.IsLetterOrDigit(c) && c != '_'))
            {
                return null;
            }

            json.Add("\"" + key + "\":" + n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return JsonNode.Parse("{" + string.Join(",", json) + "}");
    }
}
