using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace VramLint.Core.Gpus;

/// <summary>
/// The GPUs VramLint knows (gpus.md), with the names people actually write: marketing names, nvidia-smi names,
/// Kubernetes node labels (NVIDIA-H100-80GB-HBM3), GKE accelerator names (nvidia-tesla-a100), EKS/Karpenter GPU names
/// and instance families (a10g, g5.12xlarge), Ray accelerator types (A100-80G), and a bare size (24GB).
/// Where logs show a range of CUDA-visible totals, the lowest is kept: a linter should rather warn near the limit.
/// </summary>
public static class GpuCatalog
{
    private const string Vllm = "https://github.com/vllm-project/vllm/";
    private const string VllmNotes = "vllm-notes.md section 7 / gpus.md";

    /// <summary>Words that name a vendor, product line, memory type, edition or instance size, not the GPU.</summary>
    private static readonly HashSet<string> Noise = new(StringComparer.Ordinal)
    {
        "nvidia", "geforce", "tesla", "quadro", "rtx", "gtx", "amd", "instinct", "oam", "gpu", "gpus", "accelerator",
        "gddr6", "gddr6x", "gddr7", "hbm2", "hbm2e", "hbm3", "hbm3e", "generation", "edition", "workstation", "server",
        "mega", "ac", "maxq", "max", "q", "large", "metal", "com", "product",

        // Time-sliced GPUs ("NVIDIA-A100-SXM4-80GB-SHARED") and virtual functions ("AMD Instinct MI300X VF") keep the whole memory.
        "shared", "vf",
    };

