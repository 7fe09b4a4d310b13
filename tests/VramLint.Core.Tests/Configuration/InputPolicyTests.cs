using VramLint.Core.Arguments;
using VramLint.Core.Configuration;
using VramLint.Core.Diagnostics;
using VramLint.Core.Estimation;
using VramLint.Core.Models;
using VramLint.Core.Settings;

namespace VramLint.Core.Tests.Configuration;

/// <summary>
/// The one input policy: ASCII digits, invariant culture, finite numbers within the range real deployments use, empty
/// values reported; and searches bounded by the model, so no input makes them loop or overflow.
/// </summary>
public class InputPolicyTests
{
    /// <summary>Runs <paramref name="work"/> and fails when it has not finished after a minute: a hang, not a timing goal.</summary>
    internal static T WithinHangGuard<T>(Func<T> work)
    {
        var task = Task.Run(work);
        Assert.True(task.Wait(TimeSpan.FromMinutes(1)), "the work did not finish: it hangs");
        return task.Result;
    }

    private static Finding Problem(string key, string value) =>
        Assert.Single(VramLintOptions.FromLookup(k => k == key ? value : k == ConfigKeys.Gpu && key != ConfigKeys.Gpu ? "L4" : null).Problems);

    [Theory]
    [InlineData("vramlint.gpu_count", "2147483647", "'vramlint.gpu_count = 2147483647' is not valid: expected a whole number of GPUs from 1 to 65536; the key is ignored")]
    [InlineData("vramlint.gpu_count", "\u0664", "'vramlint.gpu_count = \u0664' is not valid: expected a whole number of GPUs from 1 to 65536; the key is ignored")]
    [InlineData("vramlint.gpu_count", "", "'vramlint.gpu_count = ' is not valid: expected a whole number of GPUs from 1 to 65536; the key is ignored")]
    [InlineData("vramlint.gpus_per_node", "-1", "'vramlint.gpus_per_node = -1' is not valid: expected a whole number of GPUs per node from 1 to 65536; the key is ignored")]
    [InlineData("vramlint.gpu_memory", "10000000000GiB", "'vramlint.gpu_memory = 10000000000GiB' is not valid: expected a positive size up to 4096 GiB such as 24GiB, 80GB, 24576MiB or 23.64 (GiB); the key is ignored")]
    [InlineData("vramlint.gpu_memory", "Infinity", "'vramlint.gpu_memory = Infinity' is not valid: expected a positive size up to 4096 GiB such as 24GiB, 80GB, 24576MiB or 23.64 (GiB); the key is ignored")]
    [InlineData("vramlint.startup_peak_factor", "\u0661.\u0662", "'vramlint.startup_peak_factor = \u0661.\u0662' is not valid: expected a multiplier between 1.0 and 3.0, such as 1.25; the key is ignored")]
    [InlineData("vramlint.gpu", " ", "'vramlint.gpu = ' is not valid: expected a GPU from the catalog (")]
    public void Configuration_values_outside_the_policy_are_vram007_naming_value_and_range(string key, string value, string message)
    {
        var problem = Problem(key, value);

        Assert.Equal(DiagnosticIds.InvalidValue, problem.Id);
        Assert.StartsWith(message, problem.Message);
    }

    [Theory]
    [InlineData("2", 2)]
    [InlineData("\"4\"", 4)]
    [InlineData("65536", 65536)]
    [InlineData("0", null)]
    [InlineData("65537", null)]
    [InlineData("\u0662", null)]
    [InlineData("1e3", null)]
    [InlineData("99999999999999999999999", null)]
    public void One_gpu_count_parser(string text, int? count) => Assert.Equal(count, GpuRequest.ParseCount(text, out _));

