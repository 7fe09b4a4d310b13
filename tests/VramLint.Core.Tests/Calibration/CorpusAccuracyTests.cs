using System.Globalization;
using System.Text;
using Xunit.Abstractions;

namespace VramLint.Core.Tests.Calibration;

/// <summary>
/// The published error bars (docs/accuracy.md): the vllm estimator over the public start-up corpus
/// (Corpus/vllm-runs.json), each term against the figure vLLM printed for it, on the calibration set and on the
/// held-out quarter. A term that leaves its stated band fails here.
/// </summary>
public class CorpusAccuracyTests
{
    private static readonly string[] Outcomes =
    {
        "started", "no_cache_blocks", "kv_too_small_for_max_len", "load_oom", "sampler_oom", "graph_capture_oom", "oom_unspecified", "failed_unspecified", "unknown",
    };

    private readonly ITestOutputHelper output;

    public CorpusAccuracyTests(ITestOutputHelper output) => this.output = output;

    /// <summary>Mean absolute error (GiB per GPU) each term must stay within, and the least number of runs it is measured on, per set.</summary>
    public static TheoryData<string, bool, double, int> Bands => new()
    {
        // term, held out, band (mean |error| GiB per GPU), least runs: measured on 2026-12-06 (docs/accuracy.md), + about 0.05.
        // CUDA graphs are compared only where the catalog holds the run's model (the term follows its layers and width).
        // Moved up with the V0/graphs session's runs (docs/accuracy.md, "V0 verdicts and 0.8-0.10 graphs"): the calibration
        // graph band (0.31 to 0.40: two 0.8.4 Qwen2.5-7B runs on RTX 3090s logged 1.44 and 2.13 GiB where the size-only term
        // gives 0.74) and the held-out KV band (0.45 to 0.71: three 0.10.1 Qwen2-7B runs on A100 80GB with FlashInfer's sampler
        // kept 1.0-1.7 GiB more pool than the 9.7-copy sampler warm-up leaves). The others tightened or kept.
        // Moved up with the "more runs" session's V0 and 0.8-0.10 runs (docs/accuracy.md, "V0 verdicts and 0.8-0.10 graphs"):
        // the calibration activation band (0.24 to 0.32) and KV band (0.37 to 0.46): three 0.8.5 V0-engine runs at TP 4 on
        // 22 GB RTX 2080 Ti cards with chunked prefill logged 1.39-1.45 GiB of activation where the chunked-prefill term
        // gives 0.23-0.48, and a 0.10.1.1 Qwen2-7B TP 2 run at gmu 0.25 with FlashInfer's sampler kept 1.67 GiB more pool.
        // Tightened when the runs carried the sampler their logs name (vramlint.vllm_sampler): the KV bands 0.46 to 0.44 and
        // 0.71 to 0.46 (measured 0.39 and 0.41; the four FlashInfer A100 runs now within 0.15-0.82 GiB).
        { "weights", false, 0.38, 42 },
        { "weights", true, 0.17, 16 },
        { "activation", false, 0.32, 32 },
        { "activation", true, 0.30, 9 },
        { "non-torch", false, 0.14, 30 },
        { "non-torch", true, 0.17, 10 },
        { "cuda graphs", false, 0.40, 26 },
        { "cuda graphs", true, 0.36, 11 },
        { "kv pool", false, 0.44, 38 },
        { "kv pool", true, 0.46, 13 },
    };

    [Fact]
    public void The_corpus_holds_over_100_sourced_runs_with_known_outcomes()
    {
        var runs = Corpus.Runs;
        Assert.True(runs.Count >= 100, $"{runs.Count} runs");
        Assert.Equal(runs.Count, runs.Select(r => r.Id).Distinct().Count());
        Assert.All(runs, r =>
        {
            Assert.False(string.IsNullOrWhiteSpace(r.Source), r.Id);
            Assert.Contains(r.Outcome, Outcomes);
            Assert.True(r.VllmVersion is null || r.Version is not null, $"{r.Id}: version {r.VllmVersion}");
            Assert.True(r.WeightsGib is null or > 0, r.Id);
            Assert.True(r.Tp is null or >= 1 and <= 16, r.Id);
            Assert.True(r.GpuMemoryUtilization is null or > 0 and <= 1, r.Id);
        });
    }