    // Per entry: display name, model key (the name's words without vendor noise), marketing GB, CUDA-visible GiB,
    // compute capability, segment, where the total comes from. The first entry of a key is the one meant when no size
    // or form factor is written (the smaller, to stay conservative).
    private static readonly Entry[] Entries =
    {
        // Consumer (GeForce). No ECC: the driver keeps 0.2-0.65 GiB of the physical size.
        Logged("GTX 1660 Ti", "1660ti", 6, 5.81, 7.5, GpuSegment.Consumer, "PyTorch 'GPU 0; 5.81 GiB total capacity' on a GTX 1660 Ti: https://github.com/zhou13/lcnn/issues/23"),
        Logged("RTX 2060", "2060", 6, 5.79, 7.5, GpuSegment.Consumer, "PyTorch '5.79 GiB total capacity' on an RTX 2060: https://github.com/facebookresearch/meshrcnn/issues/92"),
        Logged("RTX 2080 Ti", "2080ti", 11, 10.57, 7.5, GpuSegment.Consumer, "vLLM 0.13 on an RTX 2080 Ti, 'total capacity of 10.57 GiB': " + Vllm + "issues/19445"),
        Logged("RTX 3060 12GB", "3060", 12, 11.75, 8.6, GpuSegment.Consumer, "PyTorch '11.75 GiB total capacity' on an RTX 3060: https://github.com/Kunhao-Liu/StyleGaussian/issues/12"),
        Derived("RTX 3070", "3070", 8, 7.68, 8.6, GpuSegment.Consumer, "8 GiB minus 0.32 GiB, the largest reserve logged on an Ampere GeForce (RTX 3090: 24 -> 23.68)"),
        Logged("RTX 3080", "3080", 10, 9.78, 8.6, GpuSegment.Consumer, "PyTorch '9.78 GiB total capacity' on an RTX 3080: https://github.com/zai-org/CogVideo/issues/34"),
        Logged("RTX 3090", "3090", 24, 23.68, 8.6, GpuSegment.Consumer, "'total capacity of 23.68 GiB' in " + Vllm + "issues/16343 (23.69 in " + Vllm + "issues/2140)"),
        Derived("RTX 4060 Ti 8GB", "4060ti", 8, 7.55, 8.9, GpuSegment.Consumer, "8 GiB minus 0.45 GiB, the reserve logged on the RTX 4060 Ti 16GB (16 -> 15.55)"),
        Logged("RTX 4060 Ti 16GB", "4060ti", 16, 15.55, 8.9, GpuSegment.Consumer, "PyTorch 'total capacity of 15.55 GiB' on a 4060 Ti 16G: https://github.com/boson-ai/higgs-audio/issues/48"),
        Derived("RTX 4070", "4070", 12, 11.55, 8.9, GpuSegment.Consumer, "12 GiB minus 0.45 GiB, the largest reserve logged on an Ada GeForce (RTX 4060 Ti 16GB)"),
        Derived("RTX 4070 Ti", "4070ti", 12, 11.55, 8.9, GpuSegment.Consumer, "12 GiB minus 0.45 GiB, the largest reserve logged on an Ada GeForce (RTX 4060 Ti 16GB)"),
        Derived("RTX 4080", "4080", 16, 15.55, 8.9, GpuSegment.Consumer, "16 GiB minus 0.45 GiB, the largest reserve logged on an Ada GeForce (RTX 4060 Ti 16GB)"),
        Logged("RTX 4090", "4090", 24, 23.64, 8.9, GpuSegment.Consumer, VllmNotes + ": VGen issue #104; nvidia-smi 24564 MiB in " + Vllm + "issues/7553"),
        Derived("RTX 5060 Ti 16GB", "5060ti", 16, 15.48, 12.0, GpuSegment.Consumer, "16 GiB minus 0.52 GiB, the reserve logged on the RTX 5080 (16 -> 15.48)"),
        Derived("RTX 5070", "5070", 12, 11.48, 12.0, GpuSegment.Consumer, "nvidia-smi -q on an RTX 5070: FB total 12227 MiB, reserved 464 MiB -> 11763 MiB: https://github.com/shkhln/libc6-shim/issues/14"),
        Derived("RTX 5070 Ti", "5070ti", 16, 15.48, 12.0, GpuSegment.Consumer, "16 GiB minus 0.52 GiB, the reserve logged on the RTX 5080 (16 -> 15.48)"),
        Logged("RTX 5080", "5080", 16, 15.48, 12.0, GpuSegment.Consumer, "vLLM worker on 8 x RTX 5080, 'total capacity of 15.48 GiB': " + Vllm + "issues/14452"),
        Logged("RTX 5090", "5090", 32, 31.36, 12.0, GpuSegment.Consumer, "PyTorch 'total capacity of 31.36 GiB' on an RTX 5090: https://github.com/TrajectoryCrafter/TrajectoryCrafter/issues/20"),

        // Workstation.
        Logged("RTX A4000", "a4000", 16, 15.61, 8.6, GpuSegment.Workstation, "PyTorch 'total capacity of 15.61 GiB' on an RTX A4000: https://github.com/DengKaiCQ/VGGT-Long/issues/6"),
        Derived("RTX A5000", "a5000", 24, 23.68, 8.6, GpuSegment.Workstation, "the RTX 3090's 24 GB GA102 board (23.68 logged); ECC off, its default"),
        Logged("RTX A6000", "a6000", 48, 47.40, 8.6, GpuSegment.Workstation, "public code prints 'NVIDIA RTX A6000 (47.40 GB, Compute 8.6)' from torch total_memory (exact-string search; 47.4-47.5 elsewhere; no stable URL)"),
        Logged("RTX 6000 Ada", "6000ada", 48, 44.3, 8.9, GpuSegment.Workstation, VllmNotes + " (48 GB class with ECC, 44.34-44.52); 'total capacity of 44.43 GiB' at nvidia-smi 46068 MiB: https://github.com/DINGYANB/MTVCrafter/issues/21"),
        Derived("RTX PRO 6000 Blackwell", "pro6000blackwell", 96, 95.36, 12.0, GpuSegment.Workstation, "96 GiB minus 0.64 GiB, the reserve logged on the RTX 5090 (same GB202 die: 32 -> 31.36)", aliases: new[] { "pro6000" }),

        // Data centre. GDDR parts run with ECC, which takes 1/16 of the memory (L4: 24 GiB -> 22.03).
        Logged("T4", "t4", 16, 14.56, 7.5, GpuSegment.DataCenter, VllmNotes + ": CatVTON issue #133 (14.56, GCP); 14.74-14.76 elsewhere", aliases: new[] { "g4dn" }),
        Logged("V100 16GB", "v100", 16, 15.78, 7.0, GpuSegment.DataCenter, VllmNotes + ": Shift-GCN issue #34", aliases: new[] { "p3" }),
        Logged("V100 32GB", "v100", 32, 31.74, 7.0, GpuSegment.DataCenter, VllmNotes + ": ChatGLM-Finetuning issue #73", aliases: new[] { "p3dn" }),
        Derived("A10", "a10", 24, 22.0, 8.6, GpuSegment.DataCenter, "the A10G's 24 GB GDDR6 ECC class (22.06 logged), rounded down"),
        Logged("A10G", "a10g", 24, 22.06, 8.6, GpuSegment.DataCenter, VllmNotes + ": public benchmark log (same log: L4 22.04)", aliases: new[] { "g5" }),
        Logged("A30", "a30", 24, 23.53, 8.0, GpuSegment.DataCenter, "PyTorch 'total capacty of 23.53 GiB' on an A30: https://github.com/google/RB-Modulation/issues/5"),
        Logged("A40", "a40", 48, 44.42, 8.6, GpuSegment.DataCenter, VllmNotes + ": public logs naming the A40"),
        Logged("A100 40GB", "a100", 40, 39.39, 8.0, GpuSegment.DataCenter, VllmNotes + ": public logs 39.39-39.56; DenseCLIP issue #52 (39.59)", aliases: new[] { "p4d" }),
        Logged("A100 80GB", "a100", 80, 79.14, 8.0, GpuSegment.DataCenter, VllmNotes + ": A100 80GB PCIe log (79.14); OOTDiffusion issue #235 (79.25)", aliases: new[] { "p4de" }),
        Logged("A800 80GB", "a800", 80, 79.33, 8.0, GpuSegment.DataCenter, VllmNotes + ": PB-LLM issue #3"),
        Logged("L4", "l4", 24, 22.03, 8.9, GpuSegment.DataCenter, VllmNotes + ": 22.05 in a vLLM CI log, 23034 MiB in " + Vllm + "issues/4959", aliases: new[] { "g6", "gr6" }),
        Derived("L20", "l20", 48, 44.3, 8.9, GpuSegment.DataCenter, "the L40/L40S 48 GB GDDR6 ECC board class (44.3 kept for the class; L40 logs 44.40)"),
        Logged("L40", "l40", 48, 44.3, 8.9, GpuSegment.DataCenter, VllmNotes + " (48 GB class, 44.34-44.52); 'total capacity of 44.40 GiB' on an L40: https://github.com/QwenLM/Qwen3-VL/issues/2097"),
        Logged("L40S", "l40s", 48, 44.3, 8.9, GpuSegment.DataCenter, VllmNotes + " (48 GB class, 44.34-44.52)", aliases: new[] { "g6e" }),
        Logged("H20", "h20", 96, 95.0, 9.0, GpuSegment.DataCenter, "PyTorch 'total capacity of 95.00 GiB' on an H20 96G: https://github.com/modelscope/DiffSynth-Studio/issues/1238"),
        Logged("H100 80GB", "h100", 80, 79.19, 9.0, GpuSegment.DataCenter, VllmNotes + ": 'NVIDIA H100 80GB HBM3 (79.19 GiB total)', nvidia-smi 81559 MiB", forms: new[] { "sxm" }, aliases: new[] { "p5" }),
        Logged("H100 PCIe", "h100", 80, 79.19, 9.0, GpuSegment.DataCenter, VllmNotes + ": H100 SXM and PCIe both show 81559 MiB and 79.19 GiB", forms: new[] { "pcie" }),
        Derived("H100 NVL", "h100", 94, 93.04, 9.0, GpuSegment.DataCenter, "94 GB x 79.19/80, the H100 80GB's CUDA share of its marketing size", forms: new[] { "nvl" }, sizes: new[] { 96 }),
        Derived("H800", "h800", 80, 79.19, 9.0, GpuSegment.DataCenter, "the H100 SXM's 80 GB HBM3 (79.19 logged)"),
        Logged("H200", "h200", 141, 139.72, 9.0, GpuSegment.DataCenter, VllmNotes + ": H200 139.80/139.81 in public logs; '/139.72 GiB' start-up line in " + Vllm + "issues/23192", aliases: new[] { "p5e", "p5en" }),
        Logged("B200", "b200", 192, 178.36, 10.0, GpuSegment.DataCenter, VllmNotes + ": public log", sizes: new[] { 180 }, aliases: new[] { "p6b200" }),
        Derived("B300", "b300", 288, 285.38, 10.3, GpuSegment.DataCenter, "288 GB x 178.36/180, the B200's CUDA share of its 180 GB; not yet seen in a log"),
        Derived("GB200", "gb200", 186, 184.31, 10.0, GpuSegment.DataCenter, "186 GB x 178.36/180, the B200's CUDA share of its 180 GB (a CI script calls it a '186 GiB GB200': https://github.com/ai-dynamo/nixl/pull/2028)"),

        // Unified memory: the GPU shares a coherent memory with the CPU, and vLLM's start-up check sees the OS's use of it.
        Logged("GH200 96GB", "gh200", 96, 94.88, 9.0, GpuSegment.UnifiedMemory, "PyTorch 'total capacity of 94.88 GiB', nvidia-smi 97871 MiB on a GH200: https://github.com/Lightning-AI/litgpt/issues/1892",
            sizes: new[] { 480 }, note: "CUDA reports only the HBM; the Grace LPDDR5X is reached through --cpu-offload-gb or KV offloading, not through gpu-memory-utilization. vLLM treats it as unified memory for the start-up free-memory check (PR #35356)"),
        Logged("GH200 144GB", "gh200", 144, 142.5, 9.0, GpuSegment.UnifiedMemory, "vLLM 'Free memory on device cuda:0 (74.9/142.5 GiB) on startup' on a GH200: " + Vllm + "pull/35356",
            sizes: new[] { 624 }, note: "CUDA reports only the HBM; pages the OS keeps in the shared memory count as used in vLLM's start-up check unless vLLM detects the GPU as integrated (PR #35356)"),
        Logged("DGX Spark", "dgxspark", 128, 121.69, 12.1, GpuSegment.UnifiedMemory, "vLLM start-up check 'free 101.3-102.2 GiB of 121.69' on GB10: https://github.com/MiaAI-Lab/GLM-5.3-Flash-EXL3-2x-DGX-Sparks/issues/47; 121.69 GiB also in https://github.com/llamastash/llamastash/issues/80",
            aliases: new[] { "gb10" }, note: "one 128 GB LPDDR5X pool for CPU, OS and GPU: vLLM needs free >= gpu-memory-utilization x 121.69 GiB at start, and what the OS, page cache and other processes hold counts as used (" + Vllm + "issues/48140); people run 0.80-0.85"),

        // AMD Instinct (ROCm reports the HBM size minus about 0.02 GiB).
        Logged("MI210", "mi210", 64, 63.98, null, GpuSegment.AmdInstinct, "rocminfo pool 67092480 KB (63.98 GiB) on an MI210: https://github.com/ROCm/legacy-rocm-build/issues/3460"),
        Derived("MI250", "mi250", 64, 63.98, null, GpuSegment.AmdInstinct, "64 GiB HBM2e per GCD, as the MI210 (63.98 logged); the card is sold as 128 GB", sizes: new[] { 128 },
            note: "one card is two GCDs, each its own device with 64 GiB: vLLM sees two GPUs per card, so count GCDs in gpu_count"),
        Derived("MI250X", "mi250x", 64, 63.98, null, GpuSegment.AmdInstinct, "64 GiB HBM2e per GCD, as the MI210 (63.98 logged); the card is sold as 128 GB", sizes: new[] { 128 },
            note: "one card is two GCDs, each its own device with 64 GiB: vLLM sees two GPUs per card, so count GCDs in gpu_count"),
        Logged("MI300X", "mi300x", 192, 191.69, null, GpuSegment.AmdInstinct, VllmNotes + ": 191.69-191.98 (ROCm) in public logs"),
        Derived("MI325X", "mi325x", 256, 255.98, null, GpuSegment.AmdInstinct, "256 GiB HBM3E minus 0.02 GiB, the ROCm reserve seen on the MI300X (192 -> 191.98)"),
        Derived("MI355X", "mi355x", 288, 287.98, null, GpuSegment.AmdInstinct, "288 GiB HBM3E minus 0.02 GiB as on the MI300X; a benchmark script computes 0.95 x total = 273.6 GiB, i.e. 288: https://github.com/SemiAnalysisAI/InferenceX/pull/2522"),
    };

