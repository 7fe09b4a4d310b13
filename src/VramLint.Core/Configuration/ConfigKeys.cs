namespace VramLint.Core.Configuration;

/// <summary>The <c>.globalconfig</c>/<c>.editorconfig</c> keys every front end reads (design.md section 2).</summary>
public static class ConfigKeys
{
    public const string Gpu = "vramlint.gpu";
    public const string GpuMemory = "vramlint.gpu_memory";
    public const string GpuCount = "vramlint.gpu_count";
    public const string GpusPerNode = "vramlint.gpus_per_node";
    public const string Estimator = "vramlint.estimator";
    public const string VllmVersion = "vramlint.vllm_version";

    /// <summary>The sampler kernel vLLM runs, <c>pytorch</c> or <c>flashinfer</c> (<see cref="Settings.VllmSampler"/>).</summary>
    public const string VllmSampler = "vramlint.vllm_sampler";
    public const string Overhead = "vramlint.overhead";
    public const string StartupPeakFactor = "vramlint.startup_peak_factor";

    /// <summary>Folders (';'-separated, relative to the config file) holding checked-in model facts as &lt;org&gt;/&lt;name&gt;/config.json (design.md section 7).</summary>
    public const string ModelDirs = "vramlint.model_dirs";

    public static IReadOnlyList<string> All { get; } = new[]
    {
        Gpu, GpuMemory, GpuCount, GpusPerNode, Estimator, VllmVersion, VllmSampler, Overhead, StartupPeakFactor, ModelDirs,
    };

    /// <summary>The standard severity key for one diagnostic ID.</summary>
    public static string Severity(string diagnosticId) => "dotnet_diagnostic." + diagnosticId.ToLowerInvariant() + ".severity";
}
