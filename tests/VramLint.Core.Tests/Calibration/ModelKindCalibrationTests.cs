using System.Globalization;
using VramLint.Core.Arguments;
using VramLint.Core.Configuration;
using VramLint.Core.Diagnostics;
using VramLint.Core.Estimation;
using VramLint.Core.Gpus;
using VramLint.Core.Json;
using VramLint.Core.Models;
using VramLint.Core.Settings;
using VramLint.Core.Tests.Estimation;
using Xunit.Abstractions;

namespace VramLint.Core.Tests.Calibration;

/// <summary>
/// Issue 11 items 3-5: a multimodal, a hybrid and a pooling model against what vLLM printed for them (corpus runs, by id),
/// each figure within a stated band. The models' config.json facts the catalog does not hold yet are given here, each
/// with where it was read.
/// </summary>
public class ModelKindCalibrationTests
{
    /// <summary>
    /// meta-llama/Llama-3.2-11B-Vision config.json (huggingface.co/meta-llama/Llama-3.2-11B-Vision): text model as the
    /// public GGUF logs print it (ollama issues 8310 and 9311: 40 layers incl. 8 cross-attention, 4096 wide, 32 heads, 8 KV
    /// heads, FFN 14336, vocabulary 128256); vision tower 1280 wide, 32 + 8 global layers, FFN 5120, 560-pixel tiles of
    /// 14-pixel patches, 4 tiles (vLLM issue 10569 logs pixel_values [256, 1, 1, 4, 3, 560, 560]).
    /// </summary>
    public const string Llama32VisionConfig = """
        {"model_type": "mllama", "torch_dtype": "bfloat16",
         "text_config": {"model_type": "mllama_text_model", "hidden_size": 4096, "num_hidden_layers": 40, "num_attention_heads": 32,
           "num_key_value_heads": 8, "intermediate_size": 14336, "vocab_size": 128256, "max_position_embeddings": 131072,
           "rope_scaling": {"rope_type": "llama3", "factor": 8.0, "original_max_position_embeddings": 8192}, "tie_word_embeddings": false},
         "vision_config": {"hidden_size": 1280, "num_hidden_layers": 32, "num_global_layers": 8, "intermediate_size": 5120,
           "image_size": 560, "patch_size": 14, "max_num_tiles": 4}}
        """;

    /// <summary>
    /// Qwen/Qwen2.5-VL-7B-Instruct config.json (huggingface.co/Qwen/Qwen2.5-VL-7B-Instruct): 28 layers, 3584 wide, 28 heads,
    /// 4 KV heads, FFN 18944, vocabulary 152064; vision tower depth 32, 1280 wide, FFN 3420, patch 14, 2x2 merge.
    /// </summary>
    public const string Qwen25Vl7bConfig = """
        {"model_type": "qwen2_5_vl", "torch_dtype": "bfloat16", "hidden_size": 3584, "num_hidden_layers": 28, "num_attention_heads": 28,
         "num_key_value_heads": 4, "intermediate_size": 18944, "vocab_size": 152064, "max_position_embeddings": 128000, "tie_word_embeddings": false,
         "vision_config": {"depth": 32, "hidden_size": 1280, "intermediate_size": 3420, "out_hidden_size": 3584, "patch_size": 14, "spatial_merge_size": 2}}
        """;

    /// <summary>
    /// Qwen3.6-35B-A3B text config as public code copies it (code-search index file 52224607954, a parser test of the
    /// "real" config): 40 layers, full attention every 4th, 2 KV heads of 256, gated delta net with 16 key / 32 value heads of
    /// 128 and a 4-wide convolution. mamba_ssm_dtype float32 is what the Qwen3.5 family's configs state (index files
    /// 71387934500, 55568797625); the 35B-A3B copy does not show it, and the logs below match only with it.
    /// </summary>
    public const string Qwen36MoeConfig = """
        {"model_type": "qwen3_5_moe", "text_config": {"model_type": "qwen3_5_moe_text", "hidden_size": 2048, "num_hidden_layers": 40,
         "num_attention_heads": 16, "num_key_value_heads": 2, "head_dim": 256, "full_attention_interval": 4, "vocab_size": 248320,
         "num_experts": 256, "num_experts_per_tok": 8, "moe_intermediate_size": 512, "shared_expert_intermediate_size": 512,
         "linear_num_key_heads": 16, "linear_num_value_heads": 32, "linear_key_head_dim": 128, "linear_value_head_dim": 128,
         "linear_conv_kernel_dim": 4, "mamba_ssm_dtype": "float32", "max_position_embeddings": 262144, "tie_word_embeddings": false}}
        """;

    /// <summary>
    /// Qwen3.8-27B text config as public code copies it (index files 55568797625, 61410807965): 64 layers, full attention
    /// every 4th, 4 KV heads of 256, gated delta net 16 key / 48 value heads of 128, 4-wide convolution, mamba_ssm_dtype float32.
    /// </summary>
    public const string Qwen38DenseConfig = """
        {"model_type": "qwen3_5", "text_config": {"model_type": "qwen3_5_text", "hidden_size": 5120, "num_hidden_layers": 64,
         "num_attention_heads": 24, "num_key_value_heads": 4, "head_dim": 256, "full_attention_interval": 4, "intermediate_size": 17408,
         "vocab_size": 248320, "linear_num_key_heads": 16, "linear_num_value_heads": 48, "linear_key_head_dim": 128,
         "linear_value_head_dim": 128, "linear_conv_kernel_dim": 4, "mamba_ssm_dtype": "float32", "max_position_embeddings": 262144,
         "tie_word_embeddings": false}}
        """;

    private readonly ITestOutputHelper output;

    public ModelKindCalibrationTests(ITestOutputHelper output) => this.output = output;

    public static ModelSpec Spec(string json, string id) => ModelCatalog.FromConfigJson(json, id) ?? throw new InvalidOperationException(id);

    private static CorpusRun Run(string id) => Corpus.Runs.Single(r => r.Id == id);

    [Fact]
    public void Llama32_vision_on_an_H100_profiles_128_images_and_keeps_the_logged_pool()
    {
        // vLLM PR 12126 (V0, main before 0.7.0): 128 sequences x 1 image x 4 tiles x 1601 patches through the 1280-wide tower.
        var run = Run("pr12126-llama32-11b-vision-h100");
        var p = CorpusEvaluator.Predict(run, Spec(Llama32VisionConfig, "meta-llama/Llama-3.2-11B-Vision"));
        var e = p.Estimate!.PerGpu;
        Report(run, e);

        Assert.InRange(e.ActivationGiB - run.ActivationGib!.Value, -1.0, 1.0);
        Assert.InRange(e.KvCacheGiB - run.KvCacheGib!.Value, -1.0, 1.0);
        Assert.InRange((e.WeightsGiB - run.WeightsGib!.Value) / run.WeightsGib.Value, -0.02, 0.02);
        Assert.InRange(e.NonTorchGiB - run.NonTorchGib!.Value, -0.1, 0.1);

        // Every one of the 40 layers keeps K and V (V0 sizes the cross-attention layers like the others): 160 KiB per token,
        // so the logged 6001 blocks of 16 need 14.65 GiB.
        Assert.Equal(40 * 2 * 8 * 128 * 2, p.Estimate.KvCache.BytesPerToken);
        Assert.Equal(6001.0 * 16 * 163840 / (1L << 30), run.KvCacheGib!.Value, 2);
        Assert.True(p.PredictsStart);
    }

    [Theory]
    [InlineData("i9445-llama32-11b-vision-a100-256seqs")]
    [InlineData("i9445-llama32-11b-vision-a100-32seqs")]
    [InlineData("i10569-llama32-11b-vision-l20-v063")]
    public void Llama32_vision_starts_or_fails_on_the_images_it_profiles(string id)
    {
        // V0 profiles one 4-tile image per sequence: the default 256 sequences do not fit an 80 GB card, 32 do.
        var run = Run(id);
        var p = CorpusEvaluator.Predict(run, Spec(Llama32VisionConfig, "meta-llama/Llama-3.2-11B-Vision-Instruct"));
        Report(run, p.Estimate!.PerGpu);

        Assert.Equal(run.Started, p.PredictsStart);
    }

