using System.Text.RegularExpressions;
using VramLint.Core.Estimation;

namespace VramLint.Cli.Tests;

/// <summary>The HTML report's text (the browser test checks what is drawn): one section per deployment, and a legend named as Core's MemoryLayout names the bars' segments.</summary>
public class HtmlReportTests
{
    [Fact]
    public void The_legend_names_the_segments_as_the_layout_does_in_stacking_order()
    {
        using var cli = new CliRunner();
        cli.Write(".globalconfig", "is_global = true\nvramlint.gpu = RTX 4090\nvramlint.gpu_count = 1\n");
        cli.Write("deploy/a.yaml", "model: meta-llama/Llama-3.1-8B-Instruct\nmax-model-len: 131072\n");
        cli.Write("deploy/b.yaml", "model: meta-llama/Llama-3.1-8B-Instruct\nmax-model-len: 8192\n");

        var result = cli.Run("report", "--html", "out.html", "deploy");
        var html = File.ReadAllText(Path.Combine(cli.Folder, "out.html"));

        Assert.Equal((1, "wrote out.html: 2 deployment(s) in 2 file(s)\n"), (result.ExitCode, result.Stdout));
        Assert.Equal(2, Regex.Matches(html, "<section class=\"deployment\"").Count);
        var legend = Regex.Match(html, "<p class=\"legend\">(.*?)</p>").Groups[1].Value;
        var labels = Regex.Matches(legend, "</span>([^<]+)</span>").Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(new[] { "weights", "activation", "non-torch", "CUDA graphs", "KV cache pool", "outside the budget", "headroom" }, labels);
        Assert.Equal(new[] { MemoryLayout.Weights, MemoryLayout.Activation, MemoryLayout.NonTorch, MemoryLayout.CudaGraphs, MemoryLayout.KvCache, MemoryLayout.Outside, MemoryLayout.Headroom }.Length, labels.Length);
    }
}
