using VramLint.Core.Gpus;

namespace VramLint.Core.Estimation;

/// <summary>The GPUs a deployment runs on, after combining the deployment's own facts with the configuration.</summary>
public sealed record GpuCapacity
{
    /// <summary>The GPU model when known (by name); null when only a size was declared.</summary>
    public GpuSpec? Gpu { get; init; }

    /// <summary>Name for messages: the GPU's name, or "a 24.0 GiB GPU".</summary>
    public string Name { get; init; } = "";

    /// <summary>Memory per GPU in GiB: CUDA-visible total for a catalog GPU, else the declared size.</summary>
    public double MemoryGiB { get; init; }

    /// <summary>GPUs available to the deployment (all nodes).</summary>
    public int Count { get; init; } = 1;

    /// <summary>GPUs per node; equals <see cref="Count"/> on one node.</summary>
    public int GpusPerNode { get; init; } = 1;

    /// <summary>True when <see cref="Count"/> was stated (config or deployment), false when assumed from the parallelism.</summary>
    public bool CountDeclared { get; init; }

    /// <summary>True when the count came from the deployment itself (--gpus, nvidia.com/gpu, device_ids).</summary>
    public bool CountFromDeployment { get; init; }

    /// <summary>GPUs of the whole cluster (vramlint.gpu_count), which a fix may ask for; equals <see cref="Count"/> when not declared.</summary>
    public int ClusterCount { get; init; } = 1;
}
