using VramLint.Core.Estimation;
using VramLint.Core.Models;

namespace VramLint.Core.Tests.Estimation;

/// <summary>Bytes per weight by quantization, what tensor parallelism splits or replicates, and vLLM's pipeline split.</summary>
public class WeightBytesTests
{
    public static TheoryData<string, QuantizationScheme, double> Schemes => new()
    {
        { "16-bit", QuantizationScheme.None, 2.0 },
        { "AWQ 4-bit g128: 4 bits + a 16-bit scale and a 4-bit zero per 128", new QuantizationScheme { Method = QuantizationMethod.Awq, Bits = 4, GroupSize = 128 }, (4 + (20.0 / 128)) / 8 },
        { "GPTQ 4-bit g32", new QuantizationScheme { Method = QuantizationMethod.Gptq, Bits = 4, GroupSize = 32 }, (4 + (20.0 / 32)) / 8 },
        { "GPTQ 8-bit g128", new QuantizationScheme { Method = QuantizationMethod.Gptq, Bits = 8, GroupSize = 128 }, (8 + (24.0 / 128)) / 8 },
        { "FP8 with block scales", new QuantizationScheme { Method = QuantizationMethod.Fp8, Bits = 8 }, 1.0003 },
        { "INT8 with channel scales", new QuantizationScheme { Method = QuantizationMethod.Int8, Bits = 8 }, 1 + (4.0 / 4096) },
        { "NVFP4: fp4 + an fp8 scale per 16", new QuantizationScheme { Method = QuantizationMethod.Nvfp4, Bits = 4, GroupSize = 16 }, 4.5 / 8 },
        { "MXFP4: fp4 + an e8m0 scale per 32", new QuantizationScheme { Method = QuantizationMethod.Mxfp4, Bits = 4, GroupSize = 32 }, 4.25 / 8 },
        { "bitsandbytes nf4, fp32 absmax per 64", new QuantizationScheme { Method = QuantizationMethod.BitsAndBytes, Bits = 4 }, 4.5 / 8 },
        { "bitsandbytes int8", new QuantizationScheme { Method = QuantizationMethod.BitsAndBytes, Bits = 8 }, 1 + (4.0 / 64) },
        { "GGUF Q8_0", new QuantizationScheme { Method = QuantizationMethod.Gguf, Bits = 8, GgufType = "Q8_0" }, 8.5 / 8 },
        { "GGUF Q6_K", new QuantizationScheme { Method = QuantizationMethod.Gguf, Bits = 6, GgufType = "Q6_K" }, 6.5625 / 8 },
        { "GGUF Q4_K_M mixes higher types in", new QuantizationScheme { Method = QuantizationMethod.Gguf, Bits = 4, GgufType = "Q4_K_M" }, (4.5 + 0.35) / 8 },
        { "GGUF Q2_K", new QuantizationScheme { Method = QuantizationMethod.Gguf, Bits = 2, GgufType = "Q2_K" }, 2.625 / 8 },
    };

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Bytes_per_quantized_weight_include_scales_and_zero_points(string why, QuantizationScheme scheme, double bytes) =>
        Assert.True(Math.Abs(WeightBytes.QuantizedBytes(scheme, null) - bytes) < 1e-12, why);

    [Fact]
    public void An_answer_does_not_depend_on_the_question_asked_before_it()
    {
        // The last answers are kept: each question below differs from the one before it in one argument (the model: its
        // spec and components) and gets another answer, so a key that left it out would hand the previous answer back.
        var moe = Catalog("Qwen/Qwen3-30B-A3B");
        var oss = Catalog("openai/gpt-oss-20b");
        var tied = Catalog("Qwen/Qwen2.5-0.5B-Instruct");
        var awq = new QuantizationScheme { Method = QuantizationMethod.Awq, Bits = 4, GroupSize = 128 };
        double Ask(ModelSpec spec, QuantizationScheme q, string? dtype, int tp, int dp, int first, int end, int pp, bool asLoaded = true) =>
            WeightBytes.PerGpu(ModelComponents.From(spec)!, spec, q, dtype, tp, dp, first, end, pp, asLoaded);
        var questions = new List<Func<double>>
        {
            () => Ask(moe, QuantizationScheme.None, null, 2, 1, 0, 48, 1),
            () => Ask(moe, QuantizationScheme.None, null, 2, 2, 0, 48, 1), // experts over TP x DP
            () => Ask(moe, QuantizationScheme.None, "float32", 2, 2, 0, 48, 1),
            () => Ask(moe, QuantizationScheme.None, "float32", 1, 2, 0, 48, 1),
            () => Ask(moe, QuantizationScheme.None, "float32", 1, 2, 0, 24, 1),
            () => Ask(moe, awq, "float32", 1, 2, 0, 24, 1),
            () => Ask(oss, awq, "float32", 1, 2, 0, 24, 1),
            () => Ask(oss, oss.Quantization, "float32", 1, 2, 0, 24, 1),
            () => Ask(oss, oss.Quantization, "float32", 1, 2, 0, 24, 1, asLoaded: false), // MXFP4's padding when loaded
            () => Ask(oss, awq, "float32", 1, 2, 0, 24, 1, asLoaded: false),
            () => Ask(tied, awq, "float32", 1, 2, 0, 24, 1, asLoaded: false),
            () => Ask(tied, awq, "float32", 1, 2, 12, 24, 1, asLoaded: false),
            () => Ask(tied, awq, "float32", 1, 2, 12, 24, 2, asLoaded: false), // the last stage's copy of the tied embedding
        };

        var forward = questions.Select(ask => ask()).ToArray();
        var backward = Enumerable.Reverse(questions).Select(ask => ask()).Reverse().ToArray();

        Assert.Equal(forward, backward);
        Assert.All(forward.Skip(1).Zip(forward), pair => Assert.NotEqual(pair.First, pair.Second));
    }

