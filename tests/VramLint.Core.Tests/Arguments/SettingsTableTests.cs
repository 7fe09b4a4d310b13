using System.Reflection;
using VramLint.Core.Arguments;
using VramLint.Core.Json;
using VramLint.Core.Settings;

namespace VramLint.Core.Tests.Arguments;

/// <summary>
/// The typed settings table (VllmFlags): every DeploymentSettings property is set by an entry of the table, each bound
/// entry sets something, and where two entries set one property the earlier one's order decides as vLLM does.
/// </summary>
public class SettingsTableTests
{
    /// <summary>Set outside the table: a removed option's value and a raw JSON kept as written (see VllmArgumentReader.Build).</summary>
    private static readonly string[] SetOutsideTheTable = { nameof(DeploymentSettings.Task), nameof(DeploymentSettings.HfOverrides) };

    [Fact]
    public void Every_bound_entry_sets_something_and_every_property_has_an_entry()
    {
        var touched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (flag, sample) in VllmFlags.All.Where(f => f.Bind is not null).SelectMany(f => Samples(f).Select(v => (f, v))))
        {
            var settings = VllmFlags.Settings(new Dictionary<string, object> { [flag.Name] = sample });
            var changed = Properties().Where(p => !Equals(p.GetValue(settings), p.GetValue(DeploymentSettings.Empty))).Select(p => p.Name).ToList();
            Assert.True(changed.Count > 0, $"--{flag.Name} sets nothing");
            touched.UnionWith(changed);
        }

        var unbound = Properties().Select(p => p.Name).Except(touched).Except(SetOutsideTheTable).ToList();
        Assert.True(unbound.Count == 0, "set by no table entry: " + string.Join(", ", unbound));
    }

    [Fact]
    public void The_explicit_options_win_over_the_json_that_also_sets_them()
    {
        var settings = VllmFlags.Settings(new Dictionary<string, object>
        {
            ["compilation-config"] = JsonNode.Parse("{\"max_cudagraph_capture_size\": 64, \"cudagraph_mode\": \"FULL\"}")!,
            ["max-cudagraph-capture-size"] = 128,
            ["speculative-config"] = JsonNode.Parse("{\"model\": \"from-json\"}")!,
            ["spec-model"] = "from-option",
            ["spec-tokens"] = 3,
        });

        // vLLM: an explicit --max-cudagraph-capture-size over the compilation config's key; the speculative config's JSON
        // over the --spec-* shorthands, which fill only what it leaves unset.
        Assert.Equal((128, "FULL"), (settings.MaxCudagraphCaptureSize, settings.CudagraphMode));
        Assert.Equal(("from-json", 3), (settings.SpeculativeModel, settings.NumSpeculativeTokens));
    }

    private static IEnumerable<PropertyInfo> Properties() =>
        typeof(DeploymentSettings).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite);

    /// <summary>Values of the types the reader stores for the option's kind (max-model-len: a length, and "auto").</summary>
    private static IEnumerable<object> Samples(VllmFlag flag) =>
        flag.Name == SettingNames.MaxModelLen ? new object[] { 8192L, "auto" } : new[] { Sample(flag) };

    private static object Sample(VllmFlag flag) => flag.Kind switch
    {
        FlagKind.PositiveInt or FlagKind.NonNegativeInt => 7,
        FlagKind.HumanInt => 8192L,
        FlagKind.Fraction => 0.5,
        FlagKind.NonNegativeNumber => 1.5,
        FlagKind.Bool => true,
        FlagKind.Choice => flag.Choices!.First(),
        FlagKind.IntList => new List<int> { 1, 2, 4 },
        FlagKind.TextList => new List<string> { "a" },
        FlagKind.Json => JsonNode.Parse(flag.Name switch
        {
            "compilation-config" => "{\"max_cudagraph_capture_size\": 8, \"cudagraph_capture_sizes\": [1, 2], \"cudagraph_mode\": \"FULL\"}",
            "speculative-config" => "{\"model\": \"draft\", \"method\": \"eagle\", \"num_speculative_tokens\": 3}",
            "limit-mm-per-prompt" => "{\"image\": 2}",
            _ => "{\"max_pixels\": 1003520}",
        })!,
        _ => "text",
    };
}
