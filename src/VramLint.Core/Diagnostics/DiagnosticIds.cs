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
    public const string UnresolvedValue = "VRAM009";
    public const string NoCapacityDeclared = "VRAM010";

    public const string HelpLinkBase = "https://github.com/vramlint/vramlint/blob/main/docs/rules/";

    public static string HelpLink(string id) => HelpLinkBase + id + ".md";

    /// <summary>The category of the rules about memory.</summary>
    public const string MemoryCategory = "VramLint.Memory";

    /// <summary>The category of the rules about inputs: models, values, files, configuration.</summary>
    public const string ConfigurationCategory = "VramLint.Configuration";

    /// <summary>
    /// The registry: every ID with its name, title, category, default severity, summary, description and whether fixes
    /// exist. The analyzer's descriptors, the task's severities in the package targets, the release-tracking files and
    /// the tables of README.md, the package README and docs/rules are built from it or checked against it by tests.
    /// </summary>
    public static IReadOnlyList<DiagnosticInfo> All { get; } = new[]
    {
        new DiagnosticInfo(DoesNotFit, "DeploymentDoesNotFit", "Deployment does not fit its GPUs", MemoryCategory, FindingSeverity.Error, "the deployment cannot start on these GPUs",
            "vLLM will not start on the declared GPUs: the weights do not load, no memory is left for the KV cache, or the KV cache cannot hold one max-model-len request. The message names the failure vLLM would print and the arithmetic behind it.",
            fixable: true),
        new DiagnosticInfo(StartupPeak, "StartupPeakExceedsGpu", "Startup peak exceeds the GPU", MemoryCategory, FindingSeverity.Warning, "the start-up peak exceeds the card",
            "The memory vLLM requests at start-up (gpu-memory-utilization x the card) plus what lives outside that budget (CUDA context, NCCL, other deployments on the same GPUs) exceeds the card.",
            fixable: true),
        new DiagnosticInfo(ExceedsCluster, "ModelExceedsAllGpus", "Model exceeds the memory of all declared GPUs", MemoryCategory, FindingSeverity.Error, "the weights exceed all declared GPUs together",
            "The model's weights alone are larger than the memory of every declared GPU together: no parallel layout can fit it.",
            fixable: false),
        new DiagnosticInfo(BatchExceedsKvCache, "MaxNumSeqsExceedsKvCache", "max-num-seqs exceeds what the KV cache holds at max-model-len", MemoryCategory, FindingSeverity.Info, "`max-num-seqs` exceeds what the KV cache holds at `max-model-len`",
            "An explicit max-num-seqs is larger than the number of full-length requests the KV cache holds at once; vLLM starts, and longer requests wait or are preempted. It explains the concurrency and offers no rewrite.",
            fixable: false),
        new DiagnosticInfo(InvalidParallelism, "InvalidParallelism", "Parallelism is invalid", MemoryCategory, FindingSeverity.Error, "invalid parallelism",
            "The parallel layout is one vLLM refuses: tensor-parallel-size does not divide the attention heads, tensor x pipeline (x data) parallelism exceeds the GPUs, or tensor parallelism spans nodes.",
            fixable: true),
        new DiagnosticInfo(UnknownModel, "ModelNotRecognized", "Model not recognized", ConfigurationCategory, FindingSeverity.Info, "model not matched exactly: says what it was resolved as (a derivative, a local path), or that it was estimated from its name, or not at all",
            "The model is not in VramLint's catalog nor in checked-in model facts; the estimate used what its name says, or could not be made.",
            fixable: false),
        new DiagnosticInfo(InvalidValue, "InvalidSettingValue", "Invalid vLLM setting value", ConfigurationCategory, FindingSeverity.Warning, "a setting's value is invalid",
            "A setting's value is one vLLM would reject or silently ignore, or a VramLint configuration value cannot be used; the message names the value and what was expected.",
            fixable: false),
        new DiagnosticInfo(UnreadableFile, "DeploymentFileUnreadable", "Deployment file cannot be read", ConfigurationCategory, FindingSeverity.Warning, "a deployment file cannot be read",
            "A file that looks like a vLLM deployment could not be read or parsed (malformed YAML, an encoding that is not UTF-8 or UTF-16, too large), so it was not checked.",
            fixable: false),
        new DiagnosticInfo(UnresolvedValue, "ValueNotResolvable", "Value cannot be resolved statically", ConfigurationCategory, FindingSeverity.Info, "a value the deployment needs cannot be resolved statically; the deployment is not checked",
            "A vLLM deployment was found but a value it needs is only known when it runs (an environment or template variable with no default, a configuration key with no default, a --config file no ConfigMap provides, the image's own command, a value computed at run time); the message names the value and where it comes from, and the deployment is not checked.",
            fixable: false),
        new DiagnosticInfo(NoCapacityDeclared, "NoGpuCapacityDeclared", "No GPU capacity declared", ConfigurationCategory, FindingSeverity.Warning, "no GPU capacity declared",
            "vLLM deployments were found but no GPU capacity is declared, so none was checked; the message says which .globalconfig key to set.",
            fixable: false),
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
    public DiagnosticInfo(string id, string name, string title, string category, FindingSeverity defaultSeverity, string summary, string description, bool fixable)
    {
        Id = id;
        Name = name;
        Title = title;
        Category = category;
        DefaultSeverity = defaultSeverity;
        Summary = summary;
        Description = description;
        Fixable = fixable;
    }

    public string Id { get; }

    /// <summary>A one-word PascalCase name for tools that list rules by name (SARIF's reportingDescriptor.name).</summary>
    public string Name { get; }

    /// <summary>What the diagnostic means, in a sentence or two (descriptors, SARIF fullDescription, rule docs).</summary>
    public string Description { get; }

    public string Title { get; }

    public FindingSeverity DefaultSeverity { get; }

    /// <summary>The analyzer category (release tracking, SARIF).</summary>
    public string Category { get; }

    /// <summary>One line for the diagnostics table of the README.</summary>
    public string Summary { get; }

    /// <summary>True when findings of this ID carry fixes from Core's fix search.</summary>
    public bool Fixable { get; }

    public string HelpLink => DiagnosticIds.HelpLink(Id);
}