    private static readonly GpuSpec[] Gpus = Entries.Select(e => e.Spec).ToArray();

    /// <summary>Model key (and alias) to the entries written that way, in catalog order.</summary>
    private static readonly Dictionary<string, List<Entry>> ByKey = IndexByKey();

    public static IReadOnlyList<GpuSpec> All => Gpus;

    /// <summary>A short list of names for messages.</summary>
    public static string KnownNamesSummary =>
        "RTX 3090, RTX 4090, RTX 5090, L4, A10G, T4, L40S, RTX A6000, A100-40GB, A100-80GB, H100-80GB, H200, B200, MI300X; all in docs/gpus.md";

    /// <summary>Finds a GPU by any common spelling; false for names it does not know (it never guesses a model).</summary>
    /// <remarks>A bare size ("24GB") names the class: the catalog's GPU of that marketing size with the lowest CUDA total.</remarks>
    public static bool TryFind(string? name, [NotNullWhen(true)] out GpuSpec? gpu)
    {
        gpu = null;
        if (string.IsNullOrWhiteSpace(name))
        {
            return false;
        }

        var parsed = Parse(name!);
        if (parsed.Key.Length == 0)
        {
            gpu = parsed.Memory is { } size && parsed.Forms.Count == 0 ? SizeClass(size) : null;
            return gpu is not null;
        }

        if (!ByKey.TryGetValue(parsed.Key, out var candidates))
        {
            return false;
        }

        IEnumerable<Entry> matching = candidates;
        if (parsed.Memory is { } gb)
        {
            matching = matching.Where(e => e.Sizes.Contains(gb));
        }

        foreach (var form in parsed.Forms)
        {
            // A form factor only chooses between entries that declare one (H100 SXM / PCIe / NVL); elsewhere it is noise.
            if (candidates.Any(e => e.Forms.Count > 0))
            {
                matching = matching.Where(e => e.Forms.Contains(form));
            }
        }

        gpu = matching.FirstOrDefault()?.Spec;
        return gpu is not null;
    }

