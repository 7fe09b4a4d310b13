using System.Text;
using VramLint.Core.Json;

namespace VramLint.Core.Models;

/// <summary>
/// The catalog's lookup tables, built from the records' index keys alone (a scan of the JSON text, no nodes): each
/// record is parsed into a <see cref="ModelSpec"/> only when a lookup returns it, so indexing costs a scan, not a parse.
/// </summary>
internal sealed class CatalogIndex
{
    private readonly Lazy<IReadOnlyList<ModelSpec>> all;

    private CatalogIndex(List<CatalogEntry> entries)
    {
        Entries = entries;
        all = new Lazy<IReadOnlyList<ModelSpec>>(() => entries.Select(e => e.Spec).ToList(), LazyThreadSafetyMode.ExecutionAndPublication);
        ById = new Dictionary<string, CatalogEntry>(StringComparer.OrdinalIgnoreCase);
        ByName = new Dictionary<string, CatalogEntry?>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in entries)
        {
            ById[entry.Id] = entry;
            AddName(entry);
        }

        // The catalog's "same architecture as" twins (the chat of a base checkpoint, a repository's old name) are found
        // by their own id too, unless they are quantized layouts or the twin has its own record.
        foreach (var entry in entries.Where(e => e.Exists && e.SameArchitectureAs is not null && !e.Quantization.IsQuantized))
        {
            var twin = entry.SameArchitectureAs!;
            if (twin.IndexOf('/') > 0 && !ById.ContainsKey(twin))
            {
                var alias = entry.Alias(twin, entry.Id, spec => spec with { Id = twin, SameArchitectureAs = spec.Id });
                ById[twin] = alias;
                AddName(alias);
            }
        }
    }

    /// <summary>The records, in file order (no aliases).</summary>
    public IReadOnlyList<CatalogEntry> Entries { get; }

    /// <summary>Every record read (for listings; a lookup reads one).</summary>
    public IReadOnlyList<ModelSpec> All => all.Value;

    public Dictionary<string, CatalogEntry> ById { get; }

    public Dictionary<string, CatalogEntry?> ByName { get; }

    /// <summary>Indexes the catalog's JSON array of records; each record is parsed when first looked up.</summary>
    public static CatalogIndex Read(string json) => From(Encoding.UTF8.GetBytes(json), Scan(json));

    /// <summary>
    /// Indexes the catalog from its UTF-8 bytes and the rows <see cref="Scan"/> gave for them (the embedded catalog ships
    /// its rows beside it, written by the generator, so a process neither scans nor decodes the whole text): each record's
    /// bytes are decoded and parsed when a lookup first returns it.
    /// </summary>
    public static CatalogIndex From(byte[] utf8, IReadOnlyList<CatalogRow> rows)
    {
        var entries = new List<CatalogEntry>(rows.Count);
        foreach (var row in rows)
        {
            // The same readings as ModelCatalog.FromRecord, so an entry indexes exactly as its spec reads; the quantization
            // config is parsed only when asked (aliases and derivative matching ask, a plain lookup does not).
            var (type, at, length) = (row.ModelType, row.QuantizationStart, row.QuantizationLength);
            Func<QuantizationScheme> scheme = at >= 0
                ? () => QuantizationConfig.Read(JsonNode.Parse(Encoding.UTF8.GetString(utf8, at, length)), type?.Split(' ')[0])
                : () => QuantizationScheme.None;
            entries.Add(new CatalogEntry(
                row.Id,
                row.Status != "does-not-exist",
                ModelCatalog.FirstWord(row.SameArchitectureAs),
                scheme,
                () => ModelCatalog.FromRecord(JsonNode.Parse(Encoding.UTF8.GetString(utf8, row.Start, row.Length))
                    ?? throw new InvalidOperationException($"the embedded model catalog's record at byte {row.Start} is not valid JSON"))));
        }

        return new CatalogIndex(entries);
    }

    /// <summary>
    /// Each record's index keys (a scan of the JSON text, no nodes) and where the record and its quantization config lie,
    /// as offsets into the text's UTF-8 bytes.
    /// </summary>
    public static List<CatalogRow> Scan(string json)
    {
        var rows = new List<CatalogRow>();
        var items = new List<int>();
        var members = new List<int>();
        var bytes = new Utf8Offsets(json);
        JsonScanner.ArrayItems(json, 0, items);
        for (var item = 0; item < items.Count; item += 2)
        {
            var start = items[item];
            var end = items[item + 1];
            string? id = null, status = null, modelType = null, sameArchitectureAs = null;
            int quantizationStart = -1, quantizationEnd = -1;
            JsonScanner.Members(json, start, members);
            for (var m = 0; m < members.Count; m += 4)
            {
                // Only the index keys are read; the others stay spans of text (no key strings for a record's many keys).
                int keyStart = members[m], keyEnd = members[m + 1], valueStart = members[m + 2], valueEnd = members[m + 3];
                if (JsonScanner.KeyIs(json, keyStart, keyEnd, "hf_id"))
                {
                    id = JsonScanner.StringValue(json, valueStart, valueEnd);
                }
                else if (JsonScanner.KeyIs(json, keyStart, keyEnd, "status"))
                {
                    status = JsonScanner.StringValue(json, valueStart, valueEnd);
                }
                else if (JsonScanner.KeyIs(json, keyStart, keyEnd, "model_type"))
                {
                    modelType = JsonScanner.StringValue(json, valueStart, valueEnd);
                }
                else if (JsonScanner.KeyIs(json, keyStart, keyEnd, "same_architecture_as"))
                {
                    sameArchitectureAs = JsonScanner.StringValue(json, valueStart, valueEnd);
                }
                else if (JsonScanner.KeyIs(json, keyStart, keyEnd, "quantization_config"))
                {
                    quantizationStart = valueStart;
                    quantizationEnd = valueEnd;
                }
            }

            // Offsets are asked in increasing order: the byte count is carried forward, not counted from the start each time.
            var recordStart = bytes.At(start);
            var quantizationAt = quantizationStart >= 0 ? bytes.At(quantizationStart) : -1;
            var quantizationLength = quantizationStart >= 0 ? bytes.At(quantizationEnd) - quantizationAt : 0;
            var recordLength = bytes.At(end) - recordStart;
            rows.Add(new CatalogRow(id ?? "", status, modelType, sameArchitectureAs, recordStart, recordLength, quantizationAt, quantizationLength));
        }

        return rows;
    }

    /// <summary>Finds a model by id ("Qwen/Qwen2.5-7B-Instruct"), URI ("hf://Qwen/..."), or path ending in the repository name.</summary>
    public CatalogEntry? Find(string model)
    {
        var text = model.Trim().TrimEnd('/', '\\');
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            text = text.Substring(scheme + 3);
        }

        // "organisation/name", as almost every deployment writes it: the key itself, without splitting it and joining it again.
        var slash = text.IndexOf('/');
        if (slash > 0 && slash < text.Length - 1 && text.IndexOf('/', slash + 1) < 0 && text.IndexOf('\\') < 0)
        {
            return ById.TryGetValue(text, out var exact) ? exact : ByName.TryGetValue(text.Substring(slash + 1), out var named) ? named : null;
        }

        var segments = text.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length >= 2 && ById.TryGetValue(segments[segments.Length - 2] + "/" + segments[segments.Length - 1], out var byId))
        {
            return byId;
        }

        return segments.Length >= 1 && ByName.TryGetValue(segments[segments.Length - 1], out var byName) ? byName : null;
    }

    private static readonly char[] Separators = { '/', '\\' };

    private void AddName(CatalogEntry entry)
    {
        var name = ModelNameParser.LastSegment(entry.Id);

        // A repository name shared by two catalog entries is ambiguous without its organisation: no match.
        ByName[name] = ByName.ContainsKey(name) ? null : entry;
    }
}
