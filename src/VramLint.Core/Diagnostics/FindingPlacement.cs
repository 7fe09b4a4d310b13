using VramLint.Core.Arguments;
using VramLint.Core.Settings;

namespace VramLint.Core.Diagnostics;

/// <summary>
/// The one rule for where a finding lands, for every front end: the token Core already knows, else the GPU facts for a
/// GPU finding, else the responsible setting's value (or flag), else the model. Each front end takes the first
/// candidate it can map into its own source (a YAML range, a Roslyn location), else its deployment's anchor.
/// </summary>
public static class FindingPlacement
{
    public static IEnumerable<SourceLocation> Candidates(Finding finding, DeploymentInput input)
    {
        var parsed = input.Arguments;
        var candidates = new[]
        {
            finding.Location,
            finding.Setting == SettingNames.GpuCount ? input.GpuCountLocation ?? parsed.GpuCountLocation : null,
            finding.Setting == SettingNames.GpuType ? input.GpuTypeLocation : null,
            finding.Setting is { } setting ? parsed.Find(setting)?.BestLocation : null,
            parsed.Find(SettingNames.Model)?.BestLocation,
        };

        return candidates.Where(c => c is not null).Select(c => c!);
    }
}
