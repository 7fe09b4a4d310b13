namespace VramLint.Core.Models;

/// <summary>
/// Resolves the model a deployment serves (its --model / serve argument only; never --served-model-name or --tokenizer)
/// to what VramLint knows about it, in this order: the model's own config.json (checked in under .vramlint/models, or
/// supplied by the front end from a local folder or cache), the catalog record, a catalog architecture it derives from
/// (variant, quantized re-upload, fine-tune), then the size in its name.
/// </summary>
public static class ModelResolver
{
    /// <param name="model">The served model as written: a Hugging Face id, a URI or a local path.</param>
    /// <param name="explicitQuantization">The --quantization value, which wins when vLLM knows it.</param>
    /// <param name="configJson">The model's config.json text, when the front end found it (a local folder, the HF cache).</param>
    /// <param name="library">Model facts the project checks in.</param>
    /// <param name="hfOverrides">The --hf-overrides JSON, applied to the facts.</param>
    public static ModelResolution Resolve(string model, string? explicitQuantization = null, string? configJson = null, ModelFactsLibrary? library = null, string? hfOverrides = null)
    {
        var id = model.Trim();
        var name = ModelNameParser.Parse(id);
        var local = IsLocalPath(id);
        var resolution = new ModelResolution
        {
            Id = id,
            NameParameters = name.Parameters,
            NameActiveParameters = name.ActiveParameters,
            FactsProblem = library?.ProblemFor(id),
        };

        if (library is not null && library.TryGet(id, out var checkedIn))
        {
            resolution = Known(resolution, checkedIn, ModelSource.ConfigJson, ModelMatch.Exact, checkedIn.Id, null, name);
        }
        else if (configJson is not null && ModelCatalog.FromConfigJson(configJson, id) is { } fromConfig)
        {
            resolution = Known(resolution, fromConfig, ModelSource.ConfigJson, ModelMatch.Exact, null, null, name);
        }
        else if (FromCatalog(resolution, id, id, local, name, out var spec) is { } found)
        {
            resolution = found;
        }
        else if (spec is not { Exists: false } && FromRespelled(resolution, id, local, name) is { } respelled)
        {
            resolution = respelled;
        }
        else
        {
            resolution = resolution with
            {
                Source = name.Parameters is null ? ModelSource.Unknown : ModelSource.Name,
                Match = name.Parameters is null ? ModelMatch.Unknown : ModelMatch.NameOnly,
                Quantization = name.Quantization,
                Note = spec is { Exists: false } ? "it is not a real Hugging Face repository" : null,
            };
        }

        if (resolution.Spec is { } known && !string.IsNullOrWhiteSpace(hfOverrides))
        {
            resolution = resolution with { Spec = HfOverrides.Apply(known, hfOverrides) };
        }

        if (!string.IsNullOrWhiteSpace(explicitQuantization)
            && QuantizationConfig.FromFlag(explicitQuantization!, resolution.Quantization) is { } forced)
        {
            resolution = resolution with { Quantization = forced };
        }

        return resolution;
    }

