using VramLint.Core.Json;
using VramLint.Core.Settings;

namespace VramLint.Core.Arguments;

/// <summary>How a vLLM option takes its value.</summary>
public enum FlagKind
{
    /// <summary>A whole number, at least 1.</summary>
    PositiveInt,

    /// <summary>A whole number, 0 or more.</summary>
    NonNegativeInt,

    /// <summary>vLLM's human-readable integer: 32k (32000), 32K (32768); max-model-len also auto / -1.</summary>
    HumanInt,

    /// <summary>A fraction in (0, 1].</summary>
    Fraction,

    /// <summary>A number, 0 or more.</summary>
    NonNegativeNumber,

    /// <summary>argparse BooleanOptionalAction: --flag / --no-flag, no value.</summary>
    Bool,

    /// <summary>One word from a fixed list.</summary>
    Choice,

    /// <summary>Free text (model ids, paths, names).</summary>
    Text,

    /// <summary>A JSON object (or, for some, a dotted override).</summary>
    Json,

    /// <summary>One or more whole numbers (nargs='+').</summary>
    IntList,

    /// <summary>One or more words (nargs='+'), e.g. several served model names.</summary>
    TextList,
}

/// <summary>One vLLM engine option VramLint understands.</summary>
public sealed class VllmFlag
{
    /// <param name="bind">What a value of the option sets in <see cref="DeploymentSettings"/>; null when VramLint checks the value but sizes nothing with it.</param>
    public VllmFlag(string name, FlagKind kind, IReadOnlyCollection<string>? choices = null, Func<DeploymentSettings, object, DeploymentSettings>? bind = null)
    {
        Name = name;
        Kind = kind;
        Choices = choices;
        Bind = bind;
    }

    /// <summary>Long name without dashes, e.g. "tensor-parallel-size".</summary>
    public string Name { get; }

    public FlagKind Kind { get; }

    public IReadOnlyCollection<string>? Choices { get; }

    public bool TakesValue => Kind != FlagKind.Bool;

    /// <summary>The option's place in the settings (the typed settings table): applied in the table's order, so an entry may defer to one before it.</summary>
    internal Func<DeploymentSettings, object, DeploymentSettings>? Bind { get; }
}

/// <summary>
/// VramLint's reading of the vLLM options whose values it uses (vllm-notes section 1.2), the options and aliases vLLM
/// added after the release the generated table comes from (<see cref="VllmFlagTable.Release"/>), and the options vLLM
/// removed. Which options exist, their arity and their choices come from the generated table; what is kept here by
/// hand is only what that release does not have, each with its source.
/// </summary>
public static class VllmFlags
{
    /// <summary>--dtype: the release's choices (ModelDType, vllm/config/model.py); vLLM has added none since.</summary>
    public static readonly IReadOnlyCollection<string> Dtypes = ReleaseValues("dtype");

    /// <summary>--kv-cache-dtype: the release's choices (CacheDType, vllm/config/cache.py) and the ones vLLM added after it.</summary>
    public static readonly IReadOnlyCollection<string> KvCacheDtypes = ReleaseValues(
        "kv-cache-dtype",
        // Newer than the release: vllm-notes section 1.2 (--kv-cache-dtype row), from vLLM main.
        "fp8_ds_mla", "int8_per_token_head", "fp8_per_token_head", "nvfp4", "float16");

    /// <summary>
    /// --quantization: the methods the release checks after parsing (QuantizationMethods,
    /// vllm/model_executor/layers/quantization/__init__.py; its CLI takes any text) and the ones vLLM added after it.
    /// </summary>
    public static readonly IReadOnlyCollection<string> Quantizations = ReleaseValues(
        "quantization",
        // Newer than the release: vllm-notes section 1.2 (--quantization row), from vLLM main.
        "gpt_oss_mxfp4", "fp8_per_tensor", "fp8_per_block", "mxfp8", "int8_per_channel_weight_only", "fp_quant");

