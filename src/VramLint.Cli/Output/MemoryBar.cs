using VramLint.Core;
using VramLint.Core.Estimation;

namespace VramLint.Cli.Output;

/// <summary>One GPU's memory as a text bar: Core's <see cref="MemoryLayout"/> drawn one letter per term, so where the memory goes is seen at a glance.</summary>
internal static class MemoryBar
{
    private const int Width = 60;

    private static readonly Dictionary<string, char> Marks = new(StringComparer.Ordinal)
    {
        [MemoryLayout.Weights] = 'W',
        [MemoryLayout.Activation] = 'A',
        [MemoryLayout.NonTorch] = 'N',
        [MemoryLayout.CudaGraphs] = 'G',
        [MemoryLayout.KvCache] = 'K',
        [MemoryLayout.Outside] = 'C',
        [MemoryLayout.Headroom] = '.',
    };

    public static void Write(TextWriter w, MemoryEstimate e)
    {
        var scale = MemoryLayout.Scale(e);
        var segments = MemoryLayout.Segments(e);
        var bar = new System.Text.StringBuilder();
        foreach (var segment in segments.Where(s => s.Key != MemoryLayout.Headroom))
        {
            bar.Append(Marks[segment.Key], (int)Math.Round(segment.GiB / scale * Width));
        }

        var used = Math.Min(bar.Length, Width);
        var text = bar.ToString().Substring(0, used) + new string('.', Width - used);
        var overflow = MemoryLayout.Overflow(e);
        w.WriteLine($"  [{text}] {Numbers.F1(e.PerGpu.CapacityGiB)} GiB per GPU" + (overflow > 0 ? $", {Numbers.F1(overflow)} GiB over" : ""));
        w.WriteLine("   " + string.Join("  ", segments.Where(x => x.GiB > 0.05).Select(x => $"{Marks[x.Key]} {x.Label} {Numbers.F1(x.GiB)}")));
    }
}