    [Theory]
    [MemberData(nameof(Bands))]
    public void Each_term_stays_in_its_band(string term, bool heldOut, double band, int leastRuns)
    {
        var set = CorpusEvaluator.Predictions.Where(p => p.Run.HeldOut == heldOut);
        var errors = CorpusEvaluator.Term(term, set);
        var mean = errors.Count == 0 ? 0 : errors.Average(e => e.AbsoluteError);
        output.WriteLine($"{term} ({(heldOut ? "held out" : "calibration")}): {errors.Count} runs, mean |error| {F(mean)} GiB, mean error {F(errors.Count == 0 ? 0 : errors.Average(e => e.Error))}");
        foreach (var e in errors.OrderByDescending(e => e.AbsoluteError))
        {
            output.WriteLine($"  {e.Run.Id} [{Corpus.Era(e.Run)}, {Corpus.GpuClass(e.Run)}]: logged {F(e.Observed)}, predicted {F(e.Predicted)} ({F(e.Error)})");
        }

        Assert.True(errors.Count >= leastRuns, $"{errors.Count} runs");
        Assert.InRange(mean, 0, band);
    }

    /// <summary>Start / no-start verdicts: at least this share right, measured 50/51 (calibration) and 17/17 (held out); judged only where the source shows gpu-memory-utilization.</summary>
    [Theory]
    [InlineData(false, 0.95, 51)]
    [InlineData(true, 0.90, 17)]
    public void Start_verdicts_stay_in_their_band(bool heldOut, double leastShare, int leastRuns)
    {
        var verdicts = CorpusEvaluator.Verdicts(heldOut);
        var wrong = verdicts.Where(x => x.PredictsStart != x.Run.Started).ToList();
        foreach (var w in wrong)
        {
            output.WriteLine($"wrong: {w.Run.Id} ({w.Run.Outcome}; predicted {(w.PredictsStart ? "start" : "no start")})");
        }

        Assert.True(verdicts.Count >= leastRuns, $"{verdicts.Count} verdicts");
        Assert.InRange((verdicts.Count - wrong.Count) / (double)verdicts.Count, leastShare, 1);
    }

    [Fact]
    public void The_split_is_a_quarter_of_the_sources_by_hash()
    {
        // FNV-1a of the source link, modulo 4: every run of one source on the same side.
        Assert.Equal(2166136261u, CorpusRun.Fnv1a(""));
        Assert.Equal(0xE40C292Cu, CorpusRun.Fnv1a("a"));
        Assert.All(Corpus.Runs.GroupBy(r => r.Source), g => Assert.Single(g.Select(r => r.HeldOut).Distinct()));
        Assert.InRange(Corpus.Runs.Count(r => r.HeldOut) / (double)Corpus.Runs.Count, 0.15, 0.35);
    }

