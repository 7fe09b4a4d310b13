namespace VramLint.Analyzers;

/// <summary>Placeholder until the analyzer lands.</summary>
internal static class Placeholder
{
}
