using VramLint.Core.Configuration;
using VramLint.Core.Estimation;
using VramLint.Core.Json;
using VramLint.Core.Models;
using VramLint.Core.Settings;

namespace VramLint.Core.Tests.Estimation;

/// <summary>
/// Qwen3-VL's dummy video, from vLLM's qwen3_vl.py (0.11-0.12: frames searched up to 24576 and the item counted at 12.5
/// tokens an embedding; from 0.13: its embeddings only) and the video processor's 25165824-pixel budget.
/// </summary>
public class Qwen3VlDummyVideoTests
{
    private static readonly VllmVersion V011 = new(0, 11);

    private static readonly VllmVersion V013 = new(0, 13);

    private static ModelSpec Qwen3Vl30b
    {
        get
        {
            Assert.True(ModelCatalog.TryGet("Qwen/Qwen3-VL-30B-A3B-Instruct", out var spec));
            return spec;
        }
    }

    private static MultimodalProfile Profile(ModelSpec spec, VllmVersion version, int tp, int maxModelLen, string? limits = null)
    {
        var settings = new DeploymentSettings
        {
            MaxModelLen = maxModelLen,
            LimitMmPerPrompt = limits is null ? null : MultimodalLimits.From(JsonNode.Parse(limits)),
        };
        var effective = VllmDefaults.Resolve(settings, new ModelResolution { Spec = spec }, new GpuCapacity { MemoryGiB = 23.68, Count = tp }, version);
        return MultimodalProfile.For(spec, settings, effective, version, tp);
    }

    [Fact]
    public void The_processors_resize_as_transformers_smart_resize_does()
    {
        // The largest image: 4096 x 4096 at the image processor's 16777216 pixels (Qwen2-VL's 12845056 at factor 28: 3584).
        Assert.Equal((4096L, 4096L), Qwen3VlDummyVideo.ImageResize(9999999, 9999999, 32, 65536, 16777216));
        Assert.Equal((3584L, 3584L), Qwen3VlDummyVideo.ImageResize(9999999, 9999999, 28, 3136, 12845056));

        // Frames of that image share the video processor's 25165824 pixels: 2 frames keep 3520 x 3520, 3 (padded to 4) 2880,
        // 24576 frames reach the 32-pixel floor.
        Assert.Equal((3520L, 3520L), Qwen3VlDummyVideo.VideoResize(2, 4096, 4096, 2, 32));
        Assert.Equal((2880L, 2880L), Qwen3VlDummyVideo.VideoResize(3, 4096, 4096, 2, 32));
        Assert.Equal((32L, 32L), Qwen3VlDummyVideo.VideoResize(24576, 4096, 4096, 2, 32));
    }

    [Fact]
    public void On_0_11_the_dummy_video_is_24576_frames_counted_at_153600_tokens()
    {
        // The 0.11.0 log at max-model-len 65536 (code-search file 42588844709) and vLLM issue 27992 at 32768 both print "a
        // budget of 153600 tokens, and profiled with 1 video items": 24576 frames of 32 x 32 = 12288 pairs of 2 x 2 patches,
        // 49152 patches merged into 12288 embeddings, x 12.5.
        var expected = new Qwen3VlDummyVideo(24576, 32, 32, 49152, 12288, 153600);
        Assert.Equal(expected, Qwen3VlDummyVideo.For(V011, 16777216, 65536, 16, 2, 2));
        Assert.Equal(expected, Qwen3VlDummyVideo.For(V011, 16777216, 32768, 16, 2, 2));

        // A sequence too short for 3 frames (16200 embeddings) keeps the 2 it starts from, at 3520 x 3520.
        Assert.Equal(new Qwen3VlDummyVideo(2, 3520, 3520, 48400, 12100, 151250), Qwen3VlDummyVideo.For(V011, 16777216, 8192, 16, 2, 2));
    }

    [Fact]
    public void From_0_13_the_video_item_is_its_12288_embeddings()
    {
        // Half the budget (a frame pair) is 12288 merged patches, factored 96 x 128: 2 frames of 3072 x 4096.
        var video = Qwen3VlDummyVideo.For(V013, 16777216, 65536, 16, 2, 2);
        Assert.Equal(new Qwen3VlDummyVideo(2, 3072, 4096, 49152, 12288, 12288), video);
        Assert.Equal(video, Qwen3VlDummyVideo.For(VllmVersion.Latest, 1003520, 4096, 16, 2, 2));
    }

