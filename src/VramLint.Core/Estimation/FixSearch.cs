using VramLint.Core.Diagnostics;
using VramLint.Core.Models;
using VramLint.Core.Settings;

namespace VramLint.Core.Estimation;

/// <summary>
/// The one fix search every front end uses (design.md section 5): for a finding, the smallest valid
/// tensor-parallel-size, the largest max-num-seqs and the largest max-model-len under which the deployment is clean.
/// </summary>
public static class FixSearch
{
    /// <summary>The findings that make a candidate unacceptable besides the one being fixed.</summary>
    private static readonly HashSet<string> Blocking = new(StringComparer.Ordinal)
    {
        DiagnosticIds.DoesNotFit,
        DiagnosticIds.StartupPeak,
        DiagnosticIds.ExceedsCluster,
        DiagnosticIds.InvalidParallelism,
    };

    /// <summary>
    /// The calibration's error band on the KV pool: estimates lie within -0.6 and +0.1 GiB of the pool vLLM logged
    /// (docs/accuracy.md, the calibration tests). A fix keeps at least this much, plus one KV block, spare.
    /// </summary>
    public const double ErrorBandGiB = 0.6;

    /// <param name="current">The deployment's own estimate, when the caller has it: where the search for the longest safe max-model-len starts.</param>
    public static IReadOnlyList<SettingFix> Find(IMemoryEstimator estimator, EstimationRequest request, EstimatorFinding target, MemoryEstimate? current = null)
    {
        var fixes = new List<SettingFix>();
        foreach (var lever in target.Levers)
        {
            var fix = lever switch
            {
                SettingNames.TensorParallelSize => TensorParallel(estimator, request, target.Finding.Id),
                SettingNames.MaxNumSeqs => LargestFitting(estimator, request, target.Finding.Id, lever, own: null),
                SettingNames.MaxModelLen => LargestFitting(estimator, request, target.Finding.Id, lever, current),
                _ => null,
            };

            if (fix is not null)
            {
                fixes.Add(fix);
            }
        }

        return fixes;
    }

    /// <summary>Evaluates a candidate: its estimate when it is clean, else null.</summary>
    public static MemoryEstimate? TryCandidate(IMemoryEstimator estimator, EstimationRequest candidate, string targetId)
    {
        var result = estimator.Estimate(candidate with { WithoutText = true });
        var effective = result.Estimate.Settings;
        var all = result.Findings.Concat(ParallelismRules.Check(candidate.Model, candidate.Settings, effective, candidate.Capacity));
        foreach (var f in all)
        {
            if (f.Finding.Id == targetId || Blocking.Contains(f.Finding.Id))
            {
                return null;
            }
        }

        return result.Estimate;
    }

    /// <summary>
    /// A candidate a fix may write: clean, and with the margin spare (the error band and one KV block beyond one
    /// max-model-len request), so that applying the fix settles: the re-check finds nothing and offers no further fix.
    /// </summary>
    public static MemoryEstimate? TrySafeCandidate(IMemoryEstimator estimator, EstimationRequest candidate, string targetId) =>
        TryCandidate(estimator, candidate, targetId) is { } estimate && Spare(estimate) >= MarginGiB(estimate, candidate.Settings) ? estimate : null;

    /// <summary>The margin a fix leaves: the error band plus one block of KV cache per GPU.</summary>
    public static double MarginGiB(MemoryEstimate estimate, DeploymentSettings settings) =>
        ErrorBandGiB + (BlockTokens(settings) * estimate.KvCache.BytesPerToken / Numbers.BytesPerGiB);

    /// <summary>
    /// What the fix leaves free. vllm: the KV pool beyond one max-model-len request (CUDA graphs captured outside the
    /// budget, before vLLM 0.21, do not take from the pool; VRAM002 judges them). blog: the card beyond the per-GPU need.
    /// </summary>
    private static double Spare(MemoryEstimate estimate)
    {
        var p = estimate.PerGpu;
        if (estimate.Estimator != "vllm")
        {
            return p.BudgetGiB - p.SteadyGiB;
        }

        // An encoder-only pooling model keeps no KV pool: what a fix leaves is the budget beyond what the engine holds.
        if (EncoderOnlyModels.Is(estimate.Model.Spec))
        {
            return p.BudgetGiB - p.SteadyGiB;
        }

        var request = p.SteadyGiB - p.WeightsGiB - p.ActivationGiB - p.NonTorchGiB - p.CudaGraphGiB;
        return p.KvCacheGiB - request;
    }

    private static int BlockTokens(DeploymentSettings settings) => settings.BlockSize is > 0 ? settings.BlockSize.Value : VllmDefaults.BlockSize;

