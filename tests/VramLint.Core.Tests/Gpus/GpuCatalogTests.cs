using VramLint.Core.Gpus;

namespace VramLint.Core.Tests.Gpus;

public class GpuCatalogTests
{
    [Theory]
    [InlineData("RTX 4090", "RTX 4090", 23.64)]
    [InlineData("4090", "RTX 4090", 23.64)]
    [InlineData("NVIDIA GeForce RTX 4090", "RTX 4090", 23.64)]
    [InlineData("RTX4090", "RTX 4090", 23.64)]
    [InlineData("H100", "H100 80GB", 79.19)]
    [InlineData("H100-80GB", "H100 80GB", 79.19)]
    [InlineData("NVIDIA-H100-80GB-HBM3", "H100 80GB", 79.19)]
    [InlineData("nvidia-h100-80gb", "H100 80GB", 79.19)]
    [InlineData("nvidia-h100-mega-80gb", "H100 80GB", 79.19)]
    [InlineData("H100 SXM5 80GB", "H100 80GB", 79.19)]
    [InlineData("NVIDIA H100 PCIe", "H100 PCIe", 79.19)]
    [InlineData("NVIDIA-H100-NVL", "H100 NVL", 93.04)]
    [InlineData("H100 NVL 94GB", "H100 NVL", 93.04)]
    [InlineData("nvidia-tesla-a100", "A100 40GB", 39.39)]
    [InlineData("A100-40GB", "A100 40GB", 39.39)]
    [InlineData("A100-80G", "A100 80GB", 79.14)]
    [InlineData("nvidia-a100-80gb", "A100 80GB", 79.14)]
    [InlineData("NVIDIA A100-SXM4-80GB", "A100 80GB", 79.14)]
    [InlineData("NVIDIA-A100-PCIE-40GB", "A100 40GB", 39.39)]
    [InlineData("A100 80 GB", "A100 80GB", 79.14)]
    [InlineData("L4", "L4", 22.03)]
    [InlineData("nvidia-l4", "L4", 22.03)]
    [InlineData("A10G", "A10G", 22.06)]
    [InlineData("NVIDIA-A10G", "A10G", 22.06)]
    [InlineData("A10", "A10", 22.0)]
    [InlineData("L40S", "L40S", 44.3)]
    [InlineData("NVIDIA-L40S", "L40S", 44.3)]
    [InlineData("T4", "T4", 14.56)]
    [InlineData("nvidia-tesla-t4", "T4", 14.56)]
    [InlineData("Tesla-T4", "T4", 14.56)]
    [InlineData("Tesla V100-SXM2-32GB", "V100 32GB", 31.74)]
    [InlineData("nvidia-tesla-v100", "V100 16GB", 15.78)]
    [InlineData("V100", "V100 16GB", 15.78)]
    [InlineData("RTX 6000 Ada", "RTX 6000 Ada", 44.3)]
    [InlineData("NVIDIA RTX 6000 Ada Generation", "RTX 6000 Ada", 44.3)]
    [InlineData("H200 NVL", "H200", 139.72)]
    [InlineData("nvidia-h200-141gb", "H200", 139.72)]
    [InlineData("AMD Instinct MI300X", "MI300X", 191.69)]
    [InlineData("AMD Instinct MI300X VF", "MI300X", 191.69)]
    [InlineData("NVIDIA-A100-SXM4-80GB-SHARED", "A100 80GB", 79.14)]
    [InlineData("nvidia-b200", "B200", 178.36)]
    [InlineData("nvidia-gb200", "GB200", 184.31)]
    [InlineData("NVIDIA B300 SXM6 AC", "B300", 285.38)]
    public void Finds_the_names_people_write(string written, string name, double cudaGiB)
    {
        Assert.True(GpuCatalog.TryFind(written, out var gpu), written);
        Assert.Equal((name, cudaGiB), (gpu!.Name, gpu.CudaTotalGiB));
    }

