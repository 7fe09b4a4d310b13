using VramLint.Core.Json;
using VramLint.Core.Models;

namespace VramLint.Core.Tests.Models;

/// <summary>The catalog is indexed by its records' keys and reads a record only when a lookup returns it.</summary>
public class CatalogIndexTests
{
    private static readonly string CatalogJson = ModelCatalog.ReadResourceText("models.json");

    [Fact]
    public void Every_record_indexes_with_the_facts_its_full_read_gives()
    {
        var records = JsonNode.Parse(CatalogJson)!.Items;
        var index = CatalogIndex.Read(CatalogJson);

        Assert.Equal(records.Count, index.Entries.Count);
        for (var i = 0; i < records.Count; i++)
        {
            var full = ModelCatalog.FromRecord(records[i]);
            var entry = index.Entries[i];
            Assert.Equal((full.Id, full.Exists, full.SameArchitectureAs, full.Quantization), (entry.Id, entry.Exists, entry.SameArchitectureAs, entry.Quantization));
            Assert.Equal((full.Id, full.NumHiddenLayers, full.NumKeyValueHeads, full.HeadDim, full.ParametersComputed, full.Quantization), (entry.Spec.Id, entry.Spec.NumHiddenLayers, entry.Spec.NumKeyValueHeads, entry.Spec.HeadDim, entry.Spec.ParametersComputed, entry.Spec.Quantization));
        }

        // Both kinds are compared above: quantized layouts (AWQ, GPTQ, FP8...) and 16-bit ones.
        Assert.Contains(index.Entries, e => e.Quantization.IsQuantized);
        Assert.Contains(index.Entries, e => !e.Quantization.IsQuantized);
    }

