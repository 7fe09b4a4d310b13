namespace VramLint.Core.Arguments;

/// <summary>One word of a vLLM command line, as the process would receive it (quotes already removed).</summary>
public sealed class ArgumentToken
{
    public ArgumentToken(string text, SourceLocation? location = null)
    {
        Text = text;
        Location = location;
    }

    /// <summary>The word as the program sees it.</summary>
    public string Text { get; }

    /// <summary>Where the raw word sits in the source (quotes included); null when unknown.</summary>
    public SourceLocation? Location { get; }

    /// <summary>Tokens for a plain list of words with no source information (CLI arguments, tests).</summary>
    public static IReadOnlyList<ArgumentToken> FromWords(IEnumerable<string> words) =>
        words.Select(w => new ArgumentToken(w)).ToArray();

    public override string ToString() => Text;
}