    [Fact]
    public void Held_out_llama32_vision_on_a_96_GB_H100_fails_at_the_default_batch()
    {
        // Issue 9630 (held out): max-model-len 32 does not help, the encoder profile at 256 sequences exceeds any 96 GB card.
        var run = Run("i9630-llama32-11b-vision-h100-96gb-len32");
        Assert.True(run.HeldOut);
        var spec = Spec(Llama32VisionConfig, "meta-llama/Llama-3.2-11B-Vision");
        var p = CorpusEvaluator.Predict(run with { GpuTotalGib = 94.0 }, spec);
        Report(run, p.Estimate!.PerGpu);
        Assert.False(p.PredictsStart);

        // With 128 sequences the same card sized 2252 blocks: 70.38x at 512 tokens, which the block arithmetic reproduces.
        var started = Run("i9630-llama32-11b-vision-h100-96gb-128seqs");
        var kv = KvCacheSize.For(spec, 1, 40, "auto", null, false)!;
        var capacity = VllmBlocks.Of(started.GpuBlocks!.Value * 16.0 * kv.BytesPerToken, kv, 16, 512, 512);
        Assert.Equal(started.MaxConcurrency!.Value, capacity.Concurrency, 2);
    }

    [Fact]
    public void Qwen25_vl_profiles_one_image_of_the_processors_largest_size()
    {
        // Orin log, limit image 1 / video 0, max-model-len 4096 (V0): one image of 12845056 pixels = 65536 patches of 1280.
        var run = Run("f63135534711-qwen25-vl-7b-awq-orin-video0");
        var spec = Spec(Qwen25Vl7bConfig, "Qwen/Qwen2.5-VL-7B-Instruct");
        var settings = new DeploymentSettings { LimitMmPerPrompt = MultimodalLimits.From(JsonNode.Parse("{\"image\": 1, \"video\": 0}")) };
        var effective = VllmDefaults.Resolve(settings with { MaxModelLen = 4096 }, new ModelResolution { Spec = spec }, new GpuCapacity { MemoryGiB = 29.96, Count = 1 }, new VllmVersion(0, 7));
        var profile = MultimodalProfile.For(spec, settings, effective, new VllmVersion(0, 7), 1);
        var predicted = Numbers.ToGiB(profile.ActivationBytes);
        output.WriteLine($"{run.Id}: activation logged {F(run.ActivationGib!.Value)}, predicted {F(predicted)}; items {profile.Items} x {profile.PatchesPerItem} patches");

        Assert.Equal((1, 65536L), (profile.Items, profile.PatchesPerItem!.Value));
        Assert.InRange(predicted - run.ActivationGib!.Value, -0.6, 0.6);
        Assert.Null(profile.Caveat);

        // The encoder's weights: about 0.67 B parameters (32 blocks of 4 x 1280^2 + 3 x 1280 x 3420, and the 2x2 merger).
        Assert.InRange(spec.Vision!.Parameters, 0.66e9, 0.69e9);

        // --mm-processor-kwargs max_pixels shrinks the profiled image; limit 0 turns the profile off.
        var smaller = MultimodalProfile.For(spec, settings with { MmProcessorKwargs = JsonNode.Parse("{\"max_pixels\": 1003520}") }, effective, new VllmVersion(0, 7), 1);
        Assert.Equal(5120L, smaller.PatchesPerItem);
        var textOnly = MultimodalProfile.For(spec, settings with { LimitMmPerPrompt = MultimodalLimits.From(JsonNode.Parse("{\"image\": 0, \"video\": 0}")) }, effective, new VllmVersion(0, 7), 1);
        Assert.Equal(0, textOnly.ActivationBytes);
    }

    [Fact]
    public void Qwen25_vl_with_video_left_unlimited_on_V0_profiles_an_image_and_a_video_together()
    {
        // The same Orin log with video not limited (V0's default of 1 video; not used to fit): a 4096-token sequence holds no
        // frame pair, so the dummy video is 1 frame, one 65536-patch pair beside the image. vLLM printed 4.93 GiB, twice the
        // image-only 2.47; the 18-copy term gives 2 x 2.95.
        var run = Run("f63135534711-qwen25-vl-7b-awq-orin-video-unbound");
        Assert.DoesNotContain(run.Id, CorpusEvaluator.KindFitRuns);
        var spec = Spec(Qwen25Vl7bConfig, "Qwen/Qwen2.5-VL-7B-Instruct");
        var settings = new DeploymentSettings { LimitMmPerPrompt = MultimodalLimits.From(JsonNode.Parse("{\"image\": 1}")) };
        var version = new VllmVersion(0, 7);
        var effective = VllmDefaults.Resolve(settings with { MaxModelLen = 4096 }, new ModelResolution { Spec = spec }, new GpuCapacity { MemoryGiB = 29.96, Count = 1 }, version);
        var profile = MultimodalProfile.For(spec, settings, effective, version, 1);
        var predicted = Numbers.ToGiB(profile.ActivationBytes);
        output.WriteLine($"{run.Id}: activation logged {F(run.ActivationGib)}, predicted {F(predicted)}; {profile.Items} items ({profile.Modality}), video of {profile.VideoFrames} frames");

        Assert.Equal(("image and video", 2L, 65536L, (int?)1, (string?)null), (profile.Modality, profile.Items, profile.PatchesPerItem!.Value, profile.VideoFrames, profile.Caveat));
        Assert.Equal(5.91, predicted, 2);

        // Conservative by one GiB at most: the 18 copies cover Llama-3.2-Vision's 18.7, where this tower holds about 15.
        Assert.InRange(predicted - run.ActivationGib!.Value, 0, 1.0);
    }

    [Fact]
    public void Early_V1_rounds_the_encoder_budget_up_and_later_releases_round_it_down()
    {
        // vLLM issue 12991 (V1 on a 0.7 release; not used to fit): max-model-len and max-num-batched-tokens 32767, image=4;
        // vLLM printed "a budget of 32767 tokens, and profiled with 2 image items": cdiv(32767, 16384) = 2. The 72B tower
        // is the 7B's (depth 32, width 1280, 2x2 merge), so one image is 16384 tokens either way. The video (V1's default
        // 999 a prompt) gets 1 frame, no larger than the image, so images are profiled.
        var run = Run("i12991-qwen25-vl-72b-bnb-a100-v1-v07");
        Assert.True(run.HasUnmodelledFeature);
        var spec = Spec(Qwen25Vl7bConfig, "Qwen/Qwen2.5-VL-7B-Instruct");
        var settings = new DeploymentSettings
        {
            LimitMmPerPrompt = MultimodalLimits.From(MultimodalLimits.FromPairs("image=4")),
            MaxModelLen = run.MaxModelLen,
            MaxNumBatchedTokens = run.MaxNumBatchedTokens,
        };
        MultimodalProfile At(VllmVersion version) => MultimodalProfile.For(spec, settings, VllmDefaults.Resolve(settings, new ModelResolution { Spec = spec }, new GpuCapacity { MemoryGiB = 79.15, Count = 1 }, version), version, 1);

        var early = At(new VllmVersion(0, 8));
        Assert.Equal(("image", 2L, 65536L), (early.Modality, early.Items, early.PatchesPerItem!.Value));

        // From 0.11 (MultiModalBudget, vLLM PR 22228) the same settings profile 32767 / 16384 = 1 image.
        Assert.Equal(1L, At(new VllmVersion(0, 11)).Items);
    }