    /// <summary>
    /// The typed settings table: each option VramLint reads, how its value is checked (kind, choices) and which
    /// <see cref="DeploymentSettings"/> property it sets, in one entry. Order matters where an entry defers to an earlier one.
    /// </summary>
    private static readonly VllmFlag[] Table =
    {
        new VllmFlag("model", FlagKind.Text, bind: (s, v) => s with { Model = v as string }),
        new VllmFlag("tokenizer", FlagKind.Text),
        new VllmFlag("revision", FlagKind.Text),
        new VllmFlag("served-model-name", FlagKind.TextList),
        new VllmFlag("host", FlagKind.Text),
        new VllmFlag("port", FlagKind.NonNegativeInt),
        new VllmFlag("config", FlagKind.Text),
        new VllmFlag("download-dir", FlagKind.Text),
        new VllmFlag("load-format", FlagKind.Text),
        new VllmFlag("api-key", FlagKind.TextList),
        new VllmFlag("chat-template", FlagKind.Text),
        new VllmFlag("tool-call-parser", FlagKind.Text),
        new VllmFlag("reasoning-parser", FlagKind.Text),
        new VllmFlag("uvicorn-log-level", FlagKind.Text),
        new VllmFlag("seed", FlagKind.NonNegativeInt),
        new VllmFlag("dtype", FlagKind.Choice, Dtypes, bind: (s, v) => s with { Dtype = v as string }),
        new VllmFlag("quantization", FlagKind.Choice, Quantizations, bind: (s, v) => s with { Quantization = v as string }),
        new VllmFlag("kv-cache-dtype", FlagKind.Choice, KvCacheDtypes, bind: (s, v) => s with { KvCacheDtype = v as string }),
        new VllmFlag("max-model-len", FlagKind.HumanInt, bind: (s, v) => v is long l ? s with { MaxModelLen = (int)l } : s with { MaxModelLenAuto = v is "auto" }),
        new VllmFlag("max-num-seqs", FlagKind.PositiveInt, bind: (s, v) => s with { MaxNumSeqs = v as int? }),
        new VllmFlag("max-num-batched-tokens", FlagKind.HumanInt, bind: (s, v) => s with { MaxNumBatchedTokens = v is long n ? (int)n : null }),
        new VllmFlag("gpu-memory-utilization", FlagKind.Fraction, bind: (s, v) => s with { GpuMemoryUtilization = v as double? }),
        new VllmFlag("kv-cache-memory-bytes", FlagKind.HumanInt, bind: (s, v) => s with { KvCacheMemoryBytes = v as long? }),
        new VllmFlag("num-gpu-blocks-override", FlagKind.PositiveInt, bind: (s, v) => s with { NumGpuBlocksOverride = v as int? }),
        new VllmFlag("tensor-parallel-size", FlagKind.PositiveInt, bind: (s, v) => s with { TensorParallelSize = v as int? }),
        new VllmFlag("pipeline-parallel-size", FlagKind.PositiveInt, bind: (s, v) => s with { PipelineParallelSize = v as int? }),
        new VllmFlag("data-parallel-size", FlagKind.PositiveInt, bind: (s, v) => s with { DataParallelSize = v as int? }),
        new VllmFlag("data-parallel-size-local", FlagKind.PositiveInt, bind: (s, v) => s with { DataParallelSizeLocal = v as int? }),
        new VllmFlag("data-parallel-address", FlagKind.Text),
        new VllmFlag("data-parallel-rpc-port", FlagKind.NonNegativeInt),
        new VllmFlag("data-parallel-start-rank", FlagKind.NonNegativeInt),
        new VllmFlag("enable-expert-parallel", FlagKind.Bool, bind: (s, v) => s with { EnableExpertParallel = v as bool? }),
        new VllmFlag("prefill-context-parallel-size", FlagKind.PositiveInt, bind: (s, v) => s with { PrefillContextParallelSize = v as int? }),
        new VllmFlag("decode-context-parallel-size", FlagKind.PositiveInt, bind: (s, v) => s with { DecodeContextParallelSize = v as int? }),
        // The release types it as text or a class, so argparse lists no choices; DistributedExecutorBackend (vllm/config/parallel.py) names these.
        new VllmFlag("distributed-executor-backend", FlagKind.Choice, new[] { "ray", "mp", "uni", "external_launcher" }, bind: (s, v) => s with { DistributedExecutorBackend = v as string }),
        new VllmFlag("nnodes", FlagKind.PositiveInt, bind: (s, v) => s with { NNodes = v as int? }),
        new VllmFlag("node-rank", FlagKind.NonNegativeInt),
        new VllmFlag("master-addr", FlagKind.Text),
        new VllmFlag("master-port", FlagKind.NonNegativeInt),
        new VllmFlag("headless", FlagKind.Bool),
        new VllmFlag("enforce-eager", FlagKind.Bool, bind: (s, v) => s with { EnforceEager = v as bool? }),
        new VllmFlag("optimization-level", FlagKind.NonNegativeInt, bind: (s, v) => s with { OptimizationLevel = v as int? }),
        new VllmFlag("cudagraph-capture-sizes", FlagKind.IntList, bind: (s, v) => s with { CudagraphCaptureSizes = v as List<int> }),
        new VllmFlag("max-cudagraph-capture-size", FlagKind.PositiveInt, bind: (s, v) => s with { MaxCudagraphCaptureSize = v as int? }),
        // After the two options above: they win over the JSON's keys.
        new VllmFlag("compilation-config", FlagKind.Json, bind: CompilationConfig),
        new VllmFlag("block-size", FlagKind.PositiveInt, bind: (s, v) => s with { BlockSize = v as int? }),
        new VllmFlag("enable-prefix-caching", FlagKind.Bool, bind: (s, v) => s with { EnablePrefixCaching = v as bool? }),
        new VllmFlag("enable-chunked-prefill", FlagKind.Bool, bind: (s, v) => s with { EnableChunkedPrefill = v as bool? }),
        new VllmFlag("cpu-offload-gb", FlagKind.NonNegativeNumber, bind: (s, v) => s with { CpuOffloadGb = v as double? }),
        new VllmFlag("kv-offloading-size", FlagKind.NonNegativeNumber),
        new VllmFlag("kv-offloading-backend", FlagKind.Text),
        new VllmFlag("speculative-config", FlagKind.Json, bind: (s, v) => s with { SpeculativeModel = (v as JsonNode)?["model"]?.AsString, SpeculativeMethod = (v as JsonNode)?["method"]?.AsString, NumSpeculativeTokens = (v as JsonNode)?["num_speculative_tokens"]?.AsInt }),
        // After --speculative-config: its JSON wins over these shorthand options.
        new VllmFlag("spec-model", FlagKind.Text, bind: (s, v) => s with { SpeculativeModel = s.SpeculativeModel ?? v as string }),
        new VllmFlag("spec-method", FlagKind.Text, bind: (s, v) => s with { SpeculativeMethod = s.SpeculativeMethod ?? v as string }),
        new VllmFlag("spec-tokens", FlagKind.PositiveInt, bind: (s, v) => s with { NumSpeculativeTokens = s.NumSpeculativeTokens ?? v as int? }),
        new VllmFlag("limit-mm-per-prompt", FlagKind.Json, bind: (s, v) => s with { LimitMmPerPrompt = MultimodalLimits.From(v as JsonNode) }),
        new VllmFlag("skip-mm-profiling", FlagKind.Bool, bind: (s, v) => s with { SkipMmProfiling = v as bool? }),
        new VllmFlag("mm-processor-cache-gb", FlagKind.NonNegativeNumber),
        new VllmFlag("mm-processor-kwargs", FlagKind.Json, bind: (s, v) => s with { MmProcessorKwargs = v as JsonNode }),
        new VllmFlag("mm-encoder-tp-mode", FlagKind.Choice, new[] { "weights", "data" }, bind: (s, v) => s with { MmEncoderTpMode = v as string }),
        new VllmFlag("runner", FlagKind.Choice, new[] { "auto", "generate", "pooling", "draft" }, bind: (s, v) => s with { Runner = v as string }),
        new VllmFlag("convert", FlagKind.Choice, new[] { "auto", "none", "embed", "classify", "reward", "mm_encoder_only" }, bind: (s, v) => s with { Convert = v as string }),
        new VllmFlag("mamba-ssm-cache-dtype", FlagKind.Choice, new[] { "auto", "float32", "bfloat16", "float16" }, bind: (s, v) => s with { MambaSsmCacheDtype = v as string }),
        new VllmFlag("mamba-cache-dtype", FlagKind.Choice, new[] { "auto", "float32", "bfloat16", "float16" }),
        new VllmFlag("enable-lora", FlagKind.Bool, bind: (s, v) => s with { EnableLora = v as bool? }),
        new VllmFlag("max-loras", FlagKind.PositiveInt, bind: (s, v) => s with { MaxLoras = v as int? }),
        new VllmFlag("max-lora-rank", FlagKind.PositiveInt, bind: (s, v) => s with { MaxLoraRank = v as int? }),
        new VllmFlag("max-cpu-loras", FlagKind.PositiveInt),
        new VllmFlag("fully-sharded-loras", FlagKind.Bool),
        new VllmFlag("enable-sleep-mode", FlagKind.Bool),
        new VllmFlag("disable-sliding-window", FlagKind.Bool, bind: (s, v) => s with { DisableSlidingWindow = v as bool? }),
        new VllmFlag("disable-hybrid-kv-cache-manager", FlagKind.Bool, bind: (s, v) => s with { DisableHybridKvCacheManager = v as bool? }),
        new VllmFlag("calculate-kv-scales", FlagKind.Bool),
        new VllmFlag("performance-mode", FlagKind.Choice, new[] { "balanced", "throughput", "interactivity" }, bind: (s, v) => s with { PerformanceMode = v as string }),
        new VllmFlag("hf-overrides", FlagKind.Json),
        new VllmFlag("trust-remote-code", FlagKind.Bool),
        new VllmFlag("disable-log-requests", FlagKind.Bool),
        new VllmFlag("disable-log-stats", FlagKind.Bool),
        new VllmFlag("enable-log-requests", FlagKind.Bool),
        new VllmFlag("enable-auto-tool-choice", FlagKind.Bool),
        new VllmFlag("disable-custom-all-reduce", FlagKind.Bool),
        new VllmFlag("disable-frontend-multiprocessing", FlagKind.Bool),
        new VllmFlag("async-scheduling", FlagKind.Bool),
        new VllmFlag("allow-deprecated-quantization", FlagKind.Bool),
        new VllmFlag("enable-eplb", FlagKind.Bool),
    };

