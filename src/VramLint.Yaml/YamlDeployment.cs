using VramLint.Core;
using VramLint.Core.Arguments;

namespace VramLint.Yaml;

/// <summary>A vLLM deployment found in a YAML document.</summary>
internal sealed class YamlDeployment
{
    public YamlDeployment(string name, YamlOrigin anchor, ParsedArguments? arguments)
    {
        Name = name;
        Anchor = anchor;
        Arguments = arguments;
    }

    public string Name { get; }

    /// <summary>Where to report what has no more precise place: the service, container or file.</summary>
    public YamlOrigin Anchor { get; }

    /// <summary>The whole text the deployment was read from, when wider than <see cref="Anchor"/> (a compose service's body).</summary>
    public YamlOrigin? Extent { get; set; }

    /// <summary>Null when a templated or mistyped value makes the command unknowable: then no verdict.</summary>
    public ParsedArguments? Arguments { get; }

    /// <summary>VRAM007 findings for values of the wrong YAML type (a mapping where a list or string belongs).</summary>
    public List<(Core.Diagnostics.Finding Finding, YamlOrigin At)> Problems { get; } = new();

    /// <summary>Reports each part that is a mapping where a list of strings or one command string belongs.</summary>
    public void CheckCommandTypes(YamlNodes nodes, params (string Key, YamlDotNet.RepresentationModel.YamlNode? Node)[] parts)
    {
        foreach (var (key, node) in parts)
        {
            if (node is YamlDotNet.RepresentationModel.YamlMappingNode)
            {
                Problems.Add((new Core.Diagnostics.Finding(Core.Diagnostics.DiagnosticIds.InvalidValue, $"'{key}' is a mapping: expected a list of strings or one command string; the deployment was not checked"), nodes.Origin(node)));
            }
        }
    }

    /// <summary>The GPU count of a Kubernetes-style <c>resources</c> block: <c>nvidia.com/gpu</c> in limits, else requests.</summary>
    public void GpuLimit(YamlNodes nodes, YamlDotNet.RepresentationModel.YamlNode? resources)
    {
        var gpus = YamlNodes.Child(resources, "limits", "nvidia.com/gpu") ?? YamlNodes.Child(resources, "requests", "nvidia.com/gpu");
        if (gpus is YamlDotNet.RepresentationModel.YamlScalarNode count)
        {
            SetGpuCount(nodes, count, "nvidia.com/gpu");
        }
    }

    /// <summary>The GPU count a scalar states, through Core's one parser; a value that is not one is a VRAM007 on it.</summary>
    public void SetGpuCount(YamlNodes nodes, YamlDotNet.RepresentationModel.YamlScalarNode scalar, string key)
    {
        if (GpuRequest.ParseCount(scalar.Value ?? "", out var problem) is { } n)
        {
            GpuCount = n;
            GpuCountLocation = nodes.Token(scalar)?.Location;
        }
        else if (scalar.Value?.Contains("${") != true && scalar.Value?.Contains("{{") != true)
        {
            // A template or variable is not a wrong value: it is resolved elsewhere (VRAM009 where reported).
            Problems.Add((new Core.Diagnostics.Finding(Core.Diagnostics.DiagnosticIds.InvalidValue, $"'{key}': {problem}; the GPU count is not used", Core.Settings.SettingNames.GpuCount), nodes.Origin(scalar)));
        }
    }

    /// <summary>Why the deployment cannot be checked (a value it needs is unknown), naming the value; null when it can be.</summary>
    public string? Unresolved { get; private set; }

    public YamlOrigin? UnresolvedAt { get; private set; }

    /// <summary>Marks the deployment unchecked, keeping the first reason given.</summary>
    public YamlDeployment Skip(string reason, YamlOrigin at)
    {
        if (Unresolved is null)
        {
            Unresolved = reason;
            UnresolvedAt = at;
        }

        return this;
    }

    /// <summary>Memory per GPU the deployment states without naming a GPU (dstack <c>gpu: 24GB</c>), in GiB.</summary>
    public double? GpuMemoryGiB { get; set; }

    public int? GpuCount { get; set; }

    public SourceLocation? GpuCountLocation { get; set; }

    public string? GpuType { get; set; }

    public SourceLocation? GpuTypeLocation { get; set; }

    public IReadOnlyList<string>? GpuDevices { get; set; }

    /// <summary>The container image, for Core to read the vLLM release from its tag.</summary>
    public string? Image { get; set; }

    public DeploymentInput? ToInput() => Arguments is null || Unresolved is not null
        ? null
        : new DeploymentInput(Arguments)
        {
            GpuCount = GpuCount ?? Arguments.GpuCount,
            GpuCountLocation = GpuCountLocation ?? Arguments.GpuCountLocation,
            GpuType = GpuType,
            GpuTypeLocation = GpuTypeLocation,
            GpuDevices = GpuDevices,
            Name = Name,
            Image = Image,
        };
}
