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

    /// <summary>True when the name was found in the catalog or config.json; false means VRAM006.</summary>
    public bool IsRecognized => Source is ModelSource.Catalog or ModelSource.ConfigJson;
}
