using System.Text;
using VramLint.Core.Diagnostics;

namespace VramLint.Yaml;

/// <summary>How a YAML file's bytes encode its text; a fix writes the text back the same way.</summary>
public enum YamlEncoding
{
    Utf8,
    Utf8Bom,
    Utf16LittleEndianBom,
    Utf16BigEndianBom,
}

/// <summary>
/// Reads a file's bytes as YAML text: at most 10 MB, UTF-8 with or without a byte order mark, or UTF-16 with one (the
/// encodings YAML 1.2 allows and editors write); anything else is reported, never guessed.
/// </summary>
public static class YamlText
{
    public const int MaxBytes = 10 * 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly UnicodeEncoding StrictUtf16Le = new(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true);
    private static readonly UnicodeEncoding StrictUtf16Be = new(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true);

    /// <summary>The text, or a VRAM008 finding saying why the bytes cannot be read.</summary>
    public static string? Decode(byte[] bytes, out Finding? problem) => Decode(bytes, out _, out problem);

    /// <summary>The text and the encoding it was read with, or a VRAM008 finding saying why the bytes cannot be read.</summary>
    public static string? Decode(byte[] bytes, out YamlEncoding encoding, out Finding? problem)
    {
        problem = null;
        encoding = YamlEncoding.Utf8;
        if (bytes.Length > MaxBytes)
        {
            problem = TooLarge(bytes.Length);
            return null;
        }

        if (StartsWith(bytes, 0xFF, 0xFE, 0x00, 0x00) || StartsWith(bytes, 0x00, 0x00, 0xFE, 0xFF))
        {
            problem = new Finding(DiagnosticIds.UnreadableFile, "the file is UTF-32 text; VramLint reads UTF-8 and UTF-16 deployment files; it was not checked");
            return null;
        }

        encoding = StartsWith(bytes, 0xEF, 0xBB, 0xBF) ? YamlEncoding.Utf8Bom
            : StartsWith(bytes, 0xFF, 0xFE) ? YamlEncoding.Utf16LittleEndianBom
            : StartsWith(bytes, 0xFE, 0xFF) ? YamlEncoding.Utf16BigEndianBom
            : YamlEncoding.Utf8;
        if (encoding == YamlEncoding.Utf8 && bytes.Length >= 2 && (bytes[0] == 0 || bytes[1] == 0))
        {
            // YAML's own rule: a NUL among the first two bytes is UTF-16 without a byte order mark.
            problem = new Finding(DiagnosticIds.UnreadableFile, "the file looks like UTF-16 text without a byte order mark; save it as UTF-8 (or UTF-16 with a BOM); it was not checked");
            return null;
        }

        var preamble = Preamble(encoding).Length;
        try
        {
            return Strict(encoding).GetString(bytes, preamble, bytes.Length - preamble);
        }
        catch (DecoderFallbackException e)
        {
            // UTF-16 decoders report an unpaired surrogate past its position, so only UTF-8 names the byte.
            var at = e.Index >= 0 && encoding is YamlEncoding.Utf8 or YamlEncoding.Utf8Bom ? $" at byte {(e.Index + preamble).ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "";
            problem = new Finding(DiagnosticIds.UnreadableFile, $"the file is not valid {Name(encoding)} text{at}; YAML deployment files must be UTF-8 or UTF-16; it was not checked");
            return null;
        }
    }

    /// <summary>VRAM008 for a file over the limit, with its size.</summary>
    public static Finding TooLarge(long bytes) =>
        new(DiagnosticIds.UnreadableFile, FormattableString.Invariant($"the file is {bytes / (1024.0 * 1024):0.0} MB, over VramLint's 10 MB limit for deployment files; it was not checked"));

    /// <summary>The bytes of <paramref name="text"/> written as <paramref name="encoding"/>, byte order mark included.</summary>
    public static byte[] Encode(string text, YamlEncoding encoding)
    {
        var preamble = Preamble(encoding);
        var body = Strict(encoding).GetBytes(text);
        var bytes = new byte[preamble.Length + body.Length];
        Buffer.BlockCopy(preamble, 0, bytes, 0, preamble.Length);
        Buffer.BlockCopy(body, 0, bytes, preamble.Length, body.Length);
        return bytes;
    }

    private static Encoding Strict(YamlEncoding encoding) => encoding switch
    {
        YamlEncoding.Utf16LittleEndianBom => StrictUtf16Le,
        YamlEncoding.Utf16BigEndianBom => StrictUtf16Be,
        _ => StrictUtf8,
    };

    private static byte[] Preamble(YamlEncoding encoding) => encoding switch
    {
        YamlEncoding.Utf8Bom => new byte[] { 0xEF, 0xBB, 0xBF },
        YamlEncoding.Utf16LittleEndianBom => new byte[] { 0xFF, 0xFE },
        YamlEncoding.Utf16BigEndianBom => new byte[] { 0xFE, 0xFF },
        _ => Array.Empty<byte>(),
    };

    private static string Name(YamlEncoding encoding) => encoding switch
    {
        YamlEncoding.Utf16LittleEndianBom or YamlEncoding.Utf16BigEndianBom => "UTF-16",
        _ => "UTF-8",
    };

    private static bool StartsWith(byte[] bytes, params byte[] prefix)
    {
        if (bytes.Length < prefix.Length)
        {
            return false;
        }

        for (var i = 0; i < prefix.Length; i++)
        {
            if (bytes[i] != prefix[i])
            {
                return false;
            }
        }

        return true;
    }
}
