using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using VramLint.Analyzers.Flow;
using VramLint.Analyzers.Recognizers;

namespace VramLint.Analyzers.Tests;

/// <summary>
/// The analyzer never throws (AD0001), whatever half-typed code the IDE hands it; and since it has no catch-all, a bug
/// in a recognizer does surface as AD0001 (proved with one that throws), so the first test can fail.
/// </summary>
public class RobustnessTests
{
    public static TheoryData<string> HalfTypedCode => new()
    {
        "var builder = Aspire.Hosting.DistributedApplication.CreateBuilder(args); builder.AddContainer(\"llm\", \"vllm/vllm-openai\").WithArgs(\"meta-llama/Llama-3.1-8B-Instruct\", \"--max-model-len\", ",
        "var b = Aspire.Hosting.DistributedApplication.CreateBuilder(args); b.AddContainer(\"llm\", \"vllm/vllm-openai\").WithArgs(\"serve\", \"--tensor-parallel-size\", \"",
        "System.Diagnostics.Process.Start(\"vllm\", \"serve m --max-model-len 'unclosed",
        "var p = new System.Diagnostics.ProcessStartInfo(\"vllm\") { Arguments = $\"serve {x} --tp\" }; p.ArgumentList.Add(",
        "var o = new VllmOptions { Model = , TensorParallelSize = 99999999999999999999 }; class VllmOptions { public string Model { get; set; } public int TensorParallelSize { get; set; } }",
        "class C { const int Tp = 1 / 0; void M() { new System.Diagnostics.ProcessStartInfo(\"vllm\", \"serve x-7B -tp \" + Tp); } }",
        "var x = new[] { \"vllm\", \"serve\", \"m\", \"--max-model-len\", \"1e99999\", \"--gpu-memory-utilization\", \"NaN\" }; System.Diagnostics.Process.Start(\"vllm\", x);",
    };

    /// <summary>Text that binds to no operation at all: only the first test applies.</summary>
    public static TheoryData<string> Garbage => new() { "vllm vllm vllm ((((( \"\"\"\n unterminated raw" };

