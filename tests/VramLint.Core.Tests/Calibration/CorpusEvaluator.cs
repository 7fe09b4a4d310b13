using System.Globalization;
using VramLint.Core.Arguments;
using VramLint.Core.Configuration;
using VramLint.Core.Diagnostics;
using VramLint.Core.Estimation;
using VramLint.Core.Gpus;
using VramLint.Core.Models;
using VramLint.Core.Settings;

namespace VramLint.Core.Tests.Calibration;

/// <summary>The estimate for one corpus run, or why the run cannot be evaluated.</summary>
public sealed record CorpusPrediction(CorpusRun Run, MemoryEstimate? Estimate, bool PredictsStart, string? SkipReason)
{
    public bool Evaluated => SkipReason is null && Estimate is not null;
}

/// <summary>One term of one run: what vLLM printed and what VramLint predicts, GiB per GPU.</summary>
public sealed record TermError(CorpusRun Run, double Observed, double Predicted)
{
    public double Error => Predicted - Observed;

    public double AbsoluteError => Math.Abs(Error);
}

/// <summary>
/// Runs the vllm estimator over the corpus as a user would run VramLint on that deployment: the settings the source
/// shows, vLLM's defaults for the rest, <c>vramlint.vllm_version</c> set to the release the run used (the newest when
/// not shown). Each term is compared with the figure vLLM printed for that term alone, so no term can hide another's error.
/// </summary>
public static class CorpusEvaluator
{
    /// <summary>Quantization methods the record can pass on as --quantization when the catalog architecture is unquantized.</summary>
    private static readonly HashSet<string> PassedQuantization = new(StringComparer.Ordinal) { "fp8", "awq", "gptq", "bitsandbytes" };

    /// <summary>The V0 engine's accounting ended with 0.7; V0-engine runs of 0.8-0.10 (VLLM_USE_V1=0) are evaluated as 0.7.</summary>
    private static readonly VllmVersion LastV0 = new(0, 7);

    private static readonly Lazy<IReadOnlyList<CorpusPrediction>> All = new(() => Corpus.Runs.Select(Predict).ToList());

    public static IReadOnlyList<CorpusPrediction> Predictions => All.Value;

    public static CorpusPrediction Predict(CorpusRun run) => Predict(run, null);

    /// <summary>The prediction with the model's facts given (a config.json the catalog does not hold yet), else from the catalog.</summary>
    public static CorpusPrediction Predict(CorpusRun run, ModelSpec? facts)
    {
        var id = facts?.Id ?? run.ArchitectureOf ?? run.Model;
        if (facts is null && (id is null || !ModelCatalog.TryGet(id, out var known) || !known.Exists))
        {
            return new CorpusPrediction(run, null, false, "model not in the catalog");
        }

        if (Capacity(run) is not { } capacity)
        {
            return new CorpusPrediction(run, null, false, "GPU not named");
        }

        var args = Arguments(run, id!);
        var parsed = VllmArgumentReader.Read(ArgumentToken.FromWords(new[] { "serve", id! }.Concat(args)));
        if (parsed.Problems.Count > 0)
        {
            return new CorpusPrediction(run, null, false, "settings not readable: " + parsed.Problems[0]);
        }

        var model = facts is null
            ? ModelResolver.Resolve(id!, parsed.Settings.Quantization)
            : new ModelResolution { Id = facts.Id, Spec = facts, Source = ModelSource.ConfigJson, Match = ModelMatch.Exact, Quantization = facts.Quantization };
        if (run.ArchitectureOf is not null && run.Model is not null && ModelNameParser.Parse(run.Model).Quantization is { IsQuantized: true } named && !model.Quantization.IsQuantized)
        {
            model = model with { Quantization = named };
        }

        var result = new VllmEstimator().Estimate(new EstimationRequest
        {
            Model = model,
            Settings = parsed.Settings,
            Capacity = capacity,
            Options = VramLintOptions.Default with { VllmVersion = EvaluatedVersion(run), Sampler = EvaluatedSampler(run), SamplerDeclared = run.Sampler is not null },
        });

        // A start-up peak stops vLLM only when it is reached while vLLM starts; before 0.21 graphs beyond the budget may
        // take the room the profiled activation left, and the run starts (it fails later, on a batch that needs it).
        var stops = result.Findings.Any(f => f.Finding.Id is DiagnosticIds.DoesNotFit or DiagnosticIds.ExceedsCluster
            || (f.Finding.Id == DiagnosticIds.StartupPeak && (result.Estimate.PerGpu.CapturePeakGiB ?? result.Estimate.PerGpu.StartupPeakGiB) > result.Estimate.PerGpu.CapacityGiB));
        return new CorpusPrediction(run, result.Estimate, !stops, null);
    }