    [Fact]
    public void Tensor_parallel_candidates_are_bounded_by_the_model_not_the_gpus()
    {
        var llama = ModelResolver.Resolve("meta-llama/Llama-3.1-8B-Instruct");
        var named = ModelResolver.Resolve("acme/Unknown-7B");

        Assert.Equal(new[] { 1, 2, 4, 8, 16, 32 }, WithinHangGuard(() => ParallelismRules.Candidates(llama, int.MaxValue).ToArray()));
        Assert.Equal(17, WithinHangGuard(() => ParallelismRules.Candidates(named, int.MaxValue).Count()));
    }

    [Fact]
    public void Fix_search_and_plan_finish_for_the_largest_gpu_count()
    {
        var model = ModelResolver.Resolve("meta-llama/Llama-3.1-70B-Instruct");
        var capacity = new GpuCapacity { Name = "L4", MemoryGiB = 22.03, Count = int.MaxValue, ClusterCount = int.MaxValue, GpusPerNode = int.MaxValue, CountDeclared = true };

        var rows = WithinHangGuard(() => DeploymentPlanner.Plan(model, capacity, VramLintOptions.Default));

        Assert.Equal(new[] { 1, 2, 4, 8, 16, 32, 64 }, rows.Select(r => r.TensorParallelSize).Distinct());
        var options = VramLintOptions.FromLookup(k => k switch { ConfigKeys.Gpu => "L4", ConfigKeys.GpuCount => "65536", _ => null });
        var result = WithinHangGuard(() => DeploymentChecker.Check(new DeploymentInput(VllmArgumentReader.Read(ArgumentToken.FromWords(new[] { "serve", "meta-llama/Llama-3.1-70B-Instruct" }))), options));
        var fix = Assert.Single(result.Findings, f => f.Id == DiagnosticIds.DoesNotFit).Fixes[0];
        Assert.Equal((SettingNames.TensorParallelSize, "16"), (fix.Setting, fix.Value));
    }

    [Fact]
    public void A_megabyte_model_name_is_shortened_in_the_message()
    {
        var name = "acme/" + new string('x', 1_000_000);
        var options = VramLintOptions.FromLookup(k => k switch { ConfigKeys.Gpu => "L4", ConfigKeys.GpuCount => "1", _ => null });

        var result = DeploymentChecker.Check(new DeploymentInput(VllmArgumentReader.Read(ArgumentToken.FromWords(new[] { "serve", name }))), options);

        var finding = Assert.Single(result.Findings, f => f.Id == DiagnosticIds.UnknownModel);
        Assert.StartsWith($"model 'acme/{new string('x', 175)}... (999815 more characters) ...xxxxxxxxxx' is not in VramLint's catalog and its name states no size, so no memory estimate was made; to size it exactly, check in its config.json as .vramlint/models/acme/", finding.Message);
        Assert.InRange(finding.Message.Length, 0, 1000);
    }

    [Fact]
    public void A_globalconfig_of_200000_keys_parses_in_one_pass()
    {
        var text = string.Join("\n", Enumerable.Range(0, 200_000).Select(i => $"key{i % 100_000} = {i}"));

        var file = WithinHangGuard(() => AnalyzerConfigFile.Parse(text, "/repo/.globalconfig"));

        Assert.Equal(100_000, file.Preamble.Values.Count);
        Assert.Equal(("199999", 200_000), (file.Preamble.Values.Single(v => v.Key == "key99999").Value, file.Preamble.Values.Single(v => v.Key == "key99999").Line));
    }

    [Fact]
    public void A_glob_range_of_every_int_does_not_build_a_huge_pattern()
    {
        var editor = AnalyzerConfigFile.Parse("[file{0..2147483647}.yaml]\nvramlint.gpu_count = 2\n[file{\u0661..\u0663}.yaml]\nvramlint.gpu = L4\n", "/repo/.editorconfig");

        var values = WithinHangGuard(() => AnalyzerConfigSet.Create(new[] { editor }).For("/repo/file12.yaml"));

        Assert.Equal("2", values["vramlint.gpu_count"].Value);
        Assert.False(values.ContainsKey("vramlint.gpu"));
    }
}
