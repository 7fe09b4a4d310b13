using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace VramLint.Core.Gpus;

/// <summary>
/// The GPUs VramLint knows (gpus.md), with the names people actually write: marketing names, nvidia-smi names,
/// Kubernetes node labels (NVIDIA-H100-80GB-HBM3), GKE accelerator names (nvidia-tesla-a100), Ray accelerator types (A100-80G).
/// Where logs show a range of CUDA-visible totals, the lowest is kept: a linter should rather warn near the limit.
/// </summary>
public static class GpuCatalog
{
    // Model key, marketing GB, CUDA-visible GiB, compute capability, display name, default for the key when no size is written.
    private static readonly GpuSpec[] Gpus =
    {
        Gpu("H100 80GB", 80, 79.19, 9.0),
        Gpu("H200", 141, 139.72, 9.0),
        Gpu("A100 80GB", 80, 79.14, 8.0),
        Gpu("A100 40GB", 40, 39.39, 8.0),
        Gpu("A800 80GB", 80, 79.33, 8.0),
        Gpu("L4", 24, 22.03, 8.9),
        Gpu("A10G", 24, 22.06, 8.6),
        Gpu("A10", 24, 22.0, 8.6),
        Gpu("A40", 48, 44.42, 8.6),
        Gpu("L40S", 48, 44.3, 8.9),
        Gpu("L40", 48, 44.3, 8.9),
        Gpu("RTX 6000 Ada", 48, 44.3, 8.9),
        Gpu("RTX 4090", 24, 23.64, 8.9),
        Gpu("RTX 3090", 24, 23.68, 8.6),
        Gpu("T4", 16, 14.56, 7.5),
        Gpu("V100 16GB", 16, 15.78, 7.0),
        Gpu("V100 32GB", 32, 31.74, 7.0),
        Gpu("MI300X", 192, 191.69, null),
        Gpu("B200", 192, 178.36, 10.0),
    };

    /// <summary>Model key to the GPUs of that model, the first being the one meant when no size is written (the smaller, to stay conservative).</summary>
    private static readonly Dictionary<string, GpuSpec[]> ByModel = new(StringComparer.Ordinal)
    {
        ["h100"] = new[] { Find("H100 80GB") },
        ["h200"] = new[] { Find("H200") },
        ["a100"] = new[] { Find("A100 40GB"), Find("A100 80GB") },
        ["a800"] = new[] { Find("A800 80GB") },
        ["l4"] = new[] { Find("L4") },
        ["a10g"] = new[] { Find("A10G") },
        ["a10"] = new[] { Find("A10") },
        ["a40"] = new[] { Find("A40") },
        ["l40s"] = new[] { Find("L40S") },
        ["l40"] = new[] { Find("L40") },
        ["6000ada"] = new[] { Find("RTX 6000 Ada") },
        ["4090"] = new[] { Find("RTX 4090") },
        ["3090"] = new[] { Find("RTX 3090") },
        ["t4"] = new[] { Find("T4") },
        ["v100"] = new[] { Find("V100 16GB"), Find("V100 32GB") },
        ["mi300x"] = new[] { Find("MI300X") },
        ["b200"] = new[] { Find("B200") },
    };

    /// <summary>Words that name a vendor, product line or form factor, not the GPU.</summary>
    private static readonly HashSet<string> Noise = new(StringComparer.Ordinal)
    {
        "nvidia", "geforce", "tesla", "rtx", "amd", "instinct", "sxm", "sxm2", "sxm4", "sxm5", "pcie", "nvl", "hbm2", "hbm2e", "hbm3", "hbm3e",
        "gpu", "gddr6", "gddr6x", "ti",
    };

    public static IReadOnlyList<GpuSpec> All => Gpus;

    /// <summary>A short list of names for messages.</summary>
    public static string KnownNamesSummary =>
        "RTX 4090, RTX 3090, L4, A10G, A10, T4, V100, A40, L40S, RTX 6000 Ada, A100-40GB, A100-80GB, H100-80GB, H200, B200, MI300X";

    /// <summary>Finds a GPU by any common spelling; false for names it does not know (it never guesses).</summary>
    public static bool TryFind(string? name, [NotNullWhen(true)] out GpuSpec? gpu)
    {
        gpu = null;
        if (string.IsNullOrWhiteSpace(name))
        {
            return false;
        }

        var words = Words(name!).Where(w => !Noise.Contains(w)).ToList();
        int? memory = null;
        var modelWords = new List<string>();
        foreach (var word in words)
        {
            if (MemoryWord(word) is { } gb && modelWords.Count > 0)
            {
                memory = gb;
            }
            else
            {
                modelWords.Add(word);
            }
        }

        if (!ByModel.TryGetValue(string.Concat(modelWords), out var candidates))
        {
            return false;
        }

        gpu = memory is { } size ? candidates.FirstOrDefault(g => Math.Abs(g.MarketingGb - size) < 0.5) : candidates[0];
        return gpu is not null;
    }

    /// <summary>"80gb", "80g", "80" (after a model word) as marketing GB; "141gb" for H200.</summary>
    private static int? MemoryWord(string word)
    {
        var digits = word.EndsWith("gb", StringComparison.Ordinal) ? word.Substring(0, word.Length - 2)
            : word.EndsWith("g", StringComparison.Ordinal) ? word.Substring(0, word.Length - 1)
            : word;
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var gb) && gb is >= 8 and <= 512 && digits.Length < 4 ? gb : null;
    }

    private static IEnumerable<string> Words(string name)
    {
        var current = new System.Text.StringBuilder();
        foreach (var c in name.ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c))
            {
                current.Append(c);
            }
            else if (current.Length > 0)
            {
                yield return current.ToString();
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            yield return current.ToString();
        }
    }

    private static GpuSpec Gpu(string name, double marketingGb, double cudaGiB, double? computeCapability) =>
        new() { Name = name, MarketingGb = marketingGb, CudaTotalGiB = cudaGiB, ComputeCapability = computeCapability };

    private static GpuSpec Find(string name) => Gpus.First(g => g.Name == name);
}
