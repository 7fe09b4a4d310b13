using System.Globalization;
using VramLint.Core.Arguments;
using VramLint.Core.Configuration;
using VramLint.Core.Diagnostics;
using VramLint.Core.Models;

namespace VramLint.Core.Tests.Checking;

/// <summary>
/// Applying every fix Core offers once is a fixed point: a second check offers nothing more, and what had a fix is
/// gone. Deployments are generated from a fixed seed over the catalog's models, GPUs, parallelism, lengths and batches.
/// </summary>
public class FixSettlesPropertyTests
{
    private static readonly string[] Gpus = { "L4", "RTX 4090", "A100-40GB", "A100-80GB", "H100-80GB" };
    private static readonly int[] Lengths = { 2048, 8192, 32768, 131072 };
    private static readonly int[] Seqs = { 1, 16, 256, 1024 };
    private static readonly int[] Tps = { 1, 2, 3, 4, 8 };

    public static IEnumerable<object[]> Seeds() => Enumerable.Range(0, 8).Select(i => new object[] { i });

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Applying_all_fixes_once_settles(int seed)
    {
        var random = new Random(seed);
        var models = ModelCatalog.All.Where(m => m.Exists && m.MaxPositionEmbeddings is > 0).OrderBy(m => m.Id, StringComparer.Ordinal).ToArray();
        var checkedCount = 0;
        for (var n = 0; n < 25; n++)
        {
            var model = models[random.Next(models.Length)];
            var gpu = Gpus[random.Next(Gpus.Length)];
            var count = 1 << random.Next(4);
            var options = VramLintOptions.FromLookup(k => k switch
            {
                "vramlint.gpu" => gpu,
                "vramlint.gpu_count" => count.ToString(CultureInfo.InvariantCulture),
                _ => null,
            });
            var settings = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["tensor-parallel-size"] = Tps[random.Next(Tps.Length)].ToString(CultureInfo.InvariantCulture),
                ["max-model-len"] = Math.Min(Lengths[random.Next(Lengths.Length)], model.MaxPositionEmbeddings!.Value).ToString(CultureInfo.InvariantCulture),
                ["max-num-seqs"] = Seqs[random.Next(Seqs.Length)].ToString(CultureInfo.InvariantCulture),
            };

            var before = Check(model.Id, settings, options);
            var applied = Apply(before, settings);
            var after = Check(model.Id, settings, options);
            var context = $"{model.Id} on {count} x {gpu} {string.Join(" ", before.Findings.Select(f => f.Id))} -> {Line(model.Id, settings)}: "
                + string.Join(" | ", after.Findings.Select(f => f.ToString()));

            Assert.True(after.Findings.All(f => f.Fixes.Count == 0), "a second run would change more: " + context);
            var serious = before.Findings.Where(IsSerious).ToList();
            if (applied && serious.All(f => f.Fixes.Count > 0))
            {
                checkedCount++;
                Assert.True(!after.Findings.Any(IsSerious), "a fixed deployment still has a warning or error: " + context);
            }

            Assert.DoesNotContain(after.Findings, f => f.Id == DiagnosticIds.BatchExceedsKvCache && f.Fixes.Count > 0);
        }

        Assert.True(checkedCount > 0, "the generator produced no fixable deployment");
    }

    private static bool IsSerious(Finding f) => f.Severity is FindingSeverity.Warning or FindingSeverity.Error;

    /// <summary>The first fix of each finding, one per setting (as the YAML fixer keeps one edit per value).</summary>
    private static bool Apply(CheckResult result, Dictionary<string, string> settings)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fix in result.Findings.Where(f => f.Fixes.Count > 0).Select(f => f.Fixes[0]))
        {
            if (done.Add(fix.Setting))
            {
                settings[fix.Setting] = fix.Value;
            }
        }

        return done.Count > 0;
    }

    private static CheckResult Check(string model, Dictionary<string, string> settings, VramLintOptions options) =>
        DeploymentChecker.Check(new DeploymentInput(VllmArgumentReader.Read(ShellWords.Split(Line(model, settings)))), options);

    private static string Line(string model, Dictionary<string, string> settings) =>
        $"vllm serve {model} " + string.Join(" ", settings.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"--{p.Key} {p.Value}"));
}
