using VramLint.Core.Arguments;
using VramLint.Core.Configuration;
using VramLint.Core.Diagnostics;
using VramLint.Core.Settings;

namespace VramLint.Core.Tests.Arguments;

/// <summary>
/// The generated flag table (Data/vllm-flags.json) states vLLM v0.11.0 (vllm-project/vllm b8b302cd) as its source files do;
/// the file:line in each comment is in that commit's tree.
/// </summary>
public class VllmFlagTableTests
{
    private static GeneratedFlag Flag(string name) => VllmFlagTable.Find(name) ?? throw new InvalidOperationException($"{name} is not in the table");

    [Fact]
    public void The_table_is_the_v0_11_0_release()
    {
        Assert.Equal("v0.11.0", VllmFlagTable.Release);
        Assert.Equal("b8b302cde434df8c9289a2b465406b47ebab1c2d", VllmFlagTable.Commit);
    }

    [Fact]
    public void Gpu_memory_utilization_is_a_float_defaulting_to_0_9_that_vllm_caps_at_1()
    {
        // vllm/config/cache.py:43 `gpu_memory_utilization: float = 0.9`; cache.py:168 `if self.gpu_memory_utilization > 1.0: raise ValueError(...)`.
        var flag = Flag("gpu-memory-utilization");

        Assert.Equal("float", flag.ValueType);
        Assert.True(flag.TakesValue);
        Assert.Equal(0.9, flag.Default?.AsNumber);
        Assert.Null(flag.Minimum);
        Assert.Equal(1.0, flag.Maximum);
        Assert.False(flag.ExclusiveMaximum);
        Assert.Equal("vllm/config/cache.py:168", flag.RangeSource);
        Assert.Equal("vllm/config/cache.py:43", flag.DefinedAt);
    }

    [Fact]
    public void Cpu_offload_gb_defaults_to_0_and_may_not_be_negative()
    {
        // vllm/config/cache.py:77 `cpu_offload_gb: float = 0`; cache.py:164 `if self.cpu_offload_gb < 0: raise ValueError(...)`.
        var flag = Flag("cpu-offload-gb");

        Assert.Equal("float", flag.ValueType);
        Assert.Equal(0, flag.Default?.AsNumber);
        Assert.Equal(0, flag.Minimum);
        Assert.False(flag.ExclusiveMinimum);
        Assert.Null(flag.Maximum);
    }

    [Fact]
    public void Kv_cache_dtype_has_the_six_choices_of_cache_dtype_sorted_as_vllm_lists_them()
    {
        // vllm/config/cache.py:25 `CacheDType = Literal["auto", "bfloat16", "fp8", "fp8_e4m3", "fp8_e5m2", "fp8_inc"]`,
        // cache.py:53 `cache_dtype: CacheDType = "auto"`; arg_utils.py literal_to_kwargs sorts the options.
        var flag = Flag("kv-cache-dtype");

        Assert.Equal(new[] { "auto", "bfloat16", "fp8", "fp8_e4m3", "fp8_e5m2", "fp8_inc" }, flag.Choices);
        Assert.Equal("string", flag.ValueType);
        Assert.Equal("auto", flag.Default?.AsString);
    }

    [Fact]
    public void Block_size_takes_one_of_six_integers_and_has_no_static_default()
    {
        // vllm/config/cache.py:24 `BlockSize = Literal[1, 8, 16, 32, 64, 128]`; cache.py:36 `block_size: SkipValidation[BlockSize] = None`.
        var flag = Flag("block-size");

        Assert.Equal("int", flag.ValueType);
        Assert.Equal(new[] { "1", "8", "16", "32", "64", "128" }, flag.Choices);
        Assert.True(flag.DefaultKnown);
        Assert.True(flag.Default?.IsNull);
    }

