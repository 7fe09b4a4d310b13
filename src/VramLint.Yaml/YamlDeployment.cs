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

    public int? GpuCount { get; set; }

    public SourceLocation? GpuCountLocation { get; set; }

    public string? GpuType { get; set; }

    public SourceLocation? GpuTypeLocation { get; set; }

    public IReadOnlyList<string>? GpuDevices { get; set; }

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
        };
}
