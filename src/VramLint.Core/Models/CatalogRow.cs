using System.Globalization;
using System.Text;

namespace VramLint.Core.Models;

/// <summary>
/// One catalog record's index keys and where its text lies in the catalog's UTF-8 bytes (the record, and its
/// quantization config or -1). tools/VramLint.CatalogGen writes the rows of Data/models.json to Data/models-index.tsv
/// with <see cref="Write"/>, from <see cref="CatalogIndex.Scan"/>; a test checks the two files agree.
/// </summary>
internal sealed record CatalogRow(string Id, string? Status, string? ModelType, string? SameArchitectureAs, int Start, int Length, int QuantizationStart, int QuantizationLength)
{
    /// <summary>One line a row, tab-separated, an empty field for a key the record does not have.</summary>
    public static string Write(IEnumerable<CatalogRow> rows)
    {
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.Append(Field(row.Id)).Append('\t').Append(Field(row.Status)).Append('\t').Append(Field(row.ModelType)).Append('\t')
                .Append(Field(row.SameArchitectureAs)).Append('\t').Append(Number(row.Start)).Append('\t').Append(Number(row.Length)).Append('\t')
                .Append(Number(row.QuantizationStart)).Append('\t').Append(Number(row.QuantizationLength)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The rows <see cref="Write"/> wrote; a line that is not eight fields with numbers where numbers go is an error naming it.</summary>
    public static List<CatalogRow> Read(string text)
    {
        var rows = new List<CatalogRow>();
        var line = 0;
        for (var start = 0; start < text.Length; line++)
        {
            var end = text.IndexOf('\n', start);
            end = end < 0 ? text.Length : end;
            var fields = text.Substring(start, end - start).Split('\t');
            if (fields.Length != 8 || fields[0].Length == 0)
            {
                throw new FormatException($"line {line + 1} of the catalog index has {fields.Length} fields: expected 8, the first an id");
            }

            rows.Add(new CatalogRow(fields[0], Text(fields[1]), Text(fields[2]), Text(fields[3]), Int(fields[4], line), Int(fields[5], line), Int(fields[6], line), Int(fields[7], line)));
            start = end + 1;
        }

        return rows;
    }

    private static string Field(string? value) =>
        value is null ? "" : value.IndexOfAny(new[] { '\t', '\n', '\r' }) < 0 && value.Length > 0 ? value
            : throw new FormatException($"the catalog value '{value}' cannot be an index field (empty, or a tab or line break in it)");

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string? Text(string field) => field.Length == 0 ? null : field;

    private static int Int(string field, int line) =>
        int.TryParse(field, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value
            : throw new FormatException($"line {line + 1} of the catalog index has '{field}' where a whole number goes");
}