    /// <summary>
    /// vllm: "KV cache 4.64 GiB, one request 3.94, 0.70 GiB spare; margin: ..."; blog: "per GPU 19.0 of 24.0 GiB, 4.97 GiB spare; margin: ...".
    /// </summary>
    private static string Margin(MemoryEstimate estimate, DeploymentSettings settings)
    {
        var p = estimate.PerGpu;
        var spare = Spare(estimate);
        var used = estimate.Estimator == "vllm"
            ? $"KV cache {Numbers.F2(p.KvCacheGiB)} GiB, one request {Numbers.F2(p.KvCacheGiB - spare)}"
            : $"per GPU {Numbers.F1(p.SteadyGiB)} of {Numbers.F1(p.BudgetGiB)} GiB";
        return $"{used}, {Numbers.F2(spare)} GiB spare; margin: the {Numbers.F1(ErrorBandGiB)} GiB error band + one {BlockTokens(settings)}-token KV block";
    }

    private static SettingFix? TensorParallel(IMemoryEstimator estimator, EstimationRequest request, string targetId)
    {
        var settings = request.Settings;
        var capacity = request.Capacity;
        var effective = VllmDefaults.Resolve(settings, request.Model, capacity, request.Options.VllmVersion);
        var current = effective.TensorParallelSize;
        var replicas = Math.Max(1, effective.PipelineParallelSize * effective.DataParallelSize);
        var cluster = capacity with { Count = capacity.ClusterCount };
        var maxTp = ParallelismRules.MaxTensorParallel(settings, cluster, effective);

        // Raise first (the promise to users); an invalid TP with no valid larger one may still be lowered.
        var candidates = new List<int>();
        foreach (var tp in ParallelismRules.Candidates(request.Model, maxTp))
        {
            if (tp > current)
            {
                candidates.Add(tp);
            }
        }

        var lower = new List<int>(ParallelismRules.Candidates(request.Model, current - 1));
        for (var k = lower.Count - 1; k >= 0; k--)
        {
            candidates.Add(lower[k]);
        }

        foreach (var tp in candidates)
        {
            var world = tp * replicas;
            var candidateCapacity = capacity with { Count = Math.Max(capacity.Count, world) };
            var candidate = request with { Settings = settings with { TensorParallelSize = tp }, Capacity = candidateCapacity };
            if (TrySafeCandidate(estimator, candidate, targetId) is { } estimate)
            {
                var verb = tp > current ? "Raise" : "Lower";
                int? gpuCount = capacity.CountFromDeployment && world > capacity.Count ? world : null;
                var gpus = gpuCount is { } g ? $" on {g} GPUs" : "";
                return new SettingFix(
                    targetId,
                    SettingNames.TensorParallelSize,
                    Numbers.Int(tp),
                    $"{verb} tensor-parallel-size to {tp}{gpus} ({Margin(estimate, candidate.Settings)})",
                    gpuCount);
            }
        }

        return null;
    }

    private static SettingFix? LargestFitting(IMemoryEstimator estimator, EstimationRequest request, string targetId, string lever, MemoryEstimate? own)
    {
        var effective = VllmDefaults.Resolve(request.Settings, request.Model, request.Capacity, request.Options.VllmVersion);
        var current = lever == SettingNames.MaxNumSeqs ? effective.MaxNumSeqs : effective.MaxModelLen;
        if (current <= 1)
        {
            return null;
        }

        EstimationRequest With(int value) => request with
        {
            Settings = lever == SettingNames.MaxNumSeqs
                ? request.Settings with { MaxNumSeqs = value }
                : request.Settings with { MaxModelLen = value, MaxModelLenAuto = false },
        };

        // A shorter context must stay within what the model supports, or vLLM rejects it on its own.
        var upper = current - 1;
        if (lever == SettingNames.MaxModelLen && VllmDefaults.DerivedMaxModelLen(request.Model) is { } modelMax)
        {
            upper = Math.Min(upper, modelMax);
        }

        // Each value is estimated once: the search ends on values it has already tried (the largest clean one).
        var tried = new Dictionary<int, MemoryEstimate?>();
        MemoryEstimate? Safe(int value)
        {
            if (!tried.TryGetValue(value, out var estimate))
            {
                tried[value] = estimate = TrySafeCandidate(estimator, With(value), targetId);
            }

            return estimate;
        }

        // For max-model-len the deployment's own estimate says where the answer lies (the longest request its KV pool
        // holds, less the margin), so the search starts there: a few estimates instead of the bisection's seventeen
        // over [1, 131071], with the same answer.
        var guess = lever == SettingNames.MaxModelLen && own is not null ? SafeLengthGuess(own, request.Settings) : null;
        if (guess is { } near && RoundLengthAt(near, upper, value => Safe(value) is not null) is { } round)
        {
            return LengthFix(round);
        }

        var largest = guess is { } start ? LargestClean(value => Safe(value) is not null, upper, start) : LargestClean(value => Safe(value) is not null, upper);
        if (largest is not { } low)
        {
            return null;
        }

        var best = lever == SettingNames.MaxModelLen ? RoundLength(low) : low;
        if (Safe(best) is null)
        {
            best = low;
        }

        return LengthFix(best);

        SettingFix? LengthFix(int best)
        {
            var candidate = With(best);
            if (Safe(best) is not { } estimate)
            {
                return null;
            }

            return new SettingFix(
                targetId,
                lever,
                Numbers.Int(best),
                $"Lower {lever} to {best} ({Margin(estimate, candidate.Settings)})");
        }
    }