    [Fact]
    public void Whisper_large_v3_on_0_15_keeps_self_and_cross_attention_pages()
    {
        // Code-search file 4172099314 (vLLM 0.15.1, not used to fit anything): openai/whisper-large-v3 loaded 2.88 GiB, was
        // profiled with 1 audio item in a 2048-token encoder budget, and 10.14 GiB held 33,216 tokens, 26.62 requests of 448.
        var run = Run("f4172099314-whisper-large-v3-v0151");
        Assert.True(ModelCatalog.TryGet("openai/whisper-large-v3", out var spec) && spec.Exists);

        // Weights: the decoder 906,521,600 and the encoder 636,968,960 parameters at 16 bits are 2.875 GiB, where vLLM
        // measured 2.88 (0.2% more: its allocations while loading).
        Assert.Equal((906_521_600L, 636_968_960L), ((long)ModelComponents.From(spec)!.Total, spec.Vision!.Parameters));
        Assert.Equal(2.875, (906_521_600.0 + 636_968_960) * 2 / Numbers.BytesPerGiB, 3);
        Assert.InRange(run.WeightsGib!.Value - 2.875, 0, 0.01);

        // KV: 32 self-attention and 32 cross-attention layers of 20 x 64, fp16: 320 KiB per token. Two groups of 16-token
        // pages: 4153 pages, printed as 2076 x 16 tokens; a request takes 28 pages for 448 tokens and 128 for the encoder
        // budget of 2048 tokens its cross-attention reserves, so 4153 / 156 = 26.62.
        var kv = KvCacheSize.For(spec, 1, 32, "auto", "float16", false)!;
        Assert.Equal(64 * 2 * 1280 * 2, kv.BytesPerToken);
        var capacity = VllmBlocks.Of(run.KvCacheGib!.Value * Numbers.BytesPerGiB, kv, 16, run.MaxModelLen!.Value, run.MaxNumBatchedTokens!.Value);
        output.WriteLine($"{run.Id}: blocks {capacity.Blocks}, tokens logged {run.KvTokens} predicted {capacity.Tokens}, concurrency logged {run.MaxConcurrency} predicted {capacity.Concurrency:0.0000}");
        Assert.Equal((4153L, run.KvTokens!.Value), (capacity.Blocks, capacity.Tokens));
        Assert.Equal(run.MaxConcurrency!.Value, capacity.Concurrency, 2);

        // The encoder profile: V1 fits one 1500-position item in the 2048-token budget.
        var settings = new DeploymentSettings { GpuMemoryUtilization = 0.85 };
        var version = CorpusEvaluator.EvaluatedVersion(run);
        var effective = VllmDefaults.Resolve(settings, new ModelResolution { Spec = spec }, new GpuCapacity { MemoryGiB = 15.57, Count = 1 }, version);
        var profile = MultimodalProfile.For(spec, settings, effective, version, 1);
        Assert.Equal(("audio", 1L, 1500L), (profile.Modality, profile.Items, profile.PatchesPerItem!.Value));
    }

    [Fact]
    public void Whispers_computed_parameters_are_the_published_ones()
    {
        // openai/whisper-large-v2's shape (the large-v3 config with the 51865-token vocabulary and 80 mel bins, as a
        // keras-hub conversion recipe states it, code-search index file 60399832144): keras-hub's preset
        // whisper_large_multi_v2 has "params": 1543304960 (keras-hub whisper_presets.py).
        var v2 = Spec("""
            {"model_type": "whisper", "d_model": 1280, "encoder_layers": 32, "decoder_layers": 32, "encoder_attention_heads": 20,
             "decoder_attention_heads": 20, "encoder_ffn_dim": 5120, "decoder_ffn_dim": 5120, "vocab_size": 51865,
             "max_source_positions": 1500, "max_target_positions": 448, "num_mel_bins": 80, "num_hidden_layers": 32,
             "tie_word_embeddings": true}
            """, "openai/whisper-large-v2");
        Assert.Equal(1_543_304_960L, (long)ModelComponents.From(v2)!.Total + v2.Vision!.Parameters);
        Assert.Equal((32, 1280, 448), (v2.NumHiddenLayers!.Value, v2.Vision.HiddenSize, v2.DerivedMaxModelLen ?? v2.MaxPositionEmbeddings!.Value));
    }

    [Fact]
    public void Whisper_turbo_on_V0_profiles_an_audio_item_for_every_sequence()
    {
        // vLLM issue 15216 (0.8.0, an RTX 3060 12GB, defaults; not used to fit): whisper-large-v3-turbo ran out of memory at
        // start and started with a lower --max-num-seqs. V0 profiles encoder-decoder models with one 30 s audio (1500
        // positions of width 1280) for each of the 256 default sequences: 17.3 GiB, more than the card.
        var run = Run("i15216-whisper-large-v3-turbo-3060-v080");
        var p = CorpusEvaluator.Predict(run);
        Assert.Null(p.SkipReason);
        var e = p.Estimate!.PerGpu;
        Report(run, e);
        Assert.Equal(Numbers.ToGiB(256.0 * 1500 * 18 * 1280 * 2 * 1.05), e.ActivationGiB, 6);
        Assert.Equal(run.Started, p.PredictsStart);
        Assert.Contains("audio encoder", p.Estimate.Breakdown, StringComparison.Ordinal);
        Assert.Contains("256 audio item(s) of 1500 positions", p.Estimate.Breakdown, StringComparison.Ordinal);

        // The turbo checkpoint: 32 encoder layers, 4 decoder layers, 808,878,080 parameters (the model card's 809M).
        var spec = p.Estimate.Model.Spec!;
        Assert.Equal(808_878_080L, (long)ModelComponents.From(spec)!.Total + spec.Vision!.Parameters);

        // Fewer sequences profile fewer items: at 8 the profile is 0.54 GiB (the run's working value is not shown).
        var fewer = CorpusEvaluator.Predict(run with { MaxNumSeqs = 8 });
        Assert.True(fewer.PredictsStart);
    }

    [Fact]
    public void Qwen3_vl_on_four_3090s_profiles_its_own_dummy_video()
    {
        // Code-search file 42588844709 (vLLM 0.11.0, TP 4, max-model-len 65536; not used to fit): vLLM profiled Qwen3-VL's own
        // dummy video, "a budget of 153600 tokens ... 1 video items": 24576 frames of 32 x 32 pixels, 49152 patches, 12288
        // embeddings x 12.5 (Qwen3VlDummyVideo), whose outputs 0.11-0.12 pad to the budget and hold through the language
        // model's dummy run. Logged pool 2.31 GiB; 5.03 predicted while the video was unmodelled, 2.68 now.
        var run = Run("f42588844709-qwen3-vl-30b-a3b-4x3090-v011");
        var p = CorpusEvaluator.Predict(run);
        Assert.Null(p.SkipReason);
        var e = p.Estimate!.PerGpu;
        Report(run, e);
        Assert.Contains("1 video(s) of 24576 frame(s), 49152 patches peaks at 1.99 GiB, and the language model's dummy run holds its outputs (2.34 GiB)", p.Estimate.Breakdown, StringComparison.Ordinal);
        Assert.DoesNotContain("not modelled", p.Estimate.Breakdown, StringComparison.Ordinal);
        Assert.InRange((e.WeightsGiB - run.WeightsGib!.Value) / run.WeightsGib.Value, -0.02, 0.02);
        Assert.InRange(e.KvCacheGiB - run.KvCacheGib!.Value, 0, 0.5);
        Assert.Equal(run.Started, p.PredictsStart);

        // Its KV arithmetic is a plain decoder's: 48 layers x 4 KV heads of 128 over TP 4 = 24 KiB per token per GPU.
        var kv = KvCacheSize.For(p.Estimate.Model.Spec!, 4, 48, "auto", null, false)!;
        var capacity = VllmBlocks.Of(run.GpuBlocks!.Value * 16.0 * kv.BytesPerToken, kv, 16, 65536, 2048);
        Assert.Equal((run.KvTokens!.Value, run.MaxConcurrency!.Value), (capacity.Tokens, Math.Round(capacity.Concurrency, 2)));

        // With video 0 only images remain; with videos allowed the video, larger, is profiled. Neither leaves a caveat.
        var spec = p.Estimate.Model.Spec!;
        var settings = new DeploymentSettings { LimitMmPerPrompt = MultimodalLimits.From(JsonNode.Parse("{\"video\": 0}")), MmProcessorKwargs = JsonNode.Parse("{\"max_pixels\": 1003520}") };
        var effective = VllmDefaults.Resolve(settings, new ModelResolution { Spec = spec }, new GpuCapacity { MemoryGiB = 23.68, Count = 4 }, new VllmVersion(0, 11));
        var images = MultimodalProfile.For(spec, settings, effective, new VllmVersion(0, 11), 4);
        Assert.Equal(("image", (string?)null), (images.Modality, images.Caveat));
        var withVideo = MultimodalProfile.For(spec, settings with { LimitMmPerPrompt = null }, effective, new VllmVersion(0, 11), 4);
        Assert.Equal(("video", (string?)null), (withVideo.Modality, withVideo.Caveat));
    }

