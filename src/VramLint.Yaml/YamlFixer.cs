using VramLint.Core.Diagnostics;
using VramLint.Core.Settings;

namespace VramLint.Yaml;

/// <summary>One text replacement in a YAML file: characters [Start, End) become <see cref="Text"/>.</summary>
public sealed record YamlEdit(int Start, int End, string Text, string Title);

/// <summary>
/// Turns Core's fixes into edits that rewrite only the scalar involved, keeping its quoting, the comments and every
/// other byte; raising tensor parallelism also rewrites a GPU count stated in the same deployment.
/// </summary>
public static class YamlFixer
{
    internal static IReadOnlyList<YamlEdit>? Edits(string text, Finding finding, SettingFix fix, YamlDeployment deployment)
    {
        var occurrence = deployment.Arguments?.Find(fix.Setting);
        if (occurrence?.ValueLocation is null || Replace(text, occurrence.ValueLocation, fix.Value, fix.Title) is not { } edit)
        {
            return null;
        }

        var edits = new List<YamlEdit> { edit };
        if (fix.GpuCount is { } gpus && fix.Setting == SettingNames.TensorParallelSize)
        {
            if (deployment.GpuCountLocation is null || Replace(text, deployment.GpuCountLocation, gpus.ToString(System.Globalization.CultureInfo.InvariantCulture), fix.Title) is not { } gpuEdit)
            {
                return null;
            }

            edits.Add(gpuEdit);
        }

        return edits;
    }

    /// <summary>Applies edits to the text, last first.</summary>
    public static string Apply(string text, IEnumerable<YamlEdit> edits)
    {
        foreach (var edit in edits.OrderByDescending(e => e.Start))
        {
            text = text.Substring(0, edit.Start) + edit.Text + text.Substring(edit.End);
        }

        return text;
    }

    internal static IReadOnlyList<YamlEdit> WithoutOverlaps(List<YamlEdit> edits)
    {
        var kept = new List<YamlEdit>();
        foreach (var edit in edits.OrderBy(e => e.Start))
        {
            if (kept.Count == 0 || kept[kept.Count - 1].End <= edit.Start)
            {
                kept.Add(edit);
            }
        }

        return kept;
    }

    /// <summary>The value's exact characters when they map; for a whole quoted scalar, its inside, so the quotes stay.</summary>
    private static YamlEdit? Replace(string text, Core.Arguments.SourceLocation location, string value, string title)
    {
        if (YamlOrigin.Range(location) is not { } range || location.Origin is not YamlOrigin origin)
        {
            return null;
        }

        if (origin.ContentOffset < 0)
        {
            // Block scalars and escaped or interpolated values: rewriting them safely would need more than one span.
            return null;
        }

        return new YamlEdit(range.Start + (range == (origin.Start, origin.End) ? origin.ContentOffset : 0), range.End - (range == (origin.Start, origin.End) && origin.ContentOffset > 0 ? 1 : 0), value, title);
    }
}
