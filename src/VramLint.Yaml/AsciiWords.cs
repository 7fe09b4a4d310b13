namespace VramLint.Yaml;

/// <summary>
/// ASCII words found in a text without regard to case, by the runtime's vectorized search for the first letter in either
/// case and a compare of the rest. <c>IndexOf(..., OrdinalIgnoreCase)</c> would do the same, but with invariant
/// globalization (the CLI's setting) it runs a scalar loop: about 15 times slower on a deployment file, and the sniff
/// reads every file of a run.
/// </summary>
internal sealed class AsciiWords
{
    private readonly string[] words;
    private readonly char[][] firstLetters;

    public AsciiWords(params string[] words)
    {
        foreach (var word in words)
        {
            if (word.Length == 0 || word.Any(c => c > 0x7F))
            {
                throw new ArgumentException($"'{word}' is not a non-empty ASCII word", nameof(words));
            }
        }

        this.words = words;
        firstLetters = words.Select(w => new[] { Lower(w[0]), Upper(w[0]) }).ToArray();
    }

    /// <summary>True when the text holds any of the words, in any mix of upper and lower case.</summary>
    public bool AnyIn(string text)
    {
        for (var w = 0; w < words.Length; w++)
        {
            var word = words[w];
            var last = text.Length - word.Length;
            for (var at = last < 0 ? -1 : text.IndexOfAny(firstLetters[w], 0, last + 1); at >= 0; at = at < last ? text.IndexOfAny(firstLetters[w], at + 1, last - at) : -1)
            {
                if (RestMatches(text, at, word))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool RestMatches(string text, int at, string word)
    {
        for (var i = 1; i < word.Length; i++)
        {
            if (Lower(text[at + i]) != Lower(word[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static char Lower(char c) => c is >= 'A' and <= 'Z' ? (char)(c + ('a' - 'A')) : c;

    private static char Upper(char c) => c is >= 'a' and <= 'z' ? (char)(c - ('a' - 'A')) : c;
}
