using System.Text.RegularExpressions;

namespace VramLint.Core.Models;

/// <summary>
/// Local folders and mirrors often write a model's version without its dot: "qwen25-vl-7b-instruct", "llama31-8b",
/// "phi35-mini-instruct", "glm-45-air", "Mistral-7B-Instruct-v02", and ModelScope's "Qwen2___5-7B-Instruct". The name key
/// keeps "qwen25" and "qwen2.5" apart (every version token decides an architecture), so such a name is tried again with the
/// dot put back, and the resolver keeps the respelling only when it finds a catalog model with it.
/// </summary>
internal static class UndottedVersion
{
    // Two digits closing a token right after a family word, glued or after one hyphen: "qwen25", "llama-31", "v02".
    // A size ("32b"), a date ("2407") or a digit that is not the token's last are left alone.
    private static readonly Regex TwoDigits = new(@"(?<=[a-z])(-?)(\d)(\d)(?=$|[-_.\s])", RegexOptions.CultureInvariant);

    // One to three underscores standing for the dot between two single digits: "qwen2_5", "qwen2___5", "llama_3_1".
    private static readonly Regex Underscored = new(@"(?<=[a-z][-_]?\d)_{1,3}(?=\d(?:$|[-_.\s]))", RegexOptions.CultureInvariant);

    /// <summary>
    /// The last segment of <paramref name="model"/> with its undotted versions dotted, the version glued to its family word
    /// as written ("qwen2.5", Qwen's spelling) and then apart ("llama-3.1", Meta's); empty when the name has none.
    /// </summary>
    public static IReadOnlyList<string> Respell(string model)
    {
        // Most names hold no two digits in a row and no digit-underscore-digit: nothing to respell, nothing allocated.
        if (!MayHoldUndottedVersion(model))
        {
            return Array.Empty<string>();
        }

        var name = ModelNameParser.LastSegment(model).ToLowerInvariant();
        var dotted = Underscored.Replace(name, ".");
        var candidates = new List<string>(2);
        foreach (var candidate in new[] { TwoDigits.Replace(dotted, "$1$2.$3"), TwoDigits.Replace(dotted, "-$2.$3") })
        {
            if (candidate != name && !candidates.Contains(candidate))
            {
                candidates.Add(candidate);
            }
        }

        return candidates;
    }

    /// <summary>True when a digit follows a digit, directly or after one to three underscores ("25", "2_5", "2___5").</summary>
    private static bool MayHoldUndottedVersion(string model)
    {
        for (var i = 1; i < model.Length; i++)
        {
            if (!char.IsDigit(model[i]))
            {
                continue;
            }

            var j = i - 1;
            while (j >= 0 && i - j <= 3 && model[j] == '_')
            {
                j--;
            }

            if (j >= 0 && char.IsDigit(model[j]))
            {
                return true;
            }
        }

        return false;
    }
}