    [Fact]
    public void Dtype_tensor_parallel_size_and_enforce_eager_have_the_release_defaults()
    {
        // vllm/config/model.py:67 ModelDType, model.py:121 `dtype: Union[ModelDType, torch.dtype] = "auto"`.
        Assert.Equal(new[] { "auto", "bfloat16", "float", "float16", "float32", "half" }, Flag("dtype").Choices);
        Assert.Equal("auto", Flag("dtype").Default?.AsString);

        // vllm/config/parallel.py:69 `tensor_parallel_size: int = 1`; arg_utils.py adds it as "--tensor-parallel-size", "-tp".
        Assert.Equal("int", Flag("tensor-parallel-size").ValueType);
        Assert.Equal(1, Flag("tensor-parallel-size").Default?.AsInt);
        Assert.Equal(new[] { "tp" }, Flag("tensor-parallel-size").Aliases);

        // vllm/config/model.py:176 `enforce_eager: bool = False`: a BooleanOptionalAction switch.
        Assert.False(Flag("enforce-eager").TakesValue);
        Assert.Equal("bool", Flag("enforce-eager").ValueType);
        Assert.False(Flag("enforce-eager").Default?.AsBool);
    }

    [Fact]
    public void Max_model_len_is_a_human_readable_int_without_a_static_default()
    {
        // arg_utils.py:233 human_readable_ints = {"max_model_len", "max_num_batched_tokens", "kv_cache_memory_bytes"};
        // vllm/config/model.py:160 `max_model_len: SkipValidation[int] = None`.
        var flag = Flag("max-model-len");

        Assert.Equal("int", flag.ValueType);
        Assert.True(flag.HumanReadable);
        Assert.True(flag.Default?.IsNull);
        Assert.True(Flag("max-num-batched-tokens").HumanReadable);
        Assert.False(Flag("max-num-seqs").HumanReadable);
    }

    [Fact]
    public void Quantization_takes_any_text_on_the_command_line_and_is_checked_against_quantization_methods()
    {
        // vllm/config/model.py:56 `QuantizationMethods = Any` at run time, so argparse has no choices (model.py:171);
        // vllm/model_executor/layers/quantization/__init__.py:9 QuantizationMethods lists the 28 methods ModelConfig checks.
        var flag = Flag("quantization");

        Assert.Null(flag.Choices);
        Assert.Equal(28, flag.ValidValues?.Count);
        Assert.Contains("awq_marlin", flag.ValidValues!);
        Assert.Contains("petit_nvfp4", flag.ValidValues!);
        Assert.Equal(new[] { "q" }, flag.Aliases);
    }

    [Fact]
    public void Server_arguments_come_from_frontend_args()
    {
        // vllm/entrypoints/openai/cli_args.py:79 uvicorn_log_level Literal[...] = "info"; cli_args.py:252 "--api-server-count", "-asc", default=1.
        Assert.Equal(new[] { "critical", "debug", "error", "info", "trace", "warning" }, Flag("uvicorn-log-level").Choices);
        Assert.Equal("info", Flag("uvicorn-log-level").Default?.AsString);
        Assert.Equal(1, Flag("api-server-count").Default?.AsInt);
        Assert.Equal(new[] { "asc" }, Flag("api-server-count").Aliases);

        // cli_args.py:127 middleware: action="append", default [] — repeated, one value each time.
        Assert.True(Flag("middleware").Repeatable);
        Assert.Equal("list", Flag("middleware").ValueType);
    }

    [Fact]
    public void Guided_decoding_options_are_deprecated_for_removal_in_0_12_0_and_take_a_value()
    {
        // arg_utils.py:632-635: for arg, type in [("--guided-decoding-backend", str), ("--guided-decoding-disable-fallback", bool), ...]:
        // add_argument(arg, type=type, help=f"[DEPRECATED] {arg} will be removed in v0.12.0.", deprecated=True).
        var backend = Flag("guided-decoding-backend");
        var fallback = Flag("guided-decoding-disable-fallback");

        Assert.True(backend.Deprecated);
        Assert.Equal(new VllmVersion(0, 12), backend.RemovedIn);
        Assert.Equal(new VllmVersion(0, 12), fallback.RemovedIn);

        // type=bool without an action: argparse takes a value (bool("false") is True), unlike a switch.
        Assert.True(fallback.TakesValue);
        Assert.Equal("bool", fallback.ValueType);

        var parsed = VllmArgumentReader.Read(ShellWords.Split("vllm serve m-7B --guided-decoding-disable-fallback true --max-num-seqs 8"));
        Assert.Empty(parsed.Problems);
        Assert.Equal(8, parsed.Settings.MaxNumSeqs);
    }

