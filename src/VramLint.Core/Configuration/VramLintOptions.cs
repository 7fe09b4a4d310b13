using System.Globalization;
using VramLint.Core.Arguments;
using VramLint.Core.Diagnostics;
using VramLint.Core.Estimation;
using VramLint.Core.Gpus;
using VramLint.Core.Settings;

namespace VramLint.Core.Configuration;

/// <summary>
/// The typed VramLint configuration, read from the keys of <see cref="ConfigKeys"/>. Invalid values are kept
/// out of the options and reported in <see cref="Problems"/> (VRAM007) instead of being guessed.
/// </summary>
public sealed record VramLintOptions
{
    public static VramLintOptions Default { get; } = new();

    /// <summary>The GPU named by <c>vramlint.gpu</c>, when it is in the catalog.</summary>
    public GpuSpec? Gpu { get; init; }

    /// <summary><c>vramlint.gpu_memory</c> in GiB; overrides <see cref="Gpu"/>'s memory.</summary>
    public double? GpuMemoryGiB { get; init; }

    public int? GpuCount { get; init; }

    public int? GpusPerNode { get; init; }

    public EstimatorKind Estimator { get; init; } = EstimatorKind.Vllm;

    public VllmVersion VllmVersion { get; init; } = VllmVersion.Latest;

    /// <summary>True when vramlint.vllm_version (or --vllm-version) set <see cref="VllmVersion"/>; else a deployment's image tag may, and otherwise the newest release's behaviour is assumed and the findings say so.</summary>
    public bool VllmVersionDeclared { get; init; }

    /// <summary>The sampler kernel vLLM runs (<c>vramlint.vllm_sampler</c>); PyTorch's, the larger warm-up, unless declared.</summary>
    public VllmSampler Sampler { get; init; } = VllmSampler.PyTorch;

    /// <summary>True when vramlint.vllm_sampler (or --vllm-sampler) set <see cref="Sampler"/>.</summary>
    public bool SamplerDeclared { get; init; }

    /// <summary>Blog estimator: fixed overhead per GPU in GiB (seed S5).</summary>
    public double OverheadGiB { get; init; } = 3.0;

    /// <summary>Blog estimator: startup peak multiplier (seed S6; 1.30 is the only value under which S7 and S8 both hold).</summary>
    public double StartupPeakFactor { get; init; } = 1.30;

    /// <summary>Configured severities by diagnostic ID (absent = default).</summary>
    public IReadOnlyDictionary<string, ReportSeverity> Severities { get; init; } = new Dictionary<string, ReportSeverity>();

    /// <summary>VRAM007 findings for configuration values that could not be used, naming key, value and what was expected.</summary>
    public IReadOnlyList<Finding> Problems { get; init; } = Array.Empty<Finding>();

    /// <summary>True when a GPU memory size is declared (by name or size).</summary>
    public bool HasCapacity => Gpu is not null || GpuMemoryGiB is not null;

    public ReportSeverity SeverityOf(string id) => Severities.TryGetValue(id, out var s) ? s : ReportSeverity.Default;

    /// <summary>The severity a finding is reported with under this configuration; null when configured none or silent.</summary>
    public FindingSeverity? EffectiveSeverity(string id) => SeverityOf(id) switch
    {
        ReportSeverity.None or ReportSeverity.Hidden => null,
        ReportSeverity.Info => FindingSeverity.Info,
        ReportSeverity.Warning => FindingSeverity.Warning,
        ReportSeverity.Error => FindingSeverity.Error,
        _ => DiagnosticIds.Get(id).DefaultSeverity,
    };

