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

    /// <summary>True when <paramref name="span"/> of the text contains any of <paramref name="words"/> (ASCII case folded when <paramref name="ignoreCase"/>; words lower case then).</summary>
    public static bool ContainsAny(SourceText text, TextSpan span, string[] words, bool ignoreCase, CancellationToken cancellation)
    {
        // The first characters of the words, as a bit set (the words are ASCII): most characters are rejected by one test.
        var longest = 0;
        ulong low = 0, high = 0;
        for (var w = 0; w < words.Length; w++)
        {
            longest = Math.Max(longest, words[w].Length);
            var first = words[w].Length > 0 ? words[w][0] : '\0';
            if (first < 64)
            {
                low |= 1UL << first;
            }
            else if (first < 128)
            {
                high |= 1UL << (first - 64);
            }
            else
            {
                // A non-ASCII identifier (a wrapper's name): no filter.
                low = high = ulong.MaxValue;
            }
        }

        if (longest == 0 || span.Length == 0)
        {
            return false;
        }

        var carry = longest - 1;
        var buffer = new char[carry + ChunkSize];
        var kept = 0;
        for (var position = span.Start; position < span.End; position += ChunkSize)
        {
            cancellation.ThrowIfCancellationRequested();
            var count = Math.Min(ChunkSize, span.End - position);
            text.CopyTo(position, buffer, kept, count);
            var length = kept + count;
            if (ignoreCase)
            {
                for (var i = kept; i < length; i++)
                {
                    var c = buffer[i];
                    buffer[i] = c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
                }
            }

            if (Contains(buffer, length, words, low, high))
            {
                return true;
            }

            // Keep the tail that could begin a word completed by the next chunk.
            kept = Math.Min(carry, length);
            Array.Copy(buffer, length - kept, buffer, 0, kept);
        }

        return false;
    }

    // Indexed loops over an array: this runs once per character of every file, so it must not allocate (no enumerators).
    private static bool Contains(char[] buffer, int length, string[] words, ulong low, ulong high)
    {
        for (var i = 0; i < length; i++)
        {
            var c = buffer[i];
            if (c >= 128 ? high != ulong.MaxValue : c < 64 ? (low & (1UL << c)) == 0 : (high & (1UL << (c - 64))) == 0)
            {
                continue;
            }

            for (var w = 0; w < words.Length; w++)
            {
                var word = words[w];
                if (word[0] == c && i + word.Length <= length && Matches(buffer, i, word))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool Matches(char[] buffer, int start, string word)
    {
        for (var j = 1; j < word.Length; j++)
        {
            if (buffer[start + j] != word[j])
            {
                return false;
            }
        }

        return true;
    }
}
