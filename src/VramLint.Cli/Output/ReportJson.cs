using System.Text.Json.Serialization;

namespace VramLint.Cli.Output;

/// <summary>
/// The JSON documents of <c>check --format json</c> and <c>plan --format json</c>, serialized by a source-generated
/// context instead of reflection over anonymous objects, so that the CLI publishes NativeAOT (no runtime code
/// generation, nothing the trimmer cannot see). The names are the camelCase of these properties; their order is the
/// order written.
/// </summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CheckJsonDocument))]
[JsonSerializable(typeof(PlanJsonDocument))]
internal sealed partial class ReportJsonContext : JsonSerializerContext
{
}

internal sealed record CheckJsonDocument(int SchemaVersion, int Files, int FilesRead, int Deployments, int Sized, List<CheckJsonSkipped> Skipped, List<CheckJsonDiagnostic> Diagnostics);

internal sealed record CheckJsonSkipped(string Reason, int Count);

/// <summary>One finding; <see cref="File"/> is null for a finding about no file (no GPU capacity declared).</summary>
internal sealed record CheckJsonDiagnostic(string? File, int Line, int Column, int EndLine, int EndColumn, string Id, string Severity, string Message, List<CheckJsonFix> Fixes);

internal sealed record CheckJsonFix(string Setting, string Value, string Title);

internal sealed record PlanJsonDocument(string Estimator, PlanJsonModel Model, PlanJsonGpu Gpu, List<PlanJsonLayout> Layouts);

// A plan's numbers are written as JSON numbers, and an infinite or undefined one as "Infinity"/"NaN" instead of failing.
[JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
internal sealed record PlanJsonModel(string Id, string Source, double? ParameterCount);

[JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
internal sealed record PlanJsonGpu(string Name, double MemoryGiB, int Count);

/// <summary>One layout tried; the estimate's figures are null when the layout has no estimate.</summary>
[JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
internal sealed record PlanJsonLayout(int TensorParallelSize, int MaxModelLen, bool Fits, int? MaxNumSeqs, double? PerGpuGiB, long? KvCacheTokens, double? MaxConcurrency);
