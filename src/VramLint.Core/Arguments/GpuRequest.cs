using System.Globalization;
using VramLint.Core.Settings;

namespace VramLint.Core.Arguments;

/// <summary>GPU requests as container tools write them: <c>--gpus all|2|device=0,1|"device=0,1"</c>, CUDA_VISIBLE_DEVICES, device_ids.</summary>
public static class GpuRequest
{
    /// <summary>The number of GPUs a <c>--gpus</c> value requests; null for <c>all</c> (the host decides) or nonsense.</summary>
    public static int? Count(string value) => Devices(value) is { } devices ? devices.Count : ParseCount(value);

    /// <summary>The device ids a value pins (<c>device=0,1</c>, <c>0,1</c>); null when it names a count or all.</summary>
    public static IReadOnlyList<string>? Devices(string value)
    {
        var v = value.Trim().Trim('"', '\'');
        if (v.StartsWith("device=", StringComparison.OrdinalIgnoreCase))
        {
            v = v.Substring("device=".Length).Trim('"', '\'');
        }
        else if (!v.Contains(",") && ParseCount(v) is not null)
        {
            return null;
        }

        var ids = v.Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim()).Where(s => s.Length > 0).ToArray();
        return ids.Length > 0 && ids.All(id => id.All(c => char.IsLetterOrDigit(c) || c == '-')) ? ids : null;
    }

    /// <summary>
    /// A GPU count as written in any front end (<c>--gpus 2</c>, <c>nvidia.com/gpu: "2"</c>, <c>count: 2</c>, <c>requestGPU</c>,
    /// <c>vramlint.gpu_count</c>): ASCII digits, 1 to <see cref="ValueRanges.MaxGpus"/>; otherwise null and what was expected.
    /// </summary>
    public static int? ParseCount(string value, out string? problem)
    {
        var text = value.Trim().Trim('"', '\'');
        if (!ValueRanges.TryParseWhole(text, out var n) || text.StartsWith("-", StringComparison.Ordinal))
        {
            problem = $"'{ValueRanges.Shorten(value)}' is not a GPU count: expected a whole number of GPUs from 1 to {ValueRanges.MaxGpus.ToString(CultureInfo.InvariantCulture)}";
            return null;
        }

        if (n < 1 || n > ValueRanges.MaxGpus)
        {
            problem = $"{ValueRanges.Shorten(text)} GPUs is out of range: expected 1 to {ValueRanges.MaxGpus.ToString(CultureInfo.InvariantCulture)}";
            return null;
        }

        problem = null;
        return (int)n;
    }

    private static int? ParseCount(string value) => ParseCount(value, out _);
}
