using VramLint.Core.Arguments;
using VramLint.Core.Configuration;
using VramLint.Core.Diagnostics;
using VramLint.Core.Estimation;
using VramLint.Core.Gpus;
using VramLint.Core.Models;
using VramLint.Core.Settings;

namespace VramLint.Core.Tests.Estimation;

/// <summary>The vllm estimator's must-hold cases (issue: the vllm estimator).</summary>
public class VllmEstimatorTests
{
    internal static GpuCapacity On(string gpuName, int count = 1)
    {
        Assert.True(GpuCatalog.TryFind(gpuName, out var gpu));
        return new GpuCapacity { Gpu = gpu, Name = gpu!.Name, MemoryGiB = gpu.CudaTotalGiB, Count = count, ClusterCount = count, GpusPerNode = count, CountDeclared = true };
    }

    internal static EstimationResult Estimate(string model, GpuCapacity capacity, VramLintOptions? options = null, params string[] args)
    {
        var parsed = VllmArgumentReader.Read(ArgumentToken.FromWords(new[] { "serve", model }.Concat(args)));
        return new VllmEstimator().Estimate(new EstimationRequest
        {
            Model = ModelResolver.Resolve(model, parsed.Settings.Quantization),
            Settings = parsed.Settings,
            Capacity = capacity,
            Options = options ?? VramLintOptions.Default,
        });
    }

    [Fact]
    public void Llama_8b_on_an_h100_weights_and_kv_per_token()
    {
        var tp1 = Estimate("meta-llama/Llama-3.1-8B-Instruct", On("H100"));
        Assert.InRange(tp1.Estimate.PerGpu.WeightsGiB, 14.96, 15.0);
        Assert.Equal(128 * 1024, tp1.Estimate.KvCache.BytesPerToken);

        var tp2 = Estimate("meta-llama/Llama-3.1-8B-Instruct", On("H100", 2), null, "--tensor-parallel-size", "2");
        // Halved, but for what every rank holds whole: norms and the 0.03 GiB rotary cache.
        Assert.InRange(tp2.Estimate.PerGpu.WeightsGiB, tp1.Estimate.PerGpu.WeightsGiB / 2, (tp1.Estimate.PerGpu.WeightsGiB / 2) + 0.04);
        Assert.Equal(64 * 1024, tp2.Estimate.KvCache.BytesPerToken);
    }

    [Fact]
    public void Llama_8b_on_a_4090_with_the_full_context_does_not_fit_and_names_the_length()
    {
        var result = Estimate("meta-llama/Llama-3.1-8B-Instruct", On("RTX 4090"), null, "--max-model-len", "131072");

        var finding = Assert.Single(result.Findings);
        Assert.Equal(DiagnosticIds.DoesNotFit, finding.Finding.Id);
        Assert.Equal(SettingNames.MaxModelLen, finding.Finding.Setting);
        Assert.Contains("one request of max-model-len 131072 needs 16.00 GiB of KV cache", finding.Finding.Message);
        Assert.Contains("vLLM would stop with: To serve at least one request with the model's max seq len (131072)", finding.Finding.Message);
        var fitting = result.Estimate.KvCache.MaxFittingModelLen!.Value;
        Assert.InRange(fitting, 16384, 131071);
        Assert.Contains($"the largest max-model-len that fits is {FixSearch.RoundLength(fitting)}", finding.Finding.Message);
        Assert.Equal(new[] { SettingNames.MaxModelLen, SettingNames.TensorParallelSize }, finding.Levers);

        Assert.Empty(Estimate("meta-llama/Llama-3.1-8B-Instruct", On("RTX 4090"), null, "--max-model-len", "16384").Findings);
    }

    [Fact]
    public void Mla_kv_per_token_does_not_shrink_with_tensor_parallelism()
    {
        var tp8 = Estimate("deepseek-ai/DeepSeek-V3", On("H200", 16), null, "-tp", "8");
        var tp16 = Estimate("deepseek-ai/DeepSeek-V3", On("H200", 16), null, "-tp", "16");

        // 61 layers x (512 + 64) x 2 bytes.
        Assert.Equal(61 * 576 * 2, tp8.Estimate.KvCache.BytesPerToken);
        Assert.Equal(tp8.Estimate.KvCache.BytesPerToken, tp16.Estimate.KvCache.BytesPerToken);
    }

