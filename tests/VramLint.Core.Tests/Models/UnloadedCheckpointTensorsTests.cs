using System.Text;
using VramLint.Core.Models;

namespace VramLint.Core.Tests.Models;

/// <summary>
/// Checked-in checkpoint bytes count only what vLLM loads (tools/catalog/README.md, eighth pass): Falcon's and
/// Qwen1.5-0.5B's safetensors store the tied head a second time, old GPT-NeoX checkpoints store boolean mask buffers,
/// and a Falcon config.json that states no tying is tied, as transformers' FalconConfig and vLLM read it.
/// </summary>
public class UnloadedCheckpointTensorsTests
{
    // tiiuae/falcon-40b's config.json keys (it states no tie_word_embeddings).
    private const string Falcon40bConfig = """
        {"alibi": false, "architectures": ["FalconForCausalLM"], "bias": false, "hidden_size": 8192, "model_type": "falcon",
         "multi_query": true, "new_decoder_architecture": true, "num_attention_heads": 128, "num_hidden_layers": 60,
         "num_kv_heads": 8, "parallel_attn": true, "torch_dtype": "bfloat16", "vocab_size": 65024}
        """;

    // stabilityai/stablecode-completion-alpha-3b-4k's config.json keys.
    private const string StablecodeConfig = """
        {"architectures": ["GPTNeoXForCausalLM"], "hidden_size": 2560, "intermediate_size": 10240, "max_position_embeddings": 4096,
         "model_type": "gpt_neox", "num_attention_heads": 32, "num_hidden_layers": 32, "rotary_pct": 0.25,
         "tie_word_embeddings": false, "torch_dtype": "float16", "use_parallel_residual": true, "vocab_size": 49152}
        """;

    private static ModelSpec Read(string id, string config, params (string Name, string Text)[] files)
    {
        var library = ModelFactsLibrary.From(new[] { new ModelFactsFile($"{id}/config.json", config) }
            .Concat(files.Select(f => new ModelFactsFile($"{id}/{f.Name}", f.Text))));
        Assert.True(library.TryGet(id, out var spec), string.Join("; ", library.Problems.Select(p => p.Message)));
        return spec;
    }

    private static string Index(long totalSize, IEnumerable<string> tensors)
    {
        var map = new StringBuilder();
        foreach (var name in tensors)
        {
            map.Append(map.Length == 0 ? "" : ", ").Append('"').Append(name).Append("\": \"model-00001-of-00009.safetensors\"");
        }

        return "{\"metadata\": {\"total_size\": " + totalSize.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}, \"weight_map\": {" + map + "}}";
    }

    [Fact]
    public void A_falcon_config_that_states_no_tying_ties_its_head_as_vllm_does()
    {
        var spec = Read("tiiuae/falcon-40b", Falcon40bConfig);

        Assert.True(spec.TieWordEmbeddings);
        // The catalog's count, not 41,835,970,560 with a second 65024 x 8192 head.
        Assert.Equal(41_303_293_952, spec.ParametersComputed);
        Assert.True(ModelCatalog.TryGet("tiiuae/falcon-40b", out var catalog));
        Assert.Equal(catalog.ParametersComputed, spec.ParametersComputed);
    }

    [Fact]
    public void A_tied_heads_stored_copy_in_the_index_is_not_counted()
    {
        var layers = Enumerable.Range(0, 60).SelectMany(i => new[] { "ln_attn.weight", "ln_attn.bias", "ln_mlp.weight", "ln_mlp.bias", "self_attention.query_key_value.weight", "self_attention.dense.weight", "mlp.dense_h_to_4h.weight", "mlp.dense_4h_to_h.weight" }.Select(t => $"transformer.h.{i}.{t}"));
        var stored = layers.Concat(new[] { "transformer.word_embeddings.weight", "transformer.ln_f.weight", "transformer.ln_f.bias" }).ToList();

        // falcon-40b's index: 83,671,941,120 bytes = 2 x (41,303,293,952 + 65024 x 8192); vLLM skips lm_head.weight.
        var withHead = Read("tiiuae/falcon-40b", Falcon40bConfig, ("model.safetensors.index.json", Index(83_671_941_120, stored.Append("lm_head.weight"))));
        Assert.Equal(82_606_587_904, withHead.CheckpointWeightBytes);
        Assert.Equal(2.0 * withHead.ParametersComputed!.Value, withHead.CheckpointWeightBytes);

        // A fine-tune saved without the copy: its total is the weights.
        var withoutHead = Read("acme/falcon-40b-tuned", Falcon40bConfig, ("model.safetensors.index.json", Index(82_606_587_904, stored)));
        Assert.Equal(82_606_587_904, withoutHead.CheckpointWeightBytes);

        // An untied model's lm_head.weight is a weight.
        var untied = Falcon40bConfig.Replace("\"bias\": false", "\"bias\": false, \"tie_word_embeddings\": false");
        Assert.Equal(83_671_941_120, Read("acme/falcon-40b-untied", untied, ("model.safetensors.index.json", Index(83_671_941_120, stored.Append("lm_head.weight")))).CheckpointWeightBytes);
    }

    [Fact]
    public void Gpt_neox_mask_buffers_are_not_weights()
    {
        // 2 x 2,769,310,720 float16 weights beside 32 boolean 4096 x 4096 masks (536,870,912 bytes).
        var summary = """{"revision": "f033fcf", "bytesByDtype": {"BOOL": 536870912, "F16": 5538621440}}""";
        var fromSummary = Read("stabilityai/stablecode-completion-alpha-3b-4k", StablecodeConfig, ("vramlint-weights.json", summary));
        Assert.Equal(2_769_310_720, fromSummary.ParametersComputed);
        Assert.Equal(5_538_621_440, fromSummary.CheckpointWeightBytes);

        var tensors = Enumerable.Range(0, 32).SelectMany(i => new[] { "attention.bias", "attention.query_key_value.weight", "attention.query_key_value.bias", "attention.dense.weight", "attention.dense.bias" }.Select(t => $"gpt_neox.layers.{i}.{t}"));
        var fromIndex = Read("stabilityai/stablecode-completion-alpha-3b-4k", StablecodeConfig, ("model.safetensors.index.json", Index(6_075_492_352, tensors)));
        Assert.Equal(5_538_621_440, fromIndex.CheckpointWeightBytes);
    }
}
