using VramLint.Core.Estimation;
using VramLint.Core.Models;

namespace VramLint.Core.Tests.Calibration;

/// <summary>
/// Source: the single-GPU vLLM start-up log quoted in vllm-notes section 2.1 (V1 engine v0.10.2, llava-v1.6-mistral-7b,
/// LLM class so max-num-batched-tokens 16384, H100 79.19 GiB, gpu-memory-utilization 0.9, before graph profiling):
/// "Actual usage is 14.08 GiB for weight, 1.97 GiB for peak activation, 0.07 GiB for non-torch memory, and 0.67 GiB for
/// CUDAGraph memory", "Available KV cache memory: 55.15 GiB", "GPU KV cache size: 451,744 tokens".
/// </summary>
public class VllmStartupLogTests
{
    // The language model of llava-v1.6-mistral-7b: Mistral-7B's architecture with llava's 32064-token vocabulary.
    private static readonly ModelSpec LlavaMistral = ModelCatalog.All.Single(s => s.Id == "mistralai/Mistral-7B-Instruct-v0.3") with { VocabSize = 32064 };

    [Fact]
    public void Activation_peak_at_16384_batched_tokens()
    {
        var activation = Numbers.ToGiB(RuntimeMemory.ActivationBytes(LlavaMistral, new ModelResolution { Spec = LlavaMistral }, tp: 1, maxNumBatchedTokens: 16384, maxNumSeqs: 256, lastStage: true));

        Assert.InRange(activation, 1.97, 1.97 * 1.10);
    }

    [Fact]
    public void Non_torch_and_graph_terms_are_at_or_above_the_log() =>
        Assert.Equal((true, true), (RuntimeMemory.NonTorchGiB(1, 1) is >= 0.07 and <= 0.2, RuntimeMemory.CudaGraphGiB(512, graphsOff: false) is >= 0.67 and <= 0.8));

    [Fact]
    public void The_kv_pool_and_its_tokens()
    {
        // vLLM 0.10.2: graphs were captured after the KV cache was sized, so they are not subtracted.
        var activation = Numbers.ToGiB(RuntimeMemory.ActivationBytes(LlavaMistral, new ModelResolution { Spec = LlavaMistral }, 1, 16384, 256, true));
        var pool = (79.19 * 0.9) - 14.08 - activation - RuntimeMemory.NonTorchGiB(1, 1);
        Assert.InRange(pool, 55.15 - 0.3, 55.15);

        var kv = KvCacheSize.For(LlavaMistral, tp: 1, stageLayers: 32, kvCacheDtype: "auto", dtype: null, disableSlidingWindow: false);
        Assert.Equal(128 * 1024, kv.BytesPerToken);
        Assert.Equal(451_788, (long)(55.15 * Numbers.BytesPerGiB / kv.BytesPerToken));
    }
}
