using System.Diagnostics;
using VramLint.Cli.Output;
using VramLint.Core.Estimation;

namespace VramLint.Cli.Tests.Browser;

/// <summary>
/// <c>vramlint report --html</c> rendered by a real headless Chromium (Debian's package, which .ci/run installs), and the
/// screenshot's pixels read back: one bar per deployment as written, one more per deployment that has a fix, and the
/// card's edge drawn where a deployment overflows it. Slow and needs the browser, so it has its own trait and CI step.
/// </summary>
[Trait("Category", "Browser")]
public class HtmlReportBrowserTests
{
    private const int MinimumBarRun = 40;

    [Fact]
    public async Task Report_renders_one_bar_per_deployment_and_one_after_each_fix()
    {
        using var cli = new CliRunner();
        cli.Write(".globalconfig", "is_global = true\nvramlint.gpu = RTX 4090\nvramlint.gpu_count = 1\n");
        cli.Write("deploy/fits.yml", "model: meta-llama/Llama-3.1-8B-Instruct\nmax-model-len: 8192\n");
        cli.Write("deploy/compose.yaml", "services:\n  llm:\n    image: vllm/vllm-openai\n    command: [\"meta-llama/Llama-3.1-8B-Instruct\", \"--max-model-len\", \"131072\"]\n");

        // The seed's example under the seed's method and cluster: 25.4 GiB per GPU of 24.
        cli.Write("deploy/blog/blog.yaml", "model: Qwen/Qwen-32B-Chat\ntensor-parallel-size: 4\nmax-num-seqs: 8\nmax-model-len: 8192\n");
        cli.Write("deploy/blog/.globalconfig", "is_global = true\nvramlint.estimator = blog\nvramlint.gpu_memory = 24GiB\nvramlint.gpu_count = 4\n");

        var result = cli.Run("report", "--html", "report.html", "deploy");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("wrote report.html: 3 deployment(s) in 3 file(s)", result.Stdout.Trim());
        var html = File.ReadAllText(Path.Combine(cli.Folder, "report.html"));
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Lower max-model-len to 37888", html);

        var screenshot = await Screenshot(Path.Combine(cli.Folder, "report.html"));

        var before = Bands(screenshot, Rgb(HtmlReport.Colors[MemoryLayout.Weights]));
        var after = Bands(screenshot, Rgb(HtmlReport.AfterColors[MemoryLayout.Weights]));
        var edges = Bands(screenshot, Rgb(HtmlReport.OverflowColor), minimumRun: 2);

        Assert.Equal(3, before.Count);
        Assert.Single(after);
        Assert.All(before.Concat(after), band => Assert.InRange(band.Height, 30, 40));

        // The fixed deployment's bar comes right after its own bar, before the next deployment's.
        Assert.True(after[0].Top > before[1].Top && after[0].Top < before[2].Top, $"after-fix bar at {after[0].Top}, bars at {string.Join(", ", before.Select(b => b.Top))}");

        // Only the blog deployment (25.4 GiB of 24) overflows its card: one red edge, level with its bar.
        var edge = Assert.Single(edges);
        Assert.InRange(edge.Top, before[0].Top - 6, before[0].Top + 6);
    }

    /// <summary>Vertical bands of rows in which <paramref name="color"/> runs at least <paramref name="minimumRun"/> pixels across.</summary>
    private static List<(int Top, int Height)> Bands(PngImage image, (byte R, byte G, byte B) color, int minimumRun = MinimumBarRun)
    {
        var bands = new List<(int Top, int Height)>();
        int? top = null;
        for (var y = 0; y <= image.Height; y++)
        {
            var hit = y < image.Height && LongestRun(image, y, color) >= minimumRun;
            if (hit && top is null)
            {
                top = y;
            }
            else if (!hit && top is { } start)
            {
                bands.Add((start, y - start));
                top = null;
            }
        }

        return bands;
    }

    private static int LongestRun(PngImage image, int y, (byte R, byte G, byte B) color)
    {
        int longest = 0, run = 0;
        for (var x = 0; x < image.Width; x++)
        {
            var (r, g, b) = image[x, y];
            run = Math.Abs(r - color.R) <= 2 && Math.Abs(g - color.G) <= 2 && Math.Abs(b - color.B) <= 2 ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        return longest;
    }

    private static (byte R, byte G, byte B) Rgb(string hex) =>
        (Convert.ToByte(hex.Substring(1, 2), 16), Convert.ToByte(hex.Substring(3, 2), 16), Convert.ToByte(hex.Substring(5, 2), 16));

    private static async Task<PngImage> Screenshot(string htmlPath)
    {
        var browser = Environment.GetEnvironmentVariable("VRAMLINT_CHROMIUM") ?? "/usr/bin/chromium";
        Assert.True(File.Exists(browser), $"no browser at {browser}: this test needs Debian's chromium (.ci/run installs it) or VRAMLINT_CHROMIUM");
        var folder = Path.GetDirectoryName(htmlPath)!;
        var png = Path.Combine(folder, "report.png");
        var start = new ProcessStartInfo(browser)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--force-color-profile=srgb", "--force-device-scale-factor=1",
            "--user-data-dir=" + Path.Combine(folder, "chromium-profile"), "--window-size=1100,3200", "--screenshot=" + png,
            new Uri(htmlPath).AbsoluteUri,
        })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "chromium did not finish the screenshot within 120 s");
        Assert.True(File.Exists(png), $"chromium wrote no screenshot (exit {process.ExitCode}): {await stdout}{stderr}");
        return PngImage.Read(png);
    }
}