    /// <summary>
    /// True for what vLLM would open as a folder: an absolute or relative path, a home path, a file URI, or more than the
    /// two segments of a Hugging Face id.
    /// </summary>
    public static bool IsLocalPath(string model)
    {
        var text = model.Trim();
        if (text.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (text.IndexOf("://", StringComparison.Ordinal) >= 0)
        {
            return false;
        }

        return text.StartsWith("/", StringComparison.Ordinal) || text.StartsWith("./", StringComparison.Ordinal) || text.StartsWith("../", StringComparison.Ordinal)
            || text.StartsWith("~", StringComparison.Ordinal) || text.StartsWith(".\\", StringComparison.Ordinal) || text.StartsWith("\\", StringComparison.Ordinal)
            || (text.Length > 2 && char.IsLetter(text[0]) && text[1] == ':' && text[2] is '\\' or '/')
            || text.TrimEnd('/', '\\').Split('/', '\\').Length > 2;
    }

    private static bool IsOtherOrganisation(string written, string catalogId)
    {
        // "org/name" (after any scheme, slashes at either end ignored) that is not the catalog's id; read in place, since
        // every deployment's model is resolved.
        var scheme = written.IndexOf("://", StringComparison.Ordinal);
        int start = scheme >= 0 ? scheme + 3 : 0, end = written.Length;
        while (start < end && written[start] == '/')
        {
            start++;
        }

        while (end > start && written[end - 1] == '/')
        {
            end--;
        }

        var slash = written.IndexOf('/', start, end - start);
        if (slash < 0 || written.IndexOf('/', slash + 1, end - slash - 1) >= 0)
        {
            return false;
        }

        return end - start != catalogId.Length || string.Compare(written, start, catalogId, 0, catalogId.Length, StringComparison.OrdinalIgnoreCase) != 0;
    }

    /// <summary>The catalog record named <paramref name="lookup"/>, or the catalog architecture it derives from; null when neither.</summary>
    private static ModelResolution? FromCatalog(ModelResolution resolution, string id, string lookup, bool local, ModelNameFacts name, out ModelSpec spec)
    {
        var respelled = lookup == id ? null : ModelNameParser.LastSegment(lookup);
        if (ModelCatalog.TryGet(lookup, out spec) && spec.Exists)
        {
            // "acme/Qwen2.5-7B-Instruct-AWQ" is found by its name, but it is another organisation's repository: say so.
            var otherOrg = !local && IsOtherOrganisation(id, spec.Id);
            var match = local ? ModelMatch.LocalPath : otherOrg || respelled is not null ? ModelMatch.Derivative : ModelMatch.Exact;
            var kind = otherOrg ? DerivativeKind.SameName : respelled is not null && !local ? DerivativeKind.Variant : (DerivativeKind?)null;
            return ReadAs(Known(resolution, spec, ModelSource.Catalog, match, spec.Id, kind, name), respelled);
        }

        return spec is not { Exists: false } && DerivativeMatcher.Match(lookup) is { } derivative
            ? ReadAs(Known(resolution, derivative.Spec, ModelSource.Catalog, local ? ModelMatch.LocalPath : ModelMatch.Derivative, derivative.BaseId, derivative.Kind, name), respelled)
            : null;
    }

    /// <summary>The first respelling of an undotted version (<see cref="UndottedVersion"/>) the catalog knows; null when none.</summary>
    private static ModelResolution? FromRespelled(ModelResolution resolution, string id, bool local, ModelNameFacts name)
    {
        foreach (var respelled in UndottedVersion.Respell(id))
        {
            if (FromCatalog(resolution, id, Respelled(id, respelled), local, name, out _) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static ModelResolution ReadAs(ModelResolution resolution, string? respelled) => respelled is null ? resolution : resolution with { ReadAs = respelled };

    /// <summary><paramref name="id"/> with its last segment replaced by <paramref name="segment"/>.</summary>
    private static string Respelled(string id, string segment)
    {
        var trimmed = id.Trim().TrimEnd('/', '\\');
        var slash = trimmed.LastIndexOfAny(new[] { '/', '\\' });
        return slash >= 0 ? trimmed.Substring(0, slash + 1) + segment : segment;
    }

    private static ModelResolution Known(ModelResolution resolution, ModelSpec spec, ModelSource source, ModelMatch match, string? matchedId, DerivativeKind? kind, ModelNameFacts name)
    {
        // The checkpoint's own quantization config wins; a derivative takes the scheme its name states (the base has none,
        // or, published quantized, another one: MiniMax-M2.7's FP8 under "MiniMax-M2.7-AWQ").
        var otherScheme = kind == DerivativeKind.Quantized && name.Quantization.IsQuantized && name.Quantization.Method != spec.Quantization.Method;
        var quantization = spec.Quantization.IsQuantized && !otherScheme ? spec.Quantization : name.Quantization;
        return resolution with { Source = source, Spec = spec, Match = match, MatchedId = matchedId, Derivative = kind, Quantization = quantization };
    }
}
