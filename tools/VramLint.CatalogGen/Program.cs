using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using VramLint.CatalogGen;
using VramLint.Core.Models;

// vramlint-catalog-gen --manifest tools/catalog/manifest.json --configs <folder of config.json files> --out src/VramLint.Core/Data/models.json
var options = Arguments.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: VramLint.CatalogGen --manifest <manifest.json> --configs <folder> [--curated <curated.json>] --out <models.json>");
    return 2;
}

var manifest = JsonNode.Parse(File.ReadAllText(options.Manifest))!.AsObject();
var curated = options.Curated is null ? new JsonArray() : JsonNode.Parse(File.ReadAllText(options.Curated))!.AsArray();
var result = CatalogBuilder.Build(manifest, curated, file => File.ReadAllText(Path.Combine(options.Configs, file)));
foreach (var problem in result.Problems)
{
    Console.Error.WriteLine("error: " + problem);
}

if (result.Problems.Count > 0)
{
    return 1;
}

// Facts in models.json (indexed on first use), sources beside them in model-sources.json (read only when asked).
var json = new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
var facts = new StringBuilder("[\n");
var sources = new StringBuilder("{\n");
for (var i = 0; i < result.Records.Count; i++)
{
    var record = result.Records[i].DeepClone().AsObject();
    var recordSources = record["sources"] ?? new JsonArray();
    record.Remove("sources");
    record.Remove("published_params_source");
    var last = i + 1 == result.Records.Count;
    facts.Append(record.ToJsonString(json)).Append(last ? "\n" : ",\n");
    sources.Append(JsonValue.Create((string)record["hf_id"]!).ToJsonString(json)).Append(": ").Append(recordSources.ToJsonString(json)).Append(last ? "\n" : ",\n");
}

var catalogText = facts.Append("]\n").ToString();
var dataFolder = Path.GetDirectoryName(Path.GetFullPath(options.Out))!;
File.WriteAllText(options.Out, catalogText);
File.WriteAllText(Path.Combine(dataFolder, "model-sources.json"), sources.Append("}\n").ToString());

// The rows the CLI and the analyzer index the catalog by, so that no process scans the records' text (CatalogRow).
File.WriteAllText(Path.Combine(dataFolder, ModelCatalog.IndexFile), CatalogRow.Write(CatalogIndex.Scan(catalogText)));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {result.Records.Count} records ({result.Generated} generated, {result.WithPublished} with a published count, max deviation {result.MaxDeviation:P3}) to {options.Out} and model-sources.json and {ModelCatalog.IndexFile} beside it"));
return 0;

internal sealed record Arguments(string Manifest, string Configs, string? Curated, string Out)
{
    public static Arguments? Parse(string[] args)
    {
        string? Value(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var manifest = Value("--manifest");
        var configs = Value("--configs");
        var output = Value("--out");
        return manifest is null || configs is null || output is null ? null : new Arguments(manifest, configs, Value("--curated"), output);
    }
}
