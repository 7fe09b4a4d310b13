using VramLint.Core.Arguments;
using VramLint.Core.Settings;

namespace VramLint.Core.Diagnostics;

/// <summary>
/// The one rule for where a finding lands, for every front end: the token Core already knows, else the GPU facts for a
/// GPU finding, else the responsible setting's value (or flag), else the model; the first that maps into the front end's
/// source (<see cref="SourceOrigin"/>), else the deployment's anchor.
/// </summary>
public static class FindingPlacement
{
    /// <summary>Where the finding lands: the first candidate with a range in the front end's source, else <paramref name="anchor"/>.</summary>
    public static SourceRange Place(Finding finding, DeploymentInput input, SourceOrigin anchor)
    {
        foreach (var candidate in Candidates(finding, input))
        {
            if (SourceOrigin.Map(candidate) is { } range)
            {
                return range;
            }
        }

        return anchor.Whole;
    }

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
