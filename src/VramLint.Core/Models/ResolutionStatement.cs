namespace VramLint.Core.Models;

/// <summary>
/// The VRAM006 sentence: what a served name was matched to and how, or, when nothing matched, what the estimate rests on
/// and how to give VramLint the model's real facts.
/// </summary>
public static class ResolutionStatement
{
    /// <summary>The statement for a resolution that is not an exact match; null for an exact one.</summary>
    public static string? For(ModelResolution model)
    {
        var q = model.Quantization;
        var id = Settings.ValueRanges.Shorten(model.Id);
        var scheme = q.IsQuantized ? " with " + Describe(q) : "";
        switch (model.Match)
        {
            case ModelMatch.Exact:
                return null;
            case ModelMatch.Derivative:
                return $"resolved '{id}' as {model.MatchedId}{scheme} ({How(model.Derivative)}, matched by name{ReadAs(model)})";
            case ModelMatch.LocalPath:
                var how = model.Derivative is { } kind ? ", " + How(kind) : "";
                return $"resolved local path '{id}' as {model.MatchedId}{scheme} by its folder name{how}{ReadAs(model)}";
            case ModelMatch.NameOnly:
                return $"model '{id}' is not in VramLint's catalog{Note(model)}; the estimate uses the size in its name: "
                    + $"{Numbers.F1(model.Parameters!.Value / 1e9)}B parameters, {(q.IsQuantized ? Describe(q) : "16-bit weights")}{Hint(model)}";
            default:
                return $"model '{id}' is not in VramLint's catalog{Note(model)} and its name states no size, so no memory estimate was made{Hint(model)}";
        }
    }

    /// <summary>"AWQ 4-bit", "GPTQ-Int4", "FP8", "bitsandbytes 4-bit": the bits are added when the label does not state them.</summary>
    public static string Describe(QuantizationScheme q)
    {
        var label = q.Label ?? q.Method.ToString();
        var bits = q.Bits.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return label.Contains(bits) ? label : $"{label} {bits}-bit";
    }

    private static string How(DerivativeKind? kind) => kind switch
    {
        DerivativeKind.Quantized => "a quantized re-upload",
        DerivativeKind.FineTune => "a fine-tune of it",
        DerivativeKind.SameName => "the same repository name under another organisation",
        _ => "the same architecture under another variant name",
    };

    private static string ReadAs(ModelResolution model) => model.ReadAs is { } read ? $", read as '{Settings.ValueRanges.Shorten(read)}' with the version's dot put back" : "";

    private static string Note(ModelResolution model) => model.Note is null ? "" : " (" + model.Note + ")";

    /// <summary>Where the model's own facts would go; nothing for a name recorded as not a real repository.</summary>
    private static string Hint(ModelResolution model)
    {
        if (model.Note is not null)
        {
            return "";
        }

        if (ModelResolver.IsLocalPath(model.Id))
        {
            var folder = Settings.ValueRanges.Shorten(ModelNameParser.LastSegment(model.Id));
            return $"; to size it exactly, check in its config.json as {ModelFactsLibrary.ModelsFolder}/<org>/{folder}/config.json (matched by the folder name)";
        }

        var id = Settings.ValueRanges.Shorten(model.Id.IndexOf('/') > 0 ? model.Id : "<org>/" + model.Id);
        return $"; to size it exactly, check in its config.json as {ModelFactsLibrary.ModelsFolder}/{id}/config.json or run 'vramlint models pull {id}'";
    }
}
