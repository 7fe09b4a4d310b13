using VramLint.Core.Arguments;
using VramLint.Core.Configuration;
using VramLint.Core.Diagnostics;
using VramLint.Core.Estimation;
using VramLint.Core.Gpus;
using VramLint.Core.Models;
using VramLint.Core.Settings;

namespace VramLint.Core.Tests.Estimation;

/// <summary>The vllm estimator's must-hold cases (issue: the vllm estimator) and its verdicts, message by message.</summary>
public class VllmEstimatorTests
{
    private const double GiB = Numbers.BytesPerGiB;

    /// <summary>Llama-3.1-8B-Instruct: 8,030,261,248 parameters, 16-bit; 32 layers x 2 norms of 4096 + the final norm.</summary>
    private const double Llama8bParameters = 8_030_261_248;

    private const double Llama8bNorms = (32 * 2 * 4096) + 4096;

    /// <summary>The rotary cos/sin cache: 131072 positions x head size 128, 16-bit, on every rank.</summary>
    private const double Llama8bRotaryBytes = 131072 * 128 * 2;

    internal static GpuCapacity On(string gpuName, int count = 1)
    {
        Assert.True(GpuCatalog.TryFind(gpuName, out var gpu));
        return new GpuCapacity { Gpu = gpu, Name = gpu!.Name, MemoryGiB = gpu.CudaTotalGiB, Count = count, ClusterCount = count, GpusPerNode = count, CountDeclared = true };
    }

    internal static EstimationResult Estimate(string model, GpuCapacity capacity, VramLintOptions? options = null, params string[] args)
    {
        var parsed = VllmArgumentReader.Read(ArgumentToken.FromWords(new[] { "serve", model }.Concat(args)));
        Assert.Empty(parsed.Problems);
        return new VllmEstimator().Estimate(new EstimationRequest
        {
            Model = ModelResolver.Resolve(model, parsed.Settings.Quantization, hfOverrides: parsed.Settings.HfOverrides),
            Settings = parsed.Settings,
            Capacity = capacity,
            // Unless a test says otherwise: the newest release, declared (the undeclared wording is tested on its own).
            Options = options ?? new VramLintOptions { VllmVersionDeclared = true },
        });
    }

    /// <summary>The sampler warm-up of the newest releases on a 24 GB card: 3.9 fp32 copies of 256 rows x 128256 tokens, + 5%.</summary>
    private static double Llama8bSamplerGiB(int rows) => 3.9 * rows * 128256 * 4 * 1.05 / GiB;

    [Fact]
    public void Llama_8b_on_an_h100_weights_and_kv_per_token_and_both_halve_at_tp_2()
    {
        var tp1 = Estimate("meta-llama/Llama-3.1-8B-Instruct", On("H100")).Estimate;
        var tp2 = Estimate("meta-llama/Llama-3.1-8B-Instruct", On("H100", 2), null, "--tensor-parallel-size", "2").Estimate;

        // 14.989 GiB: the 14.958 GiB of parameters plus the rotary cache; vLLM logs 14.99 (llm-d report).
        Assert.Equal(((Llama8bParameters * 2) + Llama8bRotaryBytes) / GiB, tp1.PerGpu.WeightsGiB, 9);
        Assert.InRange(tp1.PerGpu.WeightsGiB, 14.96, 15.0);
        Assert.Equal(128 * 1024, tp1.KvCache.BytesPerToken);

        // Halved, except what every rank holds whole: the norms and the rotary cache.
        Assert.Equal(((((Llama8bParameters - Llama8bNorms) * 2) / 2) + (Llama8bNorms * 2) + Llama8bRotaryBytes) / GiB, tp2.PerGpu.WeightsGiB, 9);
        Assert.Equal(64 * 1024, tp2.KvCache.BytesPerToken);
        Assert.Equal(tp1.WeightBytes, tp2.WeightBytes);
    }

