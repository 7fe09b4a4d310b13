using System;
using System.Collections.Generic;

namespace VramLint.Core;

/// <summary>"Did you mean": the known word closest to a misspelt one, for every front end's suggestions.</summary>
public static class Spelling
{
    /// <summary>
    /// The candidate nearest to <paramref name="written"/> by edit distance (ties: the first in order), or null when
    /// none is within a fifth of its length (at least 2 edits): a suggestion only when it is likely what was meant.
    /// </summary>
    public static string? Closest(string written, IEnumerable<string> candidates)
    {
        var limit = Math.Max(2, written.Length / 5);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = EditDistance(written, candidate);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return bestDistance <= limit ? best : null;
    }

    /// <summary>Levenshtein distance with an adjacent transposition counted as one edit (optimal string alignment).</summary>
    public static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
