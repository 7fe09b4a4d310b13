using Microsoft.CodeAnalysis;
using VramLint.Core;
using VramLint.Core.Arguments;

namespace VramLint.Analyzers;

/// <summary>A vLLM deployment found in C#: its command words, the GPU facts it states, and where to report when nothing more precise applies.</summary>
internal sealed class CSharpDeployment
{
    public CSharpDeployment(Location anchor, string name)
    {
        Anchor = anchor;
        Name = name;
    }

    /// <summary>The call or creation that declares the deployment.</summary>
    public Location Anchor { get; }

    public string Name { get; }

    public List<ArgumentToken> Words { get; } = new();

    /// <summary>False when some word could not be resolved at compile time: then no verdict is made.</summary>
    public bool Complete { get; set; } = true;

    /// <summary>True when the words are the arguments of an image whose entrypoint is vllm serve.</summary>
    public bool ImageEntrypoint { get; set; }

    public int? GpuCount { get; set; }

    public SourceLocation? GpuCountLocation { get; set; }

    public IReadOnlyList<string>? GpuDevices { get; set; }

    /// <summary>The container image with its tag (vllm/vllm-openai:v0.10.1), when the code names it; Core reads the vLLM release from the tag.</summary>
    public string? Image { get; set; }

    public DeploymentInput? ToInput()
    {
        var parsed = VllmArgumentReader.Read(Words);
        if (!parsed.IsVllmCommand && !ImageEntrypoint)
        {
            return null;
        }

        return new DeploymentInput(parsed) { GpuCount = GpuCount ?? parsed.GpuCount, GpuCountLocation = GpuCountLocation ?? parsed.GpuCountLocation, GpuDevices = GpuDevices, Name = Name, Image = Image };
    }
}
