using System.Text.RegularExpressions;

namespace VramLint.Yaml;

/// <summary>Recognizes an unrendered template (Helm, Go templates) saved with a .yaml extension: it is not YAML to check.</summary>
internal static class HelmTemplates
{
    private static readonly Regex Action = new(@"\{\{-?\s*(?:\.|\$|/\*|(?:include|if|else|end|range|with|define|template|toYaml|tpl|required|default|quote)\b)", RegexOptions.CultureInvariant);

    public static bool Looks(string text) => Action.IsMatch(text);

    /// <summary>A file in a chart's templates/ folder (the chart found among the project's files, else on the disk).</summary>
    public static bool InChartTemplates(string path, YamlProject? project, out string? chart)
    {
        chart = project is null ? YamlProject.ChartRoot(path, File.Exists) : project.ChartRoot(path);
        if (chart is null)
        {
            return false;
        }

        var relative = Files.FullPath.Of(path).Substring(chart.Length).Replace('\\', '/');
        return relative.StartsWith("/templates/", StringComparison.Ordinal);
    }
}
