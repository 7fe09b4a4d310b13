using System.Text;

namespace VramLint.Core;

/// <summary>The text of one of Core's embedded data files (Data/*.json), read once per process by the table that needs it.</summary>
internal static class EmbeddedText
{
    /// <summary>
    /// Decodes the resource in one step from its bytes (a stream reader would build the text twice over, through a
    /// builder); a leading byte-order mark is skipped.
    /// </summary>
    public static string Read(string file, string what)
    {
        var bytes = Bytes(file, what);
        var bom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        return Encoding.UTF8.GetString(bytes, bom, bytes.Length - bom);
    }

    /// <summary>The resource's bytes as built in (offsets into them are the file's own).</summary>
    public static byte[] Bytes(string file, string what)
    {
        using var stream = typeof(EmbeddedText).Assembly.GetManifestResourceStream("VramLint.Core.Data." + file)
            ?? throw new InvalidOperationException($"VramLint.Core is built without {what} (Data/{file})");
        var bytes = new byte[stream.Length];
        var read = 0;
        while (read < bytes.Length && stream.Read(bytes, read, bytes.Length - read) is var count and > 0)
        {
            read += count;
        }

        return read == bytes.Length ? bytes : throw new InvalidOperationException($"{what} (Data/{file}) ended after {read} of its {bytes.Length} bytes");
    }
}
