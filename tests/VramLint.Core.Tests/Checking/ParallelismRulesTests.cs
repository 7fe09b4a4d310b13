using VramLint.Core.Diagnostics;
using VramLint.Core.Estimation;
using VramLint.Core.Models;
using VramLint.Core.Settings;

namespace VramLint.Core.Tests.Checking;

public class ParallelismRulesTests
{
    // Qwen2.5-14B-Instruct: 40 attention heads, 8 KV heads, intermediate 13824.
    private static readonly ModelResolution Qwen14B = new()
    {
        Id = "Qwen/Qwen2.5-14B-Instruct",
        Source = ModelSource.Catalog,
        Spec = new ModelSpec { Id = "Qwen/Qwen2.5-14B-Instruct", NumAttentionHeads = 40, NumKeyValueHeads = 8, IntermediateSize = 13824, TotalParameters = 14.7e9 },
    };

    private static readonly GpuCapacity EightGpus = new() { Name = "H100 80GB", MemoryGiB = 79.19, Count = 8, ClusterCount = 8, GpusPerNode = 8, CountDeclared = true };

    [Fact]
    public void Accepts_sizes_that_divide_heads_and_split_kv_heads_evenly() =>
        Assert.Equal(new[] { 1, 2, 4, 8 }, ParallelismRules.Candidates(Qwen14B, 16));

    [Fact]
    public void Names_vllms_head_rule()
    {
        Assert.Equal("total number of attention heads (40) must be divisible by tensor parallel size (3)", ParallelismRules.ModelRejection(Qwen14B, 3));
        Assert.Equal(
            "the 8 KV heads can neither be split evenly over nor replicated evenly across tensor parallel size 5",
            ParallelismRules.ModelRejection(Qwen14B, 5));
    }

    [Fact]
    public void Unknown_architectures_get_powers_of_two() =>
        Assert.Equal(new[] { 1, 2, 4, 8 }, ParallelismRules.Candidates(new ModelResolution { Id = "x-13B", NameParameters = 13e9 }, 8));

    [Fact]
    public void Reports_a_world_size_larger_than_the_declared_gpus()
    {
        var settings = new DeploymentSettings { TensorParallelSize = 8, PipelineParallelSize = 2 };
        var effective = new EffectiveSettings { TensorParallelSize = 8, PipelineParallelSize = 2, DataParallelSize = 1 };

        var finding = Assert.Single(ParallelismRules.Check(Qwen14B, settings, effective, EightGpus)).Finding;

        Assert.Equal(DiagnosticIds.InvalidParallelism, finding.Id);
        Assert.Equal(SettingNames.TensorParallelSize, finding.Setting);
        Assert.Equal("tensor-parallel-size 8 x pipeline-parallel-size 2 x data-parallel-size 1 needs 16 GPUs, but 8 are declared", finding.Message);
    }

    [Fact]
    public void Tensor_parallelism_across_nodes_needs_ray_or_nnodes()
    {
        var twoNodes = EightGpus with { Count = 16, ClusterCount = 16, GpusPerNode = 8 };
        var effective = new EffectiveSettings { TensorParallelSize = 16, PipelineParallelSize = 1, DataParallelSize = 1 };
        var llama70 = Qwen14B with { Spec = Qwen14B.Spec! with { NumAttentionHeads = 64, NumKeyValueHeads = 8, IntermediateSize = 28672 } };

        var finding = Assert.Single(ParallelismRules.Check(llama70, new DeploymentSettings { TensorParallelSize = 16 }, effective, twoNodes)).Finding;
        Assert.StartsWith("world size 16 (tensor-parallel-size 16 x pipeline-parallel-size 1) is larger than the 8 GPUs of one node", finding.Message);

        Assert.Empty(ParallelismRules.Check(llama70, new DeploymentSettings { TensorParallelSize = 16, DistributedExecutorBackend = "ray" }, effective, twoNodes));
    }

    [Fact]
    public void Awq_marlin_needs_each_share_of_the_intermediate_size_to_be_a_multiple_of_the_group()
    {
        // Qwen2.5-72B pads 29568 to 29696 in its quantized repos precisely so that TP 8 works (29696 / 8 = 3712 = 29 x 128).
        var padded = new ModelResolution
        {
            Id = "Qwen/Qwen2.5-72B-Instruct-AWQ",
            Spec = new ModelSpec { NumAttentionHeads = 64, NumKeyValueHeads = 8, IntermediateSize = 29696 },
            Quantization = new QuantizationScheme { Method = QuantizationMethod.Awq, Bits = 4, GroupSize = 128 },
        };
        Assert.Null(ParallelismRules.ModelRejection(padded, 8));

        var unpadded = padded with { Spec = padded.Spec! with { IntermediateSize = 29568 } };
        Assert.Equal(
            "each GPU's share of the intermediate size (29568 / 8 = 3696) is not divisible by the quantization group size 128 (Marlin kernels)",
            ParallelismRules.ModelRejection(unpadded, 8));
    }
}
