using System.Buffers.Binary;
using System.Text;
using VramLint.Core.Json;

namespace VramLint.Cli.Hub;

/// <summary>
/// The safetensors format, as far as sizing needs it: a file starts with an 8-byte little-endian header length, then
/// a JSON header naming each tensor's dtype, shape and byte range. Summing the ranges per dtype gives the exact bytes
/// a checkpoint holds without reading its weights.
/// </summary>
internal static class SafetensorsHeaders
{
    /// <summary>Headers beyond this are not safetensors headers (the largest real ones are a few MB).</summary>
    public const long MaxHeaderBytes = 100L * 1024 * 1024;

    /// <summary>The header length the first 8 bytes state; a message when it cannot be a header.</summary>
    public static long HeaderLength(byte[] first8, string file)
    {
        var length = BinaryPrimitives.ReadUInt64LittleEndian(first8);
        if (length == 0 || length > MaxHeaderBytes)
        {
            throw new HubException($"{file} is not a safetensors file: its first 8 bytes state a header of {length} bytes");
        }

        return (long)length;
    }

    /// <summary>Adds each tensor's bytes (data_offsets end - begin) to its dtype's total, but for the <paramref name="skipped"/> tensor.</summary>
    public static void AddTensorBytes(byte[] header, string file, IDictionary<string, long> bytesByDtype, string? skipped = null)
    {
        if (!JsonNode.TryParse(Encoding.UTF8.GetString(header), out var root, out var error) || root is not JsonObject)
        {
            throw new HubException($"{file}: the safetensors header is not a JSON object ({error ?? "not an object"})");
        }

        foreach (var (name, tensor) in root!.Properties)
        {
            if (name == "__metadata__" || name == skipped)
            {
                continue;
            }

            var dtype = tensor["dtype"]?.AsString;
            var offsets = tensor["data_offsets"]?.Items;
            if (dtype is null || offsets is not { Count: 2 } || offsets[0].AsLong is not { } begin || offsets[1].AsLong is not { } end || end < begin)
            {
                throw new HubException($"{file}: tensor '{name}' has no dtype or no valid data_offsets in the safetensors header");
            }

            bytesByDtype[dtype] = (bytesByDtype.TryGetValue(dtype, out var sum) ? sum : 0) + (end - begin);
        }
    }

    /// <summary>The shard files an index's weight_map names, in the order they first appear.</summary>
    public static IReadOnlyList<string> Shards(byte[] indexJson, string file)
    {
        if (!JsonNode.TryParse(Encoding.UTF8.GetString(indexJson), out var root, out var error) || root?["weight_map"] is not JsonObject map)
        {
            throw new HubException($"{file} has no weight_map object ({error ?? "not the safetensors index layout"})");
        }

        var shards = new List<string>();
        foreach (var (_, shard) in map.Properties)
        {
            if (shard.AsString is { } name && !shards.Contains(name, StringComparer.Ordinal))
            {
                if (name.Contains("..", StringComparison.Ordinal) || name.StartsWith("/", StringComparison.Ordinal))
                {
                    throw new HubException($"{file} names a shard outside the repository: '{name}'");
                }

                shards.Add(name);
            }
        }

        return shards;
    }
}