    [Fact]
    public void Llama_8b_on_a_4090_with_the_full_context_names_the_length_failure_and_a_length_that_fits()
    {
        var result = Estimate("meta-llama/Llama-3.1-8B-Instruct", On("RTX 4090"), null, "--max-model-len", "131072");

        // 0.92 x 23.64 - 14.99 - 0.50 (sampler) - 0.2835 (non-torch) - 0.735 (graphs up to 512) = 5.24 GiB; 16 GiB needed.
        var pool = (0.92 * 23.64) - (((Llama8bParameters * 2) + Llama8bRotaryBytes) / GiB) - Llama8bSamplerGiB(256) - (0.27 * 1.05) - (0.7 * 1.05);
        Assert.Equal(pool, result.Estimate.PerGpu.KvCacheGiB, 9);
        Assert.Equal(42928, result.Estimate.KvCache.MaxFittingModelLen);

        var finding = Assert.Single(result.Findings);
        Assert.Equal(DiagnosticIds.DoesNotFit, finding.Finding.Id);
        Assert.Equal(SettingNames.MaxModelLen, finding.Finding.Setting);
        Assert.Equal(new[] { SettingNames.MaxModelLen, SettingNames.TensorParallelSize, SettingNames.MaxNumSeqs }, finding.Levers);
        Assert.Equal(
            "one request of max-model-len 131072 needs 16.00 GiB of KV cache (128.0 KiB per token per GPU), more than the 5.24 GiB left "
            + "(budget 21.7 GiB (0.92 x 23.64) - weights 15.0 - activation 0.5 - non-torch 0.28 - CUDA graphs 0.74 = KV cache 5.24 GiB); "
            + "the largest max-model-len that fits is 41984; vLLM would stop with: To serve at least one request with the model's max seq len (131072), "
            + "(16.00 GiB KV cache is needed, which is larger than the available KV cache memory (5.24 GiB). Based on the available memory, the estimated maximum model length is 42928",
            finding.Finding.Message);

        var fits = Estimate("meta-llama/Llama-3.1-8B-Instruct", On("RTX 4090"), null, "--max-model-len", "16384");
        Assert.Empty(fits.Findings);

        // 2683 blocks of 16 tokens; a 16384-token request takes 1024 of them.
        Assert.Equal(2683 * 16, fits.Estimate.KvCache.CapacityTokens);
        Assert.Equal(2683 / 1024.0, fits.Estimate.KvCache.MaxConcurrency, 12);
    }

    [Fact]
    public void Mla_kv_per_token_is_the_same_at_tp_8_and_tp_16()
    {
        var tp8 = Estimate("deepseek-ai/DeepSeek-V3", On("H200", 16), null, "-tp", "8").Estimate;
        var tp16 = Estimate("deepseek-ai/DeepSeek-V3", On("H200", 16), null, "-tp", "16", "--distributed-executor-backend", "ray").Estimate;

        // 61 layers x (kv_lora_rank 512 + rope 64) x 2 bytes, on every rank.
        Assert.Equal(61 * 576 * 2, tp8.KvCache.BytesPerToken);
        Assert.Equal(tp8.KvCache.BytesPerToken, tp16.KvCache.BytesPerToken);
        Assert.True(tp16.PerGpu.WeightsGiB < tp8.PerGpu.WeightsGiB * 0.55);
    }

    [Fact]
    public void Quantized_checkpoints_count_their_scales_and_their_16_bit_parts()
    {
        // Qwen2.5-72B-Instruct-AWQ: 4.16 bits per linear weight (padded FFN 29696), 16-bit embeddings, head and norms.
        Assert.Equal(38.7, Estimate("Qwen/Qwen2.5-72B-Instruct-AWQ", On("H100")).Estimate.WeightBytes / GiB, 1);

        // gpt-oss-120b: MXFP4 (4.25 bits) on the experts only, the rest BF16: the 60.8 GiB checkpoint; vLLM pads the
        // expert width to 3072 when it loads them, which is the 64.4 GiB it reports (llm-d report).
        var gptOss = Estimate("openai/gpt-oss-120b", On("H100")).Estimate;
        Assert.InRange(gptOss.WeightBytes / GiB, 60.6, 61.0);
        Assert.InRange(gptOss.PerGpu.WeightsGiB, 64.3, 64.6);
    }

