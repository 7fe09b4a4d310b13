namespace VramLint.Core.Models;

/// <summary>Resolves a model name to what VramLint knows about it: catalog, then the model's config.json, then the name.</summary>
public static class ModelResolver
{
    /// <summary>
    /// Catalog first, then the model's own config.json text when supplied, then the name (parameter count and
    /// quantization tag). <paramref name="explicitQuantization"/> is the --quantization value, which wins when vLLM knows it.
    /// </summary>
    public static ModelResolution Resolve(string model, string? explicitQuantization = null, string? configJson = null)
    {
        var id = model.Trim();
        var name = ModelNameParser.Parse(id);
        ModelResolution resolution;

        if (ModelCatalog.TryGet(id, out var spec) && spec.Exists)
        {
            resolution = new ModelResolution
            {
                Id = id,
                Source = ModelSource.Catalog,
                Spec = spec,
                NameParameters = name.Parameters,
                NameActiveParameters = name.ActiveParameters,
                Quantization = spec.Quantization.IsQuantized ? spec.Quantization : name.Quantization,
            };
        }
        else if (configJson is not null && ModelCatalog.FromConfigJson(configJson, id) is { } fromConfig)
        {
            resolution = new ModelResolution
            {
                Id = id,
                Source = ModelSource.ConfigJson,
                Spec = fromConfig,
                NameParameters = name.Parameters,
                NameActiveParameters = name.ActiveParameters,
                Quantization = fromConfig.Quantization.IsQuantized ? fromConfig.Quantization : name.Quantization,
            };
        }
        else
        {
            var knownMissing = spec is { Exists: false };
            resolution = new ModelResolution
            {
                Id = id,
                Source = name.Parameters is null ? ModelSource.Unknown : ModelSource.Name,
                NameParameters = name.Parameters,
                NameActiveParameters = name.ActiveParameters,
                Quantization = name.Quantization,
                Note = knownMissing ? "it is not a real Hugging Face repository" : null,
            };
        }

        if (!string.IsNullOrWhiteSpace(explicitQuantization)
            && QuantizationConfig.FromFlag(explicitQuantization!, resolution.Quantization) is { } forced)
        {
            resolution = resolution with { Quantization = forced };
        }

        return resolution;
    }
}
