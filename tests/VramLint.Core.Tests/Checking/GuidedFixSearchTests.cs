using VramLint.Core.Arguments;
using VramLint.Core.Configuration;
using VramLint.Core.Diagnostics;
using VramLint.Core.Estimation;
using VramLint.Core.Models;
using VramLint.Core.Settings;

namespace VramLint.Core.Tests.Checking;

/// <summary>
/// The max-model-len fix search started from the deployment's own estimate: the same fixes as the plain bisection,
/// with fewer estimates.
/// </summary>
public class GuidedFixSearchTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(131071, 0)]
    [InlineData(131071, 1)]
    [InlineData(131071, 25856)]
    [InlineData(131071, 131071)]
    [InlineData(1000, 999)]
    public void Finds_the_same_boundary_as_the_bisection_from_any_guess(int upper, int boundary)
    {
        foreach (var guess in new[] { int.MinValue, 1, 2, boundary - 17, boundary - 1, boundary, boundary + 1, boundary + 300, upper, int.MaxValue })
        {
            var tried = 0;
            bool IsClean(int value)
            {
                tried++;
                return value <= boundary;
            }

            var plain = 0;
            var expected = FixSearch.LargestClean(v => ++plain > 0 && v <= boundary, upper);
            Assert.Equal(expected, FixSearch.LargestClean(IsClean, upper, guess));
            Assert.True(tried <= plain + 5, $"guess {guess}: {tried} tries, the bisection {plain}");
        }
    }

    [Fact]
    public void A_guess_on_the_boundary_takes_two_tries()
    {
        var tried = new List<int>();
        var largest = FixSearch.LargestClean(v => { tried.Add(v); return v <= 25856; }, 131071, 25856);

        Assert.Equal(25856, largest);
        Assert.Equal(new[] { 25856, 25857 }, tried);
    }

    [Theory]
    [InlineData("vllm serve meta-llama/Llama-3.1-8B-Instruct --max-model-len 131072", "L4", 1)]
    [InlineData("vllm serve meta-llama/Llama-3.1-8B-Instruct --max-model-len 131072 --max-num-seqs 512", "L4", 1)]
    [InlineData("vllm serve meta-llama/Llama-3.1-8B-Instruct --max-model-len 131072 --kv-cache-dtype fp8 --block-size 32", "RTX 4090", 1)]
    [InlineData("vllm serve Qwen/Qwen2.5-32B-Instruct-AWQ --max-model-len 32768", "L4", 1)]
    [InlineData("vllm serve google/gemma-2-9b-it --max-model-len 8192", "L4", 1)]
    [InlineData("vllm serve Qwen/Qwen2.5-32B-Instruct --max-model-len 131072 --tensor-parallel-size 2", "A100-80GB", 2)]
    [InlineData("vllm serve mistralai/Mistral-7B-Instruct-v0.3 --max-model-len 32768 --gpu-memory-utilization 0.7", "L4", 1)]
    public void The_guided_search_writes_the_fixes_of_the_bisection_with_fewer_estimates(string line, string gpu, int count)
    {
        var (bisected, bisections, guided, estimates) = BothSearches(line, gpu, count);

        Assert.NotEmpty(bisected);
        Assert.Equal(bisected.Select(f => (f.Setting, f.Value, f.Title)), guided.Select(f => (f.Setting, f.Value, f.Title)));
        Assert.True(estimates < bisections, $"{estimates} estimates guided, {bisections} bisecting");
    }

    [Theory]
    [InlineData("vllm serve meta-llama/Llama-3.1-8B-Instruct --max-model-len 131072", "L4", 1)]
    [InlineData("vllm serve meta-llama/Llama-3.1-8B-Instruct --max-model-len 131072 --max-num-seqs 512", "L4", 1)]
    [InlineData("vllm serve google/gemma-2-9b-it --max-model-len 8192", "L4", 1)]
    public void A_good_guess_settles_the_round_length_with_two_estimates(string line, string gpu, int count)
    {
        // The guess's round length clean and the next round length not: two estimates for max-model-len (the exact
        // boundary and then its rounding took three), and one for the other levers.
        var (_, _, _, estimates) = BothSearches(line, gpu, count);

        Assert.Equal(3, estimates);
    }

    [Fact]
    public void A_poor_guess_costs_a_few_estimates_more_than_the_bisection_never_twice_as_many()
    {
        // Gemma 4's sliding and full layers do not add one KV size per token, so the guess from it lands far from the
        // answer: the same fix, found within five estimates of the plain search's count.
        var (bisected, bisections, guided, estimates) = BothSearches("vllm serve google/gemma-4-31B-it --max-model-len 262144", "H100-80GB", 1);

        Assert.NotEmpty(bisected);
        Assert.Equal(bisected.Select(f => (f.Setting, f.Value, f.Title)), guided.Select(f => (f.Setting, f.Value, f.Title)));
        Assert.InRange(estimates, 1, bisections + 5);
    }

    private static (IReadOnlyList<SettingFix> Bisected, int Bisections, IReadOnlyList<SettingFix> Guided, int Estimates) BothSearches(string line, string gpu, int count)
    {
        var options = VramLintOptions.FromLookup(k => k switch { "vramlint.gpu" => gpu, "vramlint.gpu_count" => count.ToString(System.Globalization.CultureInfo.InvariantCulture), _ => null });
        var input = new DeploymentInput(VllmArgumentReader.Read(ShellWords.Split(line)));
        var settings = input.Arguments.Settings;
        var request = new EstimationRequest
        {
            Model = ModelResolver.Resolve(settings.Model!, settings.Quantization),
            Settings = settings,
            Capacity = DeploymentChecker.ResolveCapacity(input, settings, options)!,
            Options = options,
        };
        var estimator = new CountingEstimator();
        var result = estimator.Estimate(request);
        var target = result.Findings.First(f => f.Levers.Contains(SettingNames.MaxModelLen));

        estimator.Calls = 0;
        var bisected = FixSearch.Find(estimator, request, target);
        var bisections = estimator.Calls;
        estimator.Calls = 0;
        var guided = FixSearch.Find(estimator, request, target, result.Estimate);
        return (bisected, bisections, guided, estimator.Calls);
    }

    private sealed class CountingEstimator : IMemoryEstimator
    {
        private readonly VllmEstimator inner = new();

        public int Calls { get; set; }

        public EstimatorKind Kind => inner.Kind;

        public EstimationResult Estimate(EstimationRequest request)
        {
            Calls++;
            return inner.Estimate(request);
        }
    }
}
