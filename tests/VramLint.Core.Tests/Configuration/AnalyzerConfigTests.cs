using VramLint.Core.Configuration;
using VramLint.Core.Estimation;

namespace VramLint.Core.Tests.Configuration;

/// <summary>The SDK's rules for .globalconfig/.editorconfig, as the task and the CLI apply them.</summary>
public class AnalyzerConfigTests
{
    [Fact]
    public void Global_config_keys_are_lower_cased_trimmed_and_last_wins()
    {
        var file = AnalyzerConfigFile.Parse("is_global = true\n# comment\nVramLint.GPU =  L4  \nvramlint.gpu = H100 ; trailing comment\n", "/repo/x.globalconfig");

        Assert.True(file.IsGlobal);
        var value = Assert.Single(file.Preamble.Values, v => v.Key == "vramlint.gpu");
        Assert.Equal(("H100", 4, 16), (value.Value, value.Line, value.Column));
    }

    [Fact]
    public void A_file_named_globalconfig_is_global_at_level_100()
    {
        var file = AnalyzerConfigFile.Parse("vramlint.gpu_count = 4", "/repo/.globalconfig");
        Assert.Equal((true, 100), (file.IsGlobal, file.GlobalLevel));
    }

    [Fact]
    public void Higher_global_level_wins_then_editorconfig_sections_override()
    {
        var low = AnalyzerConfigFile.Parse("is_global = true\nglobal_level = 5\nvramlint.gpu = L4\nvramlint.gpu_count = 2", "/a.globalconfig");
        var high = AnalyzerConfigFile.Parse("vramlint.gpu = H100", "/repo/.globalconfig");
        var editor = AnalyzerConfigFile.Parse("root = true\n[*.{yaml,yml}]\nvramlint.gpu_count = 8\n[deploy/**/*.yaml]\nvramlint.gpu = A100-80GB\n", "/repo/.editorconfig");
        var set = AnalyzerConfigSet.Create(new[] { low, high, editor });

        var forYaml = set.For("/repo/deploy/prod/llm.yaml");
        Assert.Equal(("A100-80GB", "8"), (forYaml["vramlint.gpu"].Value, forYaml["vramlint.gpu_count"].Value));

        var forYml = set.For("/repo/other/llm.yml");
        Assert.Equal(("H100", "8"), (forYml["vramlint.gpu"].Value, forYml["vramlint.gpu_count"].Value));

        var forCs = set.For("/repo/Program.cs");
        Assert.Equal(("H100", "2"), (forCs["vramlint.gpu"].Value, forCs["vramlint.gpu_count"].Value));
    }

    [Fact]
    public void A_nearer_editorconfig_wins_and_root_hides_those_above()
    {
        var top = AnalyzerConfigFile.Parse("[*]\nvramlint.gpu = T4\nvramlint.estimator = blog", "/repo/.editorconfig");
        var nested = AnalyzerConfigFile.Parse("[*]\nvramlint.gpu = L4", "/repo/sub/.editorconfig");
        Assert.Equal(("L4", "blog"), (AnalyzerConfigSet.Create(new[] { top, nested }).For("/repo/sub/a.yaml")["vramlint.gpu"].Value, AnalyzerConfigSet.Create(new[] { top, nested }).For("/repo/sub/a.yaml")["vramlint.estimator"].Value));

        var rooted = AnalyzerConfigFile.Parse("root = true\n[*]\nvramlint.gpu = L4", "/repo/sub/.editorconfig");
        Assert.False(AnalyzerConfigSet.Create(new[] { top, rooted }).For("/repo/sub/a.yaml").ContainsKey("vramlint.estimator"));
    }

    [Theory]
    [InlineData("*.yaml", "a/b/c.yaml", true)]
    [InlineData("*.yaml", "c.yml", false)]
    [InlineData("*.{yaml,yml}", "x/c.yml", true)]
    [InlineData("deploy/*.yaml", "deploy/a.yaml", true)]
    [InlineData("deploy/*.yaml", "deploy/x/a.yaml", false)]
    [InlineData("deploy/**.yaml", "deploy/x/a.yaml", true)]
    [InlineData("file[0-9].yaml", "file7.yaml", true)]
    [InlineData("v{1..3}.yaml", "v2.yaml", true)]
    [InlineData("v{1..3}.yaml", "v4.yaml", false)]
    public void Section_globs(string glob, string path, bool matches) => Assert.Equal(matches, AnalyzerConfigSet.Matches(glob, path));

