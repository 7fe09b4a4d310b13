using System.Text;

namespace VramLint.Core.Arguments;

/// <summary>
/// Splits <c>ProcessStartInfo.Arguments</c> (and <c>Process.Start(file, string)</c>) into the words the started
/// program receives, by .NET's rules rather than a shell's: spaces and tabs separate words; double quotes group, and
/// <c>""</c> inside quotes is one quote; backslashes are literal unless they precede a double quote, where 2n of them
/// give n and 2n+1 give n and a literal quote. Single quotes, <c>$</c>, <c>#</c> and <c>;</c> mean nothing.
/// Each word keeps its raw span so diagnostics land on it.
/// </summary>
public static class DotNetArguments
{
    public static IReadOnlyList<ArgumentToken> Split(string text, object? origin = null, int originOffset = 0)
    {
        var words = new List<ArgumentToken>();
        var i = 0;
        text ??= "";
        while (true)
        {
            while (i < text.Length && text[i] is ' ' or '\t')
            {
                i++;
            }

            if (i >= text.Length)
            {
                return words;
            }

            var start = i;
            var word = new StringBuilder();
            var offsets = new List<int>();
            var inQuotes = false;
            var rewritten = false;
            while (i < text.Length)
            {
                var c = text[i];
                if (c == '\\')
                {
                    var run = i;
                    while (i < text.Length && text[i] == '\\')
                    {
                        i++;
                    }

                    var count = i - run;
                    if (i >= text.Length || text[i] != '"')
                    {
                        for (var k = 0; k < count; k++)
                        {
                            offsets.Add(run + k - start);
                            word.Append('\\');
                        }

                        continue;
                    }

                    rewritten = true;
                    for (var k = 0; k < count / 2; k++)
                    {
                        offsets.Add(run + (2 * k) + 1 - start);
                        word.Append('\\');
                    }

                    if (count % 2 != 0)
                    {
                        offsets.Add(i - start);
                        word.Append('"');
                        i++;
                    }

                    continue;
                }

                if (c == '"')
                {
                    rewritten = true;
                    if (inQuotes && i + 1 < text.Length && text[i + 1] == '"')
                    {
                        offsets.Add(i + 1 - start);
                        word.Append('"');
                        i += 2;
                        continue;
                    }

                    inQuotes = !inQuotes;
                    i++;
                    continue;
                }

                if (c is ' ' or '\t' && !inQuotes)
                {
                    break;
                }

                offsets.Add(i - start);
                word.Append(c);
                i++;
            }

            offsets.Add(i - start);
            words.Add(new ArgumentToken(word.ToString(), new SourceLocation(origin, originOffset + start, i - start), rewritten ? offsets : null));
        }
    }
}