    /// <summary>The sampler kernel VramLint is told: the one the run's log names, else nothing (PyTorch's, the default).</summary>
    public static VllmSampler EvaluatedSampler(CorpusRun run) => run.Sampler switch
    {
        null or "pytorch" => VllmSampler.PyTorch,
        "flashinfer" => VllmSampler.FlashInfer,
        var other => throw new InvalidOperationException($"run {run.Id}: sampler '{other}' is neither 'pytorch' nor 'flashinfer'"),
    };

    /// <summary>The release VramLint is told: the run's own, the newest when the source does not show it.</summary>
    public static VllmVersion EvaluatedVersion(CorpusRun run)
    {
        var version = run.Version ?? VllmVersion.Latest;
        return run.Engine == "V0" && version > LastV0 ? LastV0 : version;
    }

    /// <summary>
    /// Pairs of (logged, predicted) for one term over the runs that logged it. Non-torch memory and CUDA graphs do not
    /// depend on the model in VramLint, so they are compared on every run whose GPU and parallelism are known.
    /// </summary>
    public static IReadOnlyList<TermError> Term(string term, IEnumerable<CorpusPrediction> predictions) =>
        predictions.Where(p => Modelled(p.Run))
            .Select(p => term is "non-torch" or "cuda graphs" ? Runtime(term, p.Run) : p.Evaluated ? Pair(term, p) : null)
            .Where(e => e is not null)
            .Select(e => e!)
            .ToList();

    /// <summary>The model kinds judged on their own (issue 11 items 3-5), outside the corpus-wide bands.</summary>
    public static readonly string[] ModelKinds = { "multimodal", "hybrid", "pooling" };

    /// <summary>
    /// The runs the kind-specific terms were fitted on: the encoder's per-patch peak (Llama-3.2-Vision on an H100, Qwen2.5-VL
    /// on a Jetson). The state pages and the pooling runner follow vLLM's code and were fitted on nothing, so every other run
    /// of these kinds is evidence the kind terms did not see.
    /// </summary>
    public static readonly HashSet<string> KindFitRuns = new(StringComparer.Ordinal) { "pr12126-llama32-11b-vision-h100", "f63135534711-qwen25-vl-7b-awq-orin-video0" };

    /// <summary>
    /// Pairs of (logged, predicted) for one term over the evaluated runs of one model kind (multimodal, hybrid, pooling) on a
    /// device class VramLint models: the same comparison as <see cref="Term"/>, with the encoder profile, the state pages and
    /// the pooling runner in play.
    /// </summary>
    public static IReadOnlyList<TermError> KindTerm(string term, string kind, IEnumerable<CorpusPrediction> predictions) =>
        predictions.Where(p => p.Run.Kind == kind && ModelledDevice(p.Run) && p.Evaluated)
            .Select(p => Pair(term, p, scoreKinds: true))
            .Where(e => e is not null)
            .Select(e => e!)
            .ToList();

    /// <summary>Start / no-start verdicts of one model kind, judged where the source shows the outcome and gpu-memory-utilization.</summary>
    public static IReadOnlyList<CorpusPrediction> KindVerdicts(string kind, bool heldOut) =>
        Predictions.Where(x => x.Run.Kind == kind && x.Evaluated && x.Run.Outcome != "unknown" && x.Run.HeldOut == heldOut && ModelledDevice(x.Run) && x.Run.GpuMemoryUtilization is not null).ToList();

