namespace VramLint.Analyzers;

/// <summary>
/// The keys of <see cref="Microsoft.CodeAnalysis.Diagnostic.Properties"/> a code fix reads, so it can edit the value
/// without analysing again. Fix i (0-based) has <c>Fix.i.Setting</c>, <c>Fix.i.Value</c>, <c>Fix.i.Title</c> and
/// optionally <c>Fix.i.GpuCount</c>; <c>Location.&lt;setting&gt;</c> gives the index in AdditionalLocations where that
/// setting's value is written (absent when the deployment does not write it).
/// </summary>
public static class FixProperties
{
    public const string FixCount = "FixCount";

    /// <summary>The setting responsible for the finding, when one is.</summary>
    public const string Setting = "Setting";

    public static string FixSetting(int i) => $"Fix.{i}.Setting";

    public static string FixValue(int i) => $"Fix.{i}.Value";

    public static string FixTitle(int i) => $"Fix.{i}.Title";

    public static string FixGpuCount(int i) => $"Fix.{i}.GpuCount";

    public static string LocationOf(string setting) => "Location." + setting;
}
