using System.Text.Json;
using VramLint.Core;
using VramLint.Core.Diagnostics;
using VramLint.Core.Estimation;

namespace VramLint.Cli.Output;

/// <summary>The <c>estimate --format json</c> object (design.md section 6): camelCase, sizes in GiB.</summary>
internal static class JsonReport
{
    /// <summary>
    /// The version of the JSON outputs (docs/schemas/vramlint-estimate.schema.json and vramlint-check.schema.json): raised
    /// only when a field is removed or changes meaning; new fields may be added without raising it.
    /// </summary>
    public const int SchemaVersion = 1;

    public static void Write(TextWriter writer, CheckResult result, IReadOnlyList<ReportedFinding> findings, string estimator)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            var e = result.Estimate;
            json.WriteStartObject();
            json.WriteNumber("schemaVersion", SchemaVersion);
            json.WriteString("estimator", e?.Estimator ?? estimator);
            if (result.Verdict is { } fits)
            {
                json.WriteBoolean("fits", fits);
            }
            else
            {
                json.WriteNull("fits");
                json.WriteString("reason", result.Reason);
            }

            json.WriteStartArray("skipped");
            foreach (var skipped in result.Skipped)
            {
                json.WriteStringValue(skipped);
            }

            json.WriteEndArray();

            if (e is null)
            {
                json.WriteNull("model");
                json.WriteNull("gpu");
                json.WriteNull("settings");
                json.WriteNull("perGpu");
                json.WriteNull("kvCache");
            }
            else
            {
                json.WriteStartObject("model");
                json.WriteString("id", e.Model.Id);
                json.WriteString("source", e.Model.Source.ToString().ToLowerInvariant());

                // How the served name was matched (exact, derivative, localpath, nameonly, unknown) and to what.
                json.WriteString("match", e.Model.Match.ToString().ToLowerInvariant());
                if (e.Model.MatchedId is { } matched)
                {
                    json.WriteString("matchedId", matched);
                }
                else
                {
                    json.WriteNull("matchedId");
                }

                WriteNumberOrNull(json, "parameterCount", e.Model.Parameters);
                WriteFinite(json, "weightBytes", Math.Round(e.WeightBytes));
                json.WriteString("quantization", e.Model.Quantization.ToString());
                json.WriteEndObject();

                json.WriteStartObject("gpu");
                json.WriteString("name", e.Gpu.Name);
                WriteFinite(json, "memoryGiB", Round(e.Gpu.MemoryGiB));
                json.WriteNumber("count", e.Gpu.Count);
                json.WriteEndObject();

                var s = e.Settings;
                json.WriteStartObject("settings");
                json.WriteNumber("tensorParallelSize", s.TensorParallelSize);
                json.WriteNumber("pipelineParallelSize", s.PipelineParallelSize);
                if (s.MaxModelLen > 0)
                {
                    json.WriteNumber("maxModelLen", s.MaxModelLen);
                }
                else
                {
                    json.WriteNull("maxModelLen");
                }

                json.WriteNumber("maxNumSeqs", s.MaxNumSeqs);
                json.WriteNumber("maxNumBatchedTokens", s.MaxNumBatchedTokens);
                WriteFinite(json, "gpuMemoryUtilization", s.GpuMemoryUtilization);
                json.WriteString("kvCacheDtype", s.KvCacheDtype);
                json.WriteEndObject();

                var p = e.PerGpu;
                json.WriteStartObject("perGpu");
                WriteFinite(json, "weightsGiB", Round(p.WeightsGiB));
                WriteFinite(json, "kvCacheGiB", Round(p.KvCacheGiB));
                WriteFinite(json, "activationGiB", Round(p.ActivationGiB));
                WriteFinite(json, "nonTorchGiB", Round(p.NonTorchGiB));
                WriteFinite(json, "cudaGraphGiB", Round(p.CudaGraphGiB));
                WriteFinite(json, "overheadGiB", Round(p.OverheadGiB));
                WriteFinite(json, "steadyGiB", Round(p.SteadyGiB));
                WriteFinite(json, "startupPeakGiB", Round(p.StartupPeakGiB));
                WriteFinite(json, "budgetGiB", Round(p.BudgetGiB));
                WriteFinite(json, "capacityGiB", Round(p.CapacityGiB));
                json.WriteEndObject();

                var k = e.KvCache;
                json.WriteStartObject("kvCache");
                WriteFinite(json, "bytesPerToken", Math.Round(k.BytesPerToken, 1));
                json.WriteNumber("capacityTokens", k.CapacityTokens);
                WriteFinite(json, "maxConcurrency", Math.Round(k.MaxConcurrency, 2));
                if (k.MaxFittingModelLen is { } fitting)
                {
                    json.WriteNumber("maxFittingModelLen", fitting);
                }

                json.WriteEndObject();
            }

            json.WriteStartArray("diagnostics");
            foreach (var f in findings)
            {
                json.WriteStartObject();
                json.WriteString("id", f.Finding.Id);
                json.WriteString("severity", SeverityWord(f.Severity));
                json.WriteString("message", f.Finding.Message);
                if (f.Finding.Setting is { } setting)
                {
                    json.WriteString("setting", setting);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteStartArray("fixes");
            foreach (var fix in findings.SelectMany(f => f.Finding.Fixes))
            {
                json.WriteStartObject();
                json.WriteString("id", fix.DiagnosticId);
                json.WriteString("setting", fix.Setting);
                json.WriteString("value", fix.Value);
                json.WriteString("title", fix.Title);
                if (fix.GpuCount is { } gpus)
                {
                    json.WriteNumber("gpuCount", gpus);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        writer.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    public static string SeverityWord(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Error => "error",
        FindingSeverity.Warning => "warning",
        _ => "info",
    };

    /// <summary>Three decimals: enough for calibration, and 16 + 6.4 + 3.0 prints as 25.4, not 25.400000000000002.</summary>
    private static double Round(double value) => Math.Round(value, 3, MidpointRounding.AwayFromZero);

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v && !double.IsNaN(v) && !double.IsInfinity(v))
        {
            json.WriteNumber(name, Math.Round(v));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    /// <summary>A number JSON can hold; null for an infinite or undefined one (JSON has neither, and writing one throws).</summary>
    private static void WriteFinite(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteNumber(name, value);
        }
    }
}
