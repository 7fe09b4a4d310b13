using System.Text;
using System.Text.Json;
using VramLint.Core.Configuration;
using VramLint.Yaml;
using VramLint.Yaml.Files;

namespace VramLint.Cli.Tests.Fuzz;

/// <summary>
/// Seeded, bounded fuzz campaigns over the CLI: mutated YAML, random argument lists and configuration values. Each case
/// runs in-process under a hang guard; none may print "internal error", exit with anything but the policy's codes,
/// change a byte with <c>check</c>, or change with <c>fix</c> anything but the scalars the fixes name.
/// </summary>
internal static class FuzzCampaign
{
    public const string Config = "is_global = true\nvramlint.gpu = RTX 4090\nvramlint.gpu_count = 1\n";

    /// <summary>The real shapes the YAML front end reads, each with a fix to apply.</summary>
    public static readonly string[] YamlSeeds =
    {
        "model: meta-llama/Llama-3.1-8B-Instruct\nmax-num-seqs: 3   # small batch\ngpu-memory-utilization: 0.92\nmax-model-len: 131072\n",
        "services:\n  llm:\n    image: vllm/vllm-openai:v0.8.5\n    command: [\"meta-llama/Llama-3.1-8B-Instruct\", \"--max-model-len\", \"131072\"]  # long\n    deploy:\n      resources:\n        reservations:\n          devices:\n            - driver: nvidia\n              count: 1\n",
        "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: vllm\n          image: vllm/vllm-openai\n          args: ['--model', 'Qwen/Qwen2.5-7B-Instruct', '--tensor-parallel-size', '3', \"--max-model-len=32768\"]\n          resources:\n            limits:\n              nvidia.com/gpu: \"3\"\n",
        "kind: Pod\nspec:\n  containers:\n    - name: vllm\n      image: vllm/vllm-openai\n      command: [sh, -c]\n      args: ['vllm serve meta-llama/Llama-3.1-8B-Instruct --max-model-len 131072 --port 8000']\n",
        "model: meta-llama/Llama-3.1-8B-Instruct\nenable-lora: true\nlora-modules:\n  - name: sql\n    path: /adapters/sql\nmax_model_len: 131072\r\ncompilation-config:\r\n  level: 3\r\n",
    };

    private static readonly string[] Tokens =
    {
        "\u0663\u0662\u0667\u0666\u0668", "1e309", "-1e309", "2147483647", "99999999999999999999", "-1", "0", "NaN", "Infinity", "32k", "8K", "auto",
        "${MAX_LEN}", "${X:-8}", "{{ .Values.x }}", "\t", "\r\n", "\r", "\n", "\uFEFF", "&a ", "*a", "<<: *a\n", "!!binary ", "? ", ": ", "- ", "|\n  ", ">-\n  ",
        "--tensor-parallel-size", "--max-model-len", "--max-num-seqs", "--gpu-memory-utilization", "--cpu-offload-gb", "=", "\"", "'", "[", "]", "{", "}", "#",
        "vllm/vllm-openai", "serve", "nvidia.com/gpu: ", "count: ", "\0", "\u00e9", "\uD800", new string('9', 400), new string('a', 3000),
    };

    /// <summary>Runs <paramref name="work"/>; fails when it has not finished after a minute (a hang, not a timing goal).</summary>
    public static T WithinHangGuard<T>(string what, Func<T> work)
    {
        var task = Task.Run(work);
        Assert.True(task.Wait(TimeSpan.FromMinutes(1)), $"hangs: {what}");
        return task.Result;
    }

