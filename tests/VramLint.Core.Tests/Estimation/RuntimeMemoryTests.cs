using VramLint.Core.Estimation;
using VramLint.Core.Models;
using VramLint.Core.Settings;

namespace VramLint.Core.Tests.Estimation;

/// <summary>The measured-not-computed terms: their shape (what moves them); their calibration is in Calibration/.</summary>
public class RuntimeMemoryTests
{
    [Theory]
    [InlineData(1, 1, true, 0.55)]
    [InlineData(1, 1, false, 0.55)]
    [InlineData(2, 1, true, 1.55)]
    [InlineData(2, 1, false, 0.80)]
    [InlineData(8, 1, true, 1.85)]
    [InlineData(4, 2, true, 1.85)]
    [InlineData(1, 2, false, 0.80)]
    public void The_context_outside_the_budget_grows_with_a_process_group(int tp, int pp, bool switched, double gib) =>
        Assert.Equal(gib, RuntimeMemory.ContextGiB(tp, pp, switched), 12);

    [Fact]
    public void Nvlink_sharp_buffers_are_assumed_on_hopper_class_and_unknown_large_gpus()
    {
        Assert.True(RuntimeMemory.HasSwitchedCollectives(VllmEstimatorTests.On("H100")));
        Assert.True(RuntimeMemory.HasSwitchedCollectives(VllmEstimatorTests.On("B200")));
        Assert.False(RuntimeMemory.HasSwitchedCollectives(VllmEstimatorTests.On("A100-80GB")));
        Assert.False(RuntimeMemory.HasSwitchedCollectives(VllmEstimatorTests.On("L4")));
        Assert.True(RuntimeMemory.HasSwitchedCollectives(new GpuCapacity { MemoryGiB = 80 }));
        Assert.False(RuntimeMemory.HasSwitchedCollectives(new GpuCapacity { MemoryGiB = 24 }));
    }

    [Theory]
    [InlineData(1024, 0, 8192, null, false, 512)]
    [InlineData(256, 0, 2048, null, false, 512)]
    [InlineData(64, 0, 2048, null, false, 128)]
    [InlineData(64, 3, 2048, null, false, 512)]
    [InlineData(8, 0, 4, null, false, 4)]
    [InlineData(1024, 0, 8192, 100, false, 100)]
    [InlineData(1024, 0, 8192, null, true, 32)]
    [InlineData(int.MaxValue, int.MaxValue, int.MaxValue, null, false, 512)]
    public void The_largest_cuda_graph(int seqs, int speculative, int batched, int? explicitSize, bool interactivity, int largest) =>
        Assert.Equal(largest, RuntimeMemory.LargestCapture(seqs, speculative, batched, explicitSize, interactivity));

    [Fact]
    public void Graphs_scale_with_the_largest_capture_and_vanish_when_off()
    {
        Assert.Equal(0.7 * 1.05, RuntimeMemory.CudaGraphGiB(512, graphsOff: false), 12);
        Assert.Equal(0.7 * 1.05, RuntimeMemory.CudaGraphGiB(4096, graphsOff: false), 12);
        Assert.Equal(0.325 * 1.05, RuntimeMemory.CudaGraphGiB(128, graphsOff: false), 12);
        Assert.Equal(0, RuntimeMemory.CudaGraphGiB(512, graphsOff: true));
    }

