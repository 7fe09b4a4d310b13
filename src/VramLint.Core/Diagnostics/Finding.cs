using VramLint.Core.Arguments;

namespace VramLint.Core.Diagnostics;

public enum FindingSeverity
{
    Info,
    Warning,
    Error,
}

/// <summary>
/// One verdict about one deployment. Front ends turn it into a diagnostic located on
/// <see cref="Setting"/>'s value (or on <see cref="Location"/> when Core already knows the token).
/// </summary>
public sealed class Finding
{
    public Finding(string id, string message, string? setting = null, SourceLocation? location = null, IReadOnlyList<SettingFix>? fixes = null)
    {
        Id = id;
        Message = message;
        Setting = setting;
        Location = location;
        Fixes = fixes ?? Array.Empty<SettingFix>();
    }

    public string Id { get; }

    /// <summary>The default severity of <see cref="Id"/>; front ends apply the user's configuration.</summary>
    public FindingSeverity Severity => DiagnosticIds.Get(Id).DefaultSeverity;

    /// <summary>The message, with the arithmetic, ready to print.</summary>
    public string Message { get; }

    /// <summary>
    /// The setting responsible, as a canonical vLLM flag name without dashes ("max-model-len"),
    /// or one of the <see cref="SettingNames"/> pseudo settings ("model", "gpu-count"); null for the deployment as a whole.
    /// </summary>
    public string? Setting { get; }

    /// <summary>Where Core already knows the culprit (a token of the argument list); null otherwise.</summary>
    public SourceLocation? Location { get; }

    /// <summary>Changes that would make the deployment fit, best first; empty when nothing fits.</summary>
    public IReadOnlyList<SettingFix> Fixes { get; }

    public override string ToString() => Id + ": " + Message;
}

/// <summary>A fix computed by Core's fix search: set <see cref="Setting"/> to <see cref="Value"/>.</summary>
public sealed class SettingFix
{
    public SettingFix(string diagnosticId, string setting, string value, string title, int? gpuCount = null)
    {
        DiagnosticId = diagnosticId;
        Setting = setting;
        Value = value;
        Title = title;
        GpuCount = gpuCount;
    }

    /// <summary>The diagnostic this fix resolves.</summary>
    public string DiagnosticId { get; }

    /// <summary>Canonical flag name without dashes, e.g. "tensor-parallel-size".</summary>
    public string Setting { get; }

    /// <summary>The new value, formatted as it should be written.</summary>
    public string Value { get; }

    /// <summary>Human title with the numbers, e.g. "Raise tensor-parallel-size to 4 (per GPU 15.3 of 21.7 GiB)".</summary>
    public string Title { get; }

    /// <summary>When raising parallelism needs more GPUs: the GPU count the deployment must request.</summary>
    public int? GpuCount { get; }
}