    [Fact]
    public void A_deprecation_stated_only_in_the_field_docstring_is_recorded()
    {
        // vllm/config/lora.py:63 `bias_enabled: bool = False` """[DEPRECATED] Enable bias for LoRA adapters. This option will be
        // removed in v0.12.0."""; get_kwargs makes that docstring the help of --enable-lora-bias (arg_utils.py:834).
        var flag = Flag("enable-lora-bias");

        Assert.True(flag.Deprecated);
        Assert.Equal(new VllmVersion(0, 12), flag.RemovedIn);
        Assert.False(flag.TakesValue);

        // A field that is not deprecated has no removal, whatever its docstring says of other things.
        Assert.False(Flag("max-lora-rank").Deprecated);
        Assert.Null(Flag("max-lora-rank").RemovedIn);
    }

    [Theory]
    [InlineData("0.11", false)]
    [InlineData("0.12", true)]
    public void A_deprecated_option_is_reported_from_the_release_that_removes_it(string version, bool reported)
    {
        var removed = FindingsOn(version, "--guided-decoding-backend xgrammar").Where(f => f.Id == DiagnosticIds.InvalidValue).ToArray();

        if (reported)
        {
            var finding = Assert.Single(removed);
            Assert.Equal(
                "'--guided-decoding-backend' was removed in vLLM 0.12 (deprecated before), and this deployment runs vLLM 0.12: vLLM stops with 'unrecognized arguments'",
                finding.Message);
            Assert.Equal("guided-decoding-backend", finding.Setting);
        }
        else
        {
            Assert.Empty(removed);
        }
    }

    [Theory]
    [InlineData("0.10", false)]
    [InlineData("0.11", false)]
    [InlineData("0.12", true)]
    public void A_removed_option_the_release_still_has_is_accepted_up_to_that_release(string version, bool reported)
    {
        // vllm/config/cache.py:51 `swap_space: float = 4` with --swap-space in arg_utils.py: v0.11.0 still has it; when vLLM
        // removed it after that is not in the table, so any newer release is taken to reject it.
        var removed = FindingsOn(version, "--swap-space 16").Where(f => f.Setting == "swap-space").ToArray();

        Assert.Equal(4, Flag("swap-space").Default?.AsNumber);
        Assert.Equal(!reported, VllmFlags.StillAccepted("swap-space", VllmVersion.TryParse(version, out var parsed) ? parsed : VllmVersion.Latest));
        if (reported)
        {
            Assert.StartsWith("'--swap-space' is not a vLLM option any more (removed in 2026-03", Assert.Single(removed).Message);
        }
        else
        {
            Assert.Empty(removed);
        }
    }

    /// <summary>The findings of Llama-3.1-8B at 8192 on one L4 with the extra options, on the given vLLM release.</summary>
    private static IReadOnlyList<Finding> FindingsOn(string version, string extra)
    {
        var options = VramLintOptions.FromLookup(k => k switch
        {
            "vramlint.gpu" => "L4",
            "vramlint.gpu_count" => "1",
            "vramlint.vllm_version" => version,
            _ => null,
        });
        var input = new DeploymentInput(VllmArgumentReader.Read(ShellWords.Split(
            "vllm serve meta-llama/Llama-3.1-8B-Instruct --max-model-len 8192 " + extra)));
        return DeploymentChecker.Check(input, options).Findings;
    }

