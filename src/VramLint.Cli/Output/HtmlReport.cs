using System.Net;
using System.Text;
using VramLint.Core;
using VramLint.Core.Diagnostics;
using VramLint.Core.Estimation;

namespace VramLint.Cli.Output;

/// <summary>One deployment as the report shows it: where it is, what was found, and the same deployment after its fixes.</summary>
internal sealed record ReportedDeployment(
    string File,
    string Name,
    CheckResult Before,
    IReadOnlyList<ReportedFinding> Findings,
    IReadOnlyList<string> FixTitles,
    CheckResult? After,
    IReadOnlyList<ReportedFinding> AfterFindings);

/// <summary>
/// <c>vramlint report --html</c>: one self-contained page (no scripts, no external assets) with a stacked bar per GPU of
/// each deployment against the card, the verdict, the findings and, where a fix exists, the bar after it.
/// Colours are fixed per term so that a reader (and the browser test) can tell the terms apart.
/// </summary>
internal static class HtmlReport
{
    /// <summary>Term colours of the bar as found; the bar after the fixes uses the lighter set.</summary>
    internal static readonly IReadOnlyDictionary<string, string> Colors = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [MemoryLayout.Weights] = "#1f4e9c",
        [MemoryLayout.Activation] = "#d9822b",
        [MemoryLayout.NonTorch] = "#8a5cb8",
        [MemoryLayout.CudaGraphs] = "#c2378b",
        [MemoryLayout.KvCache] = "#2e9e5b",
        [MemoryLayout.Outside] = "#6b6b6b",
        [MemoryLayout.Headroom] = "#e6e6e6",
    };

    internal static readonly IReadOnlyDictionary<string, string> AfterColors = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [MemoryLayout.Weights] = "#7fa7e8",
        [MemoryLayout.Activation] = "#f2b980",
        [MemoryLayout.NonTorch] = "#c3a6e0",
        [MemoryLayout.CudaGraphs] = "#e89cc8",
        [MemoryLayout.KvCache] = "#8fd9ad",
        [MemoryLayout.Outside] = "#b3b3b3",
        [MemoryLayout.Headroom] = "#f5f5f5",
    };

    internal const string OverflowColor = "#d62728";

    public static string Render(IReadOnlyList<ReportedDeployment> deployments, int files, Finding? capacityFinding)
    {
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>");
        html.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\"><title>VramLint memory report</title>");
        html.AppendLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.AppendLine("<style>" + Css + "</style></head><body>");
        html.AppendLine("<h1>VramLint memory report</h1>");

        var errors = deployments.Sum(d => d.Findings.Count(f => f.Severity == FindingSeverity.Error));
        var warnings = deployments.Sum(d => d.Findings.Count(f => f.Severity == FindingSeverity.Warning));
        html.AppendLine($"<p class=\"summary\">{files} file(s), {deployments.Count} vLLM deployment(s): {errors} error(s), {warnings} warning(s).</p>");
        if (capacityFinding is not null)
        {
            html.AppendLine($"<p class=\"finding info\">{Encode(capacityFinding.Id)}: {Encode(capacityFinding.Message)}</p>");
        }

        Legend(html, deployments);
        var index = 0;
        foreach (var d in deployments)
        {
            index++;
            html.AppendLine($"<section class=\"deployment\" id=\"d{index}\">");
            html.AppendLine($"<h2>{Encode(d.File)}: {Encode(d.Name)}</h2>");
            html.AppendLine($"<p class=\"verdict {VerdictClass(d.Before)}\">{Encode(Verdict(d.Before))}</p>");
            Deployment(html, d.Before, "as written", before: true);
            if (d.Findings.Count > 0)
            {
                html.AppendLine("<ul class=\"findings\">");
                foreach (var f in d.Findings)
                {
                    var word = JsonReport.SeverityWord(f.Severity);
                    html.AppendLine($"<li class=\"finding {word}\"><a href=\"{Encode(DiagnosticIds.HelpLink(f.Finding.Id))}\">{Encode(f.Finding.Id)}</a> {word}: {Encode(f.Finding.Message)}</li>");
                }

                html.AppendLine("</ul>");
            }

            if (d.After is { } after && d.FixTitles.Count > 0)
            {
                html.AppendLine("<h3>After <code>vramlint fix</code></h3><ul class=\"fixes\">");
                foreach (var title in d.FixTitles)
                {
                    html.AppendLine($"<li>{Encode(title)}</li>");
                }

                html.AppendLine("</ul>");
                html.AppendLine($"<p class=\"verdict {VerdictClass(after)}\">{Encode(Verdict(after))}</p>");
                Deployment(html, after, "after the fixes", before: false);
                foreach (var f in d.AfterFindings.Where(f => f.Severity != FindingSeverity.Info))
                {
                    html.AppendLine($"<p class=\"finding {JsonReport.SeverityWord(f.Severity)}\">{Encode(f.Finding.Id)}: {Encode(f.Finding.Message)}</p>");
                }
            }

            html.AppendLine("</section>");
        }

        if (deployments.Count == 0)
        {
            html.AppendLine("<p>No vLLM deployment found.</p>");
        }

        html.AppendLine("</body></html>");
        return html.ToString();
    }

    private static void Deployment(StringBuilder html, CheckResult result, string caption, bool before)
    {
        if (result.Estimate is not { } e)
        {
            html.AppendLine($"<p class=\"no-estimate\">No estimate ({Encode(caption)}): the model's size or the GPU capacity is not known.</p>");
            return;
        }

        var s = e.Settings;
        html.AppendLine($"<p class=\"setting\">{Encode(e.Model.Id)} on {e.Gpu.Count} x {Encode(e.Gpu.Name)} ({Numbers.F2(e.PerGpu.CapacityGiB)} GiB each), {Encode(e.Estimator)} estimator: "
            + $"tensor-parallel-size {s.TensorParallelSize}, pipeline-parallel-size {s.PipelineParallelSize}, max-model-len {s.MaxModelLen}, max-num-seqs {s.MaxNumSeqs}, "
            + $"gpu-memory-utilization {Numbers.F2(s.GpuMemoryUtilization)}</p>");
        Bar(html, e, before ? Colors : AfterColors, before ? "bar before" : "bar after", caption);
        Table(html, e);
    }

    private static void Bar(StringBuilder html, MemoryEstimate e, IReadOnlyDictionary<string, string> colors, string cssClass, string caption)
    {
        var scale = MemoryLayout.Scale(e);
        var overflow = MemoryLayout.Overflow(e);
        html.AppendLine($"<figure class=\"gpu\"><figcaption>Per GPU, {Encode(caption)}: {Numbers.F1(e.PerGpu.CapacityGiB)} GiB card"
            + (overflow > 0 ? $", <strong>{Numbers.F1(overflow)} GiB over</strong>" : "") + "</figcaption>");
        html.Append($"<div class=\"{cssClass}\" role=\"img\" aria-label=\"{Encode(Describe(e))}\">");
        foreach (var segment in MemoryLayout.Segments(e).Where(x => x.GiB > 0))
        {
            html.Append($"<div class=\"seg\" style=\"width:{Percent(segment.GiB, scale)};background:{colors[segment.Key]}\" title=\"{Encode(segment.Label)} {Numbers.F2(segment.GiB)} GiB\"></div>");
        }

        if (overflow > 0)
        {
            // The card's edge, drawn where the segments pass it.
            html.Append($"<div class=\"edge\" style=\"left:{Percent(e.PerGpu.CapacityGiB, scale)};background:{OverflowColor}\"></div>");
        }

        html.AppendLine("</div></figure>");
    }

    private static void Table(StringBuilder html, MemoryEstimate e)
    {
        html.AppendLine("<table class=\"terms\"><tr><th>per GPU</th><th>GiB</th></tr>");
        foreach (var segment in MemoryLayout.Segments(e))
        {
            html.AppendLine($"<tr><td><span class=\"key\" style=\"background:{Colors[segment.Key]}\"></span>{Encode(segment.Label)}</td><td>{Numbers.F2(segment.GiB)}</td></tr>");
        }

        html.AppendLine($"<tr><td>start-up peak</td><td>{Numbers.F2(e.PerGpu.StartupPeakGiB)}</td></tr>");
        html.AppendLine($"<tr><td>GPU memory</td><td>{Numbers.F2(e.PerGpu.CapacityGiB)}</td></tr>");
        if (e.KvCache.BytesPerToken > 0)
        {
            html.AppendLine($"<tr><td>KV cache tokens</td><td>{Numbers.Grouped(e.KvCache.CapacityTokens)}</td></tr>");
        }

        html.AppendLine("</table>");
    }

    /// <summary>The colours of the page's bars, named as <see cref="MemoryLayout"/> names their segments, in stacking order.</summary>
    private static void Legend(StringBuilder html, IReadOnlyList<ReportedDeployment> deployments)
    {
        var segments = deployments
            .SelectMany(d => new[] { d.Before.Estimate, d.After?.Estimate })
            .OfType<MemoryEstimate>()
            .SelectMany(MemoryLayout.Segments)
            .Select(s => (s.Key, s.Label))
            .Distinct()
            .ToList();
        if (segments.Count == 0)
        {
            return;
        }

        html.Append("<p class=\"legend\">");
        foreach (var (key, label) in segments)
        {
            html.Append($"<span><span class=\"key\" style=\"background:{Colors[key]}\"></span>{Encode(label)}</span> ");
        }

        html.AppendLine("</p>");
    }

    private static string Describe(MemoryEstimate e) =>
        string.Join(", ", MemoryLayout.Segments(e).Select(s => $"{s.Label} {Numbers.F1(s.GiB)} GiB")) + $" of {Numbers.F1(e.PerGpu.CapacityGiB)} GiB";

    private static string Verdict(CheckResult result) =>
        result.Estimate is null ? "not checked" : result.Fits ? "fits" : "does not fit";

    private static string VerdictClass(CheckResult result) =>
        result.Estimate is null ? "unknown" : result.Fits ? "fits" : "fails";

    private static string Percent(double part, double whole) =>
        (whole <= 0 ? 0 : Math.Min(100, part / whole * 100)).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + "%";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private const string Css =
        "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px;max-width:1000px;color:#1a1a1a}"
        + "h1{font-size:22px}h2{font-size:17px;margin:0 0 6px}h3{font-size:14px;margin:12px 0 4px}"
        + ".deployment{border-top:1px solid #ccc;padding:14px 0 18px}"
        + ".bar{position:relative;display:flex;height:34px;width:100%;border:1px solid #999;background:#fff;margin:6px 0}"
        + ".seg{height:100%;flex:none}.edge{position:absolute;top:-4px;bottom:-4px;width:3px}"
        + "figure{margin:8px 0}figcaption{font-size:13px;color:#333}"
        + ".verdict{font-weight:600;margin:4px 0}.verdict.fails{color:#b00020}.verdict.fits{color:#1b7a3d}.verdict.unknown{color:#555}"
        + ".finding{font-size:13px}.finding.error{color:#b00020}.finding.warning{color:#8a5a00}"
        + ".terms{border-collapse:collapse;font-size:12px}.terms td,.terms th{padding:1px 10px 1px 0;text-align:left}"
        + ".key{display:inline-block;width:10px;height:10px;margin-right:5px;vertical-align:middle}"
        + ".legend{font-size:12px}.legend>span{margin-right:12px;white-space:nowrap}.setting{font-size:13px}";
}
