using System.Globalization;
using Xunit.Abstractions;

namespace VramLint.Core.Tests.Calibration;

/// <summary>
/// Issue 11's "done when", checked per version era on the whole corpus (both sides of the hash split, as the issue states
/// it): verdicts at least 97% right, per-GPU weights within 2% on average, the KV pool's mean absolute error at most
/// 1.0 GiB with at least 90% of pools within max(1 GiB, 10%), and each runtime term's mean absolute error at most 0.5 GiB.
/// The targets not met yet are pinned in <see cref="KnownGaps"/>, so the list can only shrink: a gap closed must be
/// removed, and a new one fails.
/// </summary>
public class IssueTargetTests
{
    private const double VerdictShare = 0.97;
    private const double WeightsRelative = 0.02;
    private const double KvPoolMae = 1.0;
    private const double KvPoolShareWithin = 0.90;
    private const double RuntimeTermMae = 0.5;

    /// <summary>"era: target" pairs not met yet (docs/accuracy.md says why for each).</summary>
    private static readonly string[] KnownGaps =
    {
        // Every target is met. The V0 verdict target since the "more runs" session (35/36, 97.2%; gemma-2b on a T4 is still
        // the one miss); the 0.8-0.10 KV pools since the runs carry the sampler their logs name: the 0.10.1 A100 runs with
        // FlashInfer's top-p/top-k kept about 1 GiB more pool than PyTorch's 9.7-copy warm-up leaves (vramlint.vllm_sampler).
    };

    private readonly ITestOutputHelper output;

    public IssueTargetTests(ITestOutputHelper output) => this.output = output;

    [Fact]
    public void Only_the_pinned_targets_are_missed_per_era()
    {
        var misses = Misses().ToList();
        foreach (var miss in misses)
        {
            output.WriteLine(miss.Text);
        }

        var missed = misses.Select(m => m.Key).ToList();
        Assert.True(missed.Except(KnownGaps).Count() == 0, "targets newly missed: " + string.Join("; ", misses.Where(m => !KnownGaps.Contains(m.Key)).Select(m => m.Text)));
        Assert.True(KnownGaps.Except(missed).Count() == 0, "targets now met: remove them from KnownGaps: " + string.Join(", ", KnownGaps.Except(missed)));
    }

    [Fact]
    public void Every_era_is_judged_on_some_verdicts_and_terms()
    {
        var verdicts = AllVerdicts();
        foreach (var era in Eras())
        {
            Assert.True(verdicts.Any(v => Corpus.Era(v.Run) == era), era + " has no judged verdict");
            Assert.True(CorpusEvaluator.Term("kv pool", CorpusEvaluator.Predictions).Any(e => Corpus.Era(e.Run) == era), era + " has no KV pool compared");
        }
    }

    /// <summary>
    /// Issue 11 item 2: each term's error per version era and per GPU class (both sides of the split), printed as the
    /// Markdown tables docs/accuracy.md shows ("Error by era and GPU class"); a cell is "mean |error| GiB (runs)".
    /// </summary>
    [Fact]
    public void Report_each_term_by_era_and_gpu_class()
    {
        var terms = new[] { "weights", "activation", "non-torch", "cuda graphs", "kv pool" };
        foreach (var (title, group) in new (string, Func<CorpusRun, string>)[] { ("era", Corpus.Era), ("GPU class", Corpus.GpuClass) })
        {
            var errors = terms.ToDictionary(t => t, t => CorpusEvaluator.Term(t, CorpusEvaluator.Predictions));
            var rows = errors.Values.SelectMany(e => e).Select(e => group(e.Run)).Distinct().OrderBy(r => r, StringComparer.Ordinal).ToList();
            output.WriteLine($"| {title} | {string.Join(" | ", terms)} |");
            output.WriteLine($"|---|{string.Concat(terms.Select(_ => "---|"))}");
            foreach (var row in rows)
            {
                var cells = terms.Select(t => errors[t].Where(e => group(e.Run) == row).ToList())
                    .Select(c => c.Count == 0 ? "-" : $"{Gib(c.Average(e => e.AbsoluteError))} ({c.Count})");
                output.WriteLine($"| {row} | {string.Join(" | ", cells)} |");
            }

            output.WriteLine("");
            Assert.All(terms, t => Assert.Equal(errors[t].Count, rows.Sum(r => errors[t].Count(e => group(e.Run) == r))));
        }
    }