    [Fact]
    public void Every_option_carries_a_value_type_a_schema_can_use()
    {
        var types = new[] { "int", "float", "bool", "string", "json", "list" };
        foreach (var flag in VllmFlagTable.All)
        {
            Assert.Contains(flag.ValueType, types);
            Assert.Equal(flag.ValueType == "list", flag.ItemType is not null);
            Assert.True(flag.TakesValue || flag.ValueType == "bool", $"{flag.Name} is a switch of type {flag.ValueType}");
            Assert.NotNull(flag.DefinedAt);
            if (flag.ValueType == "int" && flag.Choices is { } choices)
            {
                Assert.All(choices.Where(c => c != "None"), c => Assert.True(int.TryParse(c, out _), $"{flag.Name} choice {c}"));
            }
        }
    }

    [Fact]
    public void The_hand_kept_options_are_only_what_the_release_does_not_have()
    {
        // Newer than the release: none of them may be in its table (a regenerated table takes them over).
        Assert.All(VllmFlags.NewerThanRelease.Keys, name => Assert.Null(VllmFlagTable.Find(name)));

        // Every option VramLint reads a value of exists in the release or is a documented newer one.
        Assert.All(VllmFlags.InterpretedNames, name => Assert.True(
            VllmFlagTable.Find(name) is not null || VllmFlags.NewerThanRelease.ContainsKey(name), $"{name} has no source"));

        // Removed options still in the release were removed after it; the table's own deprecations are not repeated by hand.
        var stillInRelease = VllmFlags.Removed.Keys.Where(name => VllmFlagTable.Find(name) is not null).OrderBy(n => n, StringComparer.Ordinal);
        Assert.Equal(new[] { "cuda-graph-sizes", "num-lookahead-slots", "swap-space", "task" }, stillInRelease);
        Assert.All(VllmFlags.Removed.Keys, name => Assert.Null(VllmFlagTable.Find(name)?.RemovedIn));
    }

    [Fact]
    public void Vramlint_reads_each_release_option_with_the_arity_and_type_the_release_gives_it()
    {
        foreach (var name in VllmFlags.InterpretedNames)
        {
            if (VllmFlagTable.Find(name) is not { } release)
            {
                continue;
            }

            var kind = VllmFlags.Find(name)!.Kind;
            var expected = kind switch
            {
                FlagKind.PositiveInt or FlagKind.NonNegativeInt or FlagKind.HumanInt => "int",
                FlagKind.Fraction or FlagKind.NonNegativeNumber => "float",
                FlagKind.Bool => "bool",
                FlagKind.Json => "json",
                FlagKind.IntList or FlagKind.TextList => "list",
                _ => release.ValueType == "int" ? "int" : "string",
            };
            Assert.True(expected == release.ValueType, $"{name}: VramLint reads {kind}, v0.11.0 has {release.ValueType}");
            Assert.Equal(kind != FlagKind.Bool, release.TakesValue);
            Assert.True(kind != FlagKind.HumanInt || release.HumanReadable, $"{name} is not human-readable in v0.11.0");
        }
    }

    [Fact]
    public void Several_served_model_names_are_one_option_as_in_vllm()
    {
        // vllm/config/model.py:212 `served_model_name: Optional[Union[str, list[str]]]`: nargs="+", so both words are names.
        var parsed = VllmArgumentReader.Read(ShellWords.Split("vllm serve m-7B --served-model-name chat chat-v2 --max-num-seqs 8"));

        Assert.Empty(parsed.Problems);
        Assert.Equal("chat chat-v2", parsed.Find("served-model-name")?.RawValue);
        Assert.Equal(8, parsed.Settings.MaxNumSeqs);
        Assert.Equal("list", Flag("served-model-name").ValueType);
        Assert.Equal("string", Flag("served-model-name").ItemType);
    }

    [Fact]
    public void Choices_vramlint_checks_are_the_release_values_plus_newer_ones()
    {
        Assert.Equal(Flag("dtype").Choices, VllmFlags.Dtypes);
        Assert.Equal(Flag("kv-cache-dtype").Choices!.Concat(new[] { "fp8_ds_mla", "int8_per_token_head", "fp8_per_token_head", "nvfp4", "float16" }), VllmFlags.KvCacheDtypes);
        Assert.Equal(Flag("quantization").ValidValues!.Count + 6, VllmFlags.Quantizations.Count);
    }
}
