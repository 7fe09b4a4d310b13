using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using VramLint.Analyzers;
using VramLint.Core.Configuration;

namespace VramLint.Benchmarks;

/// <summary>
/// Generated inputs, the same on every run: C# with N deployments, YAML deployment files of each shape, and .globalconfig
/// files. Deployments alternate between one that does not fit and one that does, so both the verdict and the fix search run.
/// </summary>
internal static class Inputs
{
    public const string Model = "meta-llama/Llama-3.1-8B-Instruct";

    /// <summary>The configuration every benchmark declares: one L4 (24 GB) per deployment.</summary>
    public static readonly (string Key, string Value)[] GlobalConfig = { ("vramlint.gpu", "L4"), ("vramlint.gpu_count", "1") };

    public static VramLintOptions Options { get; } = VramLintOptions.FromLookup(Lookup);

    public static string? Lookup(string key) => GlobalConfig.FirstOrDefault(k => k.Key == key).Value;

    /// <summary>The max-model-len of deployment <paramref name="i"/>: 131,072 (even i) does not fit an 8B model on an L4, 8,192 and up (odd i) do.</summary>
    public static int Length(int i) => i % 2 == 0 ? 131072 : 8192 + i;

    /// <summary>How many of deployments 0..n-1 do not fit (and so get a VRAM001 with fixes).</summary>
    public static int Oversized(int n) => (n + 1) / 2;

    // ---- C# ----

    /// <summary>A top-level AppHost-like program: each deployment's arguments in its own local, then Process.Start.</summary>
    public static string TopLevelProgram(int deployments)
    {
        var text = new StringBuilder("using System.Diagnostics;\n\n");
        for (var i = 0; i < deployments; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"var args{i} = \"serve {Model} --max-model-len {Length(i)}\";\n");
            text.Append(CultureInfo.InvariantCulture, $"Process.Start(\"vllm\", args{i});\n");
        }

