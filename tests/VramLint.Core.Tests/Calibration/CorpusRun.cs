using System.Globalization;
using System.Reflection;
using System.Text.Json;
using VramLint.Core.Settings;

namespace VramLint.Core.Tests.Calibration;

/// <summary>
/// One public vLLM start-up observation of Corpus/vllm-runs.json: the settings written, the figures vLLM printed per term
/// and the outcome, each null when the source does not show it. Figures are GiB per GPU.
/// </summary>
public sealed record CorpusRun
{
    public string Id { get; init; } = "";

    public string Source { get; init; } = "";

    public string? VllmVersion { get; init; }

    public string? Engine { get; init; }

    public string? Gpu { get; init; }

    public int? GpuCount { get; init; }

    public double? GpuTotalGib { get; init; }

    public string? Model { get; init; }

    /// <summary>A catalog model with the same architecture (a fine-tune, a renamed checkpoint, or inferred from the logged figures; the note says which).</summary>
    public string? ArchitectureOf { get; init; }

    public string? Kind { get; init; }

    public int? Tp { get; init; }

    public int? Pp { get; init; }

    public int? MaxModelLen { get; init; }

    public int? MaxNumSeqs { get; init; }

    public int? MaxNumBatchedTokens { get; init; }

    public double? GpuMemoryUtilization { get; init; }

    public string? Dtype { get; init; }

    public string? Quantization { get; init; }

    public string? KvCacheDtype { get; init; }

    public bool? EnforceEager { get; init; }

    public bool? ChunkedPrefill { get; init; }

    /// <summary>The top-p/top-k kernel the log names: "flashinfer" ("Using FlashInfer for top-p &amp; top-k sampling"), "pytorch" (the PyTorch-native fallback), null when not shown.</summary>
    public string? Sampler { get; init; }

    /// <summary>serve (the OpenAI server) or llm (the Python LLM class, whose default batch is larger).</summary>
    public string? EntryPoint { get; init; }

    public double? WeightsGib { get; init; }

    public double? ActivationGib { get; init; }

    public double? NonTorchGib { get; init; }

    /// <summary>"process" where the figure counts from process start (vLLM 0.6.5's overhaul PR: CUDA context and NCCL included), not from the profile run.</summary>
    public string? NonTorchScope { get; init; }

    /// <summary>V0 0.6.4's peak_torch_memory: weights plus the activation peak.</summary>
    public double? TorchPeakGib { get; init; }

    public double? KvCacheGib { get; init; }

    public int? GpuBlocks { get; init; }

    public int? BlockSize { get; init; }

    public long? KvTokens { get; init; }

    public double? MaxConcurrency { get; init; }

    public int? ConcurrencyLen { get; init; }

    public double? CudaGraphGib { get; init; }

    public double? FreeAtStartGib { get; init; }

    public string Outcome { get; init; } = "";

    public string? Quote { get; init; }

    public string? Note { get; init; }

    /// <summary>The activation peak vLLM printed, or the 0.6.4 torch peak minus the weights it printed beside it.</summary>
    public double? ObservedActivationGib => ActivationGib ?? (TorchPeakGib - WeightsGib);

    public bool Started => Outcome == "started";

    public bool Failed => Outcome is not ("started" or "unknown");

    /// <summary>The note marks what VramLint does not model (a drafter, LoRA, decode context parallel, a non-CUDA KV format).</summary>
    public bool HasUnmodelledFeature => Note?.IndexOf("unmodelled", StringComparison.Ordinal) >= 0;

    /// <summary>
    /// The release the run used: "0.6.4", "0.11.x" and ">=0.21" give 0.6, 0.11 and 0.21; null when not shown.
    /// </summary>
    public VllmVersion? Version =>
        VllmVersion is { } text && VramLint.Core.Settings.VllmVersion.TryParse(text.TrimStart('>', '='), out var v) ? v : null;

    /// <summary>
    /// Held out of the fit: a deterministic quarter of the sources (FNV-1a of the source link), so every record of one
    /// source falls on the same side.
    /// </summary>
    public bool HeldOut => Fnv1a(Source) % 4 == 0;

    public static uint Fnv1a(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return hash;
    }

    public override string ToString() => Id;
}

/// <summary>Reads the corpus embedded in the test assembly.</summary>
public static class Corpus
{
    private static readonly Lazy<IReadOnlyList<CorpusRun>> Loaded = new(Load);

    public static IReadOnlyList<CorpusRun> Runs => Loaded.Value;

    private static IReadOnlyList<CorpusRun> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Calibration.Corpus.vllm-runs.json")
            ?? throw new InvalidOperationException("The corpus resource Calibration.Corpus.vllm-runs.json is not embedded.");
        using var document = JsonDocument.Parse(stream);
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
        return document.RootElement.GetProperty("runs").EnumerateArray()
            .Select(e => e.Deserialize<CorpusRun>(options) ?? throw new InvalidOperationException("null run"))
            .ToList();
    }

    /// <summary>Era of the memory accounting: V0 (before 0.8, or the V0 engine), V1 0.8-0.10, V1 0.11-0.20, V1 0.21+ (graphs in the budget), V1 release not shown.</summary>
    public static string Era(CorpusRun run) => run.Engine == "V0" ? "V0"
        : run.Version is not { } v ? "V1 release not shown"
        : v < new VllmVersion(0, 11) ? "V1 0.8-0.10"
        : v < VllmVersion.V0_21 ? "V1 0.11-0.20"
        : "V1 0.21+";

    /// <summary>GPU class as the brief groups them.</summary>
    public static string GpuClass(CorpusRun run)
    {
        var g = (run.Gpu ?? "").ToUpperInvariant();
        return g switch
        {
            "" => "not named",
            _ when g.Contains("MI2") || g.Contains("MI3") || g.Contains("AMD") => "AMD",
            _ when g.Contains("GB10") || g.Contains("JETSON") || g.Contains("STRIX") || g.Contains("XPU") => "unified memory / other",
            _ when g.Contains("B200") || g.Contains("B300") => "B200-B300",
            _ when g.Contains("H100") || g.Contains("H200") || g.Contains("H20") => "H100-H200",
            _ when g.Contains("A100") => "A100",
            _ when g.Contains("L4") || g.Contains("A10") || g.Contains("L40") || g.Contains("48 GB") || g.Contains("A40") => "A10-L4-L40S",
            _ when g.Contains("T4") || g.Contains("V100") || g.Contains("TURING") => "T4-V100",
            _ => "consumer / workstation",
        };
    }

    public static string Invariant(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