    [Theory]
    [InlineData("club3090-612-qwen36-35b-a3b-nvfp4-5090", 299)]
    [InlineData("club3090-652-qwen36-35b-a3b-nvfp4-5090", 300)]
    public void Qwen36_hybrid_pool_gives_the_tokens_and_concurrency_vllm_printed(string id, long blocks)
    {
        // 10 attention layers of 2 x 256 fp8 bytes per token; 30 gated-delta-net layers of (8192 x 3) bf16 convolution +
        // 32 x 128 x 128 float32 state = 2,146,304 bytes, so vLLM raises the attention block to 16 x cdiv(2146304, 16 x 1024) = 2096.
        var run = Run(id);
        var kv = KvCacheSize.For(Spec(Qwen36MoeConfig, "Qwen/Qwen3.6-35B-A3B"), 1, 40, "fp8", "bfloat16", false, new HybridCacheOptions(null, AlignMode: true))!;
        var groups = kv.Groups!;
        Assert.Equal((10, 30, 2_146_304.0, 2096), (groups.FullLayers, groups.StateLayers, groups.StateBytesPerLayer, groups.AlignedBlockSize));

        // Groups of 10 layers: 1 attention group, 3 state groups; a 131072-token request takes 63 + 3 x 2 pages ("align" mode).
        var capacity = VllmBlocks.Of(run.KvCacheGib!.Value * Numbers.BytesPerGiB, kv, 16, run.MaxModelLen!.Value, run.MaxNumBatchedTokens!.Value);
        output.WriteLine($"{id}: blocks {capacity.Blocks}, tokens logged {run.KvTokens} predicted {capacity.Tokens}, concurrency logged {run.MaxConcurrency} predicted {capacity.Concurrency:0.0000}");
        Assert.Equal(blocks, capacity.Blocks);
        Assert.Equal(run.KvTokens!.Value, capacity.Tokens);
        Assert.Equal(run.MaxConcurrency!.Value, capacity.Concurrency, 2);
    }

    [Fact]
    public void Qwen36_on_0_20_with_prefix_caching_written_keeps_two_state_pages()
    {
        // Code-search file 52066611745: RedHatAI/Qwen3.6-35B-A3B-NVFP4 on vLLM 0.20.0, --enable-prefix-caching written, fp8
        // KV, max-model-len 65536: "align" mode logged; 1.28 GiB held 33,536 tokens, 1.68 requests. Block 2096 as in the 0.24
        // logs; 64 blocks of 10 layers; a request takes 32 attention pages + 3 x 2 state pages, so 64 / 38 = 1.684. 0.20
        // printed the tokens as whole blocks of one group (64 / 4 x 2096), as 0.10 did.
        var run = Run("f52066611745-qwen36-35b-a3b-nvfp4-v020");
        var version = CorpusEvaluator.EvaluatedVersion(run);
        var align = VllmBehaviour.Of(version).MambaAlignMode(true);
        Assert.True(align);
        var kv = KvCacheSize.For(Spec(Qwen36MoeConfig, "Qwen/Qwen3.6-35B-A3B"), 1, 40, "fp8", "bfloat16", false, new HybridCacheOptions(null, AlignMode: align))!;
        Assert.Equal(run.BlockSize!.Value, kv.Groups!.AlignedBlockSize);
        var capacity = VllmBlocks.Of(run.KvCacheGib!.Value * Numbers.BytesPerGiB, kv, 16, run.MaxModelLen!.Value, run.MaxNumBatchedTokens!.Value);
        output.WriteLine($"{run.Id}: blocks {capacity.Blocks}, concurrency logged {run.MaxConcurrency} predicted {capacity.Concurrency:0.0000}");
        Assert.Equal(64, capacity.Blocks);
        Assert.Equal(run.KvTokens!.Value, capacity.Blocks / (kv.Groups.FullGroups + kv.Groups.StateGroups) * 2096L);
        Assert.Equal(run.MaxConcurrency!.Value, capacity.Concurrency, 2);

        // With one state page (prefix caching not written) the same pool would serve 64 / 35 = 1.83 requests.
        var onePage = KvCacheSize.For(Spec(Qwen36MoeConfig, "Qwen/Qwen3.6-35B-A3B"), 1, 40, "fp8", "bfloat16", false, new HybridCacheOptions(null, AlignMode: false))!;
        Assert.Equal(1.83, VllmBlocks.Of(run.KvCacheGib.Value * Numbers.BytesPerGiB, onePage, 16, 65536, 16384).Concurrency, 2);
    }

    /// <summary>
    /// Qwen/Qwen3.5-0.8B text config as public code copies it (index files 71269929174, 55031280296): 24 layers, full
    /// attention every 4th, 2 KV heads of 256, gated delta net 16 key / 16 value heads of 128, 4-wide convolution; the
    /// family's mamba_ssm_dtype float32 (index file 54513971006).
    /// </summary>
    public const string Qwen35SmallConfig = """
        {"model_type": "qwen3_5", "text_config": {"model_type": "qwen3_5_text", "hidden_size": 1024, "num_hidden_layers": 24,
         "num_attention_heads": 8, "num_key_value_heads": 2, "head_dim": 256, "full_attention_interval": 4, "intermediate_size": 3584,
         "vocab_size": 248320, "linear_num_key_heads": 16, "linear_num_value_heads": 16, "linear_key_head_dim": 128,
         "linear_value_head_dim": 128, "linear_conv_kernel_dim": 4, "mamba_ssm_dtype": "float32", "tie_word_embeddings": true}}
        """;

    [Fact]
    public void Qwen35_small_on_0_23_keeps_one_state_page_per_request()
    {
        // A 0.23 log (code-search index file 56314656127): 3.06 GiB held 183,202 tokens, 44.73 requests of 4096. Block 544
        // (16 x cdiv(1,085,440, 16 x 2048)); groups of 6 layers: 1 attention + 3 state; a request takes 8 + 3 x 1 pages,
        // so 0.23 did not yet keep the "align" mode's second state page.
        var run = Run("f56314656127-qwen35-0.8b");
        var kv = KvCacheSize.For(Spec(Qwen35SmallConfig, "Qwen/Qwen3.5-0.8B"), 1, 24, "auto", "float16", false, new HybridCacheOptions(null, AlignMode: false))!;
        Assert.Equal((544, 6, 1_085_440.0), (kv.Groups!.AlignedBlockSize, kv.Groups.GroupSize, kv.Groups.StateBytesPerLayer));

        // The logged concurrency x 11 pages is 492 blocks, whose bytes round to the logged 3.06 GiB.
        var blockBytes = kv.Groups.PageBytes(16) * kv.Groups.GroupSize;
        Assert.Equal(492, (int)Math.Round(run.MaxConcurrency!.Value * 11));
        Assert.InRange(492 * blockBytes / Numbers.BytesPerGiB, 3.055, 3.065);
        var capacity = VllmBlocks.Of(492 * blockBytes, kv, 16, 4096, 2048);
        Assert.Equal(run.KvTokens!.Value, capacity.Tokens);
        Assert.Equal(run.MaxConcurrency!.Value, capacity.Concurrency, 2);

        // The log did not enable prefix caching, which vLLM leaves off for hybrid models: one page. "align" mode (two pages)
        // needs --enable-prefix-caching and a release from 0.15 (vLLM PR 30877).
        Assert.False(VllmBehaviour.Of(new VllmVersion(0, 23)).MambaAlignMode(null));
        Assert.False(VllmBehaviour.Of(new VllmVersion(0, 24)).MambaAlignMode(null));
        Assert.True(VllmBehaviour.Of(new VllmVersion(0, 20)).MambaAlignMode(true));
        Assert.True(VllmBehaviour.Of(new VllmVersion(0, 24)).MambaAlignMode(true));
        Assert.False(VllmBehaviour.Of(new VllmVersion(0, 14)).MambaAlignMode(true));
        Assert.False(VllmBehaviour.Of(new VllmVersion(0, 24)).MambaAlignMode(false));
    }

