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

    [Theory]
    [InlineData("[{\"hf_id\": \"a/b\"", "expected a closing bracket at offset 16")]
    [InlineData("[{\"hf_id\": \"a/b}]", "expected a closing quote at offset 17")]
    [InlineData("{\"hf_id\": \"a/b\"}", "expected '[' at offset 0")]
    [InlineData("[\"a\\", "expected a closing quote at offset 4")]
    [InlineData("[{\"a\": [1, {\"b\": \"]\\\"\"}], \"hf_id\": \"x/y\"}, 2", "expected ',' at offset 44")]
    public void A_broken_catalog_is_an_error_naming_the_offset(string json, string message) =>
        Assert.Equal(message, Assert.Throws<FormatException>(() => CatalogIndex.Read(json)).Message);
}