    [Fact]
    public void Llama_70b_keeps_one_kv_head_per_gpu_at_tp_16()
    {
        var tp8 = Estimate("meta-llama/Llama-3.1-70B-Instruct", On("H100", 16), null, "-tp", "8").Estimate;
        var tp16 = Estimate("meta-llama/Llama-3.1-70B-Instruct", On("H100", 16), null, "-tp", "16", "--distributed-executor-backend", "ray").Estimate;

        // 80 layers x K and V x 1 head x 128 x 2 bytes at both sizes.
        Assert.Equal(80 * 2 * 128 * 2, tp8.KvCache.BytesPerToken);
        Assert.Equal(80 * 2 * 128 * 2, tp16.KvCache.BytesPerToken);

        // The K/V projections (80 x 2 x 8192 x 1024 x 2 bytes in all) are replicated at TP 16: each rank keeps 1/8 of them, not 1/16.
        var kvProjectionBytes = 80.0 * 2 * 8192 * 1024 * 2;
        Assert.True(tp16.PerGpu.WeightsGiB * GiB > (tp16.WeightBytes / 16) + (kvProjectionBytes / 16) - (kvProjectionBytes / 16 * 0.01));
    }

    [Fact]
    public void Weights_that_do_not_load_quote_vllms_failure_and_offer_more_tensor_parallelism()
    {
        var finding = Assert.Single(Estimate("meta-llama/Llama-3.1-70B-Instruct", On("H100", 2)).Findings);

        Assert.Equal(DiagnosticIds.DoesNotFit, finding.Finding.Id);
        Assert.Equal(SettingNames.Model, finding.Finding.Setting);
        Assert.Equal(new[] { SettingNames.TensorParallelSize }, finding.Levers);
        Assert.Equal(
            "the weights need 131.4 GiB per GPU (131.4 GiB over tensor-parallel-size 1), more than the 78.6 GiB free on H100 80GB (79.19 GiB) after the CUDA context; "
            + "vLLM would stop with: Failed to load model - not enough GPU memory (CUDA out of memory)",
            finding.Finding.Message);
    }

    [Fact]
    public void Nothing_left_for_the_cache_blocks_offers_tensor_parallelism_then_a_smaller_batch()
    {
        // Qwen3-32B in BF16 on one H100 at gmu 0.80: 63.35 - 61.03 (weights) - 2.37 (sampler, 1024 rows) - 0.28 - 0.74 = -1.07 GiB.
        var finding = Assert.Single(Estimate("Qwen/Qwen3-32B", On("H100"), null, "--gpu-memory-utilization", "0.8").Findings);

        Assert.Equal(DiagnosticIds.DoesNotFit, finding.Finding.Id);
        Assert.Equal(SettingNames.Model, finding.Finding.Setting);
        Assert.Equal(new[] { SettingNames.TensorParallelSize, SettingNames.MaxNumSeqs }, finding.Levers);
        Assert.Equal(
            "no memory is left for the KV cache: budget 63.4 GiB (0.80 x 79.19) - weights 61.0 - activation 2.4 - non-torch 0.28 - CUDA graphs 0.74 = KV cache -1.07 GiB; "
            + "vLLM would stop with: No available memory for the cache blocks. Try increasing `gpu_memory_utilization` when initializing the engine",
            finding.Finding.Message);
    }

    [Fact]
    public void Max_model_len_auto_reports_the_length_vllm_would_choose()
    {
        var result = Estimate("meta-llama/Llama-3.1-8B-Instruct", On("RTX 4090"), null, "--max-model-len", "auto");

        Assert.Empty(result.Findings);
        Assert.Equal(42928, result.Estimate.Settings.MaxModelLen);
        Assert.Equal(42928, result.Estimate.KvCache.MaxFittingModelLen);
        Assert.Equal(1.0, result.Estimate.KvCache.MaxConcurrency, 12);

        // On an H100 everything fits, so auto keeps the model's own 131072.
        Assert.Equal(131072, Estimate("meta-llama/Llama-3.1-8B-Instruct", On("H100"), null, "--max-model-len", "auto").Estimate.Settings.MaxModelLen);
    }

    [Fact]
    public void Max_model_len_auto_with_no_room_at_all_quotes_the_auto_fit_failure()
    {
        var result = Estimate("meta-llama/Llama-3.1-8B-Instruct", On("RTX 4090"), null, "--max-model-len", "auto", "--kv-cache-memory-bytes", "100000");

        var finding = Assert.Single(result.Findings);
        Assert.Equal(SettingNames.MaxModelLen, finding.Finding.Setting);
        Assert.EndsWith("vLLM would stop with: Cannot auto-fit max_model_len: not enough GPU memory available to serve even a single token", finding.Finding.Message);
    }

