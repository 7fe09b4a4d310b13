using System.Text.RegularExpressions;

namespace VramLint.Yaml;

/// <summary>Names what makes a value unknowable before run time: a template placeholder or a variable with no value.</summary>
internal static class UnresolvedValue
{
    private static readonly Regex Helm = new(@"\{\{-?\s*(.*?)\s*-?\}\}", RegexOptions.CultureInvariant);
    private static readonly Regex Actions = new(@"\$\{\{\s*(.*?)\s*\}\}", RegexOptions.CultureInvariant);
    private static readonly Regex Variable = new(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)|\$\(([A-Za-z_][A-Za-z0-9_]*)\)", RegexOptions.CultureInvariant);

    /// <summary>"the Helm template '{{ .Values.model }}'", "the variable MODEL (no value and no default)", or the value itself.</summary>
    public static string Describe(string value)
    {
        if (Actions.Match(value) is { Success: true } expression)
        {
            return $"the GitHub Actions expression '{expression.Value}'";
        }

        if (Helm.Match(value) is { Success: true } template)
        {
            return $"the template '{template.Value}'";
        }

        if (Variable.Match(value) is { Success: true } variable)
        {
            var name = variable.Groups[1].Success ? variable.Groups[1].Value : variable.Groups[2].Success ? variable.Groups[2].Value : variable.Groups[3].Value;
            return $"the variable {name} (no value and no default)";
        }

        return $"the value '{value}'";
    }

    /// <summary>True when the text is a template for envsubst, Helm or Actions rather than a literal.</summary>
    public static bool IsTemplated(string value) => Actions.IsMatch(value) || Helm.IsMatch(value) || Variable.IsMatch(value);
}