    [Fact]
    public void Indexing_reads_no_record_and_a_lookup_reads_only_the_one_it_returns()
    {
        var index = CatalogIndex.Read(CatalogJson);
        Assert.DoesNotContain(index.Entries, e => e.IsRead);

        var llama = index.Find("/models/Llama-3.1-8B-Instruct")!;
        Assert.Equal((32, 8), (llama.Spec.NumHiddenLayers, llama.Spec.NumKeyValueHeads));
        Assert.Equal(new[] { "meta-llama/Llama-3.1-8B-Instruct" }, index.Entries.Where(e => e.IsRead).Select(e => e.Id));

        // A twin found by its own id reads the record it shares an architecture with, and answers with its own id.
        var twin = index.Find("Qwen/Qwen-7B")!;
        Assert.Equal(("Qwen/Qwen-7B", "Qwen/Qwen-7B-Chat", 11008), (twin.Spec.Id, twin.Spec.SameArchitectureAs, twin.Spec.IntermediateSize));
        Assert.Equal(new[] { "Qwen/Qwen-7B-Chat", "meta-llama/Llama-3.1-8B-Instruct" }, index.Entries.Where(e => e.IsRead).Select(e => e.Id).OrderBy(id => id, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Threads_that_look_up_one_record_at_once_get_one_spec()
    {
        var index = CatalogIndex.Read(CatalogJson);
        using var start = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, 8).Select(i => Task.Run(() =>
        {
            start.Wait();
            return index.Find(i % 2 == 0 ? "deepseek-ai/DeepSeek-V3" : "hf://deepseek-ai/DeepSeek-V3/")!.Spec;
        })).ToArray();
        start.Set();

        var specs = await Task.WhenAll(tasks);

        Assert.Single(specs.Distinct(ReferenceEqualityComparer.Instance));
        Assert.True(specs[0].IsMla);
    }

    [Fact]
    public void The_scan_keeps_brackets_quotes_and_escapes_inside_strings()
    {
        const string json = """
            [ {"note": "]}\" {[", "hf_id": "acme/A-7B", "quantization_config": {"quant_method": "awq", "bits": 4, "x": ["}"]}},
              {"hf_id": "acme/B\u002d7B", "status": "does-not-exist", "same_architecture_as": "acme/A-7B (old name)"} ]
            """;

        var index = CatalogIndex.Read(json);

        Assert.Equal(new[] { ("acme/A-7B", true, QuantizationMethod.Awq, 4), ("acme/B-7B", false, QuantizationMethod.None, 16) }, index.Entries.Select(e => (e.Id, e.Exists, e.Quantization.Method, e.Quantization.Bits)));
        Assert.Equal("acme/A-7B", index.Entries[1].SameArchitectureAs);
        Assert.Equal("acme/B-7B", index.Find("acme/b-7b")!.Spec.Id);
    }

    [Fact]
    public void The_embedded_index_rows_are_the_scan_of_the_embedded_catalog()
    {
        var shipped = CatalogRow.Read(ModelCatalog.ReadResourceText(ModelCatalog.IndexFile));
        var scanned = CatalogIndex.Scan(CatalogJson);

        // A catalog regenerated without its index (or its line endings converted) fails here: run tools/VramLint.CatalogGen.
        Assert.Equal(scanned.Count, shipped.Count);
        for (var i = 0; i < scanned.Count; i++)
        {
            Assert.Equal(scanned[i], shipped[i]);
        }

        // Through the shipped path (the resource's bytes and its rows), every record decodes and reads as its own: a byte
        // offset off by anything (a byte-order mark, converted line endings) would land in another record or mid-text.
        var entries = ModelCatalog.Entries;
        Assert.Equal(scanned.Count, entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            Assert.Equal(scanned[i].Id, entries[i].Spec.Id);
        }
    }

    [Fact]
    public void Rows_are_byte_offsets_so_text_before_a_record_may_be_any_script()
    {
        const string json = "[{\"hf_id\": \"acme/\u00e9t\u00e9-7B\", \"num_hidden_layers\": 2, \"note\": \"\u6a21\u578b\"},\n{\"hf_id\": \"acme/B-7B\", \"num_hidden_layers\": 3, \"quantization_config\": {\"quant_method\": \"awq\", \"bits\": 4}}]";

        var rows = CatalogIndex.Scan(json);
        var index = CatalogIndex.Read(json);

        // Two accented letters (2 bytes each) and two CJK characters (3 bytes each) come before the second record.
        Assert.Equal(json.IndexOf("{\"hf_id\": \"acme/B", StringComparison.Ordinal) + 6, rows[1].Start);
        Assert.Equal(3, index.Find("acme/B-7B")!.Spec.NumHiddenLayers);
        Assert.Equal((QuantizationMethod.Awq, 4), (index.Entries[1].Quantization.Method, index.Entries[1].Quantization.Bits));
        Assert.Equal(2, index.Find("acme/\u00e9t\u00e9-7B")!.Spec.NumHiddenLayers);
    }

    [Fact]
    public void Index_rows_read_back_as_written()
    {
        var rows = new List<CatalogRow>
        {
            new("acme/A-7B", "exists", "llama", null, 2, 100, -1, 0),
            new("acme/B-7B", "does-not-exist", null, "acme/A-7B", 104, 50, 120, 30),
        };

        Assert.Equal(rows, CatalogRow.Read(CatalogRow.Write(rows)));
        Assert.Equal("acme/A-7B\texists\tllama\t\t2\t100\t-1\t0\n", CatalogRow.Write(rows.Take(1)));
    }

    [Theory]
    [InlineData("acme/A-7B\texists\tllama\t\t2\t100\t-1\n", "line 1 of the catalog index has 7 fields: expected 8, the first an id")]
    [InlineData("acme/A-7B\texists\tllama\t\t2\t100\t-1\t0\nacme/B\t\t\t\tx\t1\t-1\t0\n", "line 2 of the catalog index has 'x' where a whole number goes")]
    public void A_broken_index_line_is_an_error_naming_it(string text, string message) =>
        Assert.Equal(message, Assert.Throws<FormatException>(() => CatalogRow.Read(text)).Message);

    [Theory]
    [InlineData("[{\"hf_id\": \"a/b\"", "expected a closing bracket at offset 16")]
    [InlineData("[{\"hf_id\": \"a/b}]", "expected a closing quote at offset 17")]
    [InlineData("{\"hf_id\": \"a/b\"}", "expected '[' at offset 0")]
    [InlineData("[\"a\\", "expected a closing quote at offset 4")]
    [InlineData("[{\"a\": [1, {\"b\": \"]\\\"\"}], \"hf_id\": \"x/y\"}, 2", "expected ',' at offset 44")]
    public void A_broken_catalog_is_an_error_naming_the_offset(string json, string message) =>
        Assert.Equal(message, Assert.Throws<FormatException>(() => CatalogIndex.Read(json)).Message);
}