    public static byte[] Mutate(Random random, byte[] seed)
    {
        var bytes = new List<byte>(seed);
        var rounds = random.Next(1, 5);
        for (var r = 0; r < rounds; r++)
        {
            var at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0 when bytes.Count > 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1 when bytes.Count > 0:
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 40), bytes.Count - at));
                    break;
                case 2 when bytes.Count > 0:
                    var length = Math.Min(random.Next(1, 60), bytes.Count - at);
                    bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, length));
                    break;
                case 3:
                    // A token where a value usually is: after a ': ', a ', ' or a space, or anywhere.
                    var text = Encoding.UTF8.GetString(bytes.ToArray());
                    var anchors = new[] { ": ", ", ", " " };
                    var anchor = anchors[random.Next(anchors.Length)];
                    var index = text.IndexOf(anchor, random.Next(Math.Max(1, text.Length)), StringComparison.Ordinal);
                    var insertAt = index >= 0 ? Encoding.UTF8.GetByteCount(text.Substring(0, index + anchor.Length)) : at;
                    bytes.InsertRange(Math.Min(insertAt, bytes.Count), Encoding.UTF8.GetBytes(Tokens[random.Next(Tokens.Length)]));
                    break;
                default:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(Tokens[random.Next(Tokens.Length)]));
                    break;
            }
        }

        return bytes.ToArray();
    }

    /// <summary>Mutates the seeds <paramref name="cases"/> times; checks and fixes each result through the CLI.</summary>
    public static void Yaml(int seed, int cases)
    {
        var random = new Random(seed);
        var options = VramLintOptions.FromLookup(k => k switch { ConfigKeys.Gpu => "RTX 4090", ConfigKeys.GpuCount => "1", _ => null });
        using var cli = new CliRunner();
        cli.Write(".globalconfig", Config);
        var path = Path.Combine(cli.Folder, "case.yaml");
        var fixedCases = 0;
        for (var i = 0; i < cases; i++)
        {
            var bytes = Mutate(random, Encoding.UTF8.GetBytes(YamlSeeds[random.Next(YamlSeeds.Length)]));
            var what = $"seed {seed}, case {i}: {Convert.ToBase64String(bytes)}";
            File.WriteAllBytes(path, bytes);

            var check = WithinHangGuard(what, () => cli.Run("check", "--format", "json", "case.yaml"));
            AssertPolicy(check, what, usageAllowed: false);
            JsonDocument.Parse(check.Stdout).Dispose();
            Assert.True(bytes.SequenceEqual(File.ReadAllBytes(path)), $"check changed the file: {what}");

            // What fix must write: the linted text with exactly its edits applied, in its own encoding; else nothing.
            var source = YamlSource.Read(path);
            var edits = YamlLinter.Lint(source, options).Edits;
            var expected = source.Text is { } text && edits.Count > 0 ? YamlText.Encode(YamlFixer.Apply(text, edits), source.Encoding) : bytes;

            fixedCases += expected == bytes ? 0 : 1;
            var fix = WithinHangGuard(what, () => cli.Run("fix", "case.yaml"));
            AssertPolicy(fix, what, usageAllowed: false);
            Assert.True(expected.SequenceEqual(File.ReadAllBytes(path)), $"fix wrote other bytes than its edits: {what}");
        }

        // Most mutations keep a deployment a fix applies to: a campaign that fixes nothing tests nothing.
        Assert.True(fixedCases >= cases / 20, $"only {fixedCases} of {cases} cases were fixed");
    }

    /// <summary>Random argument lists from the CLI's own vocabulary and the values that broke it before.</summary>
    public static void Arguments(int seed, int cases)
    {
        string[] verbs = { "estimate", "plan", "check", "fix", "explain", "help", "version", "bogus", "" };
        string[] words =
        {
            "--gpu", "--gpu-memory", "--gpu-count", "--gpus-per-node", "--estimator", "--vllm-version", "--format", "--model", "--dry-run", "--",
            "serve", "meta-llama/Llama-3.1-8B-Instruct", "Qwen/Qwen-32B-Chat", "acme/secret-model", "--tensor-parallel-size", "-tp", "--max-model-len",
            "--max-num-seqs", "--gpu-memory-utilization", "--cpu-offload-gb", "--kv-cache-dtype", "--quantization", "--pipeline-parallel-size",
            "L4", "RTX 4090", "H100-80GB", "24GiB", "1e309", "Infinity", "NaN", "0", "-1", "1", "4", "2147483647", "\u0663\u0662", "", " ", "auto", "32k",
            "json", "text", "sarif", "blog", "vllm", "0.21", "deploy", "deploy/config.yaml", "nowhere", new string('7', 5000), "--max-model-len=\u0668k",
        };
        var random = new Random(seed);
        using var cli = new CliRunner();
        cli.Write(".globalconfig", Config);
        cli.Write("deploy/config.yaml", YamlSeeds[0]);
        for (var i = 0; i < cases; i++)
        {
            var args = new List<string> { verbs[random.Next(verbs.Length)] };
            var count = random.Next(0, 12);
            for (var w = 0; w < count; w++)
            {
                args.Add(words[random.Next(words.Length)]);
            }

            var what = $"seed {seed}, case {i}: vramlint {string.Join(" ", args.Select(a => a.Length > 40 ? a.Substring(0, 40) + "..." : a))}";
            var result = WithinHangGuard(what, () => cli.Run(args.ToArray()));
            AssertPolicy(result, what, usageAllowed: true);
            if (result.ExitCode != 2 && args[0] == "estimate" && args.IndexOf("--format") is var f && f >= 0 && f + 1 < args.Count && args[f + 1] == "json" && !args.Take(f).Contains("--"))
            {
                JsonDocument.Parse(result.Stdout).Dispose();
            }
        }
    }

    /// <summary>Random values for every configuration key, read by <c>estimate</c> and <c>check</c>.</summary>
    public static void Configuration(int seed, int cases)
    {
        string[] keys = { "vramlint.gpu", "vramlint.gpu_memory", "vramlint.gpu_count", "vramlint.gpus_per_node", "vramlint.estimator", "vramlint.vllm_version", "vramlint.overhead", "vramlint.startup_peak_factor", "dotnet_diagnostic.VRAM001.severity", "dotnet_diagnostic.VRAM007.severity" };
        string[] values = { "", " ", "L4", "RTX 4090", "24GiB", "1e309", "10000000000GiB", "-5", "0", "1", "2147483647", "\u0664", "banana", "blog", "vllm", "0.21", "99.99", "error", "none", "silent", new string('x', 2000), "1,5", "Infinity" };
        var random = new Random(seed);
        using var cli = new CliRunner();
        cli.Write("deploy/config.yaml", YamlSeeds[0]);
        for (var i = 0; i < cases; i++)
        {
            var config = new StringBuilder("is_global = true\n");
            for (var k = random.Next(1, 6); k > 0; k--)
            {
                config.Append(keys[random.Next(keys.Length)]).Append(" = ").Append(values[random.Next(values.Length)]).Append('\n');
            }

            cli.Write(".globalconfig", config.ToString());
            var what = $"seed {seed}, case {i}: {config.ToString().Replace("\n", "; ")}";
            AssertPolicy(WithinHangGuard(what, () => cli.Run("estimate", "--format", "json", "--", "serve", "meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", "131072")), what, usageAllowed: false);
            AssertPolicy(WithinHangGuard(what, () => cli.Run("check", "deploy")), what, usageAllowed: false);
        }
    }

    private static void AssertPolicy(CliResult result, string what, bool usageAllowed)
    {
        Assert.False(result.Stderr.Contains("internal error", StringComparison.Ordinal), $"{result.Stderr} ({what})");
        Assert.True(result.ExitCode is 0 or 1 || (usageAllowed && result.ExitCode == 2), $"exit {result.ExitCode}: {result.Stderr} ({what})");
    }
}
