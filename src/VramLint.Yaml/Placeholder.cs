namespace VramLint.Yaml;

/// <summary>Placeholder until the YAML front end lands.</summary>
internal static class Placeholder
{
}
