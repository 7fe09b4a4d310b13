using VramLint.Core;
using VramLint.Core.Estimation;

namespace VramLint.Cli.Output;

/// <summary>One GPU's memory as a bar: each term's share of the card, so where the memory goes is seen at a glance.</summary>
internal static class MemoryBar
{
    private const int Width = 60;

    public static void Write(TextWriter w, MemoryEstimate e)
    {
        var p = e.PerGpu;
        var capacity = Math.Max(p.CapacityGiB, p.SteadyGiB);
        var parts = new List<(char Mark, string Label, double GiB)>
        {
            ('W', "weights", p.WeightsGiB),
            ('A', "activation", p.ActivationGiB),
            ('N', "non-torch", p.NonTorchGiB),
            ('G', "CUDA graphs", p.CudaGraphGiB),
            ('K', "KV cache", p.KvCacheGiB),
            ('C', e.Estimator == "blog" ? "overhead" : "outside the budget", p.OverheadGiB),
        };
        var bar = new System.Text.StringBuilder();
        foreach (var (mark, _, gib) in parts)
        {
            bar.Append(mark, (int)Math.Round(Math.Max(0, gib) / capacity * Width));
        }

        var used = Math.Min(bar.Length, Width);
        var text = bar.ToString().Substring(0, used) + new string('.', Width - used);
        w.WriteLine($"  [{text}] {Numbers.F1(p.CapacityGiB)} GiB per GPU");
        w.WriteLine("   " + string.Join("  ", parts.Where(x => x.GiB > 0.05).Select(x => $"{x.Mark} {x.Label} {Numbers.F1(x.GiB)}")) + "  . free");
    }
}
