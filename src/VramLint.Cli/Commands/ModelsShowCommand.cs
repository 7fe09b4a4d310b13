using System.Text;
using VramLint.Cli.Hub;
using VramLint.Core;
using VramLint.Core.Estimation;
using VramLint.Core.Json;
using VramLint.Core.Models;

namespace VramLint.Cli.Commands;

/// <summary>
/// <c>vramlint models show &lt;id&gt;</c>: what VramLint knows about a model and where it came from. Facts checked in at
/// <c>.vramlint/models/&lt;org&gt;/&lt;name&gt;/</c> (from the current folder upward), a local model folder, or the local
/// Hugging Face cache are handed to Core's resolver as the model's config.json; otherwise the catalog or the name answers.
/// </summary>
internal static class ModelsShowCommand
{
    public static int Run(CommandArguments arguments, CliContext context)
    {
        var (stdout, workingDirectory, environment) = (context.Stdout, context.WorkingDirectory, context.Environment);
        if (arguments.Positional.Count != 1)
        {
            throw new UsageException("models show needs one model id, e.g. vramlint models show Qwen/Qwen2.5-7B-Instruct");
        }

        var id = arguments.Positional[0];
        var config = FindConfig(id, workingDirectory, environment);
        var resolution = ModelResolver.Resolve(id, configJson: config is null ? null : File.ReadAllText(config.Value.Path));
        stdout.WriteLine(id);
        stdout.WriteLine("  source: " + Source(resolution, config, workingDirectory));
        if (resolution.Spec is { } spec)
        {
            WriteSpec(stdout, spec, resolution);
        }
        else
        {
            stdout.WriteLine("  parameters: " + (resolution.NameParameters is { } p ? Numbers.F1(p / 1e9) + "B, read from the name" : "unknown"));
            stdout.WriteLine("  quantization: " + resolution.Quantization);
            stdout.WriteLine("  architecture: unknown; 'vramlint models pull " + id + "' writes its config.json to .vramlint/models");
        }

        if (config is { } found && Path.GetDirectoryName(found.Path) is { } folder && File.Exists(Path.Combine(folder, ModelPuller.WeightsFile)))
        {
            WriteWeights(stdout, Path.Combine(folder, ModelPuller.WeightsFile), workingDirectory);
        }

        return resolution.Source == ModelSource.Unknown ? ExitCodes.Usage : ExitCodes.Ok;
    }

    private static (string Path, string Origin)? FindConfig(string id, string workingDirectory, Func<string, string?> environment)
    {
        var segments = id.Trim().TrimEnd('/', '\\').Split('/', '\\');
        if (segments.Length == 2 && segments.All(s => s.Length > 0 && s != "." && s != ".."))
        {
            for (var dir = new DirectoryInfo(Path.GetFullPath(workingDirectory)); dir is not null; dir = dir.Parent)
            {
                var checkedIn = Path.Combine(dir.FullName, ".vramlint", "models", segments[0], segments[1], "config.json");
                if (File.Exists(checkedIn))
                {
                    return (checkedIn, "checked-in facts");
                }
            }
        }

        var local = Path.Combine(Path.GetFullPath(id, workingDirectory), "config.json");
        if (File.Exists(local))
        {
            return (local, "the local model folder");
        }

        return new HuggingFaceCache(environment).TryFindConfig(id, out var cached) ? (cached, "the local Hugging Face cache") : null;
    }

    private static string Source(ModelResolution resolution, (string Path, string Origin)? config, string workingDirectory) => resolution.Source switch
    {
        ModelSource.Catalog => "VramLint's embedded catalog" + (ResolutionStatement.For(resolution) is { } how ? ": " + how : ""),
        ModelSource.ConfigJson when config is { } c => $"{c.Origin} ({Relative(c.Path, workingDirectory)})",
        ModelSource.ConfigJson => "the model's config.json",
        ModelSource.Name => "the name only (not in the catalog; no config.json found)" + (resolution.Note is { } note ? ": " + note : ""),
        _ => "nothing: not in the catalog, no config.json found, and no size in the name" + (resolution.Note is { } n ? ": " + n : ""),
    };

