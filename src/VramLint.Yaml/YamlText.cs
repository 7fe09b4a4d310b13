using System.Text;
using VramLint.Core.Diagnostics;

namespace VramLint.Yaml;

/// <summary>Reads a file's bytes as YAML text: at most 10 MB, and UTF-8 (with or without BOM) only.</summary>
public static class YamlText
{
    public const int MaxBytes = 10 * 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The text, or a VRAM008 finding saying why the bytes cannot be read.</summary>
    public static string? Decode(byte[] bytes, out Finding? problem)
    {
        problem = null;
        if (bytes.Length > MaxBytes)
        {
            problem = new Finding(DiagnosticIds.UnreadableFile, $"the file is {bytes.Length / (1024.0 * 1024):0.0} MB, over VramLint's 10 MB limit for deployment files; it was not checked");
            return null;
        }

        try
        {
            var offset = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
            return StrictUtf8.GetString(bytes, offset, bytes.Length - offset);
        }
        catch (DecoderFallbackException e)
        {
            var at = e.Index >= 0 ? $" at byte {e.Index}" : "";
            problem = new Finding(DiagnosticIds.UnreadableFile, $"the file is not UTF-8 text{at}; YAML deployment files must be UTF-8; it was not checked");
            return null;
        }
    }
}