    [Theory]
    [MemberData(nameof(HalfTypedCode))]
    [MemberData(nameof(Garbage))]
    public async Task Half_typed_code_never_crashes_the_analyzer(string code)
    {
        var tree = CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(LanguageVersion.Latest));
        var compilation = CSharpCompilation.Create("HalfTyped", new[] { tree }, AnalyzerVerifier.AllReferences, new CSharpCompilationOptions(OutputKind.ConsoleApplication));
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new VllmDeploymentAnalyzer());

        var diagnostics = await compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync();

        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }

    /// <summary>Whole deployments of the corpus's shapes, cut off at every 9th character: what an editor shows while typing.</summary>
    public static TheoryData<string> MutatedCode()
    {
        var sources = new[]
        {
            """
            using Aspire.Hosting;
            using Aspire.Hosting.ApplicationModel;
            using Microsoft.Extensions.Configuration;
            var builder = DistributedApplication.CreateBuilder(args);
            var len = builder.Configuration.GetValue("Llm:ContextLength", 131072);
            var serve = new System.Collections.Generic.List<string> { "--model", builder.Configuration["Llm:Model"] ?? "meta-llama/Llama-3.1-8B-Instruct" };
            serve.Add("--max-model-len");
            serve.Add($"{len}");
            builder.AddLlm("chat").WithArgs(serve.ToArray()).WithEnvironment("CUDA_VISIBLE_DEVICES", "0,1");
            static class H
            {
                public static IResourceBuilder<ContainerResource> AddLlm(this IDistributedApplicationBuilder b, string name, int tp = 2) =>
                    b.AddContainer(name, "vllm/vllm-openai").WithArgs("--tensor-parallel-size", tp.ToString());
            }
            """,
            """
            using System.Diagnostics;
            string[] words = ["-m", "vllm.entrypoints.openai.api_server", "--model", "Qwen/Qwen2.5-7B-Instruct", "--max-model-len", "32768"];
            var psi = new ProcessStartInfo("python3") { ArgumentList = { "-u" }, Arguments = "\"quoted\" 'x'" };
            foreach (var w in words.Concat(new[] { "--port", "8000" })) { psi.ArgumentList.Add(w); }
            Process.Start("bash", "-lc \"vllm serve m --max-model-len " + words.Length + "\"");
            """,
        };

        var data = new TheoryData<string>();
        foreach (var source in sources)
        {
            for (var cut = 9; cut < source.Length; cut += 9)
            {
                data.Add(source.Substring(0, cut));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MutatedCode))]
    public async Task Corpus_shapes_cut_off_anywhere_never_crash_the_analyzer(string code)
    {
        var tree = CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(LanguageVersion.Latest));
        var compilation = CSharpCompilation.Create("Cut", new[] { tree }, AnalyzerVerifier.AllReferences, new CSharpCompilationOptions(OutputKind.ConsoleApplication));

        var diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new VllmDeploymentAnalyzer())).GetAnalyzerDiagnosticsAsync();

        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }

    [Fact]
    public async Task A_recognizer_that_throws_surfaces_as_AD0001()
    {
        const string code = "System.Diagnostics.Process.Start(\"vllm\", \"serve m\");";
        var tree = CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(LanguageVersion.Latest));
        var compilation = CSharpCompilation.Create("Throws", new[] { tree }, AnalyzerVerifier.AllReferences, new CSharpCompilationOptions(OutputKind.ConsoleApplication));
        var analyzer = new VllmDeploymentAnalyzer(new IDeploymentRecognizer[] { new ThrowingRecognizer() });

        var diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(analyzer)).GetAnalyzerDiagnosticsAsync();

        var ad0001 = Assert.Single(diagnostics, d => d.Id == "AD0001");
        Assert.Contains("a recognizer bug", ad0001.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [MemberData(nameof(HalfTypedCode))]
    public async Task The_same_half_typed_code_reaches_the_recognizers(string code)
    {
        // Guards the first test: were the recognizers never called on this code, "no AD0001" would prove nothing.
        var tree = CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(LanguageVersion.Latest));
        var compilation = CSharpCompilation.Create("HalfTyped", new[] { tree }, AnalyzerVerifier.AllReferences, new CSharpCompilationOptions(OutputKind.ConsoleApplication));
        var analyzer = new VllmDeploymentAnalyzer(new IDeploymentRecognizer[] { new ThrowingRecognizer() });

        var diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(analyzer)).GetAnalyzerDiagnosticsAsync();

        Assert.Contains(diagnostics, d => d.Id == "AD0001");
    }

    [Fact]
    public async Task Fix_data_rides_on_the_diagnostic()
    {
        const string code = """
            using Aspire.Hosting;
            var builder = DistributedApplication.CreateBuilder(args);
            builder.AddContainer("llm", "vllm/vllm-openai").WithArgs("meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", "131072").WithContainerRuntimeArgs("--gpus", "1");
            """;
        var tree = CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(LanguageVersion.Latest), path: "/0/AppHost.cs");
        var compilation = CSharpCompilation.Create("AppHost", new[] { tree }, AnalyzerVerifier.AllReferences, new CSharpCompilationOptions(OutputKind.ConsoleApplication));
        var options = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new TestOptions(("vramlint.gpu", "L4"), ("vramlint.gpu_count", "2")));

        var diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new VllmDeploymentAnalyzer()), options).GetAnalyzerDiagnosticsAsync();

        var d = Assert.Single(diagnostics, x => x.Id == "VRAM001");
        Assert.Equal("\"131072\"", d.Location.SourceTree!.ToString().Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length));
        Assert.Equal("max-model-len", d.Properties[FixProperties.Setting]);
        Assert.Equal("2", d.Properties[FixProperties.FixCount]);
        Assert.Equal(("max-model-len", "tensor-parallel-size"), (d.Properties[FixProperties.FixSetting(0)], d.Properties[FixProperties.FixSetting(1)]));
        Assert.Equal("2", d.Properties[FixProperties.FixValue(1)]);
        Assert.Equal("2", d.Properties[FixProperties.FixGpuCount(1)]);
        var gpuIndex = int.Parse(d.Properties[FixProperties.LocationOf("gpu-count")]!);
        Assert.Equal("\"1\"", code.Substring(d.AdditionalLocations[gpuIndex].SourceSpan.Start, d.AdditionalLocations[gpuIndex].SourceSpan.Length));
    }

    /// <summary>A recognizer with a bug: it throws on every invocation and object creation it is shown.</summary>
    private sealed class ThrowingRecognizer : IDeploymentRecognizer
    {
        public OperationKind[] Kinds { get; } = { OperationKind.Invocation, OperationKind.ObjectCreation };

        public IEnumerable<CSharpDeployment> Recognize(IOperation operation, ValueFlow flow) => throw new InvalidOperationException("a recognizer bug");
    }

    /// <summary>Global options as a .globalconfig would give them.</summary>
    private sealed class TestOptions : AnalyzerConfigOptionsProvider
    {
        private readonly Options options;

        public TestOptions(params (string Key, string Value)[] values) => options = new Options(values.ToDictionary(v => v.Key, v => v.Value));

        public override AnalyzerConfigOptions GlobalOptions => options;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => options;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => options;

        private sealed class Options : AnalyzerConfigOptions
        {
            private readonly Dictionary<string, string> values;

            public Options(Dictionary<string, string> values) => this.values = values;

            public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
        }
    }
}