    [Fact]
    public void Report()
    {
        var p = CorpusEvaluator.Predictions;
        var sb = new StringBuilder();
        sb.AppendLine($"runs {p.Count}; calibration {p.Count(x => !x.Run.HeldOut)}, held out {p.Count(x => x.Run.HeldOut)}; evaluated {p.Count(x => x.Evaluated)}");
        foreach (var g in p.Where(x => !x.Evaluated).GroupBy(x => x.SkipReason))
        {
            sb.AppendLine($"skipped: {g.Key}: {g.Count()}");
        }

        foreach (var g in p.GroupBy(x => Corpus.Era(x.Run)).OrderBy(g => g.Key))
        {
            sb.AppendLine($"era {g.Key}: {g.Count()}");
        }

        foreach (var g in p.GroupBy(x => Corpus.GpuClass(x.Run)).OrderBy(g => g.Key))
        {
            sb.AppendLine($"gpu {g.Key}: {g.Count()}");
        }

        foreach (var g in p.GroupBy(x => x.Run.Kind ?? "not shown").OrderBy(g => g.Key))
        {
            sb.AppendLine($"kind {g.Key}: {g.Count()}");
        }

        foreach (var held in new[] { false, true })
        {
            var verdicts = CorpusEvaluator.Verdicts(held);
            var unjudged = p.Where(x => x.Evaluated && x.Run.Outcome != "unknown" && x.Run.HeldOut == held && CorpusEvaluator.Modelled(x.Run) && x.Run.GpuMemoryUtilization is null).ToList();
            sb.AppendLine($"not judged, gpu-memory-utilization not shown ({(held ? "held out" : "calibration")}): {unjudged.Count}: {string.Join(", ", unjudged.Select(x => $"{x.Run.Id} {(x.PredictsStart == x.Run.Started ? "right" : "wrong")}"))}");
            var right = verdicts.Count(x => x.PredictsStart == x.Run.Started);
            sb.AppendLine($"verdicts ({(held ? "held out" : "calibration")}): {right}/{verdicts.Count}");
            foreach (var v in verdicts.Where(x => x.PredictsStart != x.Run.Started))
            {
                sb.AppendLine($"  wrong: {v.Run.Id} ({v.Run.Outcome}; predicted {(v.PredictsStart ? "start" : "no start")})");
            }
        }

        foreach (var g in CorpusEvaluator.Verdicts(false).Concat(CorpusEvaluator.Verdicts(true)).GroupBy(x => Corpus.Era(x.Run)).OrderBy(g => g.Key))
        {
            sb.AppendLine($"verdicts / {g.Key}: {g.Count(x => x.PredictsStart == x.Run.Started)}/{g.Count()} (held out {g.Count(x => x.Run.HeldOut && x.PredictsStart == x.Run.Started)}/{g.Count(x => x.Run.HeldOut)})");
        }

        foreach (var term in new[] { "weights", "activation", "non-torch", "cuda graphs", "kv pool" })
        {
            foreach (var g in CorpusEvaluator.Term(term, p).GroupBy(e => Corpus.Era(e.Run)).OrderBy(g => g.Key))
            {
                sb.AppendLine($"{term} / {g.Key}: {g.Count()} runs, mean |error| {F(g.Average(e => e.AbsoluteError))}, mean error {F(g.Average(e => e.Error))}");
            }
        }

        foreach (var kind in CorpusEvaluator.ModelKinds)
        {
            foreach (var held in new[] { false, true })
            {
                var set = p.Where(x => x.Run.HeldOut == held).ToList();
                var label = held ? "held out" : "calibration";
                foreach (var term in new[] { "weights", "activation", "kv pool" })
                {
                    var errors = CorpusEvaluator.KindTerm(term, kind, set);
                    if (errors.Count > 0)
                    {
                        sb.AppendLine($"{kind} {term} ({label}): {errors.Count} runs, mean |error| {F(errors.Average(e => e.AbsoluteError))}: {string.Join(", ", errors.Select(e => $"{e.Run.Id} {F(e.Observed)}/{F(e.Predicted)}"))}");
                    }
                }

                var verdicts = CorpusEvaluator.KindVerdicts(kind, held);
                sb.AppendLine($"{kind} verdicts ({label}): {verdicts.Count(x => x.PredictsStart == x.Run.Started)}/{verdicts.Count}: {string.Join(", ", verdicts.Select(x => $"{x.Run.Id} {(x.PredictsStart == x.Run.Started ? "right" : "wrong")}"))}");
                sb.AppendLine($"{kind} evaluated ({label}): {set.Count(x => x.Run.Kind == kind && x.Evaluated)} of {set.Count(x => x.Run.Kind == kind)}");
            }

            // Not used to fit the kind's own terms: every run of the kind but the fit runs, on both sides of the hash.
            var unseen = p.Where(x => !CorpusEvaluator.KindFitRuns.Contains(x.Run.Id)).ToList();
            foreach (var term in new[] { "weights", "activation", "kv pool" })
            {
                var errors = CorpusEvaluator.KindTerm(term, kind, unseen);
                if (errors.Count > 0)
                {
                    sb.AppendLine($"{kind} {term} (not used to fit): {errors.Count} runs, mean |error| {F(errors.Average(e => e.AbsoluteError))}: {string.Join(", ", errors.Select(e => $"{e.Run.Id} {F(e.Observed)}/{F(e.Predicted)}"))}");
                }
            }

            var unseenVerdicts = CorpusEvaluator.KindVerdicts(kind, false).Concat(CorpusEvaluator.KindVerdicts(kind, true)).Where(x => !CorpusEvaluator.KindFitRuns.Contains(x.Run.Id)).ToList();
            sb.AppendLine($"{kind} verdicts (not used to fit): {unseenVerdicts.Count(x => x.PredictsStart == x.Run.Started)}/{unseenVerdicts.Count}");
        }

        output.WriteLine(sb.ToString());
        Assert.Equal(Corpus.Runs.Count, p.Count);
        Assert.All(p, x => Assert.True(x.Evaluated != (x.SkipReason is not null), x.Run.Id));
    }

    private static string F(double value) => value.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture);
}