    /// <summary>Every era's figure for every target, met or not, as the table docs/accuracy.md shows ("Issue 11's targets by era").</summary>
    [Fact]
    public void Report_the_targets_by_era()
    {
        var verdicts = AllVerdicts();
        output.WriteLine("| era | verdicts (97%) | weights, mean relative error (2%) | KV pool MAE (1.0 GiB) / within max(1 GiB, 10%) (90%) | activation MAE (0.5) | non-torch MAE (0.5) | CUDA graphs MAE (0.5) |");
        output.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var era in Eras())
        {
            var judged = verdicts.Where(v => Corpus.Era(v.Run) == era).ToList();
            var weights = TermOf("weights", era);
            var pools = TermOf("kv pool", era);
            string Mae(string term) => TermOf(term, era) is { Count: > 0 } e ? $"{Gib(e.Average(x => x.AbsoluteError))} ({e.Count})" : "-";
            output.WriteLine(string.Join(" | ", new[]
            {
                "| " + era,
                judged.Count == 0 ? "-" : $"{judged.Count(v => v.PredictsStart == v.Run.Started)}/{judged.Count}",
                weights.Count == 0 ? "-" : $"{Percent(weights.Average(e => e.AbsoluteError / e.Observed))} ({weights.Count})",
                pools.Count == 0 ? "-" : $"{Gib(pools.Average(e => e.AbsoluteError))} / {pools.Count(e => e.AbsoluteError <= Math.Max(1.0, 0.1 * Math.Abs(e.Observed)))} of {pools.Count}",
                Mae("activation"),
                Mae("non-torch"),
                Mae("cuda graphs") + " |",
            }));
        }

        Assert.NotEmpty(verdicts);
    }

    private static IEnumerable<(string Key, string Text)> Misses()
    {
        var verdicts = AllVerdicts();
        foreach (var era in Eras())
        {
            var judged = verdicts.Where(v => Corpus.Era(v.Run) == era).ToList();
            var right = judged.Count(v => v.PredictsStart == v.Run.Started);
            if (judged.Count > 0 && right < VerdictShare * judged.Count)
            {
                yield return ($"{era}: verdicts", $"{era}: verdicts {right}/{judged.Count} ({Percent(right / (double)judged.Count)}, target {Percent(VerdictShare)}); wrong: {string.Join(", ", judged.Where(v => v.PredictsStart != v.Run.Started).Select(v => v.Run.Id))}");
            }

            var weights = TermOf("weights", era);
            if (weights.Count > 0 && weights.Average(e => e.AbsoluteError / e.Observed) is var relative && relative > WeightsRelative)
            {
                yield return ($"{era}: weights", $"{era}: weights mean relative error {Percent(relative)} over {weights.Count} runs (target {Percent(WeightsRelative)})");
            }

            var pools = TermOf("kv pool", era);
            if (pools.Count > 0)
            {
                var mae = pools.Average(e => e.AbsoluteError);
                var within = pools.Count(e => e.AbsoluteError <= Math.Max(1.0, 0.1 * Math.Abs(e.Observed)));
                if (mae > KvPoolMae || within < KvPoolShareWithin * pools.Count)
                {
                    yield return ($"{era}: kv pool", $"{era}: KV pool mean |error| {Gib(mae)} GiB (target {Gib(KvPoolMae)}), {within}/{pools.Count} within max(1 GiB, 10%) (target {Percent(KvPoolShareWithin)})");
                }
            }

            foreach (var term in new[] { "activation", "non-torch", "cuda graphs" })
            {
                var errors = TermOf(term, era);
                if (errors.Count > 0 && errors.Average(e => e.AbsoluteError) is var termMae && termMae > RuntimeTermMae)
                {
                    yield return ($"{era}: {term}", $"{era}: {term} mean |error| {Gib(termMae)} GiB over {errors.Count} runs (target {Gib(RuntimeTermMae)}): {string.Join(", ", errors.Select(e => $"{e.Run.Id} {Gib(e.Observed)}/{Gib(e.Predicted)}"))}");
                }
            }
        }
    }

    private static List<CorpusPrediction> AllVerdicts() => CorpusEvaluator.Verdicts(false).Concat(CorpusEvaluator.Verdicts(true)).ToList();

    private static List<TermError> TermOf(string term, string era) =>
        CorpusEvaluator.Term(term, CorpusEvaluator.Predictions).Where(e => Corpus.Era(e.Run) == era).ToList();

    private static IEnumerable<string> Eras() => CorpusEvaluator.Predictions.Select(p => Corpus.Era(p.Run)).Distinct().OrderBy(e => e, StringComparer.Ordinal);

    private static string Percent(double share) => share.ToString("0.0%", CultureInfo.InvariantCulture);

    private static string Gib(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
