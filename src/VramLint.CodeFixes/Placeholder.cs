namespace VramLint.CodeFixes;

/// <summary>Placeholder until the code fixes lands.</summary>
internal static class Placeholder
{
}
