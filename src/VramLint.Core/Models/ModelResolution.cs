namespace VramLint.Core.Models;

/// <summary>Where the facts about a model came from.</summary>
public enum ModelSource
{
    /// <summary>The embedded catalog.</summary>
    Catalog,

    /// <summary>The model's own config.json text, supplied by the front end.</summary>
    ConfigJson,

    /// <summary>Only the name: parameter count and quantization parsed from it.</summary>
    Name,

    /// <summary>Nothing usable: no size in the name and not in the catalog.</summary>
    Unknown,
}

/// <summary>How the name a deployment serves was matched to what VramLint knows (said by VRAM006 unless exact).</summary>
public enum ModelMatch
{
    /// <summary>The repository itself: a catalog record, or the model's own config.json (checked in, local folder, cache).</summary>
    Exact,

    /// <summary>A variant, quantized re-upload or fine-tune of a catalog architecture (<see cref="ModelResolution.Derivative"/>).</summary>
    Derivative,

    /// <summary>A local path, matched by its last segment (exactly or as a derivative).</summary>
    LocalPath,

    /// <summary>Nothing matched; the size (and quantization) in the name are used.</summary>
    NameOnly,

    /// <summary>Nothing matched and the name states no size.</summary>
    Unknown,
}

/// <summary>What VramLint knows about the model a deployment serves.</summary>
public sealed record ModelResolution
{
    /// <summary>The model as written (HF id or path).</summary>
    public string Id { get; init; } = "";

    public ModelSource Source { get; init; } = ModelSource.Unknown;

    /// <summary>Architecture facts (catalog or config.json); null when only the name is known.</summary>
    public ModelSpec? Spec { get; init; }

    /// <summary>Nominal parameter count parsed from the name ("72B" = 72e9), when the name has one.</summary>
    public double? NameParameters { get; init; }

    /// <summary>Total parameters: the spec's when known, else the name's.</summary>
    public double? Parameters => Spec?.TotalParameters ?? NameParameters;

    /// <summary>Active parameters parsed from a MoE name ("30B-A3B" = 3e9).</summary>
    public double? NameActiveParameters { get; init; }

    /// <summary>Quantization: explicit --quantization, else the checkpoint's config, else the name's tag.</summary>
    public QuantizationScheme Quantization { get; init; } = QuantizationScheme.None;

    /// <summary>Why the model is not recognized, or other caveats, for VRAM006 messages (e.g. "not a real Hugging Face repository").</summary>
    public string? Note { get; init; }

    public ModelMatch Match { get; init; } = ModelMatch.Unknown;

    /// <summary>The catalog or checked-in id whose facts are used, when it differs from or normalises <see cref="Id"/>.</summary>
    public string? MatchedId { get; init; }

    /// <summary>For <see cref="ModelMatch.Derivative"/> (and local paths matched as one): how the name derives from <see cref="MatchedId"/>.</summary>
    public DerivativeKind? Derivative { get; init; }

    /// <summary>The name as it was matched when its version was written without the dot ("qwen2.5-vl-7b-instruct" for "qwen25-vl-7b-instruct").</summary>
    public string? ReadAs { get; init; }

    /// <summary>Checked-in facts for this model that could not be used (not JSON, no architecture), for a VRAM008.</summary>
    public ModelFactsProblem? FactsProblem { get; init; }

    /// <summary>True when the model's architecture is known (catalog, derivative or config.json); false means sized by name or not at all.</summary>
    public bool IsRecognized => Source is ModelSource.Catalog or ModelSource.ConfigJson;

    /// <summary>True when VRAM006 states how the model was resolved (anything but an exact match).</summary>
    public bool NeedsStatement => Match != ModelMatch.Exact;
}
