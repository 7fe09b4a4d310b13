using System.Globalization;
using System.Text.RegularExpressions;
using VramLint.Core.Arguments;
using VramLint.Core.Configuration;
using VramLint.Core.Diagnostics;
using VramLint.Core.Estimation;
using VramLint.Core.Models;
using VramLint.Core.Settings;

namespace VramLint.Core.Tests.Checking;

/// <summary>
/// Every number a message states agrees with the estimate behind it and with the fix it proposes, over generated
/// deployments (seeded, bounded): the lengths, requests, concurrency and GiB a user reads are the ones the JSON fields
/// carry, a proposed length never exceeds the largest that fits, and a fix's stated spare memory is its pool minus its
/// request and at least the margin.
/// </summary>
public class MessageConsistencyTests
{
    private static readonly string[] Gpus = { "L4", "RTX 4090", "A100-40GB", "H100-80GB" };
    private static readonly int[] Lengths = { 4096, 32768, 131072 };
    private static readonly int[] Seqs = { 8, 256, 1024 };
    private static readonly int[] Tps = { 1, 2, 3, 4 };

    private static readonly Regex TooLong = new(@"^one request of max-model-len (\d+) needs ([\d.]+) GiB of KV cache .*? more than the ([\d.]+) GiB left .*?; the largest max-model-len that fits is (\d+); .*?the estimated maximum model length is (\d+)");
    private static readonly Regex Concurrency = new(@"^max-num-seqs (\d+) exceeds the (\d+) requests? of (\d+) tokens the ([\d.]+) GiB KV cache holds at once \(vLLM: Maximum concurrency for (\d+) tokens per request: ([\d.]+)x\)");
    private static readonly Regex FixTitle = new(@"^(?:Lower max-model-len to (\d+)|Raise tensor-parallel-size to (\d+)|Lower tensor-parallel-size to (\d+)).*?\(KV cache ([\d.]+) GiB, one request ([\d.]+), ([\d.]+) GiB spare; margin: ");

    public static IEnumerable<object[]> Seeds() => Enumerable.Range(0, 6).Select(i => new object[] { i });

    [Theory]
    [MemberData(nameof(Seeds))]
    public void The_numbers_of_every_message_agree_with_the_estimate_and_the_fixes(int seed) => Assert.Contains("fix", CheckSeed(seed));

    [Fact]
    public void The_generated_deployments_reach_every_message_checked_here() =>
        Assert.Equal(new[] { "concurrency", "fix", "too long" }, Seeds().SelectMany(s => CheckSeed((int)s[0])).Distinct().OrderBy(k => k, StringComparer.Ordinal));

    private static HashSet<string> CheckSeed(int seed)
    {
        var random = new Random(seed);
        var models = ModelCatalog.All.Where(m => m.Exists && m.MaxPositionEmbeddings is > 0 && !m.Quantization.IsQuantized).OrderBy(m => m.Id, StringComparer.Ordinal).ToArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var n = 0; n < 30; n++)
        {
            // The first of each seed is the everyday case that runs out of KV cache: the full context on one consumer card.
            var model = n == 0 ? models.Single(m => m.Id == "meta-llama/Llama-3.1-8B-Instruct") : models[random.Next(models.Length)];
            var gpu = n == 0 ? "RTX 4090" : Gpus[random.Next(Gpus.Length)];
            var length = n == 0 ? 131072 : Math.Min(Lengths[random.Next(Lengths.Length)], model.MaxPositionEmbeddings!.Value);
            var seqs = Seqs[random.Next(Seqs.Length)];
            var tp = n == 0 ? 1 : Tps[random.Next(Tps.Length)];
            var line = string.Create(CultureInfo.InvariantCulture, $"vllm serve {model.Id} --tensor-parallel-size {tp} --max-model-len {length} --max-num-seqs {seqs}");
            var options = VramLintOptions.FromLookup(k => k switch { "vramlint.gpu" => gpu, "vramlint.gpu_count" => "4", _ => null });
            var result = DeploymentChecker.Check(new DeploymentInput(VllmArgumentReader.Read(ShellWords.Split(line))), options);
            if (result.Estimate is not { } e)
            {
                continue;
            }

            foreach (var finding in result.Findings)
            {
                var context = $"{line} on {gpu}: {finding}";
                if (TooLong.Match(finding.Message) is { Success: true } tooLong)
                {
                    seen.Add("too long");
                    Assert.Equal(e.Settings.MaxModelLen, Int(tooLong.Groups[1]));
                    Assert.Equal(Numbers.F2(e.PerGpu.KvCacheGiB), tooLong.Groups[3].Value);
                    Assert.True(Double(tooLong.Groups[2]) > Double(tooLong.Groups[3]), context);
                    var largest = Int(tooLong.Groups[4]);
                    Assert.Equal(FixSearch.RoundLength(Int(tooLong.Groups[5])), largest);
                    Assert.Equal(e.KvCache.MaxFittingModelLen, Int(tooLong.Groups[5]));
                    foreach (var fix in finding.Fixes.Where(f => f.Setting == SettingNames.MaxModelLen))
                    {
                        Assert.True(int.Parse(fix.Value, CultureInfo.InvariantCulture) <= largest, "a length fix beyond the largest that fits: " + context);
                    }
                }

                if (Concurrency.Match(finding.Message) is { Success: true } concurrency)
                {
                    seen.Add("concurrency");
                    Assert.Equal(seqs, Int(concurrency.Groups[1]));
                    Assert.Equal((long)Math.Floor(e.KvCache.MaxConcurrency), Int(concurrency.Groups[2]));
                    Assert.True(seqs > Int(concurrency.Groups[2]), context);
                    Assert.Equal((e.Settings.MaxModelLen, e.Settings.MaxModelLen), (Int(concurrency.Groups[3]), Int(concurrency.Groups[5])));
                    Assert.Equal(Numbers.F2(e.PerGpu.KvCacheGiB), concurrency.Groups[4].Value);
                    Assert.Equal(Numbers.F2(e.KvCache.MaxConcurrency), concurrency.Groups[6].Value);
                    Assert.Empty(finding.Fixes);
                }

                foreach (var fix in finding.Fixes)
                {
                    Assert.Contains(fix.Title[..1].ToLowerInvariant() + fix.Title[1..], finding.Message);
                    if (FixTitle.Match(fix.Title) is { Success: true } title)
                    {
                        seen.Add("fix");
                        var (pool, request, spare) = (Double(title.Groups[4]), Double(title.Groups[5]), Double(title.Groups[6]));
                        Assert.InRange(pool - request - spare, -0.011, 0.011);
                        Assert.True(spare >= 0.6, "a fix without its margin: " + context);
                        var value = title.Groups[1].Success ? title.Groups[1] : title.Groups[2].Success ? title.Groups[2] : title.Groups[3];
                        Assert.Equal(fix.Value, value.Value);
                    }
                }
            }
        }

        return seen;
    }

    private static int Int(Group group) => int.Parse(group.Value, CultureInfo.InvariantCulture);

    private static double Double(Group group) => double.Parse(group.Value, CultureInfo.InvariantCulture);
}
