using VramLint.Core;
using VramLint.Core.Arguments;

namespace VramLint.Yaml;

/// <summary>A vLLM deployment found in a YAML document: its parsed command, or why it has none.</summary>
internal sealed class YamlDeployment : DeploymentCandidate
{
    public YamlDeployment(string name, YamlOrigin anchor, ParsedArguments? arguments)
        : base(name, anchor)
    {
        Arguments = arguments;
    }

    /// <summary>The whole text the deployment was read from, when wider than the anchor (a compose service's body).</summary>
    public YamlOrigin? Extent { get; set; }

    /// <summary>Null when a templated or mistyped value makes the command unknowable: then no verdict.</summary>
    public ParsedArguments? Arguments { get; }

    /// <summary>Reports each part that is a mapping where a list of strings or one command string belongs.</summary>
    public void CheckCommandTypes(YamlNodes nodes, params (string Key, YamlNode? Node)[] parts)
    {
        foreach (var (key, node) in parts)
        {
            if (node is YamlMappingNode)
            {
                Problems.Add((new Core.Diagnostics.Finding(Core.Diagnostics.DiagnosticIds.InvalidValue, $"'{key}' is a mapping: expected a list of strings or one command string; the deployment was not checked"), nodes.Origin(node)));
            }
        }
    }

    /// <summary>The GPU count of a Kubernetes-style <c>resources</c> block: <c>nvidia.com/gpu</c> in limits, else requests.</summary>
    public void GpuLimit(YamlNodes nodes, YamlNode? resources)
    {
        var gpus = YamlNodes.Child(resources, "limits", "nvidia.com/gpu") ?? YamlNodes.Child(resources, "requests", "nvidia.com/gpu");
        if (gpus is YamlScalarNode count)
        {
            SetGpuCount(nodes, count, "nvidia.com/gpu");
        }
    }

    /// <summary>The GPU count a scalar states (<see cref="DeploymentCandidate.RequestGpuCount"/>).</summary>
    public void SetGpuCount(YamlNodes nodes, YamlScalarNode scalar, string key) =>
        RequestGpuCount(scalar.Value ?? "", nodes.Token(scalar)?.Location, nodes.Origin(scalar), key);

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

    public override DeploymentInput? ToInput() => Arguments is null || Unresolved is not null ? null : Input(Arguments);
}
