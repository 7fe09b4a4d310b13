using VramLint.Cli.Commands;
using VramLint.Core.Configuration;
using VramLint.Core.Gpus;

namespace VramLint.Cli;

/// <summary>What a verb gets besides its arguments: where to write, where it runs, the environment.</summary>
/// <param name="Interactive">A person watches stderr (progress may be drawn).</param>
/// <param name="Colour">Text output may be coloured (a terminal, no NO_COLOR).</param>
internal sealed record CliContext(TextWriter Stdout, TextWriter Stderr, string WorkingDirectory, Func<string, string?> Environment, bool Interactive, bool Colour = false);

internal delegate int VerbHandler(CommandArguments arguments, CliContext context);

/// <summary>One option of a verb: a value option when <see cref="ValueName"/> is set, else a switch.</summary>
/// <param name="ConfigKey">The configuration key the option overrides (flags win over .globalconfig).</param>
/// <param name="Values">The values shell completion offers; null when any value goes.</param>
/// <param name="Required">The verb cannot run without it (its handler says so with an example).</param>
internal sealed record VerbOption(string Name, string? ValueName, string Description, string? ConfigKey = null, Func<IEnumerable<string>>? Values = null, bool Required = false);

/// <summary>A verb's positional words: their name in help, and what they are.</summary>
/// <param name="Many">More than one may be given (PATH...); false when the verb takes exactly one.</param>
internal sealed record VerbWords(string Name, string Description, Func<IEnumerable<string>>? Values = null, bool Many = true);

/// <summary>
/// One verb, declared once: help, completion, typo suggestions, parsing and the README's CLI section all come from this.
/// </summary>
/// <param name="Path">The words that select it ("check", "models pull").</param>
/// <param name="Formats">The output formats it writes; the first is the default. Several: a <c>--format</c> option.</param>
/// <param name="ForwardsWords">True when its words go to vLLM (estimate): the first plain word ends VramLint's options.</param>
internal sealed record Verb(
    string Path,
    string Summary,
    IReadOnlyList<string> Formats,
    IReadOnlyList<VerbOption> Options,
    VerbWords? Words,
    VerbHandler Run,
    bool ForwardsWords = false)
{
    public string Name => Path.Substring(Path.LastIndexOf(' ') + 1);
}

/// <summary>Every verb of <c>vramlint</c> and the options they share.</summary>
internal static class Verbs
{
    /// <summary>The capacity and estimator options: every verb that sizes deployments takes them, and they override the configuration keys.</summary>
    public static readonly IReadOnlyList<VerbOption> Sizing =
    [
        new("--gpu", "NAME", "a GPU from the catalog (RTX 4090, L4, A100-80GB, H100-80GB, ...)", ConfigKeys.Gpu, () => GpuCatalog.All.Select(g => g.Name)),
        new("--gpu-memory", "SIZE", "memory per GPU (24GiB, 80GB, 24576MiB; a bare number is GiB)", ConfigKeys.GpuMemory),
        new("--gpu-count", "N", "GPUs available to the deployment", ConfigKeys.GpuCount),
        new("--gpus-per-node", "N", "GPUs per node (multi-node clusters)", ConfigKeys.GpusPerNode),
        new("--estimator", "NAME", "vllm (default) or blog (the seed method)", ConfigKeys.Estimator, () => ["vllm", "blog"]),
        new("--vllm-version", "X.Y", "the vLLM release the deployment runs (defaults moved in 0.21)", ConfigKeys.VllmVersion),
        new("--vllm-sampler", "NAME", "pytorch (default) or flashinfer: the top-p/top-k kernel vLLM's start-up log names", ConfigKeys.VllmSampler, () => ["pytorch", "flashinfer"]),
    ];

    public static readonly IReadOnlyList<Verb> All =
    [
        new("estimate", "estimate one deployment from its vllm serve arguments", ["text", "json"], Sizing,
            new("VLLM-ARGS", "vllm serve arguments, after '--' or from the first plain word (serve MODEL --max-model-len 8192)"),
            EstimateCommand.Run, ForwardsWords: true),
        new("plan", "list the tensor-parallel sizes, lengths and concurrencies that fit", ["text", "json"],
            [new("--model", "MODEL", "the model to plan for (repository id or local path)", Required: true), .. Sizing],
            null, PlanCommand.Run),
        new("check", "lint the vLLM deployments in YAML files and folders", ["text", "json", "sarif"], Sizing,
            new("PATH", "YAML files or folders to check"), CheckCommand.Run),
        new("fix", "apply the findings' fixes, atomically, keeping encoding and line endings", ["text", "json", "sarif"],
            [new("--dry-run", null, "print the diff instead of writing"), .. Sizing],
            new("PATH", "YAML files or folders to fix"), FixCommand.Run),
        new("explain", "the per-GPU memory breakdown of each deployment, as a table and a bar", ["text", "json", "sarif"], Sizing,
            new("FILE", "YAML files or folders to explain"), ExplainCommand.Run),
        new("report", "one self-contained HTML page of each deployment's memory, before and after fixes", ["text"],
            [new("--html", "OUT", "the HTML file to write", Required: true), .. Sizing],
            new("PATH", "YAML files or folders to report on"), ReportCommand.Run),
        new("models pull", "write a model's config.json and checkpoint facts from the Hugging Face Hub to .vramlint/models", ["text"],
            [
                new("--revision", "REV", "the branch, tag or commit to read (default main)"),
                new("--to", "DIR", "the folder to write into (default .vramlint/models)"),
                new("--timeout", "SECONDS", "per request (default 30)"),
            ],
            new("REPO-ID", "Hugging Face repository ids (org/name)"), ModelsPullCommand.Run),
        new("models show", "what VramLint knows about a model and where it came from", ["text"], [],
            new("ID", "a repository id or local path", Many: false), ModelsShowCommand.Run),
        new("models list", "the models of the embedded catalog", ["text"], [], null, ModelsListCommand.Run),
        new("completion", "print a shell completion script: eval \"$(vramlint completion bash)\"", ["text"], [],
            new("SHELL", "bash, zsh, fish or pwsh", () => CompletionCommand.Scripts.Keys, Many: false), CompletionCommand.Run),
        new("schema vllm-config", "print the JSON Schema of vLLM --config files (for editors' yaml-language-server)", ["text"], [], null, SchemaCommand.Run),
    ];

    /// <summary>The groups that only hold verbs ("models"), with what they are for.</summary>
    public static readonly IReadOnlyDictionary<string, string> Groups = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["models"] = "the model facts VramLint uses: pull, show, list",
        ["schema"] = "JSON Schemas VramLint publishes: vllm-config",
    };
}
