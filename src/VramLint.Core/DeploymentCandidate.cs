using VramLint.Core.Arguments;
using VramLint.Core.Diagnostics;
using VramLint.Core.Settings;

namespace VramLint.Core;

/// <summary>
/// A vLLM deployment as any front end finds it, before Core checks it: its name, where it is declared, the GPU facts it
/// states beside its command (a container's GPU request, pinned devices, a GPU type or memory), the image, and the
/// problems met while reading it. The C# analyzer and the YAML linter each derive one that knows how its command was
/// read; GPU requests are parsed here, by Core's one parser, and findings are placed by <see cref="Place"/>, the one rule.
/// </summary>
public abstract class DeploymentCandidate
{
    protected DeploymentCandidate(string name, SourceOrigin anchor)
    {
        Name = name;
        Anchor = anchor;
    }

    /// <summary>A short name for messages ("service 'llm'", "container 'vllm'", "process").</summary>
    public string Name { get; }

    /// <summary>Where to report what has no more precise place: the call, service, container or file that declares it.</summary>
    public SourceOrigin Anchor { get; }

    public int? GpuCount { get; set; }

    /// <summary>The value that states <see cref="GpuCount"/>, when a fix may rewrite it (a count, not a device list).</summary>
    public SourceLocation? GpuCountLocation { get; set; }

    public string? GpuType { get; set; }

    public SourceLocation? GpuTypeLocation { get; set; }

    public IReadOnlyList<string>? GpuDevices { get; set; }

    /// <summary>Memory per GPU the deployment states without naming a GPU (dstack <c>gpu: 24GB</c>), in GiB.</summary>
    public double? GpuMemoryGiB { get; set; }

    /// <summary>The container image with its tag (vllm/vllm-openai:v0.10.1), when named; Core reads the vLLM release from the tag.</summary>
    public string? Image { get; set; }

    /// <summary>VRAM007 findings for values that are not what their place expects, each at the value.</summary>
    public List<(Finding Finding, SourceOrigin At)> Problems { get; } = new();

    /// <summary>The deployment as Core checks it; null when it is not a vLLM deployment or cannot be checked.</summary>
    public abstract DeploymentInput? ToInput();

    /// <summary>Where a finding of this deployment lands (<see cref="FindingPlacement.Place"/>).</summary>
    public SourceRange Place(Finding finding, DeploymentInput input) => FindingPlacement.Place(finding, input, Anchor);

    /// <summary>
    /// A GPU count written as a number (<c>nvidia.com/gpu: 2</c>, <c>count: 2</c>), read by Core's one parser; a value that
    /// is not one is a VRAM007 at the value. A template or variable is not a wrong value: it is resolved elsewhere.
    /// </summary>
    public bool RequestGpuCount(string value, SourceLocation? at, SourceOrigin? problemAt, string key)
    {
        if (GpuRequest.ParseCount(value, out var problem) is { } n)
        {
            GpuCount = n;
            GpuCountLocation = at;
            return true;
        }

        if (value.IndexOf("${", StringComparison.Ordinal) < 0 && value.IndexOf("{{", StringComparison.Ordinal) < 0)
        {
            Problems.Add((new Finding(DiagnosticIds.InvalidValue, $"'{key}': {problem}; the GPU count is not used", SettingNames.GpuCount), problemAt ?? Anchor));
        }

        return false;
    }

    /// <summary>
    /// A container tool's GPU request (<c>--gpus 2</c>, <c>--gpus device=0,1</c>, <c>--gpus all</c>): a count, or the devices it
    /// pins (then the count is theirs, and no fix can grow it by a number); <c>all</c> leaves it to the host.
    /// </summary>
    public void RequestGpus(string value, SourceLocation? at, SourceOrigin? problemAt, string key)
    {
        var text = value.Trim().Trim('"', '\'');
        if (text.Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        // Docker reads a bare word as a count; devices are named with "device=".
        if (text.StartsWith("device=", StringComparison.OrdinalIgnoreCase) && GpuRequest.Devices(text) is { } devices)
        {
            GpuDevices = devices;
            GpuCount = devices.Count;
            GpuCountLocation = null;
            return;
        }

        RequestGpuCount(value, at, problemAt, key);
    }

    /// <summary>
    /// The GPUs of a whole group (a Ray cluster's pods x replicas x hosts, a LeaderWorkerSet's leader and workers): no one
    /// value states them, so no fix can rewrite them; a total beyond any real deployment is a VRAM007 at the group.
    /// </summary>
    public void RequestTotalGpus(long total, SourceOrigin at, string what)
    {
        GpuCountLocation = null;
        if (total >= 1 && total <= ValueRanges.MaxGpus)
        {
            GpuCount = (int)total;
            return;
        }

        GpuCount = null;
        Problems.Add((new Finding(DiagnosticIds.InvalidValue, $"{what} requests {Numbers.Int(total)} GPUs: expected 1 to {Numbers.Int(ValueRanges.MaxGpus)}; the GPU count is not used", SettingNames.GpuCount), at));
    }

    /// <summary>CUDA_VISIBLE_DEVICES pins the deployment to those GPUs and, when nothing else says how many, to that many.</summary>
    public void PinVisibleDevices(string? devices)
    {
        if (devices is { } text && GpuRequest.Devices("device=" + text) is { } list)
        {
            GpuDevices = list;
            GpuCount ??= list.Count;
        }
    }

    /// <summary>The input for Core: the command's arguments with the GPU facts stated beside them, which win over the command's own.</summary>
    protected DeploymentInput Input(ParsedArguments arguments) => new(arguments)
    {
        GpuCount = GpuCount ?? arguments.GpuCount,
        GpuCountLocation = GpuCountLocation ?? arguments.GpuCountLocation,
        GpuType = GpuType,
        GpuTypeLocation = GpuTypeLocation,
        GpuDevices = GpuDevices,
        Name = Name,
        Image = Image,
    };
}
