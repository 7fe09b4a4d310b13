namespace VramLint.Yaml;

/// <summary>
/// In-file suppression for YAML, the counterpart of C#'s <c>#pragma warning disable</c>:
/// <c># vramlint-disable-next-line VRAM001</c> silences the named IDs on the line below it (all IDs when none is named),
/// and <c># vramlint-disable VRAM004</c> silences them in the whole file. IDs are separated by spaces or commas.
/// </summary>
internal sealed class SuppressionComments
{
    private const string NextLine = "vramlint-disable-next-line";
    private const string WholeFile = "vramlint-disable";

    /// <summary>1-based line to the IDs silenced on it; an empty set silences every ID.</summary>
    private readonly Dictionary<int, HashSet<string>> lines = new();
    private HashSet<string>? file;

    public SuppressionComments(string text)
    {
        // Most files have no suppression comment: one scan answers them without splitting the text into lines.
        if (text.IndexOf(WholeFile, StringComparison.Ordinal) < 0)
        {
            return;
        }

        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var hash = raw.IndexOf('#');
            if (hash < 0)
            {
                continue;
            }

            var comment = raw.Substring(hash + 1).Trim();
            if (comment.StartsWith(NextLine, StringComparison.Ordinal))
            {
                Merge(ref lines, number + 1, Ids(comment.Substring(NextLine.Length)));
            }
            else if (comment.StartsWith(WholeFile, StringComparison.Ordinal) && (comment.Length == WholeFile.Length || char.IsWhiteSpace(comment[WholeFile.Length])))
            {
                var ids = Ids(comment.Substring(WholeFile.Length));
                file = file is null ? ids : ids.Count == 0 || file.Count == 0 ? new HashSet<string>() : new HashSet<string>(file.Concat(ids));
            }
        }
    }

    public bool IsEmpty => file is null && lines.Count == 0;

    public bool Silences(string id, int line) =>
        (file is not null && (file.Count == 0 || file.Contains(id)))
        || (lines.TryGetValue(line, out var ids) && (ids.Count == 0 || ids.Contains(id)));

    private static void Merge(ref Dictionary<int, HashSet<string>> map, int line, HashSet<string> ids)
    {
        if (!map.TryGetValue(line, out var existing))
        {
            map[line] = ids;
        }
        else if (existing.Count > 0)
        {
            map[line] = ids.Count == 0 ? ids : new HashSet<string>(existing.Concat(ids));
        }
    }

    private static HashSet<string> Ids(string rest) =>
        new(rest.Split(new[] { ' ', ',', '\t', '\r' }, StringSplitOptions.RemoveEmptyEntries).Where(w => w.StartsWith("VRAM", StringComparison.Ordinal)), StringComparer.Ordinal);
}