    [Fact]
    public void Graphs_grow_with_layers_capture_and_width_by_release()
    {
        // Qwen3-8B (36 layers, 4096 wide) at the 512 capture: 4.4 copies on 0.10-0.20, 8.2 for an MoE of that shape; + 5%.
        var shape = new GraphShape(36, 4096);
        var perCopy = 36 * 512.0 * 4096 * 2 / (1024.0 * 1024 * 1024);
        Assert.Equal(4.4 * perCopy * 1.05, RuntimeMemory.CudaGraphGiB(512, false, shape, new VllmVersion(0, 10)), 12);
        Assert.Equal(4.4 * perCopy * 1.05, RuntimeMemory.CudaGraphGiB(512, false, shape, new VllmVersion(0, 20)), 12);
        Assert.Equal(4.4 * perCopy / 4 * 1.05, RuntimeMemory.CudaGraphGiB(128, false, shape, new VllmVersion(0, 20)), 12);
        Assert.Equal(8.2 * perCopy * 1.05, RuntimeMemory.CudaGraphGiB(512, false, shape with { Moe = true }, new VllmVersion(0, 11)), 12);

        // 0.8-0.9: the size-only estimate (the logs hold 4.8 to 35.8 copies per layer, no figure fits them).
        Assert.Equal(0.7 * 1.05, RuntimeMemory.CudaGraphGiB(512, false, shape, new VllmVersion(0, 9)), 12);
        Assert.Equal(0.7 * 1.05, RuntimeMemory.CudaGraphGiB(512, false, shape with { Moe = true }, new VllmVersion(0, 8)), 12);

        // V0: its own term whatever the shape (0.29 GiB for the full set on one GPU, 0.7 with a process group).
        Assert.Equal(0.29 * 1.05, RuntimeMemory.CudaGraphGiB(256, false, shape, new VllmVersion(0, 6)), 12);
        Assert.Equal(0.7 * 1.05, RuntimeMemory.CudaGraphGiB(256, false, shape, new VllmVersion(0, 6), ranks: 2), 12);

        // From 0.21, or no shape: the size-only estimate; graphs off: nothing.
        Assert.Equal(0.7 * 1.05, RuntimeMemory.CudaGraphGiB(512, false, shape, VllmVersion.V0_21), 12);
        Assert.Equal(0.7 * 1.05, RuntimeMemory.CudaGraphGiB(512, false, null, VllmVersion.V0_21), 12);
        Assert.Equal(0, RuntimeMemory.CudaGraphGiB(512, true, shape, VllmVersion.V0_21));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 4)]
    [InlineData(5, 8)]
    [InlineData(100, 104)]
    [InlineData(256, 256)]
    [InlineData(1024, 256)]
    public void V0_captures_decode_batches_up_to_256(int maxNumSeqs, int largest) =>
        Assert.Equal(largest, RuntimeMemory.V0LargestGraphBatch(maxNumSeqs, 256));

    [Fact]
    public void V0_graphs_scale_with_the_largest_batch_like_the_size_only_term()
    {
        Assert.Equal(0.29 * 1.05, RuntimeMemory.V0GraphGiB(256, 1), 12);
        Assert.Equal(0.29 * 1.05, RuntimeMemory.V0GraphGiB(4096, 1), 12);
        Assert.Equal(0.29 * (0.2 + (0.5 * 64 / 256.0)) / 0.7 * 1.05, RuntimeMemory.V0GraphGiB(64, 1), 12);
        Assert.Equal(0.7 * 1.05, RuntimeMemory.V0GraphGiB(256, 4), 12);
    }

    [Fact]
    public void The_graph_shape_is_the_worst_stage_s_layers_and_the_hidden_width()
    {
        var spec = new ModelSpec { Id = "m", NumHiddenLayers = 61, HiddenSize = 7168 };
        Assert.Equal(new GraphShape(61, 7168), GraphShape.Of(spec, 1));
        Assert.Equal(new GraphShape(31, 7168), GraphShape.Of(spec, 2));
        Assert.Equal(new GraphShape(61, 7168, Moe: true), GraphShape.Of(spec with { NumExperts = 256, NumExpertsPerToken = 8 }, 1));
        Assert.Null(GraphShape.Of(new ModelSpec { Id = "m", HiddenSize = 7168 }, 1));
        Assert.Null(GraphShape.Of(null, 1));
    }

    [Fact]
    public void Non_torch_memory_grows_with_custom_all_reduce_and_nccl_over_nvlink_by_release()
    {
        var v011 = new VllmVersion(0, 11);
        Assert.Equal(0.13 * 1.05, RuntimeMemory.NonTorchGiB(1, 1, nvLink: true, v011), 12);
        Assert.Equal(0.82 * 1.05, RuntimeMemory.NonTorchGiB(2, 1, nvLink: true, v011), 12);
        Assert.Equal((0.82 + (6 * 0.21)) * 1.05, RuntimeMemory.NonTorchGiB(8, 1, nvLink: true, v011), 12);

        // On 0.17-0.20 the all-reduce buffers at TP 2 come to about 2.1 GiB on an H100.
        Assert.Equal(2.08 * 1.05, RuntimeMemory.NonTorchGiB(2, 1, nvLink: true, new VllmVersion(0, 20)), 12);

        // From 0.21: 0.27 on one GPU, 0.93 more at two ranks over NVLink (TP 4 logs: 1.63-1.70 GiB in all).
        Assert.Equal(0.27 * 1.05, RuntimeMemory.NonTorchGiB(1, 1, nvLink: true, VllmVersion.Latest), 12);
        Assert.Equal(1.2 * 1.05, RuntimeMemory.NonTorchGiB(2, 1, nvLink: true, VllmVersion.Latest), 12);
        Assert.Equal(1.62 * 1.05, RuntimeMemory.NonTorchGiB(4, 1, nvLink: true, VllmVersion.Latest), 12);

        // Over PCIe custom all-reduce is off: NCCL alone, whatever the ranks; pipeline stages add their send buffers.
        Assert.Equal(0.39 * 1.05, RuntimeMemory.NonTorchGiB(8, 1, nvLink: false, VllmVersion.Latest), 12);
        Assert.Equal(0.35 * 1.05, RuntimeMemory.NonTorchGiB(1, 2, nvLink: false, v011), 12);
    }

    [Theory]
    [InlineData("H100", true)]
    [InlineData("A100 40GB", true)]
    [InlineData("MI300X", true)]
    [InlineData("L40S", false)]
    [InlineData("RTX 4090", false)]
    [InlineData("L4", false)]
    public void Nvlink_is_the_data_centre_parts(string gpu, bool nvLink) =>
        Assert.Equal(nvLink, RuntimeMemory.HasNvLink(VllmEstimatorTests.On(gpu)));

    [Theory]
    [InlineData(48.0, false)]
    [InlineData(96.0, true)]
    public void An_unknown_gpu_is_counted_as_nvlink_from_70_gib(double gib, bool nvLink) =>
        Assert.Equal(nvLink, RuntimeMemory.HasNvLink(new GpuCapacity { Name = "GPU", MemoryGiB = gib }));

    [Fact]
    public void The_activation_peak_is_the_larger_of_the_forward_pass_and_the_sampler_on_the_last_stage()
    {
        var spec = WeightBytesTests.Catalog("meta-llama/Llama-3.1-8B-Instruct");
        var model = new ModelResolution { Spec = spec };

        var v011 = new VllmVersion(0, 11);

        // 1024 rows x 128256 tokens x 9.7 fp32 copies dominate on an H100 with vLLM 0.8-0.16; 3.9 copies from 0.17.
        Assert.Equal(9.7 * 1024 * 128256 * 4 * 1.05, RuntimeMemory.ActivationBytes(spec, model, 1, 8192, 1024, lastStage: true, v011), 3);
        Assert.Equal(3.9 * 1024 * 128256 * 4 * 1.05, RuntimeMemory.ActivationBytes(spec, model, 1, 8192, 1024, lastStage: true, VllmVersion.Latest), 3);

        // V0 (before 0.8) from 0.4: 9.7 copies profiling a whole prefill, 1.5 with chunked prefill; about 15 before 0.4.
        Assert.Equal(9.7 * 256 * 128256 * 4 * 1.05, RuntimeMemory.ActivationBytes(spec, model, 1, 2048, 256, lastStage: true, new VllmVersion(0, 6), chunkedPrefill: false), 3);
        Assert.Equal(1.5 * 256 * 128256 * 4 * 1.05, RuntimeMemory.ActivationBytes(spec, model, 1, 512, 256, lastStage: true, new VllmVersion(0, 6), chunkedPrefill: true), 3);
        Assert.Equal(15 * 256 * 128256 * 4 * 1.05, RuntimeMemory.ActivationBytes(spec, model, 1, 512, 256, lastStage: true, new VllmVersion(0, 3)), 3);

        // Without the sampler (earlier stages), the forward pass: tokens x (3 x FFN / TP + 5 x hidden) x 2 bytes.
        Assert.Equal(8192.0 * ((3 * 14336 / 2.0) + (5 * 4096)) * 2 * 1.05, RuntimeMemory.ActivationBytes(spec, model, 2, 8192, 1024, lastStage: false, v011), 3);

        // A MoE layer's FFN width is the active experts' (Qwen3-30B-A3B: 8 x 768).
        var moe = WeightBytesTests.Catalog("Qwen/Qwen3-30B-A3B");
        Assert.Equal(16384.0 * ((3 * 8 * 768) + (5 * 2048)) * 2 * 1.05, RuntimeMemory.ActivationBytes(moe, new ModelResolution { Spec = moe }, 1, 16384, 16, lastStage: false, v011), 3);
    }
}
