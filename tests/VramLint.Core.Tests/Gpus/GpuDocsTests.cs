using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using VramLint.Core.Gpus;

namespace VramLint.Core.Tests.Gpus;

/// <summary>
/// docs/gpus.md is generated from the catalog and the README's GPU table is checked against it, so neither can drift.
/// Run with VRAMLINT_UPDATE_DOCS=1 to rewrite docs/gpus.md after changing the catalog.
/// </summary>
public class GpuDocsTests
{
    private static readonly (GpuSegment Segment, string Title)[] Sections =
    {
        (GpuSegment.Consumer, "Consumer (GeForce)"),
        (GpuSegment.Workstation, "Workstation"),
        (GpuSegment.DataCenter, "Data centre"),
        (GpuSegment.UnifiedMemory, "Unified memory"),
        (GpuSegment.AmdInstinct, "AMD Instinct (ROCm)"),
    };

    [Fact]
    public void The_docs_page_lists_every_gpu_of_the_catalog()
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "gpus.md");
        var expected = Render();
        if (Environment.GetEnvironmentVariable("VRAMLINT_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, expected);
        }

        Assert.Equal(expected, File.ReadAllText(path).Replace("\r\n", "\n"));
    }

    [Fact]
    public void The_readme_gpu_table_agrees_with_the_catalog()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var section = readme[readme.IndexOf("## Declare your GPUs", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 3, StringComparison.Ordinal)];
        var rows = Regex.Matches(section, @"^\| (?<names>`[^|]+`) \| (?<gpu>[^|]+) \| (?<gib>[0-9.]+) \|", RegexOptions.Multiline);

        Assert.True(rows.Count >= 10, $"{rows.Count} GPU rows in the README");
        Assert.Contains($"Some of the {GpuCatalog.All.Count} GPUs", section, StringComparison.Ordinal);
        foreach (Match row in rows)
        {
            foreach (Match written in Regex.Matches(row.Groups["names"].Value, "`([^`]+)`"))
            {
                Assert.True(GpuCatalog.TryFind(written.Groups[1].Value, out var gpu), written.Value);
                Assert.Equal((row.Groups["gpu"].Value.Trim(), double.Parse(row.Groups["gib"].Value, CultureInfo.InvariantCulture)), (gpu!.Name, gpu.CudaTotalGiB));
            }
        }
    }

    private static string Render()
    {
        var text = new StringBuilder();
        text.Append("""
            # GPUs VramLint knows

            <!-- Generated from src/VramLint.Core/Gpus/GpuCatalog.cs by tests/VramLint.Core.Tests/Gpus/GpuDocsTests.cs
                 (VRAMLINT_UPDATE_DOCS=1); a test fails when this page and the catalog disagree. -->

            vLLM sizes everything from the memory CUDA reports (`cudaMemGetInfo`, printed in GiB), which is neither the
            marketing "GB" nor the nvidia-smi MiB figure: an "80 GB" H100 has 79.19 GiB. The catalog keeps that figure for each
            GPU, and says where it comes from: **logged** (printed by vLLM, PyTorch or rocminfo on that GPU; where logs show a
            range, the lowest) or **derived** (computed from the physical size and the reserve logged on a sibling GPU, as the
            source says). Totals vary by a few tenths with driver, ECC and virtualization; MIG and HAMi slices report the slice:
            declare those with `vramlint.gpu_memory`.

            `vramlint.gpu` (and a deployment's `nvidia.com/gpu.product` or `cloud.google.com/gke-accelerator` node selector)
            accepts the names people write, in any case, with or without vendor words and separators: `RTX 4090`,
            `NVIDIA GeForce RTX 4090`, `4060 Ti 16GB`, `NVIDIA-H100-80GB-HBM3`, `NVIDIA A100-SXM4-80GB`, `nvidia-tesla-a100`,
            `nvidia-h100-mega-80gb`, `A100-80G` (Ray), `a10g` or `g5.12xlarge` (EKS/Karpenter), `MI300X`. A size picks the
            variant (`A100 80GB`), and with no size the smaller one is meant (`A100` is the 40 GB card). `SXM`, `PCIe` and `NVL`
            pick the H100 variant. A bare size (`24GB`, as in `gpu: 24GB`) means the lowest CUDA total among the catalog's GPUs
            of that size. An unknown name is reported with the catalog names close to it:
            `unknown GPU 'RTX 4070 Super'; close: RTX 4070, RTX 4070 Ti`.


            """);
        foreach (var (segment, title) in Sections)
        {
            var gpus = GpuCatalog.All.Where(g => g.Segment == segment).ToList();
            text.Append($"## {title}\n\n");
            text.Append("| GPU | marketing | CUDA total (GiB) | compute capability | also written | total | source |\n");
            text.Append("|---|---|---|---|---|---|---|\n");
            foreach (var gpu in gpus)
            {
                var capability = gpu.ComputeCapability is { } cc ? cc.ToString("0.0", CultureInfo.InvariantCulture) : "-";
                var aliases = gpu.Aliases.Count > 0 ? string.Join(", ", gpu.Aliases.Select(a => $"`{a}`")) : "";
                var origin = gpu.Origin == GpuTotalOrigin.Logged ? "logged" : "derived";
                text.Append($"| {gpu.Name} | {gpu.MarketingGb.ToString(CultureInfo.InvariantCulture)} GB | {gpu.CudaTotalGiB.ToString("0.00", CultureInfo.InvariantCulture)} | {capability} | {aliases} | {origin} | {Escape(gpu.Source)} |\n");
            }

            var notes = gpus.Where(g => g.Note is not null).ToList();
            if (notes.Count > 0)
            {
                text.Append('\n');
                foreach (var gpu in notes)
                {
                    text.Append($"- **{gpu.Name}**: {Escape(gpu.Note!)}.\n");
                }
            }

            text.Append('\n');
        }

        text.Append($"{GpuCatalog.All.Count} GPUs.\n");
        return text.ToString();
    }

    private static string Escape(string text) => text.Replace("|", "\\|");

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VramLint.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("VramLint.sln not found above " + AppContext.BaseDirectory);
    }
}