        return text.ToString();
    }

    /// <summary>A class with one deployment, written with ProcessStartInfo and an argument list (one file in a hundred: the length of deployment index / 100).</summary>
    public static string LauncherClass(int index) => string.Create(CultureInfo.InvariantCulture, $$"""
        using System.Diagnostics;

        namespace Generated;

        public static class Launcher{{index}}
        {
            public static Process? Start()
            {
                var info = new ProcessStartInfo("vllm");
                info.ArgumentList.Add("serve");
                info.ArgumentList.Add("{{Model}}");
                info.ArgumentList.Add("--max-model-len");
                info.ArgumentList.Add("{{Length(index / 100)}}");
                return Process.Start(info);
            }
        }
        """);

    /// <summary>An ordinary file with no vLLM in it: what most of a project is.</summary>
    public static string PlainClass(int index) => string.Create(CultureInfo.InvariantCulture, $$"""
        using System;
        using System.Collections.Generic;
        using System.Linq;

        namespace Generated;

        public sealed class Order{{index}}
        {
            private readonly List<decimal> lines = new();

            public string Customer { get; init; } = "customer {{index}}";

            public void Add(decimal amount)
            {
                if (amount < 0)
                {
                    throw new ArgumentOutOfRangeException(nameof(amount), amount, "a line is never negative");
                }

                lines.Add(amount);
            }

            public decimal Total => lines.Sum();

            public override string ToString() => $"{Customer}: {lines.Count} lines, {Total:0.00}";
        }
        """);

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray());

    public static CSharpCompilation Compilation(IEnumerable<(string Path, string Text)> files, OutputKind kind) =>
        CSharpCompilation.Create(
            "Generated",
            files.Select(f => CSharpSyntaxTree.ParseText(f.Text, new CSharpParseOptions(LanguageVersion.Latest), path: f.Path)),
            References.Value,
            new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>One run of the VramLint analyzer over a compilation, as the compiler runs it (the global options of a .globalconfig).</summary>
    public static ImmutableArray<Diagnostic> Analyze(Compilation compilation) =>
        compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new VllmDeploymentAnalyzer()), AnalyzerOptions)
            .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();

    /// <summary>The options the compiler would pass: no additional files, the <see cref="GlobalConfig"/> for every file.</summary>
    public static AnalyzerOptions AnalyzerOptions { get; } = new(ImmutableArray<AdditionalText>.Empty, new ConfigOptions());

    /// <summary>The project of bench/lib.sh's gen_csharp: N files, one in a hundred a launcher with one deployment, the rest plain classes.</summary>
    public static CSharpCompilation ManyFiles(int files) =>
        Compilation(
            Enumerable.Range(0, files).Select(i => i % 100 == 0 ? ($"Launcher{i}.cs", LauncherClass(i)) : ($"Order{i}.cs", PlainClass(i))),
            OutputKind.DynamicallyLinkedLibrary);

    /// <summary>Fails the set-up when the analyzer did not see the deployments: a benchmark that measures nothing is a bug.</summary>
    public static void ExpectFindings(ImmutableArray<Diagnostic> diagnostics, int atLeast, string what)
    {
        var count = diagnostics.Count(d => d.Id == "VRAM001");
        if (count < atLeast)
        {
            throw new InvalidOperationException($"{what}: expected at least {atLeast} VRAM001, got {count} ({string.Join(", ", diagnostics.Select(d => d.Id).Distinct())})");
        }
    }

    // ---- YAML ----

    public static readonly string[] Shapes = { "vllm-config", "compose", "kubernetes", "helm-values", "kserve" };

    /// <summary>One deployment file of a shape; <paramref name="i"/> varies the name and the length.</summary>
    public static string Yaml(string shape, int i) => shape switch
    {
        "vllm-config" => $"""
            model: {Model}
            max-model-len: {Length(i)}
            tensor-parallel-size: 1
            gpu-memory-utilization: 0.9
            served-model-name: llama-{i}

            """,
        "compose" => $"""
            services:
              vllm-{i}:
                image: vllm/vllm-openai:v0.10.1
                ipc: host
                ports: ["8000:8000"]
                command: ["--model", "{Model}", "--max-model-len", "{Length(i)}"]
                deploy:
                  resources:
                    reservations:
                      devices:
                        - driver: nvidia
                          count: 1
                          capabilities: [gpu]

            """,
        "kubernetes" => KubernetesDeployment(i),
        "helm-values" => $"""
            replicaCount: 1
            vllm:
              model: {Model}
              maxModelLen: {Length(i)}
              gpuMemoryUtilization: 0.9
              tensorParallelSize: 1
            resources:
              limits:
                nvidia.com/gpu: 1

            """,
        "kserve" => $"""
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: llama-{i}
            spec:
              predictor:
                model:
                  modelFormat:
                    name: huggingface
                  args:
                    - --model_name=llama
                    - --model_id={Model}
                    - --max-model-len={Length(i)}
                  resources:
                    limits:
                      nvidia.com/gpu: "1"

            """,
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, "a shape of Inputs.Shapes"),
    };

    public static string KubernetesDeployment(int i) => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: vllm-{i}
          labels: {"{"}app: vllm-{i}{"}"}
        spec:
          replicas: 1
          selector:
            matchLabels: {"{"}app: vllm-{i}{"}"}
          template:
            metadata:
              labels: {"{"}app: vllm-{i}{"}"}
            spec:
              containers:
                - name: vllm
                  image: vllm/vllm-openai:v0.10.1
                  command: ["vllm", "serve"]
                  args: ["{Model}", "--max-model-len", "{Length(i)}", "--gpu-memory-utilization", "0.9"]
                  ports:
                    - containerPort: 8000
                  resources:
                    limits:
                      nvidia.com/gpu: 1

        """;

    /// <summary>N Kubernetes Deployments in one file, separated by ---.</summary>
    public static string KubernetesFile(int deployments) =>
        string.Join("---\n", Enumerable.Range(0, deployments).Select(KubernetesDeployment));

    // ---- .globalconfig ----

    /// <summary>A .globalconfig with the VramLint keys and <paramref name="otherKeys"/> diagnostic severities of other analyzers.</summary>
    public static string GlobalConfigFile(int otherKeys)
    {
        var text = new StringBuilder("is_global = true\n");
        foreach (var (key, value) in GlobalConfig)
        {
            text.Append(key).Append(" = ").Append(value).Append('\n');
        }

        for (var i = 0; i < otherKeys; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"dotnet_diagnostic.CA{i:00000}.severity = warning\n");
        }

        return text.ToString();
    }

    private sealed class ConfigOptions : AnalyzerConfigOptionsProvider
    {
        private static readonly Options Values = new();

        public override AnalyzerConfigOptions GlobalOptions => Values;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Values;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Values;

        private sealed class Options : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, out string value)
            {
                value = Lookup(key)!;
                return value is not null;
            }
        }
    }
}
