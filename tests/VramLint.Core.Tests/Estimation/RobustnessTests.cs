using VramLint.Core.Estimation;
using VramLint.Core.Models;
using VramLint.Core.Settings;

namespace VramLint.Core.Tests.Estimation;

/// <summary>The estimator never throws: odd values degrade to an estimate that says what it could not use.</summary>
public class RobustnessTests
{
    public static TheoryData<string, DeploymentSettings> OddSettings => new()
    {
        { "huge everything", new DeploymentSettings { TensorParallelSize = int.MaxValue, PipelineParallelSize = int.MaxValue, DataParallelSize = int.MaxValue, MaxModelLen = int.MaxValue, MaxNumSeqs = int.MaxValue, MaxNumBatchedTokens = int.MaxValue, NumSpeculativeTokens = int.MaxValue } },
        { "zeros", new DeploymentSettings { TensorParallelSize = 0, PipelineParallelSize = 0, MaxModelLen = 0, MaxNumSeqs = 0, MaxNumBatchedTokens = 0, GpuMemoryUtilization = 0, BlockSize = 0 } },
        { "negatives", new DeploymentSettings { TensorParallelSize = -4, MaxModelLen = -1, MaxNumSeqs = -1, GpuMemoryUtilization = -0.5, CpuOffloadGb = -3, KvCacheMemoryBytes = -1, MaxLoras = -2, MaxLoraRank = -8, EnableLora = true } },
        { "not a number", new DeploymentSettings { GpuMemoryUtilization = double.NaN, CpuOffloadGb = double.PositiveInfinity } },
        { "huge pool", new DeploymentSettings { KvCacheMemoryBytes = long.MaxValue, MaxModelLenAuto = true } },
        { "odd strings", new DeploymentSettings { KvCacheDtype = "", Dtype = "float64", SpeculativeModel = " ", SpeculativeMethod = "eagle", CudagraphCaptureSizes = Array.Empty<int>(), PerformanceMode = "", CudagraphMode = "" } },
        { "unknown draft", new DeploymentSettings { SpeculativeModel = "acme/no-size-draft", NumSpeculativeTokens = -1 } },
    };

    public static TheoryData<string, ModelSpec?> OddModels => new()
    {
        { "nothing known", null },
        { "all zero", new ModelSpec { Id = "z", NumHiddenLayers = 0, HiddenSize = 0, NumAttentionHeads = 0, VocabSize = 0, NumKeyValueHeads = 0, HeadDim = 0 } },
        { "negative", new ModelSpec { Id = "n", NumHiddenLayers = -3, HiddenSize = -1, NumAttentionHeads = -2, VocabSize = -5, IntermediateSize = -1, MaxPositionEmbeddings = -1, SlidingWindow = -1, SlidingWindowLayers = 99 } },
        { "mla without rope", new ModelSpec { Id = "m", NumHiddenLayers = 4, HiddenSize = 64, NumAttentionHeads = 2, VocabSize = 100, KvLoraRank = 16 } },
        { "moe without widths", new ModelSpec { Id = "e", NumHiddenLayers = 2, HiddenSize = 64, NumAttentionHeads = 2, VocabSize = 100, NumExperts = 8 } },
        { "huge", new ModelSpec { Id = "h", NumHiddenLayers = int.MaxValue, HiddenSize = int.MaxValue, NumAttentionHeads = 1, VocabSize = int.MaxValue, IntermediateSize = int.MaxValue, MaxPositionEmbeddings = int.MaxValue, SlidingWindow = int.MaxValue, SlidingWindowLayers = int.MaxValue } },
    };

    [Theory]
    [MemberData(nameof(OddSettings))]
    public void Odd_settings_on_a_real_model_give_an_estimate(string why, DeploymentSettings settings)
    {
        var result = Estimate(ModelResolver.Resolve("meta-llama/Llama-3.1-8B-Instruct"), settings with { Model = "meta-llama/Llama-3.1-8B-Instruct" });

        Assert.False(string.IsNullOrEmpty(result.Estimate.Breakdown), why);
        Assert.True(result.Estimate.KvCache.CapacityTokens >= 0, why);
        Assert.False(double.IsNaN(result.Estimate.PerGpu.SteadyGiB), why);
    }

    [Theory]
    [MemberData(nameof(OddModels))]
    public void Odd_architectures_give_an_estimate(string why, ModelSpec? spec)
    {
        var model = new ModelResolution { Id = why, Source = spec is null ? ModelSource.Name : ModelSource.ConfigJson, Spec = spec, NameParameters = 1e9 };
        var result = Estimate(model, new DeploymentSettings { Model = why, TensorParallelSize = 3, PipelineParallelSize = 2, MaxModelLen = 4096 });

        Assert.False(string.IsNullOrEmpty(result.Estimate.Breakdown), why);
        Assert.True(result.Estimate.KvCache.CapacityTokens >= 0, why);
    }

    private static EstimationResult Estimate(ModelResolution model, DeploymentSettings settings) =>
        new VllmEstimator().Estimate(new EstimationRequest { Model = model, Settings = settings, Capacity = VllmEstimatorTests.On("T4") });
}