    [Fact]
    public void Float32_doubles_the_16_bit_parts() =>
        Assert.Equal((4.0, 2.0, 2.0), (WeightBytes.DenseBytes("float32"), WeightBytes.DenseBytes("bfloat16"), WeightBytes.DenseBytes(null)));

    [Fact]
    public void Mxfp4_quantizes_only_the_experts_and_vllm_pads_their_width_when_loading()
    {
        var spec = Catalog("openai/gpt-oss-20b");
        var c = ModelComponents.From(spec)!;
        var mxfp4 = spec.Quantization;
        Assert.True(mxfp4.ExpertsOnly);

        // Everything but the routed experts is the same as in BF16; the experts are 4.25 bits at 3072 / 2880 of their width.
        var asLoaded = WeightBytes.DecoderLayer(c, spec, mxfp4, null, tp: 1, dp: 1, moe: true);
        var bf16 = WeightBytes.DecoderLayer(c, spec, QuantizationScheme.None, null, tp: 1, dp: 1, moe: true);
        Assert.Equal(bf16 - (c.RoutedExperts * 2.0), asLoaded - (c.RoutedExperts * (4.25 / 8) * 3072 / 2880), 0);

        // The checkpoint as stored has no padding.
        var stored = WeightBytes.DecoderLayer(c, spec, mxfp4, null, tp: 1, dp: 1, moe: true, asLoaded: false);
        Assert.Equal(bf16 - (c.RoutedExperts * 2.0), stored - (c.RoutedExperts * (4.25 / 8)), 0);
    }

    [Fact]
    public void Kv_projections_stop_shrinking_once_each_rank_holds_one_kv_head()
    {
        var spec = Catalog("meta-llama/Llama-3.1-70B-Instruct");
        var c = ModelComponents.From(spec)!;
        double Layer(int tp) => WeightBytes.DecoderLayer(c, spec, QuantizationScheme.None, null, tp, dp: 1, moe: false);

        // 8 KV heads: K/V (2 x 8192 x 1024 x 2 bytes a layer) split 8 ways at TP 8, still 8 ways at TP 16.
        var kv = 2.0 * 8192 * 1024 * 2;
        var rest = (Layer(1) - kv) / 16;
        Assert.Equal(rest + (kv / 8) + (c.Norms * 2.0 * 15 / 16), Layer(16), 0);
    }

    [Fact]
    public void A_tied_embedding_is_held_again_by_the_last_pipeline_stage()
    {
        var spec = Catalog("Qwen/Qwen2.5-0.5B-Instruct");
        var c = ModelComponents.From(spec)!;
        Assert.Equal(0, c.LmHead);

        var embedding = 151936.0 * 896 * 2;
        var whole = WeightBytes.PerGpu(c, spec, QuantizationScheme.None, null, tp: 1, dp: 1, firstLayer: 0, endLayer: 24, pp: 1);
        var first = WeightBytes.PerGpu(c, spec, QuantizationScheme.None, null, tp: 1, dp: 1, firstLayer: 0, endLayer: 12, pp: 2);
        var last = WeightBytes.PerGpu(c, spec, QuantizationScheme.None, null, tp: 1, dp: 1, firstLayer: 12, endLayer: 24, pp: 2);

        // Each stage keeps its own rotary cache; together they hold the embedding twice.
        var rotary = WeightBytes.RotaryCache(spec, 2);
        Assert.Equal(whole + embedding + rotary, first + last, 0);
    }

    [Fact]
    public void The_vocabulary_is_padded_to_64_before_it_is_split()
    {
        var spec = new ModelSpec { Id = "odd-vocab", NumHiddenLayers = 1, HiddenSize = 64, NumAttentionHeads = 1, VocabSize = 32001, IntermediateSize = 128, TieWordEmbeddings = true };
        Assert.Equal(32064, WeightBytes.PaddedVocabulary(spec));

        var c = ModelComponents.From(spec)!;
        var tp1 = WeightBytes.PerGpu(c, spec, QuantizationScheme.None, null, 1, 1, 0, 1, 1);
        var layer = WeightBytes.DecoderLayer(c, spec, QuantizationScheme.None, null, 1, 1, moe: false);
        Assert.Equal(layer + (32064.0 * 64 * 2) + (64 * 2), tp1, 0);
    }

    public static TheoryData<int, int, int[]> Splits => new()
    {
        { 80, 4, new[] { 20, 20, 20, 20 } },
        { 81, 4, new[] { 20, 20, 21, 20 } },
        { 82, 4, new[] { 20, 21, 21, 20 } },
        { 83, 4, new[] { 21, 21, 21, 20 } },
        { 61, 2, new[] { 31, 30 } },
        { 3, 4, new[] { 1, 1, 1 } },
    };

    [Theory]
    [MemberData(nameof(Splits))]
    public void Pipeline_stages_take_the_remainder_from_the_second_last_stage_backwards(int layers, int pp, int[] sizes)
    {
        var stages = WeightBytes.PipelineStages(layers, pp);

        Assert.Equal(sizes, stages.Select(s => s.End - s.First));
        Assert.Equal(0, stages[0].First);
        Assert.Equal(layers, stages[stages.Count - 1].End);
        Assert.All(stages.Zip(stages.Skip(1)), pair => Assert.Equal(pair.First.End, pair.Second.First));
    }

    internal static ModelSpec Catalog(string id)
    {
        Assert.True(ModelCatalog.TryGet(id, out var spec));
        return spec;
    }
}
