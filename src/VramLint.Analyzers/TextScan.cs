using Microsoft.CodeAnalysis.Text;

namespace VramLint.Analyzers;

/// <summary>
/// Searches a <see cref="SourceText"/> for words without turning it into a string: the text is copied through one small
/// buffer, chunk by chunk, with the last few characters carried over so a word split across two chunks is still found.
/// One pass finds any of several words.
/// </summary>
internal static class TextScan
{
    private const int ChunkSize = 4096;

    [ThreadStatic]
    private static char[]? threadBuffer;

    /// <summary>True when <paramref name="span"/> of the text contains any of <paramref name="words"/> (ordinal, or ordinal ignoring case).</summary>
    public static bool ContainsAny(SourceText text, TextSpan span, string[] words, bool ignoreCase, CancellationToken cancellation)
    {
        var longest = 0;
        for (var w = 0; w < words.Length; w++)
        {
            longest = Math.Max(longest, words[w].Length);
        }

        if (longest == 0 || span.Length == 0)
        {
            return false;
        }

        var carry = longest - 1;
        var buffer = Buffer(carry + ChunkSize);
        var kept = 0;
        for (var position = span.Start; position < span.End; position += ChunkSize)
        {
            cancellation.ThrowIfCancellationRequested();
            var count = Math.Min(ChunkSize, span.End - position);
            text.CopyTo(position, buffer, kept, count);
            var length = kept + count;

            // The runtime's vectorized ordinal search (case-insensitive without folding a copy: the runtime's own optimized
            // code, where a folding loop here would run as the JIT's first, unoptimized tier in a compiler process).
            var chunk = new ReadOnlySpan<char>(buffer, 0, length);
            var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            for (var w = 0; w < words.Length; w++)
            {
                if (chunk.IndexOf(words[w].AsSpan(), comparison) >= 0)
                {
                    return true;
                }
            }

            // Keep the tail that could begin a word completed by the next chunk.
            kept = Math.Min(carry, length);
            Array.Copy(buffer, length - kept, buffer, 0, kept);
        }

        return false;
    }

    /// <summary>One buffer per thread, reused: the scan runs for every file and must not allocate for each.</summary>
    private static char[] Buffer(int length) =>
        threadBuffer is { } buffer && buffer.Length >= length ? buffer : threadBuffer = new char[length];
}
