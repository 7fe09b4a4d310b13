using System.Text;

namespace VramLint.Core.Arguments;

/// <summary>
/// Splits a one-string command line into words as a POSIX shell does: single and double quotes, backslash escapes,
/// backslash-newline continuations, comments. Each word keeps its raw span in the source so that a diagnostic or a
/// fix can land on it. Unquoted <c>; &amp;&amp; || | &amp;</c> become words of their own, so a script such as
/// <c>ray start ...; vllm serve ...</c> can be cut into commands.
/// </summary>
public static class ShellWords
{
    private static readonly HashSet<string> Operators = new(StringComparer.Ordinal) { ";", "&&", "||", "|", "&" };

    /// <summary>The words of <paramref name="text"/>; an unbalanced quote takes the rest of the text (see <see cref="TrySplit"/>).</summary>
    public static IReadOnlyList<ArgumentToken> Split(string text, object? origin = null, int originOffset = 0)
    {
        TrySplit(text, out var words, out _, origin, originOffset);
        return words;
    }

    /// <summary>Splits; false with a message naming the offset when a quote is never closed.</summary>
    public static bool TrySplit(string text, out IReadOnlyList<ArgumentToken> words, out string? error, object? origin = null, int originOffset = 0)
    {
        var result = new List<ArgumentToken>();
        error = null;
        var i = 0;
        text ??= "";
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                i += 2;
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (c == '#')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }

                continue;
            }

            if (OperatorAt(text, i) is { } op)
            {
                result.Add(new ArgumentToken(op, new SourceLocation(origin, originOffset + i, op.Length)));
                i += op.Length;
                continue;
            }

            var start = i;
            var word = new StringBuilder();
            var offsets = new List<int>();
            var quoted = false;
            while (i < text.Length)
            {
                c = text[i];
                if (char.IsWhiteSpace(c) || OperatorAt(text, i) is not null)
                {
                    break;
                }

                if (c == '\\')
                {
                    if (i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i += 2;
                        continue;
                    }

                    quoted = true;
                    if (i + 1 < text.Length)
                    {
                        offsets.Add(i + 1 - start);
                        word.Append(text[i + 1]);
                    }

                    i += 2;
                    continue;
                }

                if (c is '\'' or '"')
                {
                    quoted = true;
                    var quote = c;
                    var open = i;
                    i++;
                    while (i < text.Length && text[i] != quote)
                    {
                        if (quote == '"' && text[i] == '\\' && i + 1 < text.Length && "\"\\$`\n".IndexOf(text[i + 1]) >= 0)
                        {
                            if (text[i + 1] != '\n')
                            {
                                offsets.Add(i + 1 - start);
                                word.Append(text[i + 1]);
                            }

                            i += 2;
                            continue;
                        }

                        offsets.Add(i - start);
                        word.Append(text[i]);
                        i++;
                    }

                    if (i >= text.Length)
                    {
                        error ??= $"unclosed {(quote == '"' ? "double" : "single")} quote at offset {open}";
                        break;
                    }

                    i++;
                    continue;
                }

                offsets.Add(i - start);
                word.Append(c);
                i++;
            }

            offsets.Add(i - start);
            var location = new SourceLocation(origin, originOffset + start, i - start);
            result.Add(new ArgumentToken(word.ToString(), location, quoted ? offsets : null));
        }

        words = result;
        return error is null;
    }

    /// <summary>Cuts words at unquoted command separators (<c>; &amp;&amp; || | &amp;</c>).</summary>
    public static IReadOnlyList<IReadOnlyList<ArgumentToken>> Commands(IReadOnlyList<ArgumentToken> words)
    {
        var commands = new List<IReadOnlyList<ArgumentToken>>();
        var current = new List<ArgumentToken>();
        foreach (var word in words)
        {
            if (IsOperator(word))
            {
                if (current.Count > 0)
                {
                    commands.Add(current);
                }

                current = new List<ArgumentToken>();
            }
            else
            {
                current.Add(word);
            }
        }

        if (current.Count > 0)
        {
            commands.Add(current);
        }

        return commands;
    }

    /// <summary>True for an unquoted separator word produced by <see cref="Split"/>.</summary>
    public static bool IsOperator(ArgumentToken word) =>
        Operators.Contains(word.Text) && word.RawOffsets is null && (word.Location is null || word.Location.Length == word.Text.Length);

    private static string? OperatorAt(string text, int i)
    {
        var c = text[i];
        if (c == ';')
        {
            return ";";
        }

        if (c is '&' or '|')
        {
            return i + 1 < text.Length && text[i + 1] == c ? new string(c, 2) : c.ToString();
        }

        return null;
    }
}
