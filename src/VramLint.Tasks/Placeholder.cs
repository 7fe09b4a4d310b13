namespace VramLint.Tasks;

/// <summary>Placeholder until the MSBuild task lands.</summary>
internal static class Placeholder
{
}
