namespace VramLint.Core.Models;

/// <summary>Resolves a model name to what VramLint knows about it. (Helper-owned: work in progress.)</summary>
public static class ModelResolver
{
    /// <summary>
    /// Catalog first, then the model's own config.json text when supplied, then the name (parameter count and
    /// quantization tag). <paramref name="explicitQuantization"/> is the --quantization value, which wins.
    /// </summary>
    public static ModelResolution Resolve(string model, string? explicitQuantization = null, string? configJson = null) => throw new NotImplementedException();
}
