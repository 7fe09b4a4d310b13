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
        var groups = new WordGroup[words.Length];
        for (var w = 0; w < words.Length; w++)
        {
            groups[w] = new WordGroup(words[w], words[w]);
        }

        return ContainsAny(text, span, groups, ignoreCase, cancellation);
    }

    /// <summary>
    /// True when <paramref name="span"/> of the text contains a word of any group. Each group is searched once, for its
    /// anchor, and its words are compared only where the anchor occurs: one pass per group instead of one per word.
    /// </summary>
    public static bool ContainsAny(SourceText text, TextSpan span, WordGroup[] groups, bool ignoreCase, CancellationToken cancellation)
    {
        var longest = 0;
        for (var g = 0; g < groups.Length; g++)
        {
            longest = Math.Max(longest, groups[g].Longest);
        }

        if (longest == 0 || span.Length == 0)
        {
            return false;
        }

        var carry = longest - 1;
        var buffer = Buffer(carry + ChunkSize);
        var kept = 0;
        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        for (var position = span.Start; position < span.End; position += ChunkSize)
        {
            cancellation.ThrowIfCancellationRequested();
            var count = Math.Min(ChunkSize, span.End - position);
            text.CopyTo(position, buffer, kept, count);
            var length = kept + count;

            // The runtime's vectorized ordinal search (case-insensitive without folding a copy: the runtime's own optimized
            // code, where a folding loop here would run as the JIT's first, unoptimized tier in a compiler process).
            var chunk = new ReadOnlySpan<char>(buffer, 0, length);
            for (var g = 0; g < groups.Length; g++)
            {
                if (groups[g].FoundIn(chunk, comparison))
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

/// <summary>Words that share an anchor (a part each of them contains), found by searching for the anchor alone.</summary>
internal sealed class WordGroup
{
    private readonly string[] words;
    private readonly int[] anchorAt;

    public WordGroup(string anchor, params string[] words)
    {
        Anchor = anchor;
        this.words = words;
        anchorAt = new int[words.Length];
        for (var w = 0; w < words.Length; w++)
        {
            anchorAt[w] = words[w].IndexOf(anchor, StringComparison.OrdinalIgnoreCase);
            if (anchorAt[w] < 0)
            {
                throw new ArgumentException($"'{words[w]}' does not contain its anchor '{anchor}'", nameof(words));
            }

            Longest = Math.Max(Longest, words[w].Length);
        }
    }

    public string Anchor { get; }

    public int Longest { get; }

    /// <summary>True when a word of the group is in <paramref name="chunk"/>.</summary>
    public bool FoundIn(ReadOnlySpan<char> chunk, StringComparison comparison)
    {
        var anchor = Anchor.AsSpan();
        for (var from = 0; from < chunk.Length;)
        {
            var hit = chunk.Slice(from).IndexOf(anchor, comparison);
            if (hit < 0)
            {
                return false;
            }

            var at = from + hit;
            for (var w = 0; w < words.Length; w++)
            {
                var start = at - anchorAt[w];
                if (start >= 0 && start + words[w].Length <= chunk.Length && chunk.Slice(start, words[w].Length).Equals(words[w].AsSpan(), comparison))
                {
                    return true;
                }
            }

            from = at + 1;
        }

        return false;
    }
}