    /// <summary>Not a unified-memory device or ROCm, and nothing the note marks unmodelled.</summary>
    public static bool ModelledDevice(CorpusRun run) =>
        !run.HasUnmodelledFeature && Corpus.GpuClass(run) is not ("unified memory / other" or "AMD");

    /// <summary>
    /// Runs whose terms and verdicts VramLint claims to model: not those the note marks unmodelled (drafters, LoRA, decode context
    /// parallel, non-CUDA KV formats), not multimodal ones (the encoder profile moves activation and non-torch memory,
    /// issue 11 item 3), not unified-memory devices (Jetson, GB10, Strix Halo: vLLM reads free memory from the host) and
    /// not ROCm (its non-torch growth is not calibrated), not hybrid or pooling models (Mamba state, page unification and
    /// the pooling runner are issue 11 items 4 and 5).
    /// </summary>
    public static bool Modelled(CorpusRun run) => ModelledDevice(run) && !ModelKinds.Contains(run.Kind);

    /// <summary>
    /// Runs whose start / no-start verdict is judged: evaluated, modelled, with a known outcome and a
    /// gpu-memory-utilization the source shows (the verdict turns on it; a source that shows only part of the command may
    /// hide a lowered value).
    /// </summary>
    public static IReadOnlyList<CorpusPrediction> Verdicts(bool heldOut) =>
        Predictions.Where(x => x.Evaluated && x.Run.Outcome != "unknown" && x.Run.HeldOut == heldOut && Modelled(x.Run) && x.Run.GpuMemoryUtilization is not null).ToList();

    /// <summary>
    /// The run's non-torch term as VramLint predicts it from the GPU, the parallelism and the release alone; its CUDA-graph
    /// term from those and the model's shape (layers of the stage, hidden width), so graphs are compared only on runs whose
    /// model the catalog holds. The graph term does not depend on the GPU beyond vLLM's defaults, which give the same
    /// largest capture (512) on every class, so a run that does not name its GPU is compared as on an unnamed 24 GiB card.
    /// </summary>
    private static TermError? Runtime(string term, CorpusRun run)
    {
        var graphs = term == "cuda graphs";
        var observed = graphs ? run.CudaGraphGib : run.NonTorchScope is null ? run.NonTorchGib : null;
        var capacity = Capacity(run) ?? (graphs ? UnnamedGpu(run) : null);
        if (observed is not { } o || run.Tp is not { } tp || capacity is null || (graphs && (o <= 0 || run.EnforceEager == true)))
        {
            return null;
        }

        var id = run.ArchitectureOf ?? run.Model;
        var spec = id is not null && ModelCatalog.TryGet(id, out var known) && known.Exists ? known : null;
        if (graphs && spec is null)
        {
            return null;
        }

        var parsed = VllmArgumentReader.Read(ArgumentToken.FromWords(new[] { "serve", "model" }.Concat(Arguments(run, "model"))));
        var version = EvaluatedVersion(run);
        var effective = VllmDefaults.Resolve(parsed.Settings, new ModelResolution(), capacity, version);
        var pp = run.Pp ?? 1;
        var terms = RuntimeTerms.For(parsed.Settings, effective, capacity, version, tp, pp, GraphShape.Of(spec, pp));
        return new TermError(run, o, graphs ? terms.GraphsGiB : terms.NonTorchGiB);
    }

    private static GpuCapacity UnnamedGpu(CorpusRun run)
    {
        var count = Math.Max(run.GpuCount ?? 1, (run.Tp ?? 1) * (run.Pp ?? 1));
        return new GpuCapacity { Name = "GPU", MemoryGiB = 24, Count = count, ClusterCount = count, GpusPerNode = count, CountDeclared = true };
    }

