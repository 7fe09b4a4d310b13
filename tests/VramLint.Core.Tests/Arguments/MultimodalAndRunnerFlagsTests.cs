using VramLint.Core.Arguments;
using VramLint.Core.Diagnostics;

namespace VramLint.Core.Tests.Arguments;

/// <summary>The flags that size a multimodal encoder, a hybrid model's state and the pooling runner, as the reader keeps them.</summary>
public class MultimodalAndRunnerFlagsTests
{
    private static ParsedArguments Read(params string[] words) => VllmArgumentReader.Read(ArgumentToken.FromWords(words));

    [Fact]
    public void Limit_mm_per_prompt_reads_the_json_the_count_form_and_the_old_pairs()
    {
        var json = Read("serve", "m-7B", "--limit-mm-per-prompt", "{\"image\": 2, \"video\": 0}");
        Assert.Empty(json.Problems);
        Assert.Equal((2, 0), (json.Settings.LimitMmPerPrompt!["image"], json.Settings.LimitMmPerPrompt["video"]));
        Assert.Null(json.Settings.LimitMmPerPrompt["audio"]);
        Assert.False(json.Settings.LimitMmPerPrompt.AllZero);

        var counts = Read("serve", "m-7B", "--limit-mm-per-prompt", "{\"image\": {\"count\": 3, \"width\": 512, \"height\": 512}}");
        Assert.Equal(3, counts.Settings.LimitMmPerPrompt!["image"]);

        var pairs = Read("serve", "m-7B", "--limit-mm-per-prompt", "image=0,video=0");
        Assert.Empty(pairs.Problems);
        Assert.True(pairs.Settings.LimitMmPerPrompt!.AllZero);
    }

    [Fact]
    public void The_dotted_form_sets_one_modality_over_the_json()
    {
        // vLLM PR 26000 runs Qwen3-VL text-only with --limit-mm-per-prompt.image 0 --limit-mm-per-prompt.video 0.
        var dotted = Read("serve", "m-7B", "--limit-mm-per-prompt.image", "0", "--limit-mm-per-prompt.video=0");
        Assert.Empty(dotted.Problems);
        Assert.True(dotted.Settings.LimitMmPerPrompt!.AllZero);
        Assert.Equal((0, 0), (dotted.Settings.LimitMmPerPrompt["image"], dotted.Settings.LimitMmPerPrompt["video"]));

        // A dotted item overrides the same modality of the JSON form and keeps the others.
        var merged = Read("serve", "m-7B", "--limit-mm-per-prompt", "{\"image\": 2, \"audio\": 1}", "--limit-mm-per-prompt.image", "5");
        Assert.Equal((5, 1), (merged.Settings.LimitMmPerPrompt!["image"], merged.Settings.LimitMmPerPrompt["audio"]));

        // A count that is not a whole number is reported at its value.
        var bad = Read("serve", "m-7B", "--limit-mm-per-prompt.video", "many");
        var problem = Assert.Single(bad.Problems);
        Assert.Equal("'--limit-mm-per-prompt.video many' is not valid: expected a whole number of items", problem.Message);
        Assert.Null(bad.Settings.LimitMmPerPrompt);
    }

    [Fact]
    public void A_limit_that_is_neither_json_nor_pairs_is_reported()
    {
        var parsed = Read("serve", "m-7B", "--limit-mm-per-prompt", "image:2");

        var problem = Assert.Single(parsed.Problems);
        Assert.Equal(DiagnosticIds.InvalidValue, problem.Id);
        Assert.StartsWith("'--limit-mm-per-prompt image:2' is not valid: expected a JSON object", problem.Message, StringComparison.Ordinal);
        Assert.Null(parsed.Settings.LimitMmPerPrompt);
    }

    [Fact]
    public void Processor_kwargs_encoder_tp_mode_and_state_dtype_are_kept()
    {
        var parsed = Read("serve", "m-7B", "--mm-processor-kwargs", "{\"max_pixels\": 1003520}", "--mm-encoder-tp-mode", "data", "--mamba-ssm-cache-dtype", "float32", "--disable-hybrid-kv-cache-manager");

        Assert.Empty(parsed.Problems);
        Assert.Equal(1003520L, parsed.Settings.MmProcessorKwargs!["max_pixels"]!.AsLong);
        Assert.Equal("data", parsed.Settings.MmEncoderTpMode);
        Assert.Equal("float32", parsed.Settings.MambaSsmCacheDtype);
        Assert.True(parsed.Settings.DisableHybridKvCacheManager);
    }

    [Fact]
    public void An_unknown_encoder_tp_mode_is_reported_with_the_choices()
    {
        var problem = Assert.Single(Read("serve", "m-7B", "--mm-encoder-tp-mode", "tensor").Problems);
        Assert.Equal("'--mm-encoder-tp-mode tensor' is not valid: unknown mm-encoder-tp-mode; expected one of weights, data", problem.Message);
    }

    [Theory]
    [InlineData(new[] { "--runner", "pooling" }, true)]
    [InlineData(new[] { "--convert", "embed" }, true)]
    [InlineData(new[] { "--convert", "classify" }, true)]
    [InlineData(new[] { "--runner", "generate" }, false)]
    [InlineData(new string[0], false)]
    public void The_pooling_runner_is_recognised(string[] flags, bool pooling) =>
        Assert.Equal(pooling, Read(new[] { "serve", "m-7B" }.Concat(flags).ToArray()).Settings.IsPooling);

    [Fact]
    public void The_removed_task_flag_is_still_read_for_older_releases()
    {
        // vLLM removed --task in 2025-12: the reader says so, and still sizes --task embed as the pooling runner.
        var parsed = Read("serve", "m-7B", "--task", "embed", "--max-num-seqs", "4");

        Assert.Equal("embed", parsed.Settings.Task);
        Assert.True(parsed.Settings.IsPooling);
        Assert.Equal(4, parsed.Settings.MaxNumSeqs);
        Assert.Contains("not a vLLM option any more", Assert.Single(parsed.Problems).Message, StringComparison.Ordinal);
    }
}
