using System.Globalization;

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

    private static int? ParseCount(string value) =>
        int.TryParse(value.Trim().Trim('"', '\''), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;
}