    [Fact]
    public void Quantized_weights_count_their_scales_and_16_bit_parts()
    {
        Assert.Equal(38.7, Numbers.ToGiB(Estimate("Qwen/Qwen2.5-72B-Instruct-AWQ", On("H100")).Estimate.WeightBytes), 1);
        Assert.InRange(Numbers.ToGiB(Estimate("openai/gpt-oss-120b", On("H100")).Estimate.WeightBytes), 60.5, 61.5);
    }

    [Fact]
    public void Kv_heads_are_replicated_once_tensor_parallelism_exceeds_them()
    {
        var tp8 = Estimate("meta-llama/Llama-3.1-70B-Instruct", On("H100", 16), null, "-tp", "8");
        var tp16 = Estimate("meta-llama/Llama-3.1-70B-Instruct", On("H100", 16), null, "-tp", "16", "--distributed-executor-backend", "ray");

        // 80 layers x 2 x 1 KV head x 128 x 2 bytes = 40 KiB at TP 8, and still one head per GPU at TP 16.
        Assert.Equal(40 * 1024, tp8.Estimate.KvCache.BytesPerToken);
        Assert.Equal(40 * 1024, tp16.Estimate.KvCache.BytesPerToken);
    }

    [Fact]
    public void Weights_that_do_not_load_quote_vllms_failure()
    {
        var finding = Assert.Single(Estimate("meta-llama/Llama-3.1-70B-Instruct", On("H100", 2)).Findings).Finding;

        Assert.Equal(DiagnosticIds.DoesNotFit, finding.Id);
        Assert.StartsWith("the weights need 131.4 GiB per GPU (131.4 GiB over tensor-parallel-size 1), more than the 78.6 GiB free on H100 80GB (79.19 GiB) after the CUDA context", finding.Message);
        Assert.EndsWith("vLLM would stop with: Failed to load model - not enough GPU memory (CUDA out of memory)", finding.Message);
    }

    [Fact]
    public void Nothing_left_for_the_kv_cache()
    {
        // Qwen3-32B in BF16 on one H100: 61 GiB of weights and a 5.6 GiB sampler peak leave nothing at gmu 0.80.
        var finding = Assert.Single(Estimate("Qwen/Qwen3-32B", On("H100"), null, "--gpu-memory-utilization", "0.8").Findings).Finding;

        Assert.Equal(DiagnosticIds.DoesNotFit, finding.Id);
        Assert.StartsWith("no memory is left for the KV cache: budget 63.4 GiB (0.80 x 79.19)", finding.Message);
        Assert.Contains("vLLM would stop with: No available memory for the cache blocks", finding.Message);
    }

    [Fact]
    public void Max_model_len_auto_reports_the_length_vllm_would_choose()
    {
        var result = Estimate("meta-llama/Llama-3.1-8B-Instruct", On("RTX 4090"), null, "--max-model-len", "auto");

        Assert.Empty(result.Findings);
        Assert.Equal(result.Estimate.KvCache.MaxFittingModelLen, result.Estimate.Settings.MaxModelLen);
        Assert.InRange(result.Estimate.Settings.MaxModelLen, 16384, 131071);
    }

    [Fact]
    public void Gpu_memory_utilization_defaults_by_version_and_fp8_kv_halves_the_cache_per_token()
    {
        Assert.Equal(0.92, Estimate("meta-llama/Llama-3.1-8B-Instruct", On("L4")).Estimate.Settings.GpuMemoryUtilization);
        Assert.Equal(0.90, Estimate("meta-llama/Llama-3.1-8B-Instruct", On("L4"), new VramLintOptions { VllmVersion = new VllmVersion(0, 20) }).Estimate.Settings.GpuMemoryUtilization);
        Assert.Equal(64 * 1024, Estimate("meta-llama/Llama-3.1-8B-Instruct", On("L4"), null, "--kv-cache-dtype", "fp8").Estimate.KvCache.BytesPerToken);
    }

    [Fact]
    public void Defaults_follow_the_gpu_class()
    {
        var h100 = Estimate("meta-llama/Llama-3.1-8B-Instruct", On("H100")).Estimate.Settings;
        var a100 = Estimate("meta-llama/Llama-3.1-8B-Instruct", On("A100-80GB")).Estimate.Settings;
        Assert.Equal((1024, 8192), (h100.MaxNumSeqs, h100.MaxNumBatchedTokens));
        Assert.Equal((256, 2048), (a100.MaxNumSeqs, a100.MaxNumBatchedTokens));
    }

