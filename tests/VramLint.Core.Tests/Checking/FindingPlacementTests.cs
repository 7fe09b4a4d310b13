using VramLint.Core.Arguments;
using VramLint.Core.Diagnostics;
using VramLint.Core.Settings;

namespace VramLint.Core.Tests.Checking;

/// <summary>The one placement rule the YAML linter and the analyzer share.</summary>
public class FindingPlacementTests
{
    private static readonly DeploymentInput Input = new DeploymentInput(VllmArgumentReader.Read(new[] { "serve", "meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", "131072" }.Select((w, i) => new ArgumentToken(w, new SourceLocation("argument " + (i + 1)))).ToArray()))
    {
        GpuCountLocation = new SourceLocation("gpus"),
        GpuTypeLocation = new SourceLocation("product"),
    };

    [Fact]
    public void Core_location_then_gpu_facts_then_the_setting_then_the_model()
    {
        var known = new SourceLocation("token");

        Assert.Equal(new object?[] { "token", "argument 4", "argument 2" }, Origins(new Finding(DiagnosticIds.DoesNotFit, "m", SettingNames.MaxModelLen, known)));
        Assert.Equal(new object?[] { "gpus", "argument 2" }, Origins(new Finding(DiagnosticIds.InvalidParallelism, "m", SettingNames.GpuCount)));
        Assert.Equal(new object?[] { "product", "argument 2" }, Origins(new Finding(DiagnosticIds.InvalidValue, "m", SettingNames.GpuType)));
        Assert.Equal(new object?[] { "argument 2" }, Origins(new Finding(DiagnosticIds.UnknownModel, "m")));
    }

    private static object?[] Origins(Finding finding) => FindingPlacement.Candidates(finding, Input).Select(l => l.Origin).ToArray();
}