    [Fact]
    public void A_hybrid_pool_with_fewer_blocks_than_sequences_stops_vllm_from_023()
    {
        // vLLM issue 49064 (0.23.1, two RX 7900 XT, TP 2): Qwen3.8-27B at max-model-len 122633 kept 3.86 GiB of pool,
        // 123,399 tokens, and stopped: "max_num_seqs (256) exceeds available Mamba cache blocks (161)". At TP 2 a block is
        // 16 layers x 784 tokens x 2 KiB = 25,690,112 bytes: 161 of them, 157 + 3 pages per request (one state page on 0.23).
        var run = Run("i49064-qwen38-27b-2x7900xt-rocm");
        var spec = Spec(Qwen38DenseConfig, "Qwen/Qwen3.8-27B");
        var kv = KvCacheSize.For(spec, 2, 64, "auto", "bfloat16", false, new HybridCacheOptions(null, AlignMode: false))!;
        var capacity = VllmBlocks.Of(run.KvCacheGib!.Value * Numbers.BytesPerGiB, kv, 16, run.MaxModelLen!.Value, 2048);
        Assert.Equal((161L, run.KvTokens!.Value), (capacity.Blocks, capacity.Tokens));

        // Through the estimator, with the logged pool: the default 256 sequences are refused, 160 pass. (The checkpoint is
        // not named, so the weights are unknown; the BF16 spec is checked on 48 GB-class cards, where it loads and the fixed
        // pool decides.)
        string[] Args(params string[] more) => new[] { "serve", spec.Id, "--tensor-parallel-size", "2", "--max-model-len", "122633", "--dtype", "bfloat16",
            "--kv-cache-memory-bytes", ((long)(3.86 * Numbers.BytesPerGiB)).ToString(CultureInfo.InvariantCulture) }.Concat(more).ToArray();
        EstimationResult Estimate(VllmVersion version, params string[] more) => new VllmEstimator().Estimate(new EstimationRequest
        {
            Model = new ModelResolution { Id = spec.Id, Spec = spec, Source = ModelSource.ConfigJson, Match = ModelMatch.Exact },
            Settings = VllmArgumentReader.Read(ArgumentToken.FromWords(Args(more))).Settings,
            Capacity = new GpuCapacity { Name = "48 GB card", MemoryGiB = 44.3, Count = 2, ClusterCount = 2, GpusPerNode = 2, CountDeclared = true },
            Options = VramLintOptions.Default with { VllmVersion = version, VllmVersionDeclared = true },
        });

        var refused = Assert.Single(Estimate(new VllmVersion(0, 23)).Findings);
        Assert.Equal(SettingNames.MaxNumSeqs, refused.Finding.Setting);
        Assert.Contains("vLLM would stop with: max_num_seqs (256) exceeds available Mamba cache blocks (161).", refused.Finding.Message, StringComparison.Ordinal);
        // 160 sequences start (VRAM004 still says only one full-length request fits at once).
        Assert.Equal(DiagnosticIds.BatchExceedsKvCache, Assert.Single(Estimate(new VllmVersion(0, 23), "--max-num-seqs", "160").Findings).Finding.Id);
        Assert.Empty(Estimate(new VllmVersion(0, 23), "--enforce-eager").Findings);

        // Earlier releases capped the CUDA-graph sizes instead of stopping.
        Assert.Empty(Estimate(new VllmVersion(0, 21)).Findings);
    }

    [Fact]
    public void The_estimate_of_a_hybrid_model_reports_vllms_tokens_and_says_why()
    {
        // Issue 652's deployment through the estimator (it wrote --enable-prefix-caching), with its logged pool fixed by
        // --kv-cache-memory-bytes, on 0.24.
        var spec = Spec(Qwen36MoeConfig, "Qwen/Qwen3.6-35B-A3B");
        var parsed = VllmArgumentReader.Read(ArgumentToken.FromWords(new[]
        {
            "serve", spec.Id, "--enable-prefix-caching", "--max-model-len", "131072", "--kv-cache-dtype", "fp8", "--dtype", "bfloat16", "--max-num-seqs", "1",
            "--max-num-batched-tokens", "8192", "--kv-cache-memory-bytes", ((long)(6.01 * Numbers.BytesPerGiB)).ToString(CultureInfo.InvariantCulture),
        }));
        Assert.Empty(parsed.Problems);
        var result = new VllmEstimator().Estimate(new EstimationRequest
        {
            Model = new ModelResolution { Id = spec.Id, Spec = spec, Source = ModelSource.ConfigJson, Match = ModelMatch.Exact },
            Settings = parsed.Settings,
            Capacity = new GpuCapacity { Gpu = GpuCatalog.TryFind("RTX 5090", out var gpu) ? gpu : null, MemoryGiB = 31.36, Count = 1, ClusterCount = 1, GpusPerNode = 1, CountDeclared = true },
            Options = VramLintOptions.Default with { VllmVersion = new VllmVersion(0, 24) },
        });

        Assert.Equal(569_878, result.Estimate.KvCache.CapacityTokens);
        Assert.Equal(300 / 69.0, result.Estimate.KvCache.MaxConcurrency, 6);
        Assert.Equal(10 * 1024, result.Estimate.KvCache.BytesPerToken);
        Assert.Contains("hybrid: 30 state layers of 2.05 MiB per request, attention block raised to 2096 tokens", result.Estimate.Breakdown, StringComparison.Ordinal);

        // Before 0.15 (no "align" mode: prefix caching stayed off for hybrids, one state page per request) the same pool
        // holds more requests.
        var older = new VllmEstimator().Estimate(new EstimationRequest
        {
            Model = new ModelResolution { Id = spec.Id, Spec = spec, Source = ModelSource.ConfigJson, Match = ModelMatch.Exact },
            Settings = parsed.Settings,
            Capacity = new GpuCapacity { MemoryGiB = 31.36, Count = 1, ClusterCount = 1, GpusPerNode = 1, CountDeclared = true },
            Options = VramLintOptions.Default with { VllmVersion = new VllmVersion(0, 11) },
        });
        Assert.Equal(300 / 66.0, older.Estimate.KvCache.MaxConcurrency, 6);
    }

    [Fact]
    public void Qwen38_hybrid_at_tp2_gives_the_logged_tokens_and_the_pool_vllm_sized()
    {
        // mitchross/talos-argocd-proxmox PR 1995: Qwen3.8-27B-FP8 over two RTX 3090s, fp8 KV, 4.99 GiB of pool per GPU.
        var run = Run("pr1995-qwen38-27b-fp8-2x3090");
        var kv = KvCacheSize.For(Spec(Qwen38DenseConfig, "Qwen/Qwen3.8-27B"), 2, 64, "fp8", "bfloat16", false, new HybridCacheOptions(null, AlignMode: true))!;

        // At TP 2 a state layer holds 24 x 128 x 128 float32 + 5120 x 3 bf16 = 1,603,584 bytes: block 16 x 98 = 1568, as the PR quotes.
        Assert.Equal((1_603_584.0, 1568), (kv.Groups!.StateBytesPerLayer, kv.Groups.AlignedBlockSize));

        var capacity = VllmBlocks.Of(run.KvCacheGib!.Value * Numbers.BytesPerGiB, kv, 16, run.MaxModelLen!.Value, run.MaxNumBatchedTokens!.Value);
        output.WriteLine($"{run.Id}: blocks {capacity.Blocks}, tokens logged {run.KvTokens} predicted {capacity.Tokens}, concurrency logged {run.MaxConcurrency} predicted {capacity.Concurrency:0.0000}");
        Assert.Equal(run.KvTokens!.Value, capacity.Tokens);
        Assert.Equal(run.MaxConcurrency!.Value, capacity.Concurrency, 2);

        // The naive count (pool / 32 KiB per token) says 327k tokens: 8% more than vLLM's 302,921.
        Assert.True(run.KvCacheGib.Value * Numbers.BytesPerGiB / kv.BytesPerToken > 1.07 * run.KvTokens.Value);
    }

    [Fact]
    public void Qwen3_next_at_tp2_gives_the_logged_block_size_and_tokens_and_its_pool_is_judged()
    {
        // Code-search file 7292846353: Qwen3-Next-80B-A3B over two H200s, vLLM 0.10.2 (prefix caching off for hybrid
        // models, so one state page per request), 47,878,721,024 bytes of pool per GPU, attention block 544 as logged.
        var run = Run("f7292846353-h200-tp2");
        Assert.True(ModelCatalog.TryGet("Qwen/Qwen3-Next-80B-A3B-Instruct", out var spec));
        var kv = KvCacheSize.For(spec, 2, spec.NumHiddenLayers!.Value, "auto", null, false, new HybridCacheOptions(null, AlignMode: false))!;
        Assert.Equal(544, kv.Groups!.AlignedBlockSize);

        // 12 full-attention and 36 gated-delta-net layers: four groups of 12, 7162 blocks, 14.77 requests of 262144 tokens.
        // 0.10 printed "GPU KV cache size" as whole blocks of one group (7162 / 4 = 1790 blocks x 544 = 973,760 tokens);
        // from 0.21 it is concurrency x max-model-len, which VramLint reports.
        var capacity = VllmBlocks.Of(47_878_721_024.0, kv, 16, run.MaxModelLen!.Value, run.MaxNumBatchedTokens!.Value);
        output.WriteLine($"{run.Id}: blocks {capacity.Blocks}, tokens logged {run.KvTokens} predicted {capacity.Tokens}, concurrency logged {run.MaxConcurrency} predicted {capacity.Concurrency:0.0000}");
        Assert.Equal((12, 36, 12), (kv.Groups.FullLayers, kv.Groups.StateLayers, kv.Groups.GroupSize));
        Assert.Equal(7162, capacity.Blocks);
        Assert.Equal(run.KvTokens!.Value, capacity.Blocks / (kv.Groups.FullGroups + kv.Groups.StateGroups) * 544L);
        Assert.Equal(run.MaxConcurrency!.Value, capacity.Concurrency, 2);

        // The pool itself: the weights within 0.2%; the 5.58 GiB activation is the sampler warm-up over V1's default 1024
        // sequences on an H200 (9.6 fp32 copies of 1024 x 151936), not a linear-attention term: 5.90 predicted with the
        // margin. The pool then lands within 0.2 GiB of vLLM's (4.5 GiB too large when 0.10 was taken to default to 256).
        var e = CorpusEvaluator.Predict(run).Estimate!.PerGpu;
        output.WriteLine($"activation logged {run.ActivationGib} predicted {e.ActivationGiB:0.00}; pool logged {run.KvCacheGib} predicted {e.KvCacheGiB:0.00}");
        Assert.InRange(e.WeightsGiB / run.WeightsGib!.Value, 0.998, 1.002);
        Assert.InRange(e.ActivationGiB - run.ActivationGib!.Value, 0, 0.4);
        Assert.InRange(e.KvCacheGiB - run.KvCacheGib!.Value, -0.2, 0.2);
    }

