using VramLint.Core.Estimation;
using VramLint.Core.Json;
using VramLint.Core.Models;
using VramLint.Core.Settings;
using VramLint.Core.Tests.Calibration;

namespace VramLint.Core.Tests.Estimation;

/// <summary>How many dummy images vLLM profiles (MultiModalBudget) and where the encoder's weights live.</summary>
public class MultimodalProfileTests
{
    private static readonly ModelSpec QwenVl = ModelKindCalibrationTests.Spec(ModelKindCalibrationTests.Qwen25Vl7bConfig, "Qwen/Qwen2.5-VL-7B-Instruct");

    private static readonly VllmVersion V1 = new(0, 11);

    private static MultimodalProfile Profile(DeploymentSettings settings, int tp = 1, VllmVersion? version = null)
    {
        var effective = VllmDefaults.Resolve(settings, new ModelResolution { Spec = QwenVl }, new GpuCapacity { MemoryGiB = 79.18, Count = tp }, version ?? V1);
        return MultimodalProfile.For(QwenVl, settings, effective, version ?? V1, tp);
    }

    private static DeploymentSettings With(string limits, string? kwargs = null, int? batch = null, int? len = null) => new()
    {
        LimitMmPerPrompt = MultimodalLimits.From(JsonNode.Parse(limits)),
        MmProcessorKwargs = kwargs is null ? null : JsonNode.Parse(kwargs),
        MaxNumBatchedTokens = batch,
        MaxModelLen = len,
    };

    [Fact]
    public void V1_profiles_as_many_images_as_the_encoder_budget_holds()
    {
        // 1003520 pixels = 5120 patches = 1280 tokens per image; a 8192-token budget holds 6 of them, if prompts may carry them.
        var kwargs = "{\"max_pixels\": 1003520}";
        Assert.Equal(6, Profile(With("{\"image\": 10, \"video\": 0}", kwargs, batch: 8192, len: 32768)).Items);

        // The per-prompt limit times max-num-seqs caps it only when smaller; one image per prompt still fills the batch.
        Assert.Equal(6, Profile(With("{\"image\": 1, \"video\": 0}", kwargs, batch: 8192, len: 32768)).Items);

        // An image larger than the budget is profiled alone.
        Assert.Equal(1, Profile(With("{\"image\": 4, \"video\": 0}", batch: 2048, len: 32768)).Items);
    }

    [Fact]
    public void The_encoder_weights_are_sharded_unless_the_encoder_runs_data_parallel()
    {
        var sharded = Profile(With("{\"image\": 1, \"video\": 0}"), tp: 4);
        var replicated = Profile(With("{\"image\": 1, \"video\": 0}") with { MmEncoderTpMode = "data" }, tp: 4);

        Assert.Equal(QwenVl.Vision!.Parameters * 2.0 / 4, sharded.WeightBytes);
        Assert.Equal(QwenVl.Vision.Parameters * 2.0, replicated.WeightBytes);
    }

    [Fact]
    public void Without_a_profile_only_the_weights_remain_and_the_breakdown_says_why()
    {
        var skipped = Profile(With("{\"image\": 2, \"video\": 0}") with { SkipMmProfiling = true });
        Assert.Equal((0.0, "encoder profile skipped (--skip-mm-profiling)"), (skipped.ActivationBytes, skipped.Caveat!));
        Assert.True(skipped.WeightBytes > 0);

        // Every modality 0: before 0.11 the tower is still loaded, only not profiled; from 0.11 vLLM does not build it.
        var noProfile = Profile(With("{\"image\": 0, \"video\": 0}"), version: new VllmVersion(0, 10));
        Assert.Equal((0.0, "no image profile (--limit-mm-per-prompt image 0)"), (noProfile.ActivationBytes, noProfile.Caveat!));
        Assert.Equal(QwenVl.Vision!.Parameters * 2.0, noProfile.WeightBytes);
        var textOnly = Profile(With("{\"image\": 0, \"video\": 0}"));
        Assert.Equal((0.0, 0.0, "text-only mode: the encoder is not loaded (--limit-mm-per-prompt sets every modality to 0)"), (textOnly.WeightBytes, textOnly.ActivationBytes, textOnly.Caveat!));

        // Image 0 with videos still allowed keeps the tower and profiles the video.
        Assert.Equal("video", Profile(With("{\"image\": 0, \"video\": 1}", len: 32768)).Modality);

        // A text-only model has no tower at all.
        Assert.Same(MultimodalProfile.None, MultimodalProfile.For(WeightBytesTests.Catalog("Qwen/Qwen2.5-7B-Instruct"), new DeploymentSettings(), VllmDefaults.Resolve(new DeploymentSettings(), new ModelResolution(), new GpuCapacity { MemoryGiB = 80, Count = 1 }, V1), V1, 1));
    }