    [Fact]
    public void Qwen3_vl_on_0_11_profiles_its_video_alone_at_the_logs_settings()
    {
        // TP 4, max-model-len 65536, --limit-mm-per-prompt not set: the video's 153600 tokens beat the image's 16384, and a
        // budget of max(2048, 153600) holds one.
        var profile = Profile(Qwen3Vl30b, V011, 4, 65536);
        Assert.Equal(("video", 1L, (long?)49152, (int?)24576, (string?)null), (profile.Modality, profile.Items, profile.PatchesPerItem, profile.VideoFrames, profile.Caveat));
        Assert.Equal(49152 * 18.0 * 1152 * 2 * 1.05, profile.ActivationBytes, 0);
        Assert.Equal(1.99, Numbers.ToGiB(profile.ActivationBytes), 2);

        // 0.11 pads the item's 12288 embeddings of 2048 x (1 + 3 deepstack) to the 153600-token budget and keeps them through
        // the language model's dummy run: 2.34 GiB on every rank.
        Assert.Equal(8192, Qwen3Vl30b.Vision!.EmbeddingWidth);
        Assert.Equal(153600.0 * 8192 * 2, profile.HeldBytes);

        // The breakdown says what was profiled and held.
        var result = VllmEstimatorTests.Estimate(
            "Qwen/Qwen3-VL-30B-A3B-Instruct",
            VllmEstimatorTests.On("RTX 3090", 4),
            new VramLintOptions { VllmVersion = V011, VllmVersionDeclared = true },
            "--tensor-parallel-size", "4", "--max-model-len", "65536");
        Assert.Contains("its profile of 1 video(s) of 24576 frame(s), 49152 patches peaks at 1.99 GiB, and the language model's dummy run holds its outputs (2.34 GiB)", result.Estimate.Breakdown);
        Assert.DoesNotContain("not modelled", result.Estimate.Breakdown);
    }

    [Fact]
    public void From_0_13_qwen3_vl_profiles_the_image_unless_images_are_off()
    {
        var image = Profile(Qwen3Vl30b, V013, 1, 32768);
        Assert.Equal(("image", 1L, (long?)65536), (image.Modality, image.Items, image.PatchesPerItem));

        // Its 16384 embeddings are held unpadded from 0.13 (vLLM PR 30475).
        Assert.Equal(16384.0 * 8192 * 2, image.HeldBytes);

        var video = Profile(Qwen3Vl30b, V013, 1, 32768, "{\"image\": 0}");
        Assert.Equal(("video", 1L, (long?)49152, (int?)2), (video.Modality, video.Items, video.PatchesPerItem, video.VideoFrames));

        // Video 0 on 0.11 leaves the image (65536 patches).
        var noVideo = Profile(Qwen3Vl30b, V011, 4, 65536, "{\"video\": 0}");
        Assert.Equal(("image", (long?)65536, (string?)null), (noVideo.Modality, noVideo.PatchesPerItem, noVideo.Caveat));
    }

    [Fact]
    public void Qwen3_5_takes_the_same_video_path_and_keeps_its_image_unknown()
    {
        Assert.True(ModelCatalog.TryGet("Qwen/Qwen3.5-27B", out var qwen35));
        Assert.True(qwen35.Vision!.VideoSpreadsPixelBudget);

        var video = Profile(qwen35, VllmVersion.Latest, 1, 32768, "{\"image\": 0}");
        Assert.Equal(("video", (long?)49152, (string?)null), (video.Modality, video.PatchesPerItem, video.Caveat));

        var withImages = Profile(qwen35, VllmVersion.Latest, 1, 32768);
        Assert.Equal((0.0, "the encoder's profiling peak is unknown (the largest image is a processor setting: set --mm-processor-kwargs max_pixels)"), (withImages.ActivationBytes, withImages.Caveat));
    }

    [Fact]
    public void Towers_whose_video_is_not_reproduced_keep_the_caveat()
    {
        Assert.True(ModelCatalog.TryGet("google/gemma-4-31B-it", out var gemma4));
        Assert.False(gemma4.Vision!.VideoSpreadsPixelBudget);
        var profile = Profile(gemma4, VllmVersion.Latest, 1, 32768, "{\"image\": 0}");
        Assert.Equal("video profile not modelled for this tower (set --limit-mm-per-prompt video 0, or expect more)", profile.Caveat);
    }
}