    /// <summary>Catalog names close to an unknown one: sharing a model word, or a small edit away, nearest first.</summary>
    public static IReadOnlyList<string> CloseNames(string? name, int max = 4)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return Array.Empty<string>();
        }

        var parsed = Parse(name!);
        // Only model numbers count as shared words: "Ti" or "Ada" alone say little.
        var words = new HashSet<string>(parsed.ModelWords.Where(w => w.Any(char.IsDigit)), StringComparer.Ordinal);
        return Entries
            .Select((e, order) =>
            {
                var distance = parsed.Key.Length == 0 ? int.MaxValue : Math.Min(Distance(parsed.Key, e.Key), e.Aliases.Select(a => Distance(parsed.Key, a)).DefaultIfEmpty(int.MaxValue).Min());
                var shared = e.ModelWords.Any(words.Contains);
                var close = shared || distance <= Math.Max(1, parsed.Key.Length / 3);
                return (e.Spec.Name, close, shared, distance, order);
            })
            .Where(x => x.close)
            .OrderBy(x => x.shared ? 0 : 1)
            .ThenBy(x => x.distance)
            .ThenBy(x => x.order)
            .Take(max)
            .Select(x => x.Name)
            .ToList();
    }

    /// <summary>"unknown GPU 'RTX 4070 Super'; close: RTX 4070, RTX 4070 Ti" (or the known names when nothing is close).</summary>
    public static string UnknownMessage(string? name)
    {
        var close = CloseNames(name);
        return close.Count > 0
            ? $"unknown GPU '{Settings.ValueRanges.Shorten(name)}'; close: {string.Join(", ", close)}"
            : $"unknown GPU '{Settings.ValueRanges.Shorten(name)}'; known: {KnownNamesSummary}";
    }

    private static GpuSpec? SizeClass(int gb)
    {
        var members = Gpus.Where(g => Math.Abs(g.MarketingGb - gb) < 0.5).ToList();
        if (members.Count == 0)
        {
            return null;
        }

        var lowest = members.OrderBy(g => g.CudaTotalGiB).First();
        var capabilities = members.Where(g => g.ComputeCapability is not null).Select(g => g.ComputeCapability!.Value).ToList();
        return lowest with
        {
            Name = gb.ToString(CultureInfo.InvariantCulture) + " GB GPU",
            ComputeCapability = capabilities.Count > 0 ? capabilities.Min() : null,
            Origin = GpuTotalOrigin.Derived,
            Source = $"the lowest CUDA total among the catalog's {gb} GB GPUs ({lowest.Name}: {lowest.CudaTotalGiB.ToString("0.00", CultureInfo.InvariantCulture)} GiB)",
            Aliases = Array.Empty<string>(),
            Note = null,
        };
    }

    private static Parsed Parse(string name)
    {
        var modelWords = new List<string>();
        var forms = new List<string>();
        int? memory = null;
        var words = Words(name).ToList();
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];

            // "24 GB", "80 G": a number and its unit written apart.
            if (i + 1 < words.Count && words[i + 1] is "gb" or "g" or "gib" && word.All(char.IsDigit))
            {
                word += "gb";
                i++;
            }

            if (Noise.Contains(word) || IsInstanceSize(word))
            {
                continue;
            }

            if (FormWord(word) is { } form)
            {
                forms.Add(form);
            }
            else if (MemoryWord(word, modelWords.Count > 0) is { } gb)
            {
                memory = gb;
            }
            else
            {
                modelWords.Add(word);
            }
        }

        return new Parsed(string.Concat(modelWords), modelWords, memory, forms);
    }

    /// <summary>"80gb", "80g", "80gib", and a bare "80" after a model word, as marketing GB.</summary>
    private static int? MemoryWord(string word, bool afterModel)
    {
        var digits = word.EndsWith("gib", StringComparison.Ordinal) ? word.Substring(0, word.Length - 3)
            : word.EndsWith("gb", StringComparison.Ordinal) ? word.Substring(0, word.Length - 2)
            : word.EndsWith("g", StringComparison.Ordinal) ? word.Substring(0, word.Length - 1)
            : afterModel ? word
            : "";
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var gb) && gb is >= 4 and <= 1024 && digits.Length < 4 ? gb : null;
    }

    private static string? FormWord(string word) =>
        word.StartsWith("sxm", StringComparison.Ordinal) && word.Skip(3).All(char.IsDigit) ? "sxm"
        : word is "pcie" or "nvl" ? word
        : null;

    /// <summary>EC2 instance sizes ("12xlarge", "metal") after an instance family such as g5 or p4d.</summary>
    private static bool IsInstanceSize(string word) =>
        word.EndsWith("xlarge", StringComparison.Ordinal) && word.Substring(0, word.Length - "xlarge".Length).All(char.IsDigit);

    private static IEnumerable<string> Words(string name)
    {
        var current = new System.Text.StringBuilder();
        foreach (var c in name.ToLowerInvariant() + " ")
        {
            if (char.IsLetterOrDigit(c))
            {
                current.Append(c);
            }
            else if (current.Length > 0)
            {
                var word = current.ToString();
                current.Clear();

                // "RTX4090", "rtxa6000", "GTX1660Ti": the line name glued to the model.
                foreach (var prefix in new[] { "rtx", "gtx" })
                {
                    if (word.Length > prefix.Length + 1 && word.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        word = word.Substring(prefix.Length);
                    }
                }

                yield return word;
            }
        }
    }

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }

    private static Dictionary<string, List<Entry>> IndexByKey()
    {
        var index = new Dictionary<string, List<Entry>>(StringComparer.Ordinal);
        foreach (var entry in Entries)
        {
            foreach (var key in new[] { entry.Key }.Concat(entry.Aliases))
            {
                if (!index.TryGetValue(key, out var list))
                {
                    index[key] = list = new List<Entry>();
                }

                list.Add(entry);
            }
        }

        return index;
    }

    private static Entry Logged(string name, string key, int marketingGb, double cudaGiB, double? computeCapability, GpuSegment segment, string source,
        string[]? forms = null, int[]? sizes = null, string[]? aliases = null, string? note = null) =>
        new(name, key, marketingGb, cudaGiB, computeCapability, segment, GpuTotalOrigin.Logged, source, forms, sizes, aliases, note);

    private static Entry Derived(string name, string key, int marketingGb, double cudaGiB, double? computeCapability, GpuSegment segment, string source,
        string[]? forms = null, int[]? sizes = null, string[]? aliases = null, string? note = null) =>
        new(name, key, marketingGb, cudaGiB, computeCapability, segment, GpuTotalOrigin.Derived, source, forms, sizes, aliases, note);

    private sealed class Entry
    {
        public Entry(string name, string key, int marketingGb, double cudaGiB, double? computeCapability, GpuSegment segment, GpuTotalOrigin origin, string source,
            string[]? forms, int[]? sizes, string[]? aliases, string? note)
        {
            Key = key;
            Forms = forms ?? Array.Empty<string>();
            Sizes = new HashSet<int> { marketingGb };
            foreach (var size in sizes ?? Array.Empty<int>())
            {
                Sizes.Add(size);
            }

            Aliases = aliases ?? Array.Empty<string>();
            ModelWords = Words(name).Where(w => w.Length >= 2 && !Noise.Contains(w) && MemoryWord(w, afterModel: false) is null).ToArray();
            Spec = new GpuSpec
            {
                Name = name,
                MarketingGb = marketingGb,
                CudaTotalGiB = cudaGiB,
                ComputeCapability = computeCapability,
                Segment = segment,
                Origin = origin,
                Source = source,
                Note = note,
                Aliases = Aliases,
            };
        }

        public string Key { get; }

        public IReadOnlyList<string> Forms { get; }

        public HashSet<int> Sizes { get; }

        public IReadOnlyList<string> Aliases { get; }

        /// <summary>The display name's model words, for "close" names.</summary>
        public string[] ModelWords { get; }

        public GpuSpec Spec { get; }
    }

    private sealed record Parsed(string Key, IReadOnlyList<string> ModelWords, int? Memory, IReadOnlyList<string> Forms);
}