    [Fact]
    public void V1_profiles_a_video_when_its_frames_outweigh_an_image()
    {
        // One video a prompt at max-model-len 32768: frames of 16384 tokens a pair fit 4 frames (2 pairs, 32768 tokens), so the
        // video (131072 patches) is the modality profiled, alone in a budget of max(8192, 32768).
        var one = Profile(With("{\"image\": 1, \"video\": 1}", batch: 8192, len: 32768));
        Assert.Equal(("video", 1L, 131072L, (int?)4), (one.Modality, one.Items, one.PatchesPerItem!.Value, one.VideoFrames));
        Assert.Equal(131072.0 * 18 * 1280 * 2 * 1.05, one.ActivationBytes, 0);

        // V1 sizes the video with one video counted, so V1's default of 999 videos a prompt does not share the frames out:
        // the same 4-frame video is profiled (a 0.23.0 log at 128000 tokens printed its 14-frame video: "a budget of 114688
        // tokens, and profiled with 1 video items").
        var unlimited = Profile(With("{}", batch: 8192, len: 32768));
        Assert.Equal(("video", 1L, 131072L, (int?)4), (unlimited.Modality, unlimited.Items, unlimited.PatchesPerItem!.Value, unlimited.VideoFrames));
        var defaultLength = Profile(With("{}", len: 128000));
        Assert.Equal(("video", 114688L * 4, (int?)14), (defaultLength.Modality, defaultLength.PatchesPerItem!.Value, defaultLength.VideoFrames));

        // A sequence that holds one frame pair only ties with the image, and the image is profiled (vLLM issue 12991 at
        // 32767 tokens: "profiled with 2 image items").
        var tie = Profile(With("{}", batch: 8192, len: 32767));
        Assert.Equal(("image", 65536L), (tie.Modality, tie.PatchesPerItem!.Value));

        // max_pixels 1003520 (5120 patches, 1280 tokens a pair): 50 frames fit, capped at 14 frames = 7 pairs = 35840
        // patches, 8960 tokens; a 32768-token budget holds 3 of them.
        var small = Profile(With("{\"image\": 4, \"video\": 2}", "{\"max_pixels\": 1003520}", batch: 32768, len: 32768));
        Assert.Equal(("video", 3L, 35840L, (int?)14), (small.Modality, small.Items, small.PatchesPerItem!.Value, small.VideoFrames));

        // Video 0 leaves the image profile as it was.
        var images = Profile(With("{\"image\": 4, \"video\": 0}", "{\"max_pixels\": 1003520}", batch: 32768, len: 32768));
        Assert.Equal(("image", 25L, 5120L, (int?)null), (images.Modality, images.Items, images.PatchesPerItem!.Value, images.VideoFrames));
    }

    [Fact]
    public void V1_holds_the_encoders_outputs_through_the_language_models_dummy_run()
    {
        // Qwen2.5-VL-7B's embeddings are 3584 wide. At 32768 batched tokens two 16384-token images fit the budget; 0.11-0.12
        // pad each to the whole 32768-token budget (vLLM PR 25810), 0.13 keeps them as they are, V0 keeps none.
        Assert.Equal(3584, QwenVl.Vision!.EmbeddingWidth);
        var settings = With("{\"image\": 2, \"video\": 0}", batch: 32768, len: 32768);
        var padded = Profile(settings);
        Assert.Equal((2L, 2 * 32768.0 * 3584 * 2), (padded.Items, padded.HeldBytes));
        Assert.Equal(2 * 16384.0 * 3584 * 2, Profile(settings, version: new VllmVersion(0, 13)).HeldBytes);
        Assert.Equal(0.0, Profile(settings, version: new VllmVersion(0, 7)).HeldBytes);
    }

