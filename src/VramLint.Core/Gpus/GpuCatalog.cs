namespace VramLint.Core.Gpus;

/// <summary>The GPUs VramLint knows, with the names people actually write. (Helper-owned: catalog work in progress.)</summary>
public static class GpuCatalog
{
    /// <summary>Every GPU of the catalog.</summary>
    public static IReadOnlyList<GpuSpec> All => throw new NotImplementedException();

    /// <summary>A short list of names for messages ("RTX 4090, L4, A10G, A100-40GB, H100-80GB, ...").</summary>
    public static string KnownNamesSummary => throw new NotImplementedException();

    /// <summary>Finds a GPU by any common spelling: "RTX 4090", "4090", "NVIDIA GeForce RTX 4090", "H100-80GB", "NVIDIA-H100-80GB-HBM3", "nvidia-tesla-a100"...</summary>
    public static bool TryFind(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out GpuSpec? gpu) => throw new NotImplementedException();
}
