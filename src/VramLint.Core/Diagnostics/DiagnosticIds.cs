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
        new DiagnosticInfo(DoesNotFit, "Deployment does not fit its GPUs", FindingSeverity.Error),
        new DiagnosticInfo(StartupPeak, "Startup peak exceeds the GPU", FindingSeverity.Warning),
        new DiagnosticInfo(ExceedsCluster, "Model exceeds the memory of all declared GPUs", FindingSeverity.Error),
        new DiagnosticInfo(BatchExceedsKvCache, "max-num-seqs exceeds what the KV cache holds at max-model-len", FindingSeverity.Info),
        new DiagnosticInfo(InvalidParallelism, "Parallelism is invalid", FindingSeverity.Error),
        new DiagnosticInfo(UnknownModel, "Model not recognized", FindingSeverity.Info),
        new DiagnosticInfo(InvalidValue, "Invalid vLLM setting value", FindingSeverity.Warning),
        new DiagnosticInfo(UnreadableFile, "Deployment file cannot be read", FindingSeverity.Warning),
        new DiagnosticInfo(NoCapacityDeclared, "No GPU capacity declared", FindingSeverity.Warning),
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
    public DiagnosticInfo(string id, string title, FindingSeverity defaultSeverity)
    {
        Id = id;
        Title = title;
        DefaultSeverity = defaultSeverity;
    }

    public string Id { get; }

    public string Title { get; }

    public FindingSeverity DefaultSeverity { get; }

    public string HelpLink => DiagnosticIds.HelpLink(Id);
}