    private static readonly Dictionary<string, VllmFlag> Known = Build(Table);

    /// <summary>Each bound entry's place in <see cref="Table"/>.</summary>
    private static readonly Dictionary<string, int> BindOrder = Enumerable.Range(0, Table.Length).Where(i => Table[i].Bind is not null).ToDictionary(i => Table[i].Name, StringComparer.Ordinal);

    /// <summary>
    /// Short aliases vLLM added after the release (vllm-notes section 1.2); the release's own (-tp, -pp, -dp, -q, ...) come
    /// from the generated table. In the release -O is --compilation-config; since then it is --optimization-level, which
    /// is kept here so -O2 reads as vLLM reads it now.
    /// </summary>
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["ep"] = "enable-expert-parallel",
        ["pcp"] = "prefill-context-parallel-size",
        ["sc"] = "speculative-config",
        ["cc"] = "compilation-config",
        ["n"] = "nnodes",
        ["r"] = "node-rank",
        ["O"] = "optimization-level",
        ["kv-cache-memory"] = "kv-cache-memory-bytes",
    };

    private const string Notes = "vllm-notes section 1.2 (vLLM main after the release)";

    private const string Snapshot = "vllm-project/vllm main after the release, ";

    /// <summary>
    /// Options vLLM added after the release the generated table comes from, with whether they take a value and where they
    /// are stated. None of these is in the release's table (a test keeps it so): a regenerated table that has one
    /// removes it from here.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, NewerFlag> NewerThanRelease = new Dictionary<string, NewerFlag>(StringComparer.Ordinal)
    {
        ["prefill-context-parallel-size"] = new(true, Notes),
        ["nnodes"] = new(true, Notes),
        ["node-rank"] = new(true, Notes),
        ["master-addr"] = new(true, Notes),
        ["master-port"] = new(true, Notes),
        ["optimization-level"] = new(true, Notes),
        ["kv-offloading-size"] = new(true, Notes),
        ["kv-offloading-backend"] = new(true, Notes),
        ["spec-model"] = new(true, Notes),
        ["spec-method"] = new(true, Notes),
        ["spec-tokens"] = new(true, Notes),
        ["performance-mode"] = new(true, Notes),
        ["allow-deprecated-quantization"] = new(false, Notes),
        ["aggregate-engine-logging"] = new(false, Snapshot + "arg_utils.py@99d7eb5"),
        ["all2all-backend"] = new(true, Snapshot + "arg_utils.py@99d7eb5"),
        ["cohere-format"] = new(true, Snapshot + "cli_args.py@0052233"),
        ["cohere-is-reasoning-model"] = new(false, Snapshot + "cli_args.py@0052233"),
        ["cudagraph-capture-sizes"] = new(true, Snapshot + "arg_utils.py@99d7eb5"),
        ["data-parallel-supervisor-port"] = new(true, Snapshot + "cli_args.py@0052233"),
        ["default-chat-template-kwargs"] = new(true, Snapshot + "cli_args.py@0052233"),
        ["disable-access-log-for-endpoints"] = new(true, Snapshot + "cli_args.py@0052233"),
        ["disable-nccl-for-dp-synchronization"] = new(false, Snapshot + "arg_utils.py@99d7eb5"),
        ["dp-supervisor-probe-failure-threshold"] = new(true, Snapshot + "cli_args.py@0052233"),
        ["dp-supervisor-probe-interval-s"] = new(true, Snapshot + "cli_args.py@0052233"),
        ["dp-supervisor-probe-timeout-s"] = new(true, Snapshot + "cli_args.py@0052233"),
        ["enable-flash-late-interaction"] = new(false, Snapshot + "cli_args.py@0052233"),
        ["enable-log-deltas"] = new(false, Snapshot + "cli_args.py@0052233"),
        ["enable-mm-embeds"] = new(false, Snapshot + "arg_utils.py@99d7eb5"),
        ["enable-offline-docs"] = new(false, Snapshot + "cli_args.py@0052233"),
        ["enable-per-request-metrics"] = new(false, Snapshot + "cli_args.py@0052233"),
        ["external-parameters"] = new(true, Snapshot + "arg_utils.py@99d7eb5"),
        ["fingerprint-mode"] = new(true, Snapshot + "cli_args.py@0052233"),
        ["fingerprint-value"] = new(true, Snapshot + "cli_args.py@0052233"),
        ["mamba-block-size"] = new(true, Snapshot + "arg_utils.py@99d7eb5"),
        ["max-cudagraph-capture-size"] = new(true, Snapshot + "arg_utils.py@99d7eb5"),
        ["mm-encoder-attn-backend"] = new(true, Snapshot + "arg_utils.py@99d7eb5"),
        ["ssl-ciphers"] = new(true, Snapshot + "cli_args.py@0052233"),
        ["tokens-only"] = new(false, Snapshot + "cli_args.py@0052233"),
    };

    /// <summary>
    /// Options vLLM removed (passing them now fails with "unrecognized arguments"), with what replaced them. Those absent
    /// from the release's table were removed before it; swap-space, cuda-graph-sizes, num-lookahead-slots and task are
    /// still in the release and were removed after it (the table's own deprecations, such as guided-decoding-backend
    /// "removed in v0.12.0", are reported by release instead and are not repeated here).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, RemovedFlag> Removed = new Dictionary<string, RemovedFlag>(StringComparer.Ordinal)
    {
        ["swap-space"] = new(true, "removed in 2026-03; the V1 engine never used it"),
        ["max-seq-len-to-capture"] = new(true, "removed in 2025-09; use --max-cudagraph-capture-size"),
        ["max-context-len-to-capture"] = new(true, "removed; use --max-cudagraph-capture-size"),
        ["cuda-graph-sizes"] = new(true, "removed for v0.13; use --cudagraph-capture-sizes or --max-cudagraph-capture-size"),
        ["num-scheduler-steps"] = new(true, "removed in 2025-08 (multi-step scheduling is gone)"),
        ["multi-step-stream-outputs"] = new(false, "removed in 2025-08 (multi-step scheduling is gone)"),
        ["preemption-mode"] = new(true, "removed in 2025-09"),
        ["num-lookahead-slots"] = new(true, "removed in 2025-11"),
        ["task"] = new(true, "removed in 2025-12; use --runner / --convert"),
        ["tokenizer-pool-size"] = new(true, "removed in 2025-07"),
        ["device"] = new(true, "removed in 2025-07; the platform is detected"),
        ["use-v2-block-manager"] = new(false, "a V0 option; V0 is gone"),
        ["worker-use-ray"] = new(false, "a V0 option; use --distributed-executor-backend ray"),
    };

    /// <summary>
    /// True when a removed option is still accepted by the vLLM a deployment runs: the table's release has it, and the
    /// deployment runs that release or an older one (when vLLM removed it after the release is not stated, so newer
    /// releases are taken to have dropped it).
    /// </summary>
    public static bool StillAccepted(string canonical, VllmVersion version) =>
        Removed.ContainsKey(canonical) && VllmFlagTable.Find(canonical) is not null
        && VllmVersion.TryParse(VllmFlagTable.Release.TrimStart('v'), out var release) && version <= release;

    /// <summary>The canonical long name of a flag as written (dashes or underscores, aliases); the name itself when unknown.</summary>
    public static string Canonical(string written)
    {
        var name = written.TrimStart('-');
        if (Aliases.TryGetValue(name, out var alias))
        {
            return alias;
        }

        // vLLM rewrites underscores to dashes up to the first '.' (dotted sub-options keep theirs).
        var dot = name.IndexOf('.');
        var head = dot < 0 ? name : name.Substring(0, dot);
        var normalized = head.Replace('_', '-') + (dot < 0 ? "" : name.Substring(dot));
        return Aliases.TryGetValue(normalized, out var alias2) ? alias2 : VllmFlagTable.AliasTarget(normalized) ?? normalized;
    }

    public static VllmFlag? Find(string canonical) => Known.TryGetValue(canonical, out var flag) ? flag : null;

    /// <summary>The options VramLint reads itself, with their value kinds (for the config-file schema).</summary>
    public static IEnumerable<VllmFlag> All => Known.Values;

    /// <summary>
    /// True when vLLM has the option: VramLint's own table, the generated table of vLLM's engine and server arguments
    /// (Data/vllm-flags.json), or a removed option (reported on its own).
    /// </summary>
    public static bool IsKnown(string canonical) =>
        Known.ContainsKey(canonical) || VllmFlagTable.Find(canonical) is not null || NewerThanRelease.ContainsKey(canonical) || Removed.ContainsKey(canonical)
        || (canonical.StartsWith("no-", StringComparison.Ordinal) && IsKnown(canonical.Substring(3)))
        || canonical.IndexOf('.') > 0 && IsKnown(canonical.Substring(0, canonical.IndexOf('.')));

    /// <summary>True when vLLM has the option as a switch (no value follows it): from the release's table or the newer options.</summary>
    public static bool IsSwitch(string canonical) =>
        VllmFlagTable.Find(canonical) is { TakesValue: false } || (NewerThanRelease.TryGetValue(canonical, out var newer) && !newer.TakesValue);

    /// <summary>The known option closest to a misspelt one (edit distance at most a fifth of its length, at least 2); null when none is close.</summary>
    public static string? Suggest(string unknown) =>
        Spelling.Closest(unknown, Known.Keys.Concat(VllmFlagTable.Names).Concat(NewerThanRelease.Keys).Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal));

    /// <summary>True when the name is a vLLM engine option whose presence marks a vLLM command line.</summary>
    public static bool IsEngineFlag(string canonical) =>
        canonical is "model" or "tensor-parallel-size" or "pipeline-parallel-size" or "max-model-len" or "max-num-seqs" or "max-num-batched-tokens"
            or "gpu-memory-utilization" or "kv-cache-dtype" or "quantization" or "served-model-name" or "enforce-eager" or "kv-cache-memory-bytes"
            or "data-parallel-size" or "enable-prefix-caching" or "enable-chunked-prefill" or "cpu-offload-gb";

    /// <summary>The names VramLint reads values of (each in the release's table or in <see cref="NewerThanRelease"/>).</summary>
    public static IReadOnlyCollection<string> InterpretedNames => Known.Keys;

    private static Dictionary<string, VllmFlag> Build(VllmFlag[] flags) => flags.ToDictionary(f => f.Name, StringComparer.Ordinal);

    /// <summary>The settings the read values give: each value through its table entry, in the table's order.</summary>
    internal static DeploymentSettings Settings(IReadOnlyDictionary<string, object> values)
    {
        // The few options a deployment states, put in the table's order, rather than a look-up for each of the table's entries.
        var present = new List<int>(values.Count);
        foreach (var pair in values)
        {
            if (BindOrder.TryGetValue(pair.Key, out var order))
            {
                present.Add(order);
            }
        }

        present.Sort();
        var settings = DeploymentSettings.Empty;
        foreach (var order in present)
        {
            settings = Table[order].Bind!(settings, values[Table[order].Name]);
        }

        return settings;
    }

    /// <summary>--compilation-config's CUDA-graph keys, where the explicit options (earlier in the table) left them unset.</summary>
    private static DeploymentSettings CompilationConfig(DeploymentSettings s, object value)
    {
        var json = value as JsonNode;
        var sizes = json?["cudagraph_capture_sizes"]?.Items.Select(n => n.AsInt).Where(n => n is > 0).Select(n => n!.Value).ToList();
        return s with
        {
            MaxCudagraphCaptureSize = s.MaxCudagraphCaptureSize ?? json?["max_cudagraph_capture_size"]?.AsInt,
            CudagraphCaptureSizes = s.CudagraphCaptureSizes ?? (sizes is { Count: > 0 } ? sizes : null),
            CudagraphMode = s.CudagraphMode ?? json?["cudagraph_mode"]?.AsString,
        };
    }

    /// <summary>The values the release's table states for an option (argparse choices, else the values vLLM checks), then newer ones.</summary>
    private static IReadOnlyCollection<string> ReleaseValues(string name, params string[] newer)
    {
        var flag = VllmFlagTable.Find(name);
        var release = (flag?.Choices ?? flag?.ValidValues ?? Array.Empty<string>()).Where(v => v != "None");
        return release.Concat(newer).Distinct(StringComparer.Ordinal).ToArray();
    }
}

/// <summary>
/// An option newer than the flag table's release: whether it takes a value, and where that is stated. A class, not a
/// value tuple: a dictionary of tuples is JIT-compiled afresh in every compiler process that loads the analyzer.
/// </summary>
public sealed class NewerFlag
{
    public NewerFlag(bool takesValue, string source)
    {
        TakesValue = takesValue;
        Source = source;
    }

    public bool TakesValue { get; }

    public string Source { get; }
}

/// <summary>An option vLLM removed: whether it took a value (so its value is skipped), and what to use instead.</summary>
public sealed class RemovedFlag
{
    public RemovedFlag(bool takesValue, string advice)
    {
        TakesValue = takesValue;
        Advice = advice;
    }

    public bool TakesValue { get; }

    public string Advice { get; }
}
