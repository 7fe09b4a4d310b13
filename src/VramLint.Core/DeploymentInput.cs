using VramLint.Core.Arguments;
using VramLint.Core.Models;

namespace VramLint.Core;

/// <summary>One vLLM deployment as a front end found it: its command line and the GPU facts it states itself.</summary>
public sealed record DeploymentInput
{
    public DeploymentInput(ParsedArguments arguments)
    {
        Arguments = arguments;
    }

    public ParsedArguments Arguments { get; init; }

    /// <summary>GPUs the deployment requests itself (--gpus 2, device=0,1, nvidia.com/gpu, device_ids); null when it does not say.</summary>
    public int? GpuCount { get; init; }

    public SourceLocation? GpuCountLocation { get; init; }

    /// <summary>GPU type the deployment names itself (nvidia.com/gpu.product, gke-accelerator, accelerator_type).</summary>
    public string? GpuType { get; init; }

    public SourceLocation? GpuTypeLocation { get; init; }

    /// <summary>
    /// The GPU devices the deployment is pinned to (CUDA_VISIBLE_DEVICES, device_ids, --gpus device=0,1), when it says;
    /// deployments whose devices overlap share those GPUs.
    /// </summary>
    public IReadOnlyList<string>? GpuDevices { get; init; }

    /// <summary>A short name for messages about other deployments ("service 'llm'", "container 'vllm'").</summary>
    public string? Name { get; init; }

    /// <summary>The container image the deployment runs (vllm/vllm-openai:v0.10.1), when it names one; its tag selects the vLLM release when none is declared.</summary>
    public string? Image { get; init; }

    /// <summary>The model's config.json text, when the front end can supply it (a local model folder, the Hugging Face cache).</summary>
    public string? ModelConfigJson { get; init; }

    /// <summary>The model facts the project checks in (.vramlint/models, vramlint.model_dirs); they win over the catalog.</summary>
    public ModelFactsLibrary? ModelFacts { get; init; }
}