    [Theory]
    [InlineData("RTX 3060", "RTX 3060 12GB", 11.75)]
    [InlineData("NVIDIA GeForce RTX 3060", "RTX 3060 12GB", 11.75)]
    [InlineData("RTX 3060 12GB", "RTX 3060 12GB", 11.75)]
    [InlineData("4060 Ti 16GB", "RTX 4060 Ti 16GB", 15.55)]
    [InlineData("RTX 4060 Ti", "RTX 4060 Ti 8GB", 7.55)]
    [InlineData("NVIDIA-GeForce-RTX-4060-Ti-16G", "RTX 4060 Ti 16GB", 15.55)]
    [InlineData("GTX 1660 Ti", "GTX 1660 Ti", 5.81)]
    [InlineData("GeForce GTX1660Ti", "GTX 1660 Ti", 5.81)]
    [InlineData("RTX 2080 Ti", "RTX 2080 Ti", 10.57)]
    [InlineData("RTX 3080", "RTX 3080", 9.78)]
    [InlineData("NVIDIA-GeForce-RTX-3090", "RTX 3090", 23.68)]
    [InlineData("RTX 4070", "RTX 4070", 11.55)]
    [InlineData("RTX 4070 Ti", "RTX 4070 Ti", 11.55)]
    [InlineData("RTX 4080", "RTX 4080", 15.55)]
    [InlineData("RTX 5080", "RTX 5080", 15.48)]
    [InlineData("GeForce RTX 5090", "RTX 5090", 31.36)]
    public void Finds_consumer_cards(string written, string name, double cudaGiB)
    {
        Assert.True(GpuCatalog.TryFind(written, out var gpu), written);
        Assert.Equal((name, cudaGiB, GpuSegment.Consumer), (gpu!.Name, gpu.CudaTotalGiB, gpu.Segment));
    }

    [Theory]
    [InlineData("RTX A4000", "RTX A4000", 15.61)]
    [InlineData("NVIDIA RTX A5000", "RTX A5000", 23.68)]
    [InlineData("NVIDIA-RTX-A6000", "RTX A6000", 47.40)]
    [InlineData("RTXA6000", "RTX A6000", 47.40)]
    [InlineData("NVIDIA RTX PRO 6000 Blackwell Server Edition", "RTX PRO 6000 Blackwell", 95.36)]
    [InlineData("NVIDIA RTX PRO 6000 Blackwell Max-Q Workstation Edition", "RTX PRO 6000 Blackwell", 95.36)]
    [InlineData("nvidia-rtx-pro-6000", "RTX PRO 6000 Blackwell", 95.36)]
    public void Finds_workstation_cards(string written, string name, double cudaGiB)
    {
        Assert.True(GpuCatalog.TryFind(written, out var gpu), written);
        Assert.Equal((name, cudaGiB, GpuSegment.Workstation), (gpu!.Name, gpu.CudaTotalGiB, gpu.Segment));
    }

    [Theory]
    [InlineData("A30", "A30", 23.53)]
    [InlineData("A40", "A40", 44.42)]
    [InlineData("NVIDIA A800 80GB PCIe", "A800 80GB", 79.33)]
    [InlineData("L20", "L20", 44.3)]
    [InlineData("NVIDIA L40", "L40", 44.3)]
    [InlineData("NVIDIA H20", "H20", 95.0)]
    [InlineData("NVIDIA H800", "H800", 79.19)]
    [InlineData("GH200", "GH200 96GB", 94.88)]
    [InlineData("NVIDIA-GH200-480GB", "GH200 96GB", 94.88)]
    [InlineData("GH200 144GB", "GH200 144GB", 142.5)]
    [InlineData("DGX Spark", "DGX Spark", 121.69)]
    [InlineData("NVIDIA GB10", "DGX Spark", 121.69)]
    [InlineData("MI210", "MI210", 63.98)]
    [InlineData("AMD Instinct MI250", "MI250", 63.98)]
    [InlineData("MI250X", "MI250X", 63.98)]
    [InlineData("MI250X 128GB", "MI250X", 63.98)]
    [InlineData("mi325x", "MI325X", 255.98)]
    [InlineData("AMD Instinct MI355X OAM", "MI355X", 287.98)]
    public void Finds_data_centre_instinct_and_unified_memory_parts(string written, string name, double cudaGiB)
    {
        Assert.True(GpuCatalog.TryFind(written, out var gpu), written);
        Assert.Equal((name, cudaGiB), (gpu!.Name, gpu.CudaTotalGiB));
    }

    [Theory]
    [InlineData("t4", "T4")]
    [InlineData("a10g", "A10G")]
    [InlineData("l40s", "L40S")]
    [InlineData("g5.12xlarge", "A10G")]
    [InlineData("g4dn.xlarge", "T4")]
    [InlineData("g6.48xlarge", "L4")]
    [InlineData("g6e.2xlarge", "L40S")]
    [InlineData("p3.2xlarge", "V100 16GB")]
    [InlineData("p3dn.24xlarge", "V100 32GB")]
    [InlineData("p4d.24xlarge", "A100 40GB")]
    [InlineData("p4de.24xlarge", "A100 80GB")]
    [InlineData("p5.48xlarge", "H100 80GB")]
    [InlineData("p5en.48xlarge", "H200")]
    [InlineData("p6-b200.48xlarge", "B200")]
    public void Finds_eks_karpenter_gpu_names_and_instance_families(string written, string name)
    {
        Assert.True(GpuCatalog.TryFind(written, out var gpu), written);
        Assert.Equal(name, gpu!.Name);
    }