    [Fact]
    public void Nemotron_nano_9b_v2_on_an_rtx_4090_is_judged_by_its_blocks()
    {
        // Code-search file 49891779348: nvidia/NVIDIA-Nemotron-Nano-9B-v2 on an RTX 4090, vLLM 0.11.0, gmu 0.85, the rest
        // vLLM's defaults; it logged num_gpu_blocks 286 (kv_cache_config.num_blocks) and no pool in GiB. Its page (block
        // 672 x 8 KV heads x 128 x 2 x 2 bytes = the padded Mamba-2 state) times the group of 4 layers gives the pool vLLM
        // sized: 286 blocks = 2.93 GiB. Not used to fit anything.
        var run = Run("f49891779348-nemotron-nano-9b-v2-4090-v011");
        var prediction = CorpusEvaluator.Predict(run);
        Assert.True(prediction.Evaluated, prediction.SkipReason);
        Assert.True(ModelCatalog.TryGet(run.Model!, out var spec));
        var kv = KvCacheSize.For(spec, 1, spec.NumHiddenLayers!.Value, "auto", null, false, new HybridCacheOptions(null, AlignMode: false))!;
        Assert.Equal((672, 4, 2_752_512.0), (kv.Groups!.AlignedBlockSize, kv.Groups.GroupSize, kv.Groups.PageBytes(16)));
        var loggedPool = run.GpuBlocks!.Value * kv.Groups.PageBytes(16) * kv.Groups.GroupSize / Numbers.BytesPerGiB;

        var e = prediction.Estimate!;
        var capacity = VllmBlocks.Of(e.PerGpu.KvCacheGiB * Numbers.BytesPerGiB, kv, 16, e.Settings.MaxModelLen, e.Settings.MaxNumBatchedTokens);
        output.WriteLine($"{run.Id}: blocks logged {run.GpuBlocks}, predicted {capacity.Blocks}; pool {loggedPool:0.00} GiB from the blocks, predicted {e.PerGpu.KvCacheGiB:0.00} (weights {e.PerGpu.WeightsGiB:0.00}, activation {e.PerGpu.ActivationGiB:0.00}, non-torch {e.PerGpu.NonTorchGiB:0.00})");

        // The weights are the checkpoint's 8.89 B parameters in 16 bits; the budget less weights and pool leaves 0.60 GiB for
        // activation and non-torch memory, where 256 rows of the 0.11 sampler (9.7 fp32 copies of 131072) plus non-torch
        // give 1.41: the pool comes out 0.83 GiB small (204 blocks), on the safe side. docs/accuracy.md, hybrid trust.
        Assert.InRange(e.PerGpu.WeightsGiB, 16.5, 16.7);
        Assert.InRange(loggedPool - e.PerGpu.KvCacheGiB, 0.7, 0.9);
        Assert.Equal(204, capacity.Blocks);
    }

    [Fact]
    public void Held_out_qwen38_27b_fp8_on_two_rtx_5090s_is_judged_by_its_pool_and_start()
    {
        // club-3090 issue 1087 (held out, the first held-out hybrid run evaluated): Qwen3.8-27B-FP8 at TP 2 on two RTX 5090s,
        // a 0.21+ release, gmu 0.92, the rest vLLM's defaults. Logged: 15.03 GiB weights + non-torch, 1.59 activation, 0.09
        // CUDA graphs, 12.26 pool, started. Its text config (index files 55568797625, 61410807965) is Qwen3.6-27B's, which
        // the record names as architecture_of; the FP8 checkpoint is sized as --quantization fp8. Not used to fit anything.
        var run = Run("club3090-1087-qwen38-27b-fp8-2x5090");
        Assert.True(run.HeldOut);
        Assert.True(ModelCatalog.TryGet(run.ArchitectureOf!, out var catalog));
        var copied = Spec(Qwen38DenseConfig, "Qwen/Qwen3.8-27B");
        Assert.Equal(
            (copied.NumHiddenLayers, copied.HiddenSize, copied.IntermediateSize, copied.NumAttentionHeads, copied.NumKeyValueHeads, copied.HeadDim, copied.VocabSize, copied.LinearAttentionLayers, copied.LinearNumValueHeads),
            (catalog.NumHiddenLayers, catalog.HiddenSize, catalog.IntermediateSize, catalog.NumAttentionHeads, catalog.NumKeyValueHeads, catalog.HeadDim, catalog.VocabSize, catalog.LinearAttentionLayers, catalog.LinearNumValueHeads));

        var p = CorpusEvaluator.Predict(run);
        Assert.True(p.Evaluated, p.SkipReason);
        var e = p.Estimate!.PerGpu;
        Report(run, e);

        // The pool 0.25 GiB large (2%); weights + non-torch 0.36 small (the FP8 checkpoint keeps more in 16 bits than online
        // FP8); the activation 0.62 small and the in-budget graph estimate 0.65 large, which nearly cancel in the pool.
        Assert.Equal(12.5088, e.KvCacheGiB, 4);
        Assert.Equal(14.6744, e.WeightsGiB + e.NonTorchGiB, 4);
        Assert.Equal(0.9698, e.ActivationGiB, 4);
        Assert.Equal(0.7350, e.CudaGraphGiB, 4);
        Assert.InRange(e.KvCacheGiB - run.KvCacheGib!.Value, 0.2, 0.3);
        Assert.True(p.PredictsStart);
        Assert.Equal(run.Started, p.PredictsStart);
    }

    [Fact]
    public void Held_out_qwen35_27b_on_an_h20_gives_the_logged_tokens_and_concurrency()
    {
        // vLLM issue 40691 (held out): Qwen3.5-27B on an H20 with vLLM 0.19.0, max-model-len 32768, 16 sequences, prefix
        // caching off (one state page per request). Logged: "GPU KV cache size: 290,864 tokens", "33.04x". The 27B's page
        // (block 784: 16 x cdiv(3,207,168-byte state, 16 x 4096)) in 4 groups of 16 layers: a request takes 42 attention
        // pages + 3 state pages, so 1487 blocks give 33.04 requests, and 0.19 printed 1487 / 4 = 371 blocks x 784 tokens.
        var run = Run("i40691-qwen35-27b-h20-v0190");
        Assert.True(run.HeldOut);
        Assert.True(ModelCatalog.TryGet(run.Model!, out var spec));
        var kv = KvCacheSize.For(spec, 1, spec.NumHiddenLayers!.Value, "auto", null, false, new HybridCacheOptions(null, AlignMode: false))!;
        Assert.Equal((784, 16, 1, 3), (kv.Groups!.AlignedBlockSize, kv.Groups.GroupSize, kv.Groups.FullGroups, kv.Groups.StateGroups));

        var pool = 1487 * kv.Groups.PageBytes(16) * kv.Groups.GroupSize;
        var capacity = VllmBlocks.Of(pool, kv, 16, run.MaxModelLen!.Value, run.MaxNumBatchedTokens!.Value);
        output.WriteLine($"{run.Id}: {capacity.Blocks} blocks = {pool / Numbers.BytesPerGiB:0.00} GiB, concurrency {capacity.Concurrency:0.0000}, 0.19's token line {capacity.Blocks / 4 * 784}");
        Assert.Equal(1487, capacity.Blocks);
        Assert.Equal(run.MaxConcurrency!.Value, capacity.Concurrency, 2);
        Assert.Equal(run.KvTokens!.Value, capacity.Blocks / (kv.Groups.FullGroups + kv.Groups.StateGroups) * 784L);
        Assert.NotEqual(run.MaxConcurrency.Value, VllmBlocks.Of(pool - kv.Groups.PageBytes(16) * kv.Groups.GroupSize, kv, 16, 32768, 16384).Concurrency, 2);

        // The environment section names Qwen3.5-35B-A3B; its page would be 1056 tokens (2 KV heads, 32 value heads), which
        // cannot give 290,864 = 371 x 784. The pool itself (71.16 GiB) is not judged: the card's memory is not shown (the
        // 96 GB H20 cannot hold it beside 50 GiB of weights; the 141 GB one can).
        Assert.True(ModelCatalog.TryGet("Qwen/Qwen3.5-35B-A3B", out var moe));
        Assert.Equal(1056, KvCacheSize.For(moe, 1, moe.NumHiddenLayers!.Value, "auto", null, false, new HybridCacheOptions(null, AlignMode: false))!.Groups!.AlignedBlockSize);
        Assert.Equal(71.16, pool / Numbers.BytesPerGiB, 2);
    }

