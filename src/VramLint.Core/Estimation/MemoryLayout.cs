namespace VramLint.Core.Estimation;

/// <summary>One part of a GPU's memory in a picture of it: a term of the estimate, the headroom, or what overflows the card.</summary>
public sealed record MemorySegment(string Key, string Label, double GiB);

/// <summary>
/// Where one GPU's memory goes, in the order a picture stacks it (the terms vLLM fills the budget with, then what lives
/// outside the budget, then the headroom), so that every front end that draws a bar draws the same one.
/// </summary>
public static class MemoryLayout
{
    public const string Weights = "weights";
    public const string Activation = "activation";
    public const string NonTorch = "non-torch";
    public const string CudaGraphs = "cuda-graphs";
    public const string KvCache = "kv-cache";
    public const string Outside = "outside";
    public const string Headroom = "headroom";

    /// <summary>
    /// The segments of the worst GPU, each at least 0. <see cref="Overflow"/> gives what exceeds the card; the headroom
    /// is what the card has beyond every segment (0 when they exceed it).
    /// </summary>
    public static IReadOnlyList<MemorySegment> Segments(MemoryEstimate estimate)
    {
        var p = estimate.PerGpu;
        var blog = estimate.Estimator == "blog";
        var segments = new List<MemorySegment> { new(Weights, "weights", Clamp(p.WeightsGiB)) };
        if (!blog)
        {
            segments.Add(new(Activation, "activation", Clamp(p.ActivationGiB)));
            segments.Add(new(NonTorch, "non-torch", Clamp(p.NonTorchGiB)));
            segments.Add(new(CudaGraphs, "CUDA graphs", Clamp(p.CudaGraphGiB)));
        }

        segments.Add(new(KvCache, blog ? "KV cache" : "KV cache pool", Clamp(p.KvCacheGiB)));
        segments.Add(new(Outside, blog ? "overhead" : "outside the budget", Clamp(p.OverheadGiB)));
        segments.Add(new(Headroom, "headroom", Math.Max(0, p.CapacityGiB - Used(segments))));
        return segments;
    }

    /// <summary>GiB by which the segments exceed the card; 0 when they fit.</summary>
    public static double Overflow(MemoryEstimate estimate) =>
        Math.Max(0, Used(Segments(estimate)) - estimate.PerGpu.CapacityGiB);

    /// <summary>The largest of the card and the segments: the length a bar is drawn against.</summary>
    public static double Scale(MemoryEstimate estimate) =>
        Math.Max(estimate.PerGpu.CapacityGiB, Used(Segments(estimate)));

    private static double Used(IEnumerable<MemorySegment> segments) =>
        segments.Where(s => s.Key != Headroom).Sum(s => s.GiB);

    // A pool that vLLM would find negative is drawn as nothing; the verdict says why.
    private static double Clamp(double gib) => double.IsNaN(gib) || gib < 0 ? 0 : gib;
}