    [Fact]
    public void Gpu_memory_utilization_defaults_by_version_and_fp8_kv_halves_the_cache_per_token()
    {
        Assert.Equal(0.92, Estimate("meta-llama/Llama-3.1-8B-Instruct", On("L4")).Estimate.Settings.GpuMemoryUtilization);
        Assert.Equal(0.90, Estimate("meta-llama/Llama-3.1-8B-Instruct", On("L4"), new VramLintOptions { VllmVersion = new VllmVersion(0, 20) }).Estimate.Settings.GpuMemoryUtilization);
        Assert.Equal(64 * 1024, Estimate("meta-llama/Llama-3.1-8B-Instruct", On("L4"), null, "--kv-cache-dtype", "fp8").Estimate.KvCache.BytesPerToken);
    }

    [Fact]
    public void Cuda_graphs_leave_the_budget_before_0_21_and_vanish_with_enforce_eager()
    {
        var v021 = Estimate("meta-llama/Llama-3.1-8B-Instruct", On("L4"), null, "--max-model-len", "8192").Estimate.PerGpu;
        var v020 = Estimate("meta-llama/Llama-3.1-8B-Instruct", On("L4"), new VramLintOptions { VllmVersion = new VllmVersion(0, 20) }, "--max-model-len", "8192", "--gpu-memory-utilization", "0.92").Estimate.PerGpu;
        var eager = Estimate("meta-llama/Llama-3.1-8B-Instruct", On("L4"), null, "--max-model-len", "8192", "--enforce-eager").Estimate.PerGpu;

        // From 0.21 the size-only estimate comes out of the budget; on 0.20 Llama-3.1-8B's 32 layers x 512 x 4096 at 4.4
        // copies (0.58 GiB with the margin) live outside it.
        Assert.Equal(0.735, v021.CudaGraphGiB, 12);
        Assert.Equal(4.4 * 0.125 * 1.05, v020.CudaGraphGiB, 12);
        Assert.Equal(v021.KvCacheGiB + 0.735 + ((0.27 - 0.13) * 1.05), v020.KvCacheGiB, 9);
        Assert.Equal((0.55, 0.55 + (4.4 * 0.125 * 1.05)), (v021.OverheadGiB, v020.OverheadGiB));
        Assert.Equal((0.0, v021.KvCacheGiB + 0.735), (eager.CudaGraphGiB, eager.KvCacheGiB));
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
    public void Every_field_of_the_estimate_is_filled_and_steady_is_the_minimum_to_start()
    {
        var e = Estimate("meta-llama/Llama-3.1-8B-Instruct", On("L4"), null, "--max-model-len", "8192").Estimate;
        var p = e.PerGpu;

        Assert.Equal("vllm", e.Estimator);
        Assert.Equal(22.03, p.CapacityGiB);
        Assert.Equal(0.92 * 22.03, p.BudgetGiB, 12);
        Assert.Equal(Llama8bSamplerGiB(256), p.ActivationGiB, 9);
        Assert.Equal(0.2835, p.NonTorchGiB, 12);
        Assert.Equal(0.735, p.CudaGraphGiB, 12);
        Assert.Equal(0.55, p.OverheadGiB, 12);

        // Steady: what must fit the budget for vLLM to start (one max-model-len request of KV); peak: the request rounded up to 0.01 GiB + outside.
        Assert.Equal(p.WeightsGiB + p.ActivationGiB + p.NonTorchGiB + p.CudaGraphGiB + (8192 * 128 * 1024 / GiB), p.SteadyGiB, 9);
        Assert.Equal(20.27 + 0.55, p.StartupPeakGiB, 9);
        Assert.Equal(p.BudgetGiB - p.WeightsGiB - p.ActivationGiB - p.NonTorchGiB - p.CudaGraphGiB, p.KvCacheGiB, 9);
        Assert.Equal((long)Math.Floor(p.KvCacheGiB * GiB / (16 * 131072)) * 16, e.KvCache.CapacityTokens);
        Assert.Equal(e.KvCache.CapacityTokens / 8192.0, e.KvCache.MaxConcurrency, 9);
        Assert.Equal((int?)e.KvCache.CapacityTokens, e.KvCache.MaxFittingModelLen);
        Assert.Equal("budget 20.3 GiB (0.92 x 22.03) - weights 15.0 - activation 0.5 - non-torch 0.28 - CUDA graphs 0.74 = KV cache 3.76 GiB", e.Breakdown);
    }

    [Fact]
    public void A_batch_larger_than_the_cache_holds_is_an_info_that_explains_and_offers_no_lever()
    {
        var result = Estimate("meta-llama/Llama-3.1-8B-Instruct", On("L4"), null, "--max-model-len", "32768", "--max-num-seqs", "64");

        var finding = Assert.Single(result.Findings);
        Assert.Equal(DiagnosticIds.BatchExceedsKvCache, finding.Finding.Id);
        Assert.Equal(SettingNames.MaxNumSeqs, finding.Finding.Setting);
        Assert.Empty(finding.Levers);

        // 64 rows shrink the sampler (0.13 GiB, under the 0.25 GiB forward pass of 2048 tokens) and the graphs (up to 128
        // tokens, 0.34 GiB): a 4.40 GiB pool, 2252 blocks, 2048 of them per 32768-token request.
        Assert.Equal(
            "max-num-seqs 64 exceeds the 1 request of 32768 tokens the 4.40 GiB KV cache holds at once (vLLM: Maximum concurrency for 32768 tokens per request: 1.10x); vLLM still starts and schedules only what fits, so more requests of full length wait or are preempted; shorter requests share the cache",
            finding.Finding.Message);

        var several = Assert.Single(Estimate("meta-llama/Llama-3.1-8B-Instruct", On("H100"), null, "--max-num-seqs", "8").Findings);
        Assert.StartsWith("max-num-seqs 8 exceeds the 3 requests of 131072 tokens the ", several.Finding.Message);

        // Not written: vLLM's default batch (256) is never reported, though the 3.76 GiB pool (1924 blocks) holds 1.88 requests of 16384 tokens.
        var unwritten = Estimate("meta-llama/Llama-3.1-8B-Instruct", On("L4"), null, "--max-model-len", "16384");
        Assert.Equal(1924 / 1024.0, unwritten.Estimate.KvCache.MaxConcurrency, 12);
        Assert.Empty(unwritten.Findings);
    }

    [Fact]
    public void Gpu_memory_utilization_near_one_leaves_no_room_for_the_cuda_context()
    {
        var finding = Assert.Single(Estimate("Qwen/Qwen2.5-0.5B-Instruct", On("H100"), null, "--gpu-memory-utilization", "1.0").Findings);

        Assert.Equal(DiagnosticIds.StartupPeak, finding.Finding.Id);
        Assert.Equal(SettingNames.GpuMemoryUtilization, finding.Finding.Setting);
        Assert.Empty(finding.Levers);
        Assert.Equal(
            "vLLM requests 79.2 GiB (1.00 x 79.19) up front, and 0.55 GiB (CUDA context) lives outside that budget: 79.7 GiB exceeds the 79.19 GiB of H100 80GB; "
            + "vLLM would stop with: Free memory on device ... on startup is less than desired GPU memory utilization; lower gpu-memory-utilization",
            finding.Finding.Message);
        Assert.Empty(Estimate("Qwen/Qwen2.5-0.5B-Instruct", On("H100"), null, "--gpu-memory-utilization", "0.99").Findings);
    }

    [Fact]
    public void Nccl_takes_more_outside_the_budget_under_tensor_parallelism()
    {
        // H100, TP 2: 1.55 GiB in use before vLLM measures (llm-d report: 77.64 of 79.18 GiB free), so 0.98 is the limit.
        var finding = Assert.Single(Estimate("meta-llama/Llama-3.1-8B-Instruct", On("H100", 2), null, "-tp", "2", "--gpu-memory-utilization", "0.99").Findings);
        Assert.StartsWith("vLLM requests 78.4 GiB (0.99 x 79.19) up front, and 1.55 GiB (CUDA context and NCCL) lives outside that budget: 80.0 GiB exceeds the 79.19 GiB of H100 80GB", finding.Finding.Message);
        Assert.Empty(Estimate("meta-llama/Llama-3.1-8B-Instruct", On("H100", 2), null, "-tp", "2", "--gpu-memory-utilization", "0.97").Findings);

        // A PCIe card without NVLink SHARP buffers: 0.80 GiB at TP 2, so 0.95 on two L4s starts.
        var l4 = Estimate("meta-llama/Llama-3.1-8B-Instruct", On("L4", 2), null, "-tp", "2", "--gpu-memory-utilization", "0.95", "--max-model-len", "8192");
        Assert.Equal(0.80, l4.Estimate.PerGpu.OverheadGiB, 12);
        Assert.Empty(l4.Findings);
    }

    [Fact]
    public void Graphs_captured_after_the_cache_before_0_21_take_the_activation_room_and_overflow_the_card_under_load()
    {
        // 0.20 on an RTX 4090 at 0.97: budget 22.93 + context 0.55 leaves 0.16 GiB; the 0.58 GiB of graphs fit into the
        // 0.50 GiB the profiled activation left free, so vLLM starts, and a batch that needs that activation runs out.
        var v020 = new VramLintOptions { VllmVersion = new VllmVersion(0, 20), VllmVersionDeclared = true };
        var result = Estimate("meta-llama/Llama-3.1-8B-Instruct", On("RTX 4090"), v020, "--max-model-len", "16384", "--gpu-memory-utilization", "0.97");
        var finding = Assert.Single(result.Findings);

        Assert.Equal(DiagnosticIds.StartupPeak, finding.Finding.Id);
        Assert.Equal(
            "vLLM requests 22.9 GiB (0.97 x 23.64) up front, and 1.13 GiB (CUDA context, CUDA graphs) lives outside that budget: 24.1 GiB exceeds the 23.64 GiB of RTX 4090; "
            + "vLLM would start, its 0.58 GiB of CUDA graphs taking the room of the 0.50 GiB activation peak it profiled, and then run out of memory on a batch that needs that peak "
            + "(CUDA out of memory); lower gpu-memory-utilization or add --enforce-eager",
            finding.Finding.Message);
        Assert.Equal(22.94 + 0.55 + result.Estimate.PerGpu.CudaGraphGiB - result.Estimate.PerGpu.ActivationGiB, result.Estimate.PerGpu.CapturePeakGiB!.Value, 9);
        Assert.Empty(Estimate("meta-llama/Llama-3.1-8B-Instruct", On("RTX 4090"), v020, "--max-model-len", "16384", "--gpu-memory-utilization", "0.97", "--enforce-eager").Findings);
    }

    [Fact]
    public void Graphs_beyond_the_activation_room_stop_the_capture_before_0_21()
    {
        // V0 at TP 2 on RTX 4090s with chunked prefill (its lean sampler): 0.74 GiB of graphs per rank against a 0.2 GiB
        // activation peak at 2048 tokens; the budget and the context (0.80 with NCCL) fit, the graphs beyond the activation
        // room do not.
        var v07 = new VramLintOptions { VllmVersion = new VllmVersion(0, 7), VllmVersionDeclared = true };
        var result = Estimate("meta-llama/Llama-3.1-8B-Instruct", On("RTX 4090", 2), v07, "-tp", "2", "--max-model-len", "2048", "--gpu-memory-utilization", "0.95", "--enable-chunked-prefill");
        var finding = Assert.Single(result.Findings);

        Assert.Equal(DiagnosticIds.StartupPeak, finding.Finding.Id);
        Assert.Equal(
            "vLLM requests 22.5 GiB (0.95 x 23.64) up front, and 1.54 GiB (CUDA context and NCCL, CUDA graphs) lives outside that budget: 24.0 GiB exceeds the 23.64 GiB of RTX 4090; "
            + "vLLM would run out of memory capturing CUDA graphs after sizing the KV cache (CUDA out of memory); lower gpu-memory-utilization or add --enforce-eager",
            finding.Finding.Message);
        Assert.True(result.Estimate.PerGpu.CapturePeakGiB > 23.64);
        Assert.Empty(Estimate("meta-llama/Llama-3.1-8B-Instruct", On("RTX 4090", 2), v07, "-tp", "2", "--max-model-len", "2048", "--gpu-memory-utilization", "0.95", "--enable-chunked-prefill", "--enforce-eager").Findings);

        // Without chunked prefill V0 profiled its 9.7-copy sampler (1.25 GiB), whose room holds the graphs: vLLM starts.
        Assert.Contains("vLLM would start", Assert.Single(Estimate("meta-llama/Llama-3.1-8B-Instruct", On("RTX 4090", 2), v07, "-tp", "2", "--max-model-len", "2048", "--gpu-memory-utilization", "0.95").Findings).Finding.Message);
    }

    [Fact]
    public void A_kv_cache_set_in_bytes_that_does_not_fit_beside_the_weights()
    {
        var result = Estimate("meta-llama/Llama-3.1-8B-Instruct", On("RTX 4090"), null, "--max-model-len", "16384", "--kv-cache-memory-bytes", "10G");

        Assert.Equal(10.0, result.Estimate.PerGpu.KvCacheGiB);
        var finding = Assert.Single(result.Findings);
        Assert.Equal((DiagnosticIds.DoesNotFit, SettingNames.KvCacheMemoryBytes), (finding.Finding.Id, finding.Finding.Setting));
        Assert.Equal(
            "the KV cache set by --kv-cache-memory-bytes does not fit beside the rest: weights 15.0 + activation 0.5 + non-torch 0.28 + CUDA graphs 0.74 + KV cache 10.00 = 26.5 GiB, "
            + "more than the 23.1 GiB free on RTX 4090 (23.64 GiB) after the CUDA context; vLLM would stop with: CUDA out of memory",
            finding.Finding.Message);

        var fitting = Estimate("meta-llama/Llama-3.1-8B-Instruct", On("RTX 4090"), null, "--max-model-len", "16384", "--kv-cache-memory-bytes", "4G");
        Assert.Empty(fitting.Findings);
        Assert.Equal("KV cache 4.00 GiB set by --kv-cache-memory-bytes, beside weights 15.0 + activation 0.5 + non-torch 0.28 + CUDA graphs 0.74", fitting.Estimate.Breakdown);
    }

    [Fact]
    public void A_length_beyond_the_models_own_is_refused_unless_the_config_is_overridden()
    {
        var finding = Assert.Single(Estimate("meta-llama/Llama-3.1-8B-Instruct", On("H100"), null, "--max-model-len", "200000").Findings, f => f.Finding.Id == DiagnosticIds.InvalidValue);
        Assert.Equal(
            "max-model-len 200000 is longer than meta-llama/Llama-3.1-8B-Instruct supports (131072); vLLM would stop with: User-specified max_model_len (200000) is greater than the derived max_model_len (131072)",
            finding.Finding.Message);

        Assert.DoesNotContain(
            Estimate("meta-llama/Llama-3.1-8B-Instruct", On("H100"), null, "--max-model-len", "200000", "--hf-overrides", "{\"max_position_embeddings\": 262144}").Findings,
            f => f.Finding.Id == DiagnosticIds.InvalidValue);
    }

    [Fact]
    public void Pipeline_parallelism_reports_the_worst_stage()
    {
        // 80 layers over 2 stages; the last holds the LM head and the sampler peak, so it has the least room.
        var pp2 = Estimate("meta-llama/Llama-3.1-70B-Instruct", On("H100", 4), null, "-tp", "2", "-pp", "2", "--max-model-len", "32768").Estimate;

        Assert.Equal(40 * 2 * 4 * 128 * 2, pp2.KvCache.BytesPerToken);
        Assert.EndsWith("; pipeline stage 2 of 2 (layers 40-79)", pp2.Breakdown);
        Assert.InRange(pp2.PerGpu.WeightsGiB, pp2.WeightBytes / GiB / 4, (pp2.WeightBytes / GiB / 4) + 1.0);
    }

    [Fact]
    public void Cpu_offload_and_fixed_kv_memory_are_honoured()
    {
        var plain = Estimate("meta-llama/Llama-3.1-8B-Instruct", On("L4"), null, "--max-model-len", "8192");
        var offloaded = Estimate("meta-llama/Llama-3.1-8B-Instruct", On("L4"), null, "--max-model-len", "8192", "--cpu-offload-gb", "4");
        Assert.Equal(plain.Estimate.PerGpu.WeightsGiB - 4, offloaded.Estimate.PerGpu.WeightsGiB, 9);
        Assert.EndsWith("; 4.0 GiB of weights kept in CPU memory (--cpu-offload-gb)", offloaded.Estimate.Breakdown);

        var fixedPool = Estimate("meta-llama/Llama-3.1-8B-Instruct", On("L4"), null, "--max-model-len", "8192", "--kv-cache-memory-bytes", "2G");
        Assert.Equal(2.0, fixedPool.Estimate.PerGpu.KvCacheGiB, 9);
    }
}