    /// <summary>
    /// Reads the options from a key lookup (Roslyn's AnalyzerConfigOptions, a parsed .globalconfig, CLI flags).
    /// Keys are matched lower-cased, as the SDK does. <paramref name="locate"/> gives the location of a key's value for problems.
    /// </summary>
    public static VramLintOptions FromLookup(Func<string, string?> lookup, Func<string, SourceLocation?>? locate = null)
    {
        var problems = new List<Finding>();
        var options = new VramLintOptions();

        void Problem(string key, string value, string expected) =>
            problems.Add(new Finding(
                DiagnosticIds.InvalidValue,
                $"'{key} = {ValueRanges.Shorten(value)}' is not valid: expected {expected}; the key is ignored",
                setting: null,
                location: locate?.Invoke(key)));

        // A key written with no value is a mistake to report, not a key to ignore.
        string? Get(string key)
        {
            var v = lookup(key);
            return v is null ? null : v.Trim();
        }

        if (Get(ConfigKeys.Gpu) is { } gpuName)
        {
            if (GpuCatalog.TryFind(gpuName, out var gpu))
            {
                options = options with { Gpu = gpu };
            }
            else
            {
                Problem(ConfigKeys.Gpu, gpuName, GpuCatalog.CloseNames(gpuName) is { Count: > 0 } close
                    ? "a GPU from the catalog (close: " + string.Join(", ", close) + ") or vramlint.gpu_memory"
                    : "a GPU from the catalog (" + GpuCatalog.KnownNamesSummary + ") or vramlint.gpu_memory");
            }
        }

        if (Get(ConfigKeys.GpuMemory) is { } memory)
        {
            if (MemorySize.TryParseGiB(memory, out var gib) && gib > 0 && gib <= ValueRanges.MaxGpuMemoryGiB)
            {
                options = options with { GpuMemoryGiB = gib };
            }
            else
            {
                Problem(ConfigKeys.GpuMemory, memory, $"a positive size up to {Numbers.Int((long)ValueRanges.MaxGpuMemoryGiB)} GiB such as 24GiB, 80GB, 24576MiB or 23.64 (GiB)");
            }
        }

        if (Get(ConfigKeys.GpuCount) is { } count)
        {
            if (GpuRequest.ParseCount(count, out _) is { } n)
            {
                options = options with { GpuCount = n };
            }
            else
            {
                Problem(ConfigKeys.GpuCount, count, $"a whole number of GPUs from 1 to {Numbers.Int(ValueRanges.MaxGpus)}");
            }
        }

        if (Get(ConfigKeys.GpusPerNode) is { } perNode)
        {
            if (GpuRequest.ParseCount(perNode, out _) is { } n)
            {
                options = options with { GpusPerNode = n };
            }
            else
            {
                Problem(ConfigKeys.GpusPerNode, perNode, $"a whole number of GPUs per node from 1 to {Numbers.Int(ValueRanges.MaxGpus)}");
            }
        }

        if (Get(ConfigKeys.Estimator) is { } estimator)
        {
            switch (estimator.ToLowerInvariant())
            {
                case "vllm":
                    options = options with { Estimator = EstimatorKind.Vllm };
                    break;
                case "blog":
                    options = options with { Estimator = EstimatorKind.Blog };
                    break;
                default:
                    Problem(ConfigKeys.Estimator, estimator, "'vllm' or 'blog'");
                    break;
            }
        }

        if (Get(ConfigKeys.VllmVersion) is { } version)
        {
            if (VllmVersion.TryParse(version, out var v))
            {
                options = options with { VllmVersion = v, VllmVersionDeclared = true };
            }
            else
            {
                Problem(ConfigKeys.VllmVersion, version, "a vLLM release such as 0.21");
            }
        }

        if (Get(ConfigKeys.VllmSampler) is { } sampler)
        {
            switch (sampler.ToLowerInvariant())
            {
                case "pytorch":
                    options = options with { Sampler = VllmSampler.PyTorch, SamplerDeclared = true };
                    break;
                case "flashinfer":
                    options = options with { Sampler = VllmSampler.FlashInfer, SamplerDeclared = true };
                    break;
                default:
                    Problem(ConfigKeys.VllmSampler, sampler, "'pytorch' or 'flashinfer' (the start-up log says which: 'Using FlashInfer for top-p & top-k sampling')");
                    break;
            }
        }

        if (Get(ConfigKeys.Overhead) is { } overhead)
        {
            if (MemorySize.TryParseGiB(overhead, out var gib) && gib >= 0 && gib <= ValueRanges.MaxGpuMemoryGiB)
            {
                options = options with { OverheadGiB = gib };
            }
            else
            {
                Problem(ConfigKeys.Overhead, overhead, "a size such as 3GiB (0 or more)");
            }
        }

        if (Get(ConfigKeys.StartupPeakFactor) is { } factor)
        {
            if (ValueRanges.TryParseFinite(factor, out var f) && f >= 1.0 && f <= 3.0)
            {
                options = options with { StartupPeakFactor = f };
            }
            else
            {
                Problem(ConfigKeys.StartupPeakFactor, factor, "a multiplier between 1.0 and 3.0, such as 1.25");
            }
        }

        var severities = new Dictionary<string, ReportSeverity>(StringComparer.OrdinalIgnoreCase);
        foreach (var info in DiagnosticIds.All)
        {
            var key = ConfigKeys.Severity(info.Id);
            if (Get(key) is { } text)
            {
                if (TryParseSeverity(text, out var severity))
                {
                    severities[info.Id] = severity;
                }
                else
                {
                    Problem(key, text, "none, silent, suggestion, warning, error or default");
                }
            }
        }

        return options with { Severities = severities, Problems = problems };
    }

    /// <summary>Parses an editorconfig severity word the way the compiler does.</summary>
    public static bool TryParseSeverity(string text, out ReportSeverity severity)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "default":
                severity = ReportSeverity.Default;
                return true;
            case "none":
                severity = ReportSeverity.None;
                return true;
            case "silent":
            case "hidden":
            case "refactoring":
                severity = ReportSeverity.Hidden;
                return true;
            case "suggestion":
            case "info":
                severity = ReportSeverity.Info;
                return true;
            case "warning":
                severity = ReportSeverity.Warning;
                return true;
            case "error":
                severity = ReportSeverity.Error;
                return true;
            default:
                severity = ReportSeverity.Default;
                return false;
        }
    }
}
