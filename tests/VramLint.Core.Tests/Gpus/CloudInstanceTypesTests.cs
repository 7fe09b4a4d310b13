using VramLint.Core.Gpus;

namespace VramLint.Core.Tests.Gpus;

/// <summary>Machine types named by node labels: Azure VM sizes fix the GPU and its count, AWS families only the GPU.</summary>
public class CloudInstanceTypesTests
{
    [Theory]
    [InlineData("Standard_NC24ads_A100_v4", "A100 80GB", 1)]
    [InlineData("standard_nc48ads_a100_v4", "A100 80GB", 2)]
    [InlineData("NC96ads_A100_v4", "A100 80GB", 4)]
    [InlineData("Standard_ND96asr_v4", "A100 40GB", 8)]
    [InlineData("Standard_NC6s_v3", "V100 16GB", 1)]
    [InlineData("Standard_NC64as_T4_v3", "T4", 4)]
    [InlineData("Standard_ND96isr_H100_v5", "H100 80GB", 8)]
    [InlineData("Standard_ND96is_MI300X_v5", "MI300X", 8)]
    public void An_azure_gpu_vm_size_gives_its_gpu_and_count(string size, string gpu, int count)
    {
        Assert.Equal((gpu, (int?)count), CloudInstanceTypes.Find(size));
        Assert.True(GpuCatalog.TryFind(gpu, out var spec) && spec.Name == gpu, gpu);
    }

    [Theory]
    [InlineData("g5.12xlarge", "A10G")]
    [InlineData("p4de", "A100 80GB")]
    [InlineData("p5en.48xlarge", "H200")]
    public void An_aws_instance_type_or_family_gives_its_gpu_only(string instance, string gpu) =>
        Assert.Equal((gpu, (int?)null), CloudInstanceTypes.Find(instance));

    [Theory]
    [InlineData("Standard_NV36ads_A10_v5")]
    [InlineData("Standard_D8s_v5")]
    [InlineData("m5.large")]
    public void A_type_without_a_catalog_gpu_is_not_guessed(string instance) => Assert.Null(CloudInstanceTypes.Find(instance));
}
