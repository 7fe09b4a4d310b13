using VramLint.Core.Diagnostics;
using VramLint.Core.Settings;

namespace VramLint.Core.Arguments;

/// <summary>The result of reading a vLLM command line: typed settings, where each came from, and what was wrong.</summary>
public sealed record ParsedArguments
{
    public ParsedArguments(
        DeploymentSettings settings,
        IReadOnlyDictionary<string, SettingOccurrence> occurrences,
        IReadOnlyList<Finding> problems,
        bool isVllmCommand,
        IReadOnlyCollection<string>? invalidSettings = null)
    {
        Settings = settings;
        Occurrences = occurrences;
        Problems = problems;
        IsVllmCommand = isVllmCommand;
        InvalidSettings = invalidSettings ?? Array.Empty<string>();
    }

    /// <summary>GPUs a container command requests itself (<c>docker run --gpus 2</c>); null when it does not say.</summary>
    public int? GpuCount { get; init; }

    public SourceLocation? GpuCountLocation { get; init; }

    /// <summary>Nothing written: every setting at vLLM's default.</summary>
    public static ParsedArguments Empty { get; } = new(DeploymentSettings.Empty, new Dictionary<string, SettingOccurrence>(), Array.Empty<Finding>(), false);

    /// <summary>Settings written with a value vLLM would reject: unknown, so no verdict may depend on them.</summary>
    public IReadOnlyCollection<string> InvalidSettings { get; }

    /// <summary>The typed settings (null members were not written and take vLLM's defaults).</summary>
    public DeploymentSettings Settings { get; }

    /// <summary>The occurrence that won (the last one) for each canonical setting name; the model is under "model".</summary>
    public IReadOnlyDictionary<string, SettingOccurrence> Occurrences { get; }

    /// <summary>VRAM007 findings for values vLLM would reject or silently ignore, each at its token.</summary>
    public IReadOnlyList<Finding> Problems { get; }

    /// <summary>True when the words were recognizably a vLLM server command (vllm serve, api_server module, or engine flags).</summary>
    public bool IsVllmCommand { get; }

    public SettingOccurrence? Find(string name) => Occurrences.TryGetValue(name, out var occurrence) ? occurrence : null;
}
