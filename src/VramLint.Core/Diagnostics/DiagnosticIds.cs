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
    public const string Unresolvable = "VRAM009";
    public const string NoCapacityDeclared = "VRAM010";

    public const string HelpLinkBase = "https://github.com/vramlint/vramlint/blob/main/docs/rules/";

    public static string HelpLink(string id) => HelpLinkBase + id + ".md";

    /// <summary>The category of the rules about memory.</summary>
    public const string MemoryCategory = "VramLint.Memory";

    /// <summary>The category of the rules about inputs: models, values, files, configuration.</summary>
    public const string ConfigurationCategory = "VramLint.Configuration";

    /// <summary>
    /// The registry: every ID with its title, category, default severity, description and whether fixes exist. The
    /// analyzer's descriptors, the task's severities in the package targets, the release-tracking files and the tables
    /// of README.md, the package README and docs/rules are built from it or checked against it by tests.
    /// </summary>
    public static IReadOnlyList<DiagnosticInfo> All { get; } = new[]
    {
        new DiagnosticInfo(DoesNotFit, "Deployment does not fit its GPUs", MemoryCategory, FindingSeverity.Error, "the deployment cannot start on these GPUs", fixable: true),
        new DiagnosticInfo(StartupPeak, "Startup peak exceeds the GPU", MemoryCategory, FindingSeverity.Warning, "the start-up peak exceeds the card", fixable: true),
        new DiagnosticInfo(ExceedsCluster, "Model exceeds the memory of all declared GPUs", MemoryCategory, FindingSeverity.Error, "the weights exceed all declared GPUs together", fixable: false),
        new DiagnosticInfo(BatchExceedsKvCache, "max-num-seqs exceeds what the KV cache holds at max-model-len", MemoryCategory, FindingSeverity.Info, "`max-num-seqs` exceeds what the KV cache holds at `max-model-len`", fixable: true),
        new DiagnosticInfo(InvalidParallelism, "Parallelism is invalid", MemoryCategory, FindingSeverity.Warning, "invalid parallelism", fixable: true),
        new DiagnosticInfo(UnknownModel, "Model not recognized", ConfigurationCategory, FindingSeverity.Info, "model not recognized; estimated from its name, or not at all", fixable: false),
        new DiagnosticInfo(InvalidValue, "Invalid vLLM setting value", ConfigurationCategory, FindingSeverity.Warning, "a setting's value is invalid", fixable: false),
        new DiagnosticInfo(UnreadableFile, "Deployment file cannot be read", ConfigurationCategory, FindingSeverity.Warning, "a deployment file cannot be read", fixable: false),
        new DiagnosticInfo(Unresolvable, "Value cannot be resolved statically", ConfigurationCategory, FindingSeverity.Info, "a value the deployment needs cannot be resolved statically; the deployment is not checked", fixable: false),
        new DiagnosticInfo(NoCapacityDeclared, "No GPU capacity declared", ConfigurationCategory, FindingSeverity.Info, "no GPU capacity declared", fixable: false),
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
    public DiagnosticInfo(string id, string title, string category, FindingSeverity defaultSeverity, string description, bool fixable)
    {
        Id = id;
        Title = title;
        Category = category;
        DefaultSeverity = defaultSeverity;
        Description = description;
        Fixable = fixable;
    }

    public string Id { get; }

    public string Title { get; }

    /// <summary>The analyzer category (release tracking, SARIF).</summary>
    public string Category { get; }

    public FindingSeverity DefaultSeverity { get; }

    /// <summary>One line for the tables of the README and docs: what the rule means.</summary>
    public string Description { get; }

    /// <summary>True when findings of this ID carry fixes from Core's fix search.</summary>
    public bool Fixable { get; }

    public string HelpLink => DiagnosticIds.HelpLink(Id);
}
