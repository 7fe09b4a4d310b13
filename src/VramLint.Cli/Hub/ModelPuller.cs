using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using VramLint.Core.Json;
using VramLint.Core.Models;

namespace VramLint.Cli.Hub;

/// <summary>What one pull wrote.</summary>
internal sealed record PulledModel(string Repo, string Revision, string Folder, IReadOnlyList<string> Files, IReadOnlyDictionary<string, long>? BytesByDtype);

/// <summary>
/// Pulls the facts of one model into design.md section 7's layout: <c>&lt;root&gt;/&lt;org&gt;/&lt;name&gt;/config.json</c> as
/// published, the separate quantization config vLLM would read when config.json has none, and
/// <c>vramlint-weights.json</c> with the checkpoint's bytes per dtype from its safetensors headers (ranged reads only).
/// </summary>
internal sealed class ModelPuller
{
    public const string WeightsFile = "vramlint-weights.json";

    /// <summary>The files vLLM looks for when config.json has no quantization_config (GPTQ, AWQ, ModelOpt).</summary>
    private static readonly string[] QuantizationConfigFiles = { "quantize_config.json", "quant_config.json", "hf_quant_config.json" };

    /// <summary>Shard headers read at the same time.</summary>
    private const int ParallelShards = 4;

    private readonly HubClient hub;
    private readonly Action<string>? progress;

    public ModelPuller(HubClient hub, Action<string>? progress)
    {
        this.hub = hub;
        this.progress = progress;
    }

    public PulledModel Pull(string repo, string revision, string root)
    {
        Report($"{repo}: config.json");
        var config = hub.GetFile(repo, revision, "config.json", optional: false)!;
        if (!JsonNode.TryParse(Encoding.UTF8.GetString(config), out var configRoot, out var error) || configRoot is not JsonObject)
        {
            throw new HubException($"{repo}: config.json at revision '{revision}' is not a JSON object ({error ?? "not an object"})");
        }

        // Pin every later read to the commit the first one resolved, so a push during the pull cannot mix revisions.
        var commit = hub.ResolvedCommit ?? revision;
        var files = new List<(string Name, byte[] Bytes)> { ("config.json", config) };
        if (configRoot!["quantization_config"] is null)
        {
            foreach (var name in QuantizationConfigFiles)
            {
                Report($"{repo}: {name}");
                if (hub.GetFile(repo, commit, name, optional: true) is { } quantization)
                {
                    files.Add((name, quantization));
                }
            }
        }

        // A tied model's checkpoint may store lm_head.weight beside the embedding (Falcon, Qwen1.5-0.5B); vLLM skips it.
        var tiedHead = ModelCatalog.FromConfigJson(Encoding.UTF8.GetString(config), repo)?.TieWordEmbeddings == true;
        var bytesByDtype = ReadWeights(repo, commit, tiedHead ? "lm_head.weight" : null);
        if (bytesByDtype is not null)
        {
            files.Add((WeightsFile, WeightsJson(commit, bytesByDtype)));
        }

        var folder = Path.Combine(new[] { root }.Concat(repo.Split('/')).ToArray());
        Directory.CreateDirectory(folder);
        foreach (var (name, bytes) in files)
        {
            File.WriteAllBytes(Path.Combine(folder, name), bytes);
        }

        return new PulledModel(repo, commit, folder, files.Select(f => f.Name).ToList(), bytesByDtype);
    }

    /// <summary>Bytes per dtype over all shards but the <paramref name="skipped"/> tensor; null when the repository has no safetensors checkpoint.</summary>
    private SortedDictionary<string, long>? ReadWeights(string repo, string revision, string? skipped)
    {
        const string index = "model.safetensors.index.json";
        Report($"{repo}: {index}");
        IReadOnlyList<string> shards;
        if (hub.GetFile(repo, revision, index, optional: true) is { } indexJson)
        {
            shards = SafetensorsHeaders.Shards(indexJson, $"{repo}/{index}");
        }
        else
        {
            shards = new[] { "model.safetensors" };
        }

        // Large checkpoints have over a hundred shards: read a few headers at a time, each by its two ranged reads.
        var headers = new byte[shards.Count][];
        var done = 0;
        var missing = false;
        var options = new ParallelOptions { MaxDegreeOfParallelism = ParallelShards };
        try
        {
            Parallel.For(0, shards.Count, options, (i, state) =>
            {
                var shard = shards[i];
                var first8 = hub.GetRange(repo, revision, shard, 0, 8, optional: shards.Count == 1 && shard == "model.safetensors");
                if (first8 is null)
                {
                    missing = true;
                    state.Stop();
                    return;
                }

                var length = SafetensorsHeaders.HeaderLength(first8, $"{repo}/{shard}");
                headers[i] = hub.GetRange(repo, revision, shard, 8, (int)length, optional: false)!;
                Report($"{repo}: safetensors headers {Interlocked.Increment(ref done)}/{shards.Count}");
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.FirstOrDefault(x => x is HubException) is HubException first)
        {
            throw first;
        }

        if (missing)
        {
            return null;
        }

        var bytesByDtype = new SortedDictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < shards.Count; i++)
        {
            SafetensorsHeaders.AddTensorBytes(headers[i], $"{repo}/{shards[i]}", bytesByDtype, skipped);
        }

        return bytesByDtype;
    }

    private static byte[] WeightsJson(string revision, IReadOnlyDictionary<string, long> bytesByDtype)
    {
        using var stream = new MemoryStream();
        // The file is checked in: the same bytes on every OS (JsonWriterOptions.NewLine exists from .NET 9; the tool also targets .NET 8).
#if NET9_0_OR_GREATER
        var options = new JsonWriterOptions { Indented = true, NewLine = "\n" };
#else
        var options = new JsonWriterOptions { Indented = true };
#endif
        using (var json = new Utf8JsonWriter(stream, options))
        {
            json.WriteStartObject();
            json.WriteString("revision", revision);
            json.WriteStartObject("bytesByDtype");
            foreach (var (dtype, bytes) in bytesByDtype)
            {
                json.WriteNumber(dtype, bytes);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
#if NET9_0_OR_GREATER
        return stream.ToArray();
#else
        return System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(stream.ToArray()).Replace("\r\n", "\n"));
#endif
    }

    private void Report(string step)
    {
        if (progress is not null)
        {
            lock (progress)
            {
                progress(step);
            }
        }
    }
}
