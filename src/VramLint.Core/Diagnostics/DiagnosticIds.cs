namespace VramLint.Core.Diagnostics;

/// <summary>The diagnostic IDs: a contract that docs, tests and users' configurations depend on.</summary>
public static class DiagnosticIds
{
    public const string DoesNotFit = "VRAM001";
    public const string StartupPeak = "VRAM002";
    public const string ExceedsCluster = "VRAM003";
    public const string BatchExceedsKvCache = "VRAM004";
    public const string InvalidParallelism = "VRAM005";
    public const string UnknownModel = "VRAM006";
    public const string InvalidValue = "VRAM007";
    public const string UnreadableFile = "VRAM008";
    public const string NoCapacityDeclared = "VRAM010";

    public const string HelpLinkBase = "https://github.com/vramlint/vramlint/blob/main/docs/rules/";

    public static string HelpLink(string id) => HelpLinkBase + id + ".md";

    public static IReadOnlyList<DiagnosticInfo> All { get; } = new[]
    {
        new DiagnosticInfo(DoesNotFit, "DeploymentDoesNotFit", "Deployment does not fit its GPUs", FindingSeverity.Error,
            "vLLM will not start on the declared GPUs: the weights do not load, no memory is left for the KV cache, or the KV cache cannot hold one max-model-len request. The message names the failure vLLM would print and the arithmetic behind it."),
        new DiagnosticInfo(StartupPeak, "StartupPeakExceedsGpu", "Startup peak exceeds the GPU", FindingSeverity.Warning,
            "The memory vLLM requests at start-up (gpu-memory-utilization x the card) plus what lives outside that budget (CUDA context, NCCL, other deployments on the same GPUs) exceeds the card."),
        new DiagnosticInfo(ExceedsCluster, "ModelExceedsAllGpus", "Model exceeds the memory of all declared GPUs", FindingSeverity.Error,
            "The model's weights alone are larger than the memory of every declared GPU together: no parallel layout can fit it."),
        new DiagnosticInfo(BatchExceedsKvCache, "MaxNumSeqsExceedsKvCache", "max-num-seqs exceeds what the KV cache holds at max-model-len", FindingSeverity.Info,
            "An explicit max-num-seqs is larger than the number of full-length requests the KV cache holds at once; vLLM starts, and longer requests wait or are preempted. It explains the concurrency and offers no rewrite."),
        new DiagnosticInfo(InvalidParallelism, "InvalidParallelism", "Parallelism is invalid", FindingSeverity.Error,
            "The parallel layout is one vLLM refuses: tensor-parallel-size does not divide the attention heads, tensor x pipeline (x data) parallelism exceeds the GPUs, or tensor parallelism spans nodes."),
        new DiagnosticInfo(UnknownModel, "ModelNotRecognized", "Model not recognized", FindingSeverity.Info,
            "The model is not in VramLint's catalog nor in checked-in model facts; the estimate used what its name says, or could not be made."),
        new DiagnosticInfo(InvalidValue, "InvalidSettingValue", "Invalid vLLM setting value", FindingSeverity.Warning,
            "A setting's value is one vLLM would reject or silently ignore, or a VramLint configuration value cannot be used; the message names the value and what was expected."),
        new DiagnosticInfo(UnreadableFile, "DeploymentFileUnreadable", "Deployment file cannot be read", FindingSeverity.Warning,
            "A file that looks like a vLLM deployment could not be read or parsed (malformed YAML, an encoding that is not UTF-8 or UTF-16, too large), so it was not checked."),
        new DiagnosticInfo(NoCapacityDeclared, "NoGpuCapacityDeclared", "No GPU capacity declared", FindingSeverity.Warning,
            "vLLM deployments were found but no GPU capacity is declared, so none was checked; the message says which .globalconfig key to set."),
    };

    public static DiagnosticInfo Get(string id)
    {
        foreach (var info in All)
        {
            if (info.Id == id)
            {
                return info;
            }
        }

        throw new ArgumentException("Unknown VramLint diagnostic ID: " + id, nameof(id));
    }
}

/// <summary>What every front end needs to describe one diagnostic ID.</summary>
public sealed class DiagnosticInfo
{
    public DiagnosticInfo(string id, string name, string title, FindingSeverity defaultSeverity, string description)
    {
        Id = id;
        Name = name;
        Title = title;
        DefaultSeverity = defaultSeverity;
        Description = description;
    }

    public string Id { get; }

    /// <summary>A one-word PascalCase name for tools that list rules by name (SARIF's reportingDescriptor.name).</summary>
    public string Name { get; }

    /// <summary>What the diagnostic means, in a sentence or two (descriptors, SARIF fullDescription, rule docs).</summary>
    public string Description { get; }

    public string Title { get; }

    public FindingSeverity DefaultSeverity { get; }

    public string HelpLink => DiagnosticIds.HelpLink(Id);
}