    [Fact]
    public void A_decoder_based_embedder_keeps_a_kv_cache_and_no_sampler()
    {
        // gpustack issue 2793 (vLLM 0.10): Qwen3-Embedding, 112 KiB per token (the 0.6B: 28 layers x 8 KV heads x 128);
        // 23.81 GiB of pool held 222,864 tokens, 27.21 requests of 8192.
        var run = Run("gpustack2793-qwen3-embedding");
        var spec = WeightBytesTests.Catalog("Qwen/Qwen3-0.6B");
        var kv = KvCacheSize.For(spec, 1, 28, "auto", null, false)!;
        Assert.Equal(112 * 1024, kv.BytesPerToken);
        var capacity = VllmBlocks.Of(23.805 * Numbers.BytesPerGiB, kv, 16, 8192, 8192);
        Assert.Equal(run.KvTokens!.Value, capacity.Tokens);
        Assert.Equal(run.MaxConcurrency!.Value, capacity.Concurrency, 2);

        // --runner pooling (or the older --task embed) warms up the pooler, not the sampler: on an H100 at vLLM 0.11 the
        // generate runner's activation is the 1024-row sampler, the pooling runner's the forward pass.
        var generate = Estimate(spec, "--max-model-len", "8192");
        var pooling = Estimate(spec, "--max-model-len", "8192", "--runner", "pooling");
        var task = Estimate(spec, "--max-model-len", "8192", "--task", "embed");
        output.WriteLine($"activation: generate {F(generate.ActivationGiB)}, pooling {F(pooling.ActivationGiB)}");
        Assert.InRange(generate.ActivationGiB, 5.0, 6.5);
        Assert.InRange(pooling.ActivationGiB, 0.1, 0.5);
        Assert.Equal(pooling.ActivationGiB, task.ActivationGiB);
        Assert.True(pooling.KvCacheGiB > generate.KvCacheGiB);
    }

    [Fact]
    public void A_decoder_based_reranker_keeps_the_pool_vllm_logged_in_whole_blocks()
    {
        // gpustack issue 5114 (vLLM 0.17.1, H800): Qwen3-VL-Reranker-2B, whose language model keeps 112 KiB per token like
        // Qwen3-0.6B (28 layers x 8 KV heads x 128); "9.95 GiB" of pool held 93,136 tokens = 5821 blocks of 16, and 5821
        // blocks need 9.948 GiB, which vLLM rounds to the logged 9.95.
        var run = Run("gpustack5114-qwen3-vl-reranker-2b-h800-v0171");
        var kv = KvCacheSize.For(WeightBytesTests.Catalog("Qwen/Qwen3-0.6B"), 1, 28, "auto", null, false)!;
        Assert.Equal(112 * 1024, kv.BytesPerToken);
        var blocks = run.KvTokens!.Value / 16;
        Assert.Equal(5821, blocks);
        Assert.Equal(run.KvCacheGib!.Value, blocks * 16 * kv.BytesPerToken / Numbers.BytesPerGiB, 2);
        Assert.Equal(run.KvTokens.Value, VllmBlocks.Of(blocks * 16 * kv.BytesPerToken, kv, 16, 8192, 8192).Tokens);
    }

    [Fact]
    public void An_encoder_only_embedder_gets_no_kv_cache_and_no_length_check()
    {
        // BAAI/bge-base-en-v1.5 config.json: BertModel, 12 layers, 768 wide, 12 heads, vocabulary 30522, 512 positions.
        // vLLM gives encoder-only attention no KV cache spec, so neither "No available memory for the cache blocks" nor the
        // max-model-len check can stop it.
        var bert = Spec("""{"model_type": "bert", "hidden_size": 768, "num_hidden_layers": 12, "num_attention_heads": 12, "intermediate_size": 3072, "vocab_size": 30522, "max_position_embeddings": 512}""", "BAAI/bge-base-en-v1.5");
        var kv = KvCacheSize.For(bert, 1, 12, "auto", null, false)!;
        Assert.True(kv.KeepsNothing);
        Assert.Equal(0, kv.RequestBytes(512, 2048));

        var request = new EstimationRequest
        {
            Model = new ModelResolution { Id = bert.Id, Spec = bert, Source = ModelSource.ConfigJson, Match = ModelMatch.Exact },
            Settings = VllmArgumentReader.Read(ArgumentToken.FromWords(new[] { "serve", bert.Id, "--gpu-memory-utilization", "0.02" })).Settings,
            Capacity = new GpuCapacity { MemoryGiB = 23.64, Count = 1, ClusterCount = 1, GpusPerNode = 1, CountDeclared = true },
            Options = VramLintOptions.Default,
        };
        var result = new VllmEstimator().Estimate(request);

        // Bidirectional attention cannot be prefilled in chunks: a whole max-model-len request is one profiled batch.
        var longer = VllmDefaults.Resolve(new DeploymentSettings { MaxModelLen = 8192 }, request.Model, request.Capacity, VllmVersion.Latest);
        Assert.Equal(8192, longer.MaxNumBatchedTokens);
        Assert.DoesNotContain(result.Findings, f => f.Finding.Message.Contains("cache blocks", StringComparison.Ordinal));
        Assert.Contains("no KV cache", result.Estimate.Breakdown, StringComparison.Ordinal);

        // vLLM neither profiles it nor allocates the budget's rest: the pool is 0, what it holds is weights, non-torch and graphs.
        Assert.Equal(0, result.Estimate.PerGpu.KvCacheGiB);
    }

    [Fact]
    public void A_fix_for_an_encoder_only_model_is_judged_by_the_budget_it_leaves()
    {
        // The engine keeps no pool, so what a candidate leaves is the budget beyond weights, activation, non-torch memory and
        // graphs: a bge-base at gmu 0.9 on a 24 GiB card leaves about 20 GiB and is a safe candidate (with the pool of 0
        // taken as the spare, no fix would ever be offered for an encoder).
        var bert = Spec("""{"model_type": "bert", "hidden_size": 768, "num_hidden_layers": 12, "num_attention_heads": 12, "intermediate_size": 3072, "vocab_size": 30522, "max_position_embeddings": 512}""", "BAAI/bge-base-en-v1.5");
        var request = new EstimationRequest
        {
            Model = new ModelResolution { Id = bert.Id, Spec = bert, Source = ModelSource.ConfigJson, Match = ModelMatch.Exact },
            Settings = VllmArgumentReader.Read(ArgumentToken.FromWords(new[] { "serve", bert.Id, "--gpu-memory-utilization", "0.9" })).Settings,
            Capacity = new GpuCapacity { MemoryGiB = 23.64, Count = 1, ClusterCount = 1, GpusPerNode = 1, CountDeclared = true },
            Options = VramLintOptions.Default,
        };

        var safe = FixSearch.TrySafeCandidate(new VllmEstimator(), request, DiagnosticIds.DoesNotFit);
        Assert.NotNull(safe);
        Assert.Equal(0, safe.PerGpu.KvCacheGiB);
        Assert.InRange(safe.PerGpu.BudgetGiB - safe.PerGpu.SteadyGiB, 19, 21);
    }