    /// <summary>One term of one evaluated run; multimodal runs only when their kind is scored on its own (<paramref name="scoreKinds"/>).</summary>
    private static TermError? Pair(string term, CorpusPrediction p, bool scoreKinds = false)
    {
        var run = p.Run;
        var e = p.Estimate!.PerGpu;
        var kindOk = scoreKinds || run.Kind is not "multimodal";
        return term switch
        {
            "weights" when run.WeightsGib is { } w && run.Tp is not null && kindOk => new TermError(run, w, e.WeightsGiB),
            "activation" when run.ObservedActivationGib is { } a && kindOk && run.Tp is not null && KnownBatch(run) => new TermError(run, a, e.ActivationGiB),
            "kv pool" when run.KvCacheGib is { } k && run.Tp is not null && run.GpuMemoryUtilization is not null && kindOk && KnownBatch(run) => new TermError(run, k, e.KvCacheGiB),
            _ => null,
        };
    }

    /// <summary>
    /// The profiled batch is known when written, when the entry point is vllm serve (whose defaults VramLint models), or on
    /// the V0 engine when the source shows whether chunked prefill was on: V0's LLM class profiled the same
    /// max(max-model-len, 2048) tokens (or the chunk) as the server; the larger LLM-class batch began with V1.
    /// </summary>
    private static bool KnownBatch(CorpusRun run) =>
        run.MaxNumBatchedTokens is not null || run.EntryPoint != "llm" || (run.Engine == "V0" && run.ChunkedPrefill is not null);

    private static GpuCapacity? Capacity(CorpusRun run)
    {
        var count = Math.Max(run.GpuCount ?? 1, (run.Tp ?? 1) * (run.Pp ?? 1));
        if (GpuCatalog.TryFind(run.Gpu, out var gpu))
        {
            return new GpuCapacity { Gpu = gpu, Name = gpu.Name, MemoryGiB = run.GpuTotalGib ?? gpu.CudaTotalGiB, Count = count, ClusterCount = count, GpusPerNode = count, CountDeclared = true };
        }

        return run.GpuTotalGib is { } total
            ? new GpuCapacity { Name = run.Gpu ?? "GPU", MemoryGiB = total, Count = count, ClusterCount = count, GpusPerNode = count, CountDeclared = true }
            : null;
    }

    private static List<string> Arguments(CorpusRun run, string id)
    {
        var args = new List<string>();
        void Add(string flag, object? value)
        {
            if (value is not null)
            {
                args.Add(flag);
                args.Add(Convert.ToString(value, CultureInfo.InvariantCulture)!);
            }
        }

        Add("--tensor-parallel-size", run.Tp);
        Add("--pipeline-parallel-size", run.Pp);
        Add("--max-model-len", run.MaxModelLen);
        Add("--max-num-seqs", run.MaxNumSeqs);
        Add("--max-num-batched-tokens", run.MaxNumBatchedTokens);
        Add("--gpu-memory-utilization", run.GpuMemoryUtilization);
        Add("--block-size", run.BlockSize);
        Add("--dtype", run.Dtype);
        if (run.KvCacheDtype is "fp8" or "fp8_e4m3" or "fp8_e5m2")
        {
            Add("--kv-cache-dtype", run.KvCacheDtype);
        }

        if (run.Quantization is { } q && PassedQuantization.Contains(q) && ModelCatalog.TryGet(id, out var spec) && !spec.Quantization.IsQuantized)
        {
            Add("--quantization", q);
        }

        if (run.EnforceEager == true)
        {
            args.Add("--enforce-eager");
        }

        // Every pooling record's source shows the pooling runner (--runner pooling, --task embed, or vLLM resolving it).
        if (run.Kind == "pooling")
        {
            args.Add("--runner");
            args.Add("pooling");
        }

        if (run.ChunkedPrefill is { } chunked)
        {
            args.Add(chunked ? "--enable-chunked-prefill" : "--no-enable-chunked-prefill");
        }

        return args;
    }
}
