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

        var video = Profile(With("{\"image\": 1}"));
        Assert.Equal("video profile not modelled (set --limit-mm-per-prompt video 0, or expect more)", video.Caveat);

        // A text-only model has no tower at all.
        Assert.Same(MultimodalProfile.None, MultimodalProfile.For(WeightBytesTests.Catalog("Qwen/Qwen2.5-7B-Instruct"), new DeploymentSettings(), VllmDefaults.Resolve(new DeploymentSettings(), new ModelResolution(), new GpuCapacity { MemoryGiB = 80, Count = 1 }, V1), V1, 1));
    }
}
