namespace VramLint.Core.Models;

/// <summary>
/// A catalog record known by the facts that index it (id, existence, twin, quantization); its full
/// <see cref="ModelSpec"/> is read from the record on first use, once, whichever thread asks first.
/// </summary>
internal sealed class CatalogEntry
{
    private readonly Lazy<ModelSpec> spec;
    private readonly Lazy<QuantizationScheme> quantization;

    public CatalogEntry(string id, bool exists, string? sameArchitectureAs, Func<QuantizationScheme> quantization, Func<ModelSpec> read)
        : this(id, exists, sameArchitectureAs, new Lazy<QuantizationScheme>(quantization, LazyThreadSafetyMode.ExecutionAndPublication), read)
    {
    }

    private CatalogEntry(string id, bool exists, string? sameArchitectureAs, Lazy<QuantizationScheme> quantization, Func<ModelSpec> read)
    {
        Id = id;
        Exists = exists;
        SameArchitectureAs = sameArchitectureAs;
        this.quantization = quantization;
        spec = new Lazy<ModelSpec>(read, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Id { get; }

    public bool Exists { get; }

    public string? SameArchitectureAs { get; }

    /// <summary>The checkpoint's own quantization config, as <see cref="ModelSpec.Quantization"/> will read it (read when first asked).</summary>
    public QuantizationScheme Quantization => quantization.Value;

    public ModelSpec Spec => spec.Value;

    /// <summary>True once <see cref="Spec"/> has been read.</summary>
    public bool IsRead => spec.IsValueCreated;

    /// <summary>An entry for a spec already built (tests, records given directly).</summary>
    public static CatalogEntry Of(ModelSpec spec) => new(spec.Id, spec.Exists, spec.SameArchitectureAs, () => spec.Quantization, () => spec);

    /// <summary>The same architecture found under another id; its spec is derived from this one's when first read.</summary>
    public CatalogEntry Alias(string id, string? sameArchitectureAs, Func<ModelSpec, ModelSpec> derive) =>
        new(id, Exists, sameArchitectureAs, quantization, () => derive(Spec));
}
