using VramLint.Core.Gpus;

namespace VramLint.Core.Tests.Gpus;

public class GpuCatalogTests
{
    [Theory]
    [InlineData("RTX 4090", "RTX 4090", 23.64)]
    [InlineData("4090", "RTX 4090", 23.64)]
    [InlineData("NVIDIA GeForce RTX 4090", "RTX 4090", 23.64)]
    [InlineData("H100", "H100 80GB", 79.19)]
    [InlineData("H100-80GB", "H100 80GB", 79.19)]
    [InlineData("NVIDIA-H100-80GB-HBM3", "H100 80GB", 79.19)]
    [InlineData("nvidia-h100-80gb", "H100 80GB", 79.19)]
    [InlineData("nvidia-tesla-a100", "A100 40GB", 39.39)]
    [InlineData("A100-40GB", "A100 40GB", 39.39)]
    [InlineData("A100-80G", "A100 80GB", 79.14)]
    [InlineData("NVIDIA A100-SXM4-80GB", "A100 80GB", 79.14)]
    [InlineData("L4", "L4", 22.03)]
    [InlineData("nvidia-l4", "L4", 22.03)]
    [InlineData("A10G", "A10G", 22.06)]
    [InlineData("L40S", "L40S", 44.3)]
    [InlineData("T4", "T4", 14.56)]
    [InlineData("nvidia-tesla-t4", "T4", 14.56)]
    [InlineData("Tesla V100-SXM2-32GB", "V100 32GB", 31.74)]
    [InlineData("V100", "V100 16GB", 15.78)]
    [InlineData("RTX 6000 Ada", "RTX 6000 Ada", 44.3)]
    [InlineData("H200 NVL", "H200", 139.72)]
    [InlineData("AMD Instinct MI300X", "MI300X", 191.69)]
    public void Finds_the_names_people_write(string written, string name, double cudaGiB)
    {
        Assert.True(GpuCatalog.TryFind(written, out var gpu), written);
        Assert.Equal((name, cudaGiB), (gpu!.Name, gpu.CudaTotalGiB));
    }

    [Theory]
    [InlineData("Voodoo 5")]
    [InlineData("H100-40GB")]
    [InlineData("GH200")]
    [InlineData("")]
    [InlineData("80GB")]
    public void Never_guesses(string written) => Assert.False(GpuCatalog.TryFind(written, out _));

    [Fact]
    public void T4_and_V100_have_no_bf16() =>
        Assert.Equal((false, true), (GpuCatalog.All.Single(g => g.Name == "T4").SupportsBf16, GpuCatalog.All.Single(g => g.Name == "L4").SupportsBf16));
}
