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
        if (gpus is YamlDotNet.RepresentationModel.YamlScalarNode count && int.TryParse(count.Value, out var n) && n > 0)
        {
            GpuCount = n;
            GpuCountLocation = nodes.Token(count)?.Location;
        }
    }

    public int? GpuCount { get; set; }

    public SourceLocation? GpuCountLocation { get; set; }

    public string? GpuType { get; set; }

    public SourceLocation? GpuTypeLocation { get; set; }

    public IReadOnlyList<string>? GpuDevices { get; set; }

    /// <summary>The container image, for Core to read the vLLM release from its tag.</summary>
    public string? Image { get; set; }

    public DeploymentInput? ToInput() => Arguments is null
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