    [Fact]
    public void Options_come_from_the_keys_and_bad_values_name_key_value_and_expectation()
    {
        var keys = new Dictionary<string, string>
        {
            ["vramlint.gpu"] = "RTX 4090",
            ["vramlint.gpu_count"] = "2",
            ["vramlint.estimator"] = "blog",
            ["vramlint.vllm_version"] = "0.20",
            ["vramlint.gpu_memory"] = "-5GiB",
            ["dotnet_diagnostic.vram002.severity"] = "error",
        };

        var options = VramLintOptions.FromLookup(k => keys.TryGetValue(k, out var v) ? v : null);

        Assert.Equal(("RTX 4090", 2, EstimatorKind.Blog, "0.20"), (options.Gpu!.Name, options.GpuCount!.Value, options.Estimator, options.VllmVersion.ToString()));
        Assert.Equal(ReportSeverity.Error, options.SeverityOf("VRAM002"));
        Assert.Null(options.GpuMemoryGiB);
        var problem = Assert.Single(options.Problems);
        Assert.Equal("'vramlint.gpu_memory = -5GiB' is not valid: expected a positive size up to 4096 GiB such as 24GiB, 80GB, 24576MiB or 23.64 (GiB); the key is ignored", problem.Message);
    }

    [Theory]
    [InlineData("RTX 4070 Super", "'vramlint.gpu = RTX 4070 Super' is not valid: expected a GPU from the catalog (close: RTX 4070, RTX 4070 Ti) or vramlint.gpu_memory; the key is ignored")]
    [InlineData("Voodoo 5", "'vramlint.gpu = Voodoo 5' is not valid: expected a GPU from the catalog (RTX 3090, RTX 4090, RTX 5090, L4, A10G, T4, L40S, RTX A6000, A100-40GB, A100-80GB, H100-80GB, H200, B200, MI300X; all in docs/gpus.md) or vramlint.gpu_memory; the key is ignored")]
    public void An_unknown_gpu_key_names_the_close_catalog_gpus(string gpu, string message)
    {
        var options = VramLintOptions.FromLookup(k => k == "vramlint.gpu" ? gpu : null);

        Assert.Null(options.Gpu);
        Assert.Equal(message, Assert.Single(options.Problems).Message);
    }

    [Fact]
    public void A_set_with_50000_global_keys_answers_every_file_with_its_own_values()
    {
        var text = "is_global = true\n" + string.Concat(Enumerable.Range(0, 50_000).Select(i => $"dotnet_diagnostic.CA{i:D5}.severity = {(i % 2 == 0 ? "warning" : "none")}\n"))
            + "vramlint.gpu = L4\nvramlint.gpu_count = 2\n";
        var global = AnalyzerConfigFile.Parse(text, "/repo/.globalconfig");
        var editor = AnalyzerConfigFile.Parse("[big/*.yaml]\nvramlint.gpu = H100\ndotnet_diagnostic.ca00002.severity = error\n", "/repo/.editorconfig");
        var set = AnalyzerConfigSet.Create(new[] { global, editor });

        var answers = Enumerable.Range(0, 200).Select(i => (i % 2 == 0 ? "/repo/big/" : "/repo/small/") + $"d{i}.yaml").Select(set.For).ToList();

        var big = answers[0];
        var small = answers[1];
        Assert.Equal(("H100", "/repo/.editorconfig", 2, 16, "2"), (big["vramlint.gpu"].Value, big["vramlint.gpu"].FilePath, big["vramlint.gpu"].Line, big["vramlint.gpu"].Column, big["vramlint.gpu_count"].Value));
        Assert.Equal(("L4", 50_002, "/repo/.globalconfig"), (small["vramlint.gpu"].Value, small["vramlint.gpu"].Line, small["vramlint.gpu"].FilePath));
        Assert.Equal(("error", "warning", "none", "warning"), (big["dotnet_diagnostic.ca00002.severity"].Value, small["dotnet_diagnostic.ca00002.severity"].Value, big["dotnet_diagnostic.ca49999.severity"].Value, big["dotnet_diagnostic.ca49998.severity"].Value));

        // A section's value for one file never shows through in another's answer; both hold every key once (is_global, 50,000, two vramlint keys).
        Assert.All(answers.Where((_, i) => i % 2 == 1), a => Assert.Equal("L4", a["vramlint.gpu"].Value));
        Assert.Equal((50_003, 50_003, 50_003), (big.Count, small.Count, big.Keys.Distinct().Count()));
        Assert.Equal("H100", big.Single(pair => pair.Key == "vramlint.gpu").Value.Value);
        Assert.False(big.ContainsKey("dotnet_diagnostic.ca50000.severity"));
    }

    [Fact]
    public void Keys_only_a_section_sets_are_added_to_the_global_ones()
    {
        var global = AnalyzerConfigFile.Parse("vramlint.gpu = L4", "/repo/.globalconfig");
        var editor = AnalyzerConfigFile.Parse("[*.yaml]\nvramlint.estimator = blog\n", "/repo/.editorconfig");

        var values = AnalyzerConfigSet.Create(new[] { global, editor }).For("/repo/a.yaml");

        Assert.Equal(new[] { "vramlint.gpu=L4", "vramlint.estimator=blog" }, values.Select(p => p.Key + "=" + p.Value.Value));
        Assert.Equal(2, values.Count);
    }
}
