using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace VramLint.Analyzers.Flow;

/// <summary>
/// Where each character of a string literal's value sits in its source text when escapes shift them
/// (<c>"\"a\" b"</c>, <c>@"say ""hi"""</c>), so a word inside such a literal still gets its exact span.
/// </summary>
internal static class LiteralEscapes
{
    /// <summary>The raw offset of each value character plus one for the end; null for plain literals (no shift) and anything else.</summary>
    public static IReadOnlyList<int>? Map(SyntaxNode syntax, string value)
    {
        if (syntax is not LiteralExpressionSyntax { Token: var token } || !token.IsKind(SyntaxKind.StringLiteralToken))
        {
            return null;
        }

        var raw = token.Text;
        var verbatim = raw.StartsWith("@\"", StringComparison.Ordinal);
        if ((!verbatim && !raw.StartsWith("\"", StringComparison.Ordinal)) || raw.StartsWith("\"\"\"", StringComparison.Ordinal) || raw.Length - (verbatim ? 3 : 2) == value.Length)
        {
            return null;
        }

        var map = new List<int>();
        var i = verbatim ? 2 : 1;
        var end = raw.Length - 1;
        while (i < end)
        {
            var start = i;
            if (verbatim)
            {
                i += raw[i] == '"' ? 2 : 1;
                map.Add(start);
                continue;
            }

            if (raw[i] != '\\')
            {
                map.Add(start);
                i++;
                continue;
            }

            var kind = i + 1 < end ? raw[i + 1] : '\0';
            switch (kind)
            {
                case 'u':
                    i += 6;
                    map.Add(start);
                    break;
                case 'U':
                    i += 10;
                    map.Add(start);
                    if (map.Count < value.Length && char.IsHighSurrogate(value[map.Count - 1]))
                    {
                        map.Add(start);
                    }

                    break;
                case 'x':
                    i += 2;
                    for (var k = 0; k < 4 && i < end && Uri.IsHexDigit(raw[i]); k++)
                    {
                        i++;
                    }

                    map.Add(start);
                    break;
                default:
                    i += 2;
                    map.Add(start);
                    break;
            }
        }

        map.Add(end);
        return map.Count == value.Length + 1 ? map : null;
    }
}
