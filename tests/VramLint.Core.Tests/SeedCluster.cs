using VramLint.Core.Estimation;
using VramLint.Core.Models;

namespace VramLint.Core.Tests;

/// <summary>The seed's cluster and name-only models, shared by the tests that follow the seed's arithmetic.</summary>
internal static class SeedCluster
{
    /// <summary>4 GPUs of 24 GiB (seed rule S2), declared by size.</summary>
    public static readonly GpuCapacity FourGpus = new()
    {
        Name = "24.0 GiB GPU",
        MemoryGiB = 24,
        Count = 4,
        ClusterCount = 4,
        GpusPerNode = 4,
        CountDeclared = true,
    };

    /// <summary>A model known only by its name's size, 16-bit or AWQ 4-bit (seed rule S1).</summary>
    public static ModelResolution Named(string id, double billions, int bits = 16) => new()
    {
        Id = id,
        Source = ModelSource.Name,
        NameParameters = billions * 1e9,
        Quantization = bits == 16 ? QuantizationScheme.None : new QuantizationScheme { Method = QuantizationMethod.Awq, Bits = bits, GroupSize = 128, Label = "AWQ" },
    };
}