    [Fact]
    public void V0_profiles_the_images_and_videos_of_one_prompt_together()
    {
        // V0 (0.7): one prompt of 1 image and 1 video (V0's default limit); a 4096-token sequence holds no frame pair, so the
        // video has 1 frame, one pair: 65536 + 65536 patches in one profile.
        var v0 = Profile(With("{\"image\": 1}", len: 4096), version: new VllmVersion(0, 7));
        Assert.Equal(("image and video", 2L, 65536L, (int?)1), (v0.Modality, v0.Items, v0.PatchesPerItem!.Value, v0.VideoFrames));
        Assert.Equal(2.0 * 65536 * 18 * 1280 * 2 * 1.05, v0.ActivationBytes, 0);
    }

    [Fact]
    public void The_dummy_video_follows_vllms_frame_arithmetic()
    {
        // Counting from 1 frame, pairs of 100 tokens, a 1000-token sequence holds 20 frames; 3 videos get 6 each.
        Assert.Equal(new DummyVideo(6, 3, 3 * 400, 300), DummyVideo.For(400, 100, 2, 1000, 3));

        // An odd count is padded to the next pair: 700 tokens hold 14 frames, 7 for each of 2 videos, which are 4 pairs.
        Assert.Equal(new DummyVideo(7, 4, 1600, 400), DummyVideo.For(400, 100, 2, 700, 2));

        // Too short a sequence still gets one frame, one pair; a long one is capped at 14 frames.
        Assert.Equal(new DummyVideo(1, 1, 400, 100), DummyVideo.For(400, 100, 2, 50, 1));
        Assert.Equal(14, DummyVideo.For(400, 100, 2, 1_000_000, 1).Frames);

        // Qwen2.5-VL at 128000 tokens (vLLM PR 12604's V0 log warns of {'image': 16384, 'video': 114688}): 14 frames, 7
        // pairs of 65536 patches / 16384 tokens.
        Assert.Equal(new DummyVideo(14, 7, 7 * 65536, 114688), DummyVideo.For(65536, 16384, 2, 128000, 1));
    }

    [Fact]
    public void Qwen_vl_towers_take_transformers_defaults_where_the_config_is_silent()
    {
        // The official Qwen2.5-VL-7B config states only hidden_size 1280 and in_chans (the catalog record keeps that):
        // Qwen2_5_VLVisionConfig fills depth 32, FFN 3420, 2x2 merge, patch 14 and out_hidden_size 3584.
        Assert.True(ModelCatalog.TryGet("Qwen/Qwen2.5-VL-7B-Instruct", out var qwen25));
        var tower = qwen25.Vision!;
        Assert.Equal((1280, 4, 14, 2, true), (tower.HiddenSize, tower.PatchesPerToken, tower.PatchSize, tower.TemporalPatchSize, tower.TakesVideo));
        Assert.Equal((32L * ((4L * 1280 * 1280) + (3L * 1280 * 3420))) + (5120L * 5120) + (5120L * 3584), tower.Parameters);

        // Qwen2-VL: the tower is embed_dim (1280) wide with a 4x quick-GELU MLP; its vision hidden_size is the language
        // model's width. 32 x (4 x 1280^2 + 2 x 1280 x 5120) + the merger = 673.7 M (the Qwen2-VL paper's "675M" ViT).
        Assert.True(ModelCatalog.TryGet("Qwen/Qwen2-VL-7B-Instruct", out var qwen2));
        Assert.Equal((1280, 673_710_080L), (qwen2.Vision!.HiddenSize, qwen2.Vision.Parameters));
        var fromConfig = ModelKindCalibrationTests.Spec("""
            {"model_type": "qwen2_vl", "hidden_size": 3584, "num_hidden_layers": 28, "num_attention_heads": 28, "num_key_value_heads": 4,
             "intermediate_size": 18944, "vocab_size": 152064,
             "vision_config": {"depth": 32, "embed_dim": 1280, "hidden_size": 3584, "mlp_ratio": 4, "num_heads": 16, "patch_size": 14, "spatial_merge_size": 2, "temporal_patch_size": 2}}
            """, "Qwen/Qwen2-VL-7B-Instruct");
        Assert.Equal((1280, 673_710_080L), (fromConfig.Vision!.HiddenSize, fromConfig.Vision.Parameters));
    }
}