    /// <summary>
    /// The fix's max-model-len straight from a good guess: the round length at or below it when that is clean and the
    /// next round length is not (or lies beyond <paramref name="upper"/>). With the clean lengths a prefix, that is
    /// <see cref="RoundLength"/> of the largest clean length, found with two estimates instead of the exact boundary's
    /// two and its rounding's third; null when the guess does not bracket it (the full search then runs).
    /// </summary>
    private static int? RoundLengthAt(int guess, int upper, Func<int, bool> isClean)
    {
        var round = RoundLength(Math.Max(1, Math.Min(upper, guess)));
        var next = NextRoundLength(round);
        return isClean(round) && (next > upper || !isClean((int)next)) ? round : null;
    }

    /// <summary>The round length after <paramref name="length"/> (itself round): see <see cref="RoundLength"/>.</summary>
    private static long NextRoundLength(int length) =>
        length >= 2048 ? length + 1024L : length >= 256 ? length + 256L : length + 1L;

    /// <summary>
    /// The largest value in [1, upper] for which <paramref name="isClean"/> holds, assuming smaller values never need
    /// more memory (so the clean values form a prefix); null when even 1 is not clean.
    /// </summary>
    public static int? LargestClean(Func<int, bool> isClean, int upper) =>
        upper < 1 || !isClean(1) ? null : Bisect(isClean, 1, upper);

    /// <summary>The largest clean value in [low, high], given that low is clean.</summary>
    private static int Bisect(Func<int, bool> isClean, int low, int high)
    {
        while (low < high)
        {
            var mid = low + ((high - low + 1) / 2);
            if (isClean(mid))
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }

        return low;
    }

    /// <summary>
    /// Where the largest safe max-model-len should lie, from an estimate at a longer one: the longest request the KV pool
    /// holds less the margin's tokens; null when the estimate knows no KV size per token or no longest request.
    /// </summary>
    private static int? SafeLengthGuess(MemoryEstimate estimate, DeploymentSettings settings)
    {
        if (estimate.KvCache is not { BytesPerToken: > 0, MaxFittingModelLen: { } longest })
        {
            return null;
        }

        // A request holds whole KV blocks, so the boundary sits on a block: the guess is rounded up to one.
        var block = BlockTokens(settings);
        var marginTokens = MarginGiB(estimate, settings) * Numbers.BytesPerGiB / estimate.KvCache.BytesPerToken;
        var guess = Math.Ceiling((longest - marginTokens) / block) * block;
        return guess < 1 ? 1 : guess > int.MaxValue ? int.MaxValue : (int)guess;
    }

    /// <summary>
    /// <see cref="LargestClean(Func{int, bool}, int)"/> started from a guess: the guess is tried first, then values a
    /// doubling step away from it (up when it is clean, down when not) until the boundary is bracketed, then bisection
    /// within the bracket. Under the same assumption (the clean values form a prefix) the answer is the same; a good
    /// guess needs a handful of tries instead of log2(upper).
    /// </summary>
    public static int? LargestClean(Func<int, bool> isClean, int upper, int guess)
    {
        if (upper < 1)
        {
            return null;
        }

        // Invariant: low is clean (0: none known), every value above high is not. A few doubling steps from the guess;
        // a guess still that far off (a hybrid model's KV per token is not one figure) is left to the bisection of the
        // side it showed, so a poor guess costs a few estimates more than the plain search, never twice as many.
        const int Steps = 4;
        int low, high;
        var at = Math.Max(1, Math.Min(upper, guess));
        if (isClean(at))
        {
            low = at;
            high = upper;
            for (var (step, n) = (1L, 0); low < high && n < Steps; step *= 2, n++)
            {
                var probe = (int)Math.Min(high, low + step);
                if (!isClean(probe))
                {
                    high = probe - 1;
                    break;
                }

                low = probe;
            }
        }
        else
        {
            low = 0;
            high = at - 1;
            for (var (step, n) = (1L, 0); high >= 1 && n < Steps; step *= 2, n++)
            {
                var probe = (int)Math.Max(1, high + 1 - step);
                if (isClean(probe))
                {
                    low = probe;
                    break;
                }

                high = probe - 1;
            }

            if (low == 0 && high >= 1)
            {
                // Not bracketed: the plain search below the values found unclean.
                return LargestClean(isClean, high);
            }
        }

        return low == 0 ? null : Bisect(isClean, low, high);
    }

    /// <summary>Context lengths people write: a multiple of 1024 from 2048 up, of 256 below, else as is.</summary>
    public static int RoundLength(int length) =>
        length >= 2048 ? length / 1024 * 1024 : length >= 256 ? length / 256 * 256 : length;
}
