using System.Text.RegularExpressions;

namespace VramLint.Core.Models;

/// <summary>How a name that is not itself in the catalog was matched to a catalog architecture.</summary>
public enum DerivativeKind
{
    /// <summary>The same architecture under another variant name (Instruct, Chat, -it, -hf, -base) or old repository name.</summary>
    Variant,

    /// <summary>A quantized re-upload (AWQ, GPTQ, FP8, W4A16, bnb-4bit, NVFP4, MXFP4, GGUF) of the matched base.</summary>
    Quantized,

    /// <summary>A catalog repository's name under another organisation (a mirror or re-upload of it).</summary>
    SameName,

    /// <summary>A fine-tune whose name contains the full base name ("Hermes-3-Llama-3.1-8B", "Llama-3.1-8B-Instruct-abliterated").</summary>
    FineTune,
}

/// <summary>A catalog architecture matched to a name by <see cref="DerivativeMatcher"/>.</summary>
public sealed record DerivativeMatch(string BaseId, ModelSpec Spec, DerivativeKind Kind);

/// <summary>
/// Matches names the catalog does not hold to the catalog architecture they derive from, by their <see cref="ModelNameKey"/>:
/// equal keys (a variant or a quantized re-upload), or a fine-tune whose name holds a base's full key. A match must keep
/// family, version and size; anything that could change the architecture (another size, context length, date or
/// version after the base name, vision/coder/MoE words) gives no match, since no match is better than a wrong one.
/// </summary>
public static class DerivativeMatcher
{
    // Built from the catalog's index keys: a record is read only when it is a candidate a match returns.
    private static readonly Lazy<KeyIndex> CatalogIndex = new(() => Build(ModelCatalog.Entries), LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Regex SizeToken = new(@"^(\d+(\.\d+)?[bmk]|\d+x\d+(\.\d+)?b|a\d+(\.\d+)?b|e\d+b)$", RegexOptions.CultureInvariant);
    private static readonly Regex VersionToken = new(@"^(v?\d+(\.\d+)*[a-z]?)$", RegexOptions.CultureInvariant);

    /// <summary>Words that name another model of the family (a size class, a modality, a task) rather than a fine-tune of this one.</summary>
    private static readonly HashSet<string> ArchitectureWords = new(StringComparer.Ordinal)
    {
        "mini", "small", "medium", "large", "nano", "tiny", "micro", "lite", "pro", "flash", "air", "turbo", "max", "plus", "xl",
        "vision", "vl", "coder", "code", "math", "moe", "embed", "embedding", "reward", "rm", "reranker", "rerank", "audio", "omni",
        "mtp", "long", "distill", "eagle", "eagle3", "draft", "medusa", "speculator", "guard", "next", "thinking", "prm", "scout", "maverick",
    };

    /// <summary>The catalog architecture <paramref name="model"/> derives from, or null when none matches safely.</summary>
    public static DerivativeMatch? Match(string model) => Match(model, CatalogIndex.Value);

    /// <summary>The same match against other records (tests: the catalog's future derivative-only entries).</summary>
    internal static DerivativeMatch? Match(string model, IEnumerable<ModelSpec> records) => Match(model, Build(records.Select(CatalogEntry.Of)));

    private static DerivativeMatch? Match(string model, KeyIndex index)
    {
        var byKey = index.ByKey;
        var key = ModelNameKey.Of(model);
        if (key.Core.Count == 0)
        {
            return null;
        }

        var scheme = ModelNameParser.QuantizationFromName(ModelNameParser.LastSegment(model));
        if (byKey.TryGetValue(key.Text, out var same) && (Best(same, key) ?? SameScheme(same, scheme) ?? NativelyQuantized(same, scheme)) is { } exact)
        {
            var kind = scheme.IsQuantized ? DerivativeKind.Quantized : DerivativeKind.Variant;
            return new DerivativeMatch(exact.Id, exact.Entry.Spec, kind);
        }

        // A fine-tune: the longest base key held whole by the name, with nothing around it that could change the architecture.
        DerivativeMatch? best = null;
        var bestLength = 0;
        var tied = false;
        foreach (var candidates in index.FineTunable)
        {
            var baseKey = candidates[0].Key;
            if (IndexOf(key.Core, baseKey.Core) is not { } start || !SafeExtras(key.Core, start, baseKey.Core.Count))
            {
                continue;
            }

            if (Best(candidates, key) is not { } candidate)
            {
                continue;
            }

            if (baseKey.Core.Count > bestLength)
            {
                best = new DerivativeMatch(candidate.Id, candidate.Entry.Spec, scheme.IsQuantized ? DerivativeKind.Quantized : DerivativeKind.FineTune);
                bestLength = baseKey.Core.Count;
                tied = false;
            }
            else if (baseKey.Core.Count == bestLength)
            {
                tied = true;
            }
        }

        return tied ? null : best;
    }

    /// <summary>An unquantized entry first (the name's own scheme applies on top), then the same variant words, then a real id over an alias.</summary>
    private static Candidate? Best(List<Candidate> candidates, ModelNameKey query) =>
        candidates
            .Where(c => !c.Entry.Quantization.IsQuantized)
            .OrderByDescending(c => c.Key.SameVariants(query))
            .ThenBy(c => c.IsAlias)
            .FirstOrDefault();

    /// <summary>
    /// When the catalog holds only quantized layouts of an architecture (a derivative entry whose <c>base_model</c> has no
    /// record of its own), a re-upload with the same scheme shares that layout; another scheme does not.
    /// </summary>
    private static Candidate? SameScheme(List<Candidate> candidates, QuantizationScheme scheme) =>
        scheme.IsQuantized
            ? candidates.Where(c => c.Entry.Quantization.Method == scheme.Method && c.Entry.Quantization.Bits == scheme.Bits).OrderBy(c => c.IsAlias).FirstOrDefault()
            : null;

    /// <summary>
    /// A release published quantized (MiniMax-M2.x and DeepSeek-V3 in FP8: its record has no <c>base_model</c>) is the
    /// original architecture, so a re-upload in another scheme ("MiniMax-M2.7-AWQ") shares it; the name's scheme applies.
    /// </summary>
    private static Candidate? NativelyQuantized(List<Candidate> candidates, QuantizationScheme scheme) =>
        scheme.IsQuantized
            ? candidates.Where(c => !c.IsAlias && c.Entry.Spec.BaseModel is null).FirstOrDefault()
            : null;

    /// <summary>A base short enough to occur by chance inside another name ("qwen-7b", "yi-34b") is not matched inside one.</summary>
    private static bool CanBeFineTuned(ModelNameKey key) =>
        key.Core.Count >= 3 || key.Core.Any(t => !SizeToken.IsMatch(t) && t.Any(char.IsDigit) && !VersionToken.IsMatch(t));

    private static int? IndexOf(IReadOnlyList<string> tokens, IReadOnlyList<string> part)
    {
        for (var i = 0; i + part.Count <= tokens.Count; i++)
        {
            var j = 0;
            while (j < part.Count && tokens[i + j] == part[j])
            {
                j++;
            }

            if (j == part.Count)
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>
    /// Words around the base name may be the fine-tune's own ("hermes-3-", "-abliterated"), never a size, a context length
    /// or an architecture word; after the base name not even a version or date ("Qwen3-4B-2507" is another model).
    /// </summary>
    private static bool SafeExtras(IReadOnlyList<string> tokens, int start, int length)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            if (i >= start && i < start + length)
            {
                continue;
            }

            var t = tokens[i];
            if (SizeToken.IsMatch(t) || ArchitectureWords.Contains(t) || (i >= start + length && VersionToken.IsMatch(t)))
            {
                return false;
            }
        }

        return true;
    }

    private static KeyIndex Build(IEnumerable<CatalogEntry> records)
    {
        var byKey = new Dictionary<string, List<Candidate>>(StringComparer.Ordinal);
        void Add(string id, CatalogEntry entry, bool alias)
        {
            var key = ModelNameKey.Of(id);
            if (key.Core.Count == 0)
            {
                return;
            }

            if (!byKey.TryGetValue(key.Text, out var list))
            {
                byKey[key.Text] = list = new List<Candidate>();
            }

            list.Add(new Candidate(id, entry, key, alias));
        }

        var list = records.Where(e => e.Exists).ToList();
        var ids = new HashSet<string>(list.Select(e => e.Id), StringComparer.OrdinalIgnoreCase);
        foreach (var entry in list)
        {
            Add(entry.Id, entry, alias: false);
            if (entry.SameArchitectureAs is { } twin && !entry.Quantization.IsQuantized && !ids.Contains(twin) && twin.IndexOf('/') > 0)
            {
                Add(twin, entry.Alias(twin, entry.SameArchitectureAs, spec => spec with { Id = twin }), alias: true);
            }
        }

        // Whether a base may be found inside a longer name depends on the base alone: decided once, not per lookup.
        return new KeyIndex(byKey, byKey.Values.Where(c => CanBeFineTuned(c[0].Key)).ToList());
    }

    private sealed class KeyIndex
    {
        public KeyIndex(Dictionary<string, List<Candidate>> byKey, List<List<Candidate>> fineTunable)
        {
            ByKey = byKey;
            FineTunable = fineTunable;
        }

        public Dictionary<string, List<Candidate>> ByKey { get; }

        /// <summary>The candidate lists whose base may be matched inside a fine-tune's name, in the order of <see cref="ByKey"/>.</summary>
        public List<List<Candidate>> FineTunable { get; }
    }

    private sealed record Candidate(string Id, CatalogEntry Entry, ModelNameKey Key, bool IsAlias);
}
