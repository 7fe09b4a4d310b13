using BenchmarkDotNet.Attributes;
using VramLint.Core;
using VramLint.Core.Arguments;
using VramLint.Core.Configuration;
using VramLint.Core.Models;

namespace VramLint.Benchmarks;

/// <summary>One deployment through Core, as every front end calls it: a fitting one (no fix to search), an oversized one
/// (the fix search runs), and the oversized one with VRAM001 configured as a suggestion (its verdict without fixes).</summary>
[MemoryDiagnoser]
public class DeploymentCheck
{
    private readonly DeploymentInput fits = Input(8192);
    private readonly DeploymentInput oversized = Input(131072);
    private readonly VramLintOptions noFixes = VramLintOptions.FromLookup(k => k == "dotnet_diagnostic.vram001.severity" ? "suggestion" : Inputs.Lookup(k));

    [Benchmark]
    public CheckResult Fits() => DeploymentChecker.Check(fits, Inputs.Options);

    [Benchmark]
    public CheckResult OversizedWithFixes() => DeploymentChecker.Check(oversized, Inputs.Options);

    [Benchmark]
    public CheckResult OversizedWithoutFixes() => DeploymentChecker.Check(oversized, noFixes);

    /// <summary>What the CLI's estimate does before Core: split the command line and read vLLM's arguments.</summary>
    [Benchmark]
    public ParsedArguments ReadArguments() => VllmArgumentReader.Read(ShellWords.Split($"vllm serve {Inputs.Model} --max-model-len 131072 --max-num-seqs 64 --tensor-parallel-size 1"));

    private static DeploymentInput Input(int length) =>
        new(VllmArgumentReader.Read(ShellWords.Split($"vllm serve {Inputs.Model} --max-model-len {length}")));
}

/// <summary>The embedded model catalog: building its index (once per process, on first use) and looking models up.</summary>
[MemoryDiagnoser]
public class ModelLookup
{
    // The catalog builds its index lazily, once per process; building it again measures that first index (read the
    // embedded records' bytes and the generator's index rows beside them) without a new process.
    [Benchmark]
    public int CatalogFirstIndex() =>
        CatalogIndex.From(EmbeddedText.Bytes("models.json", "the catalog"), CatalogRow.Read(ModelCatalog.ReadResourceText(ModelCatalog.IndexFile))).Entries.Count;

    [Benchmark]
    [Arguments("meta-llama/Llama-3.1-8B-Instruct")]
    [Arguments("/models/Qwen/Qwen2.5-7B-Instruct/")]
    [Arguments("acme/not-a-model")]
    public bool CatalogLookup(string model) => ModelCatalog.TryGet(model, out _);

    /// <summary>The whole resolution Core does per deployment: catalog, derivative names, quantization, size from the name.</summary>
    [Benchmark]
    [Arguments("meta-llama/Llama-3.1-8B-Instruct")]
    [Arguments("TheBloke/Llama-2-13B-chat-AWQ")]
    [Arguments("acme/not-a-model-7B")]
    public VramLint.Core.Models.ModelResolution Resolve(string model) => ModelResolver.Resolve(model);
}