    private static void WriteSpec(TextWriter stdout, ModelSpec spec, ModelResolution resolution)
    {
        stdout.WriteLine("  architecture: " + string.Join(", ", new[]
        {
            spec.ModelType ?? "unknown type",
            Known(spec.NumHiddenLayers, " layers"),
            Known(spec.HiddenSize, " hidden"),
            Known(spec.NumAttentionHeads, " attention heads"),
            Known(spec.NumKeyValueHeads, " KV heads"),
            Known(spec.HeadDim, " head dim"),
        }));
        if (spec.IsMoe)
        {
            stdout.WriteLine($"  experts: {Known(spec.NumExperts, "")}, {Known(spec.NumExpertsPerToken, "")} per token");
        }

        stdout.WriteLine("  parameters: " + (spec.TotalParameters is { } p ? Numbers.F2(p / 1e9) + "B" : "unknown")
            + (spec.ActiveParameters is { } a ? $" ({Numbers.F2(a / 1e9)}B active)" : ""));
        stdout.WriteLine("  vocabulary: " + Known(spec.VocabSize, "") + (spec.TieWordEmbeddings is { } tied ? tied ? ", tied embeddings" : ", untied embeddings" : ""));
        stdout.WriteLine("  max-position-embeddings: " + Known(spec.MaxPositionEmbeddings, ""));
        stdout.WriteLine("  dtype: " + (spec.TorchDtype ?? "unknown"));
        stdout.WriteLine("  quantization: " + resolution.Quantization);
        var kv = spec.NumHiddenLayers is { } layers ? KvCacheSize.For(spec, 1, layers, null, spec.TorchDtype, disableSlidingWindow: false) : null;
        stdout.WriteLine("  KV cache: " + (kv is null ? "unknown" : $"{Numbers.Grouped((long)Math.Round(kv.BytesPerToken))} bytes per token on one GPU" + KvNote(kv)));
        if (spec.Vision is { } tower)
        {
            stdout.WriteLine("  encoder: " + Encoder(tower));
        }
    }

    /// <summary>What the per-token figure does not say: a sliding window, or an encoder-decoder's cross-attention pages.</summary>
    private static string KvNote(KvCacheSize kv) =>
        kv.EncoderPositions is { } positions ? $" (self- and cross-attention; each request also keeps cross-attention pages for at least {Numbers.Grouped(positions)} encoder tokens)"
        : kv.Window is { } window ? $" (sliding window {window})"
        : "";

    /// <summary>The tower vLLM loads beside the language model and profiles before it sizes the KV cache.</summary>
    private static string Encoder(VisionEncoder tower) =>
        $"{tower.Modality} tower of {Numbers.F2(tower.Parameters / 1e9)}B parameters (loaded beside the language model's)"
        + (tower.TokensPerImage is { } tokens ? $"; the largest {tower.Modality} item is {Numbers.Grouped(tokens)} tokens"
            : tower.SizedByMaxPixels ? $"; the largest image is set by the processor's max_pixels{(tower.DefaultMaxPixels is { } px ? $" ({Numbers.Grouped(px)} by default)" : "")}" : "; the largest item's size is unknown")
        + (tower.CrossAttention ? "; read through cross-attention layers" : "")
        + (tower.TakesVideo || tower.VideoSpreadsPixelBudget ? "; takes video" : "");

    private static void WriteWeights(TextWriter stdout, string path, string workingDirectory)
    {
        var root = JsonNode.Parse(File.ReadAllText(path, Encoding.UTF8));
        var dtypes = root?["bytesByDtype"]?.Properties.Select(p => $"{p.Key} {(p.Value.AsLong is { } bytes ? ModelsPullCommand.Size(bytes) : "?")}").ToList();
        stdout.WriteLine($"  weights: {(dtypes is { Count: > 0 } ? string.Join(", ", dtypes) : "unreadable")} ({Relative(path, workingDirectory)}, revision {root?["revision"]?.AsString ?? "unknown"})");
    }

    private static string Known(int? value, string unit) => value is { } v ? Numbers.Int(v) + unit : "?" + unit;

    /// <summary>Relative to the current folder when below it, else absolute.</summary>
    private static string Relative(string path, string workingDirectory) =>
        Path.GetRelativePath(workingDirectory, path) is var relative && !relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative)
            ? relative.Replace('\\', '/')
            : path;
}