    [Fact]
    public void A_batch_larger_than_the_cache_holds_is_an_info_with_a_lower_batch_lever()
    {
        var result = Estimate("meta-llama/Llama-3.1-8B-Instruct", On("L4"), null, "--max-model-len", "32768", "--max-num-seqs", "64");

        var finding = Assert.Single(result.Findings);
        Assert.Equal(DiagnosticIds.BatchExceedsKvCache, finding.Finding.Id);
        Assert.StartsWith("max-num-seqs 64 exceeds the ", finding.Finding.Message);
        Assert.Equal(new[] { SettingNames.MaxNumSeqs }, finding.Levers);
    }

    [Fact]
    public void Gpu_memory_utilization_near_one_leaves_no_room_for_the_cuda_context()
    {
        var finding = Assert.Single(Estimate("Qwen/Qwen2.5-0.5B-Instruct", On("H100"), null, "--gpu-memory-utilization", "1.0").Findings).Finding;

        Assert.Equal(DiagnosticIds.StartupPeak, finding.Id);
        Assert.Equal(SettingNames.GpuMemoryUtilization, finding.Setting);
        Assert.Empty(Estimate("Qwen/Qwen2.5-0.5B-Instruct", On("H100"), null, "--gpu-memory-utilization", "0.99").Findings);
    }

    [Fact]
    public void A_name_only_model_is_estimated_from_its_size_without_invented_architecture()
    {
        var result = Estimate("acme/custom-13B-chat", On("L4"));

        Assert.Null(result.Estimate.Model.Spec);
        Assert.Equal(13e9 * 2 / Numbers.BytesPerGiB, result.Estimate.WeightBytes / Numbers.BytesPerGiB, 6);
        Assert.Equal(0, result.Estimate.KvCache.BytesPerToken);
        Assert.EndsWith("weights estimated from the name, KV cache per token unknown", result.Estimate.Breakdown);
    }

    [Fact]
    public void Pipeline_parallelism_splits_layers_the_way_vllm_does()
    {
        Assert.Equal(new[] { 20, 20, 20, 20 }, WeightBytes.PipelineStages(80, 4).Select(s => s.End - s.First));
        Assert.Equal(new[] { 20, 21, 21, 20 }, WeightBytes.PipelineStages(82, 4).Select(s => s.End - s.First));

        var pp2 = Estimate("meta-llama/Llama-3.1-70B-Instruct", On("H100", 4), null, "-tp", "2", "-pp", "2");
        Assert.InRange(pp2.Estimate.PerGpu.WeightsGiB, 32.0, 34.0);
    }

    [Fact]
    public void Cpu_offload_and_fixed_kv_memory_are_honoured()
    {
        var plain = Estimate("meta-llama/Llama-3.1-8B-Instruct", On("L4"), null, "--max-model-len", "8192");
        var offloaded = Estimate("meta-llama/Llama-3.1-8B-Instruct", On("L4"), null, "--max-model-len", "8192", "--cpu-offload-gb", "4");
        Assert.Equal(plain.Estimate.PerGpu.WeightsGiB - 4, offloaded.Estimate.PerGpu.WeightsGiB, 6);

        var fixedPool = Estimate("meta-llama/Llama-3.1-8B-Instruct", On("L4"), null, "--max-model-len", "8192", "--kv-cache-memory-bytes", "2G");
        Assert.Equal(2.0, fixedPool.Estimate.PerGpu.KvCacheGiB, 6);
    }

    [Fact]
    public void Never_throws_for_odd_inputs()
    {
        var odd = new ModelSpec { Id = "odd", NumHiddenLayers = 0, HiddenSize = 0, NumAttentionHeads = 0, VocabSize = 0 };
        var result = new VllmEstimator().Estimate(new EstimationRequest
        {
            Model = new ModelResolution { Id = "odd", Source = ModelSource.ConfigJson, Spec = odd, NameParameters = 1e9 },
            Settings = new DeploymentSettings { Model = "odd", TensorParallelSize = 1024, MaxModelLen = int.MaxValue, MaxNumSeqs = int.MaxValue },
            Capacity = On("T4"),
        });
        Assert.NotNull(result.Estimate);
    }
}