    [Fact]
    public void Granite_embedding_r2_on_an_rtx_3060_is_judged_held_out_by_its_weights_graphs_and_start()
    {
        // am-dev-75/retriva-docs (held out): ibm-granite/granite-embedding-english-r2, a ModernBERT encoder, on vLLM 0.19.0 with
        // vLLM's defaults (runner pooling, max-model-len 8192, gmu 0.9 of 11.63 GiB): "Model loading took 0.28 GiB", "Graph
        // capturing finished in 8 secs, took 0.25 GiB", no KV cache line, started. Not used to fit anything.
        var run = Run("retriva-granite-embedding-r2-3060-v0190");
        Assert.True(run.HeldOut);
        var p = CorpusEvaluator.Predict(run);
        Assert.True(p.Evaluated, p.SkipReason);
        var e = p.Estimate!.PerGpu;
        Report(run, e);
        output.WriteLine($"graphs logged {F(run.CudaGraphGib)}, predicted {F(e.CudaGraphGiB)} (+ non-torch {F(e.NonTorchGiB)} = {F(e.CudaGraphGiB + e.NonTorchGiB)})");

        // 149,014,272 parameters in bf16 (the config says float32; vLLM serves it in bfloat16) plus the rotary cache: 0.2785 GiB.
        Assert.Equal(0.2785, e.WeightsGiB, 4);
        Assert.InRange(Math.Abs(e.WeightsGiB - run.WeightsGib!.Value), 0, 0.005);

        // No KV cache spec: vLLM allocates no pool and runs no profile, so the 10.47 GiB budget only has to be free at start.
        Assert.Equal(0, e.KvCacheGiB);
        Assert.Equal(0, p.Estimate.KvCache.BytesPerToken);
        Assert.True(p.PredictsStart);
        Assert.Equal(run.Started, p.PredictsStart);

        // The graph term (22 layers x 512 x 768, 0.11-0.20's copies) is 0.07 GiB against 0.25 logged. Without a profile run the
        // capture is the first pass on the device, so its "took" also holds the non-torch growth a decoder's profile shows
        // (kernels and workspaces loaded then): graphs + non-torch come to 0.21, 0.04 GiB below the log.
        Assert.Equal(0.0744, e.CudaGraphGiB, 4);
        Assert.Equal(0.2109, e.CudaGraphGiB + e.NonTorchGiB, 4);
        Assert.InRange(run.CudaGraphGib!.Value - (e.CudaGraphGiB + e.NonTorchGiB), 0.03, 0.05);
    }

    [Fact]
    public void Held_out_qwen3_reranker_on_an_h100_loads_the_logged_weights_and_starts()
    {
        // Code-search file 65900087870 (held out): Qwen/Qwen3-Reranker-0.6B as Qwen3ForSequenceClassification, --runner
        // pooling, vLLM 0.27.1 on one H100 at the default gmu 0.9: "Model loading took 1.12 GiB", started. A decoder-based
        // reranker keeps a KV cache; the pooling runner warms up no sampler, so the activation is the forward pass (0.23
        // GiB at 8192 tokens) where the generate runner's 1024-row sampler would take 2.37 GiB of the pool.
        var run = Run("f65900087870-qwen3-reranker-0.6b-h100-v0271");
        Assert.True(run.HeldOut);
        var p = CorpusEvaluator.Predict(run);
        Assert.True(p.Evaluated, p.SkipReason);
        var e = p.Estimate!.PerGpu;
        Report(run, e);

        Assert.Equal(1.1200, e.WeightsGiB, 4);
        Assert.Equal(run.WeightsGib!.Value, e.WeightsGiB, 2);
        Assert.Equal(0.2297, e.ActivationGiB, 4);
        Assert.Equal(68.9028, e.KvCacheGiB, 4);
        Assert.Contains("pooling runner: no sampler warm-up", p.Estimate.Breakdown, StringComparison.Ordinal);
        Assert.True(p.PredictsStart);
        Assert.Equal(run.Started, p.PredictsStart);
    }

    [Theory]
    [InlineData("retriva-granite-embedding-r2-3060-v0190", 0.2785, 0.28)]
    [InlineData("f51850304267-nomic-embed-v15-gb10-v013", 0.2568, 0.2551)]
    public void Encoder_only_embedders_batch_what_vllm_logged_and_load_their_weights(string id, double weights, double logged)
    {
        // With chunked prefill off vLLM batches max(max-model-len, its default for the GPU): the compile range both logs
        // print is 8192, on an RTX 3060 from the 8192-token context, on a GB10 (nomic cut to 2048) from the 8192 default of
        // large cards; VramLint's defaults give both. Nomic's 0.0017 GiB above the log is the pooler dense VramLint counts for
        // BERT-style encoders (590,592 parameters), which its MEAN-pooling checkpoint may not load.
        var run = Run(id);
        var p = CorpusEvaluator.Predict(run with { MaxNumBatchedTokens = null });
        Assert.True(p.Evaluated, p.SkipReason);
        Assert.Equal(run.MaxNumBatchedTokens, p.Estimate!.Settings.MaxNumBatchedTokens);
        Assert.Equal(weights, p.Estimate.PerGpu.WeightsGiB, 4);
        Assert.Equal(logged, run.WeightsGib!.Value);
        Assert.InRange(Math.Abs(weights - logged) / logged, 0, 0.01);
        Assert.Equal(0, p.Estimate.PerGpu.KvCacheGiB);
    }

    [Fact]
    public void Qwen3_0_6b_on_the_same_rtx_3060_keeps_the_logged_pool()
    {
        // The same source (held out): Qwen3-0.6B at gmu 0.6, max-model-len 4096, 8 sequences, 1024 batched tokens, eager.
        // Logged: weights 1.12, pool 5.68 GiB = 53,184 tokens (3324 blocks of 16 x 112 KiB), 12.98 requests of 4096.
        var run = Run("retriva-qwen3-0.6b-3060-gmu060-len4096-seqs8-v0190");
        Assert.True(run.HeldOut);
        var p = CorpusEvaluator.Predict(run);
        var e = p.Estimate!.PerGpu;
        Report(run, e);

        Assert.Equal(1.1200, e.WeightsGiB, 4);
        Assert.Equal(5.6928, e.KvCacheGiB, 4);
        Assert.Equal((3324L, 0L), (run.KvTokens!.Value / 16, run.KvTokens.Value % 16));
        Assert.Equal(3331, (int)(e.KvCacheGiB * Numbers.BytesPerGiB / (16 * 114_688.0)));
        Assert.Equal(run.MaxConcurrency!.Value, run.KvTokens.Value / 4096.0, 2);
        Assert.True(p.PredictsStart);

        // The two runs of the same source with other processes' memory in play are kept out of the bands (unmodelled).
        Assert.True(Run("retriva-qwen3-0.6b-3060-defaults-v0190").HasUnmodelledFeature);
        Assert.True(Run("retriva-qwen3-0.6b-3060-gmu075-len8192-eager-v0190").HasUnmodelledFeature);
    }

    private static PerGpuMemory Estimate(ModelSpec spec, params string[] args)
    {
        var parsed = VllmArgumentReader.Read(ArgumentToken.FromWords(new[] { "serve", spec.Id }.Concat(args)));
        return new VllmEstimator().Estimate(new EstimationRequest
        {
            Model = new ModelResolution { Id = spec.Id, Spec = spec, Source = ModelSource.Catalog, Match = ModelMatch.Exact },
            Settings = parsed.Settings,
            Capacity = new GpuCapacity { Gpu = GpuCatalog.TryFind("H100", out var h100) ? h100 : null, MemoryGiB = 79.18, Count = 1, ClusterCount = 1, GpusPerNode = 1, CountDeclared = true },
            Options = VramLintOptions.Default with { VllmVersion = new VllmVersion(0, 11) },
        }).Estimate.PerGpu;
    }

    private void Report(CorpusRun run, PerGpuMemory e) =>
        output.WriteLine($"{run.Id} [{(run.HeldOut ? "held out" : "calibration")}]: weights {F(run.WeightsGib)} / {F(e.WeightsGiB)}, activation {F(run.ActivationGib)} / {F(e.ActivationGiB)}, "
            + $"non-torch {F(run.NonTorchGib)} / {F(e.NonTorchGiB)}, KV pool {F(run.KvCacheGib)} / {F(e.KvCacheGiB)} (logged / predicted), outcome {run.Outcome}");

    private static string F(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "-";
}
