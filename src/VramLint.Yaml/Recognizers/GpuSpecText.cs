using System.Globalization;
using VramLint.Core.Gpus;

namespace VramLint.Yaml.Recognizers;

/// <summary>
/// The GPU requests of task files: dstack <c>gpu: H100:4</c>, <c>gpu: 24GB</c>, <c>gpu: A100:40GB:2</c>, ranges
/// (<c>1..2</c>, <c>24GB..</c>); SkyPilot <c>accelerators: A100-80GB:8</c>. A range is read at its low end, and "any of
/// several" at the GPU with the least memory: the linter checks the smallest machine the request may get.
/// </summary>
internal sealed record GpuSpecText(string? Type, int? Count, double? MemoryGiB)
{
    private static readonly HashSet<string> Vendors = new(StringComparer.OrdinalIgnoreCase) { "nvidia", "amd", "intel", "google", "tpu" };

    public static GpuSpecText? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        string? type = null;
        int? count = null;
        double? memoryGb = null;
        foreach (var raw in text!.Split(':'))
        {
            var part = raw.Trim();
            var low = part.Contains("..") ? part.Substring(0, part.IndexOf("..", StringComparison.Ordinal)) : part;
            if (low.Length == 0 || Vendors.Contains(low))
            {
                continue;
            }

            if (int.TryParse(low, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                count = n;
            }
            else if (low.EndsWith("GB", StringComparison.OrdinalIgnoreCase) && double.TryParse(low.Substring(0, low.Length - 2), NumberStyles.Float, CultureInfo.InvariantCulture, out var gb))
            {
                memoryGb = gb;
            }
            else
            {
                type = Smallest(low.Split(',').Select(t => t.Trim()).Where(t => t.Length > 0));
            }
        }

        if (type is not null && memoryGb is { } size)
        {
            return new GpuSpecText($"{type} {size.ToString(CultureInfo.InvariantCulture)}GB", count, null);
        }

        return new GpuSpecText(type, count, type is null && memoryGb is { } only ? SmallestWith(only) : null);
    }

    /// <summary>Of several GPU names, the one with the least memory that the catalog knows (else the first).</summary>
    internal static string? Smallest(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.OrderBy(n => GpuCatalog.TryFind(n, out var g) ? g.CudaTotalGiB : double.MaxValue).FirstOrDefault();
    }

    /// <summary>"At least N GB": the CUDA-visible memory of the smallest catalog GPU of that size; the GB as GiB when none is.</summary>
    private static double SmallestWith(double gb)
    {
        var fits = GpuCatalog.All.Where(g => g.MarketingGb >= gb - 0.5).ToList();
        if (fits.Count == 0)
        {
            return gb * 1e9 / (1024.0 * 1024 * 1024);
        }

        var size = fits.Min(g => g.MarketingGb);
        return fits.Where(g => g.MarketingGb == size).Min(g => g.CudaTotalGiB);
    }
}
