namespace VramLint.Core.Gpus;

/// <summary>
/// Cloud machine types and the GPUs they carry, for node labels (<c>node.kubernetes.io/instance-type</c>,
/// Karpenter/EKS instance families): AWS instance families (each one GPU model, any count) and Azure GPU VM sizes (model
/// and count per VM). Only GPUs in the catalog: a size whose GPU the catalog does not know (A10, H100 NVL) is left out.
/// Sources: the AWS EC2 accelerated-computing instance pages and learn.microsoft.com/azure/virtual-machines/sizes
/// (GPU-accelerated: NCasT4_v3, NCv3, NDv2, NC A100 v4, ND A100 v4, ND H100 v5, ND H200 v5, ND MI300X v5).
/// </summary>
public static class CloudInstanceTypes
{
    private static readonly Dictionary<string, string> AwsFamilies = new(StringComparer.OrdinalIgnoreCase)
    {
        ["g4dn"] = "T4", ["g5"] = "A10G", ["g6"] = "L4", ["g6e"] = "L40S", ["p3"] = "V100 16GB", ["p3dn"] = "V100 32GB",
        ["p4d"] = "A100 40GB", ["p4de"] = "A100 80GB", ["p5"] = "H100 80GB", ["p5e"] = "H200", ["p5en"] = "H200",
    };

    private static readonly Dictionary<string, (string Gpu, int Count)> AzureSizes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["NC4as_T4_v3"] = ("T4", 1), ["NC8as_T4_v3"] = ("T4", 1), ["NC16as_T4_v3"] = ("T4", 1), ["NC64as_T4_v3"] = ("T4", 4),
        ["NC6s_v3"] = ("V100 16GB", 1), ["NC12s_v3"] = ("V100 16GB", 2), ["NC24s_v3"] = ("V100 16GB", 4), ["NC24rs_v3"] = ("V100 16GB", 4),
        ["ND40rs_v2"] = ("V100 32GB", 8),
        ["NC24ads_A100_v4"] = ("A100 80GB", 1), ["NC48ads_A100_v4"] = ("A100 80GB", 2), ["NC96ads_A100_v4"] = ("A100 80GB", 4),
        ["ND96asr_v4"] = ("A100 40GB", 8), ["ND96amsr_A100_v4"] = ("A100 80GB", 8),
        ["ND96isr_H100_v5"] = ("H100 80GB", 8), ["ND96isr_H200_v5"] = ("H200", 8), ["ND96is_MI300X_v5"] = ("MI300X", 8),
    };

    /// <summary>
    /// The catalog GPU of a machine type and, when the type fixes it, how many a machine has: an Azure size
    /// (<c>Standard_NC24ads_A100_v4</c>), or an AWS instance type or family (<c>g5.12xlarge</c>, <c>p4d</c>; count not known
    /// here). Null when the type carries no GPU VramLint knows.
    /// </summary>
    public static (string Gpu, int? Count)? Find(string instanceType)
    {
        var name = instanceType.Trim();
        var azure = name.StartsWith("Standard_", StringComparison.OrdinalIgnoreCase) ? name.Substring("Standard_".Length) : name;
        if (AzureSizes.TryGetValue(azure, out var size))
        {
            return (size.Gpu, size.Count);
        }

        // g5.12xlarge or g5: the family before the dot.
        return AwsFamilies.TryGetValue(name.Split('.')[0], out var gpu) ? (gpu, null) : null;
    }
}