    [Theory]
    [InlineData("24GB", "24 GB GPU", 22.0)]
    [InlineData("gpu: 24GB", "24 GB GPU", 22.0)]
    [InlineData("24 GB", "24 GB GPU", 22.0)]
    [InlineData("80GB", "80 GB GPU", 79.14)]
    [InlineData("16G", "16 GB GPU", 14.56)]
    [InlineData("128GB", "128 GB GPU", 121.69)]
    [InlineData("64GB", "64 GB GPU", 63.98)]
    public void A_bare_size_is_the_lowest_total_of_its_class(string written, string name, double cudaGiB)
    {
        Assert.True(GpuCatalog.TryFind(written, out var gpu), written);
        Assert.Equal((name, cudaGiB, GpuTotalOrigin.Derived), (gpu!.Name, gpu.CudaTotalGiB, gpu.Origin));
    }

    [Fact]
    public void The_16_GB_class_keeps_the_oldest_compute_capability() =>
        Assert.Equal((7.0, false), (GpuCatalog.TryFind("16GB", out var gpu) ? gpu!.ComputeCapability : null, gpu!.SupportsBf16));

    [Theory]
    [InlineData("Voodoo 5")]
    [InlineData("H100-40GB")]
    [InlineData("")]
    [InlineData("7GB")]
    [InlineData("RTX 4070 Super")]
    [InlineData("RTX 4090 Laptop GPU")]
    [InlineData("RTX 3060 8GB")]
    [InlineData("RTX 6000")]
    [InlineData("H100 NVL 80GB")]
    [InlineData("NVIDIA-A100-SXM4-40GB-MIG-1g.5gb")]
    public void Never_guesses(string written) => Assert.False(GpuCatalog.TryFind(written, out _));

    [Theory]
    [InlineData("RTX 4070 Super", "unknown GPU 'RTX 4070 Super'; close: RTX 4070, RTX 4070 Ti")]
    [InlineData("RTX 6000", "unknown GPU 'RTX 6000'; close: RTX 6000 Ada, RTX PRO 6000 Blackwell, RTX A6000")]
    [InlineData("RTX 3060 Ti", "unknown GPU 'RTX 3060 Ti'; close: RTX 3060 12GB, RTX 4060 Ti 8GB, RTX 4060 Ti 16GB, RTX 5060 Ti 16GB")]
    [InlineData("H1000", "unknown GPU 'H1000'; close: H100 80GB, H100 PCIe, H100 NVL")]
    [InlineData("MI300A", "unknown GPU 'MI300A'; close: MI300X")]
    [InlineData("RTX 4090 Laptop GPU", "unknown GPU 'RTX 4090 Laptop GPU'; close: RTX 4090")]
    public void An_unknown_name_says_which_names_are_close(string written, string message) =>
        Assert.Equal(message, GpuCatalog.UnknownMessage(written));

    [Fact]
    public void A_name_with_nothing_close_lists_the_known_ones() =>
        Assert.Equal("unknown GPU 'Voodoo 5'; known: " + GpuCatalog.KnownNamesSummary, GpuCatalog.UnknownMessage("Voodoo 5"));

    [Fact]
    public void Every_gpu_is_found_by_its_own_name_and_aliases_and_no_two_are_ambiguous()
    {
        var names = GpuCatalog.All.Select(g => g.Name).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        foreach (var gpu in GpuCatalog.All)
        {
            foreach (var written in new[] { gpu.Name }.Concat(gpu.Aliases))
            {
                Assert.True(GpuCatalog.TryFind(written, out var found), written);
                Assert.Same(gpu, found);
            }
        }
    }

    [Fact]
    public void The_catalog_covers_at_least_50_gpus_in_every_segment_each_with_its_source()
    {
        Assert.True(GpuCatalog.All.Count >= 50, $"{GpuCatalog.All.Count} GPUs");
        Assert.All(Enum.GetValues<GpuSegment>(), segment => Assert.Contains(GpuCatalog.All, g => g.Segment == segment));
        Assert.All(GpuCatalog.All, g => Assert.False(string.IsNullOrWhiteSpace(g.Source), g.Name));
        Assert.All(GpuCatalog.All, g => Assert.True(g.CudaTotalGiB < g.MarketingGb * 1.0001 || g.Note is not null, g.Name));
        Assert.All(GpuCatalog.All.Where(g => g.Segment == GpuSegment.UnifiedMemory), g => Assert.NotNull(g.Note));
    }

    [Fact]
    public void T4_and_V100_have_no_bf16() =>
        Assert.Equal((false, true), (GpuCatalog.All.Single(g => g.Name == "T4").SupportsBf16, GpuCatalog.All.Single(g => g.Name == "L4").SupportsBf16));
}
