using VramLint.Core.Arguments;
using VramLint.Core.Diagnostics;
using VramLint.Core.Settings;

namespace VramLint.Core.Tests.Arguments;

/// <summary>The argument reader accepts what vLLM accepts (vllm-notes section 1), one test per shape.</summary>
public class VllmArgumentReaderTests
{
    private static ParsedArguments Read(params string[] words) => VllmArgumentReader.Read(ArgumentToken.FromWords(words));

    private static ParsedArguments ReadLine(string line) => VllmArgumentReader.Read(ShellWords.Split(line, "line"));

    [Fact]
    public void Serve_with_a_positional_model()
    {
        var parsed = Read("vllm", "serve", "Qwen/Qwen2.5-7B-Instruct", "--tensor-parallel-size", "2");

        Assert.True(parsed.IsVllmCommand);
        Assert.Equal("Qwen/Qwen2.5-7B-Instruct", parsed.Settings.Model);
        Assert.Equal(2, parsed.Settings.TensorParallelSize);
        Assert.Empty(parsed.Problems);
    }

    [Fact]
    public void Serve_without_the_vllm_word_and_model_flag()
    {
        Assert.Equal("m/x-7B", Read("serve", "m/x-7B").Settings.Model);
        Assert.Equal("m/x-7B", Read("--model", "m/x-7B", "--max-num-seqs", "4").Settings.Model);
        Assert.Equal("m/x-7B", Read("vllm", "serve", "--model=m/x-7B").Settings.Model);
    }

    [Fact]
    public void The_positional_model_wins_over_the_model_flag() =>
        Assert.Equal("a/positional-7B", Read("vllm", "serve", "a/positional-7B", "--model", "b/flag-7B").Settings.Model);

    [Fact]
    public void Container_arguments_start_with_the_model() =>
        Assert.Equal("meta-llama/Llama-3.1-8B-Instruct", Read("meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", "8192").Settings.Model);

    [Fact]
    public void Flag_value_and_flag_equals_value()
    {
        var parsed = Read("serve", "m-7B", "--max-model-len", "8192", "--max-num-seqs=16", "--gpu-memory-utilization=0.85");

        Assert.Equal(8192, parsed.Settings.MaxModelLen);
        Assert.Equal(16, parsed.Settings.MaxNumSeqs);
        Assert.Equal(0.85, parsed.Settings.GpuMemoryUtilization);
        Assert.True(parsed.Find(SettingNames.MaxNumSeqs)!.IsInlineValue);
    }

    [Fact]
    public void Dashes_or_underscores_and_short_aliases()
    {
        var parsed = Read("serve", "m-7B", "--tensor_parallel_size", "4", "-pp", "2", "--max_num_batched_tokens", "4096", "-q", "awq", "-O0");

        Assert.Equal(4, parsed.Settings.TensorParallelSize);
        Assert.Equal(2, parsed.Settings.PipelineParallelSize);
        Assert.Equal(4096, parsed.Settings.MaxNumBatchedTokens);
        Assert.Equal("awq", parsed.Settings.Quantization);
        Assert.Equal(0, parsed.Settings.OptimizationLevel);
        Assert.Equal("--tensor_parallel_size", parsed.Find(SettingNames.TensorParallelSize)!.Spelling);
        Assert.Equal(8, Read("serve", "m", "-tp", "8").Settings.TensorParallelSize);
    }

    [Fact]
    public void Booleans_and_no_booleans()
    {
        var parsed = Read("serve", "m-7B", "--enforce-eager", "--no-enable-prefix-caching", "--enable-chunked-prefill");

        Assert.True(parsed.Settings.EnforceEager);
        Assert.False(parsed.Settings.EnablePrefixCaching);
        Assert.True(parsed.Settings.EnableChunkedPrefill);
        Assert.Equal("m-7B", parsed.Settings.Model);
    }

    [Fact]
    public void The_last_occurrence_wins()
    {
        var parsed = Read("serve", "m-7B", "--max-model-len", "4096", "--enforce-eager", "--max-model-len", "16384", "--no-enforce-eager");

        Assert.Equal(16384, parsed.Settings.MaxModelLen);
        Assert.False(parsed.Settings.EnforceEager);
    }

    [Theory]
    [InlineData("32K", 32768)]
    [InlineData("32k", 32000)]
    [InlineData("1M", 1048576)]
    [InlineData("1.5k", 1500)]
    [InlineData("131072", 131072)]
    public void Human_readable_lengths(string written, int expected) =>
        Assert.Equal(expected, Read("serve", "m-7B", "--max-model-len", written).Settings.MaxModelLen);

    [Theory]
    [InlineData("8G", 8589934592L)]
    [InlineData("8g", 8000000000L)]
    [InlineData("2t", 2000000000000L)]
    [InlineData(" 4096 ", 4096L)]
    [InlineData("0", 0L)]
    [InlineData("0.5k", 500L)]
    public void Human_readable_integers(string written, long expected)
    {
        Assert.True(VllmArgumentReader.TryParseHumanInt(written, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("k")]
    [InlineData(".5k")]
    [InlineData("1.k")]
    [InlineData("1.5K")]
    [InlineData("1.0001k")]
    [InlineData("32kb")]
    [InlineData("32q")]
    [InlineData("-32")]
    [InlineData("+32")]
    [InlineData("3 2")]
    [InlineData("1e3")]
    [InlineData("\u0663\u0662")]
    [InlineData("99999999999999999999")]
    public void Not_human_readable_integers(string written) =>
        Assert.False(VllmArgumentReader.TryParseHumanInt(written, out _));

    [Fact]
    public void Lower_case_k_is_flagged_because_it_is_almost_never_meant()
    {
        var parsed = Read("serve", "m-7B", "--max-model-len", "32k");

        var problem = Assert.Single(parsed.Problems);
        Assert.Equal(DiagnosticIds.InvalidValue, problem.Id);
        Assert.Equal("'--max-model-len 32k' means 32000 tokens: vLLM reads a lower-case k as 1000; write 32K for 32768, or 32000 to make the decimal size explicit", problem.Message);
        Assert.Empty(parsed.InvalidSettings);
    }

    [Theory]
    [InlineData("auto")]
    [InlineData("-1")]
    public void Max_model_len_auto(string written)
    {
        var parsed = Read("serve", "m-7B", "--max-model-len", written);

        Assert.True(parsed.Settings.MaxModelLenAuto);
        Assert.Null(parsed.Settings.MaxModelLen);
        Assert.Empty(parsed.Problems);
    }

    [Theory]
    [InlineData("python", "-m", "vllm.entrypoints.openai.api_server")]
    [InlineData("python3", "-m", "vllm.entrypoints.openai.api_server")]
    [InlineData("/usr/bin/python3", "-m", "vllm.entrypoints.api_server")]
    public void The_old_api_server_entry_point(string python, string m, string module)
    {
        var parsed = Read(python, m, module, "--model", "Qwen/Qwen2.5-7B-Instruct", "--tensor-parallel-size", "2");

        Assert.True(parsed.IsVllmCommand);
        Assert.Equal("Qwen/Qwen2.5-7B-Instruct", parsed.Settings.Model);
        Assert.Equal(2, parsed.Settings.TensorParallelSize);
    }

    [Fact]
    public void Docker_run_with_a_vllm_image_and_gpus()
    {
        var parsed = Read("docker", "run", "--rm", "--gpus", "2", "-p", "8000:8000", "--ipc=host", "-v", "/models:/models", "vllm/vllm-openai:latest",
            "--model", "m/x-7B", "--tensor-parallel-size", "2");

        Assert.True(parsed.IsVllmCommand);
        Assert.Equal("m/x-7B", parsed.Settings.Model);
        Assert.Equal(2, parsed.Settings.TensorParallelSize);
        Assert.Equal(2, parsed.GpuCount);
        Assert.Equal(4, Read("podman", "run", "--gpus", "device=0,1,2,3", "vllm/vllm-openai", "m-7B").GpuCount);
    }

    [Fact]
    public void A_one_string_sh_c_script_with_quotes_and_continuations()
    {
        var parsed = Read("sh", "-c", "ray start --head && vllm serve 'Qwen/Qwen2.5-72B-Instruct-AWQ' \\\n  --tensor-parallel-size 4 \\\n  --max-model-len \"32768\"");

        Assert.True(parsed.IsVllmCommand);
        Assert.Equal("Qwen/Qwen2.5-72B-Instruct-AWQ", parsed.Settings.Model);
        Assert.Equal(4, parsed.Settings.TensorParallelSize);
        Assert.Equal(32768, parsed.Settings.MaxModelLen);
    }

    [Fact]
    public void Bash_lc_with_double_dash_before_the_script()
    {
        var parsed = Read("/bin/bash", "-lc", "--", "ulimit -n 65536; vllm serve deepseek-ai/DeepSeek-R1 --tensor-parallel-size 16");

        Assert.Equal(("deepseek-ai/DeepSeek-R1", 16), (parsed.Settings.Model, parsed.Settings.TensorParallelSize));
    }

    [Fact]
    public void Python_switches_before_the_module()
    {
        var parsed = Read("python", "-u", "-m", "vllm.entrypoints.openai.api_server", "--model", "m/x-7B", "--max-num-seqs", "64");

        Assert.True(parsed.IsVllmCommand);
        Assert.Equal(("m/x-7B", 64), (parsed.Settings.Model, parsed.Settings.MaxNumSeqs));
        Assert.False(Read("python", "-u", "train.py", "--tensor-parallel-size", "2").IsVllmCommand);
    }

    [Fact]
    public void Value_locations_are_raw_spans_in_the_source()
    {
        const string line = "vllm serve m-7B --max-model-len 8192 \"--tensor-parallel-size=2\"";
        var parsed = ReadLine(line);

        var length = parsed.Find(SettingNames.MaxModelLen)!.ValueLocation!;
        Assert.Equal("line", length.Origin);
        Assert.Equal("8192", line.Substring(length.Start, length.Length));

        var tp = parsed.Find(SettingNames.TensorParallelSize)!;
        Assert.True(tp.IsInlineValue);
        Assert.Equal("2", line.Substring(tp.ValueLocation!.Start, tp.ValueLocation.Length));
        Assert.Equal("\"--tensor-parallel-size=2\"", line.Substring(tp.FlagToken.Location!.Start, tp.FlagToken.Location.Length));

        var model = parsed.Find(SettingNames.Model)!.ValueLocation!;
        Assert.Equal("m-7B", line.Substring(model.Start, model.Length));
    }

    [Fact]
    public void Locations_inside_a_sh_c_string_point_into_the_script()
    {
        var script = new ArgumentToken("vllm serve m-7B --max-num-seqs 64", new SourceLocation("yaml", 100, 35), Enumerable.Range(1, 34).ToArray());
        var parsed = VllmArgumentReader.Read(new[] { new ArgumentToken("/bin/sh"), new ArgumentToken("-c"), script });

        var seqs = parsed.Find(SettingNames.MaxNumSeqs)!.ValueLocation!;
        Assert.Equal(("yaml", 100 + 1 + 31, 2), (seqs.Origin, seqs.Start, seqs.Length));
    }

    [Fact]
    public void Unknown_flags_take_their_value_without_disturbing_the_rest()
    {
        var parsed = Read("serve", "m-7B", "--served-model-name", "chat", "--some-future-flag", "x", "--max-num-seqs", "8", "--trust-remote-code");

        Assert.Equal("m-7B", parsed.Settings.Model);
        Assert.Equal(8, parsed.Settings.MaxNumSeqs);

        // vLLM refuses what it does not know: said at the flag, without dropping the settings around it.
        var problem = Assert.Single(parsed.Problems);
        Assert.Equal(("VRAM007", "'--some-future-flag' is not a vLLM option; vLLM would stop with 'unrecognized arguments'"), (problem.Id, problem.Message));
        Assert.Empty(parsed.InvalidSettings);
    }

    [Theory]
    [InlineData("vllm/vllm-openai:v0.10.1", "0.10")]
    [InlineData("vllm/vllm-openai:0.6.3.post1", "0.6")]
    [InlineData("registry.local:5000/vllm/vllm-openai:v0.11.0", "0.11")]
    [InlineData("docker.io/vllm/vllm-openai:v0.9.2-cu128", "0.9")]
    [InlineData("vllm/vllm-openai:latest", null)]
    [InlineData("vllm/vllm-openai", null)]
    [InlineData("registry.local:5000/vllm/vllm-openai", null)]
    [InlineData("vllm/vllm-openai@sha256:0123abcd", null)]
    [InlineData("redis:7.2", null)]
    public void The_vllm_release_is_read_from_an_image_tag(string image, string? expected)
    {
        var parsed = VramLint.Core.Settings.VllmVersion.TryParseImage(image, out var version);

        Assert.Equal(expected, parsed ? version.ToString() : null);
    }

    [Fact]
    public void A_misspelt_flag_is_reported_with_the_flag_it_resembles()
    {
        var parsed = Read("serve", "m-7B", "--tensor-paralel-size", "2", "--max_num_seqs", "8");

        var problem = Assert.Single(parsed.Problems);
        Assert.Equal(
            "'--tensor-paralel-size' is not a vLLM option: did you mean --tensor-parallel-size? vLLM would stop with 'unrecognized arguments'",
            problem.Message);
        Assert.Equal("tensor-paralel-size", problem.Setting);
        Assert.Null(parsed.Settings.TensorParallelSize);
        Assert.Equal(8, parsed.Settings.MaxNumSeqs);
    }

    [Fact]
    public void Every_argument_of_the_generated_table_is_known_and_switches_take_no_value()
    {
        // From the generated table only (not in VramLint's own list): a server option, an engine switch, a short alias.
        var parsed = Read("serve", "m-7B", "--enable-sleep-mode", "--uvicorn-log-level", "debug", "--disable-cascade-attn", "-dpn", "0", "--max-num-seqs", "8");

        Assert.Empty(parsed.Problems);
        Assert.Equal(8, parsed.Settings.MaxNumSeqs);
        Assert.Equal("data-parallel-rank", parsed.Find("data-parallel-rank")?.Name);
        Assert.Equal(183, VramLint.Core.Arguments.VllmFlagTable.All.Count);
        Assert.Equal("b8b302cde434df8c9289a2b465406b47ebab1c2d", VramLint.Core.Arguments.VllmFlagTable.EngineCommit);
    }

    [Fact]
    public void Json_flags_feed_graph_and_speculative_settings()
    {
        var parsed = Read("serve", "m-7B", "-cc", "{\"cudagraph_mode\": \"NONE\", \"max_cudagraph_capture_size\": 64}",
            "--speculative-config", "{\"model\": \"small-1B\", \"num_speculative_tokens\": 3}", "--cudagraph-capture-sizes", "1", "2", "4");

        Assert.Equal("NONE", parsed.Settings.CudagraphMode);
        Assert.Equal(64, parsed.Settings.MaxCudagraphCaptureSize);
        Assert.Equal("small-1B", parsed.Settings.SpeculativeModel);
        Assert.Equal(3, parsed.Settings.NumSpeculativeTokens);
        Assert.Equal(new[] { 1, 2, 4 }, parsed.Settings.CudagraphCaptureSizes);
    }

    [Theory]
    [InlineData("--tensor-parallel-size", "0", "'--tensor-parallel-size 0' is out of range: tensor-parallel-size must be 1 to 65536")]
    [InlineData("--tensor-parallel-size", "-3", "'--tensor-parallel-size -3' is out of range: tensor-parallel-size must be 1 to 65536")]
    [InlineData("--tensor-parallel-size", "abc", "'--tensor-parallel-size abc' is not valid: expected a whole number of at least 1")]
    [InlineData("--tensor-parallel-size", "zero", "'--tensor-parallel-size zero' is not valid: expected a whole number of at least 1")]
    [InlineData("--max-model-len", "32q", "'--max-model-len 32q' is not valid: expected a whole number of tokens such as 32768, 32K (= 32768) or 32k (= 32000), or auto")]
    [InlineData("--gpu-memory-utilization", "1.5", "'--gpu-memory-utilization 1.5' is out of range: gpu-memory-utilization must be greater than 0 and at most 1")]
    [InlineData("--kv-cache-dtype", "fp4", "'--kv-cache-dtype fp4' is not valid: unknown kv-cache-dtype; expected one of auto, bfloat16, fp8, fp8_e4m3, fp8_e5m2, fp8_inc, fp8_ds_mla, int8_per_token_head, fp8_per_token_head, nvfp4, float16")]
    [InlineData("--dtype", "fp16", "'--dtype fp16' is not valid: unknown dtype; expected one of auto, bfloat16, float, float16, float32, half")]
    [InlineData("--max-model-len", "\u0663\u0662\u0667\u0666\u0668", "'--max-model-len \u0663\u0662\u0667\u0666\u0668' is not valid: expected a whole number of tokens such as 32768, 32K (= 32768) or 32k (= 32000), or auto")]
    [InlineData("--tensor-parallel-size", "\u0664", "'--tensor-parallel-size \u0664' is not valid: expected a whole number of at least 1")]
    [InlineData("--max-model-len", "1000000000", "'--max-model-len 1000000000' is out of range: max-model-len must be 1 to 100000000")]
    [InlineData("--max-num-batched-tokens", "2147483647", "'--max-num-batched-tokens 2147483647' is out of range: max-num-batched-tokens must be 1 to 100000000")]
    [InlineData("--tensor-parallel-size", "2147483647", "'--tensor-parallel-size 2147483647' is out of range: tensor-parallel-size must be 1 to 65536")]
    [InlineData("--cpu-offload-gb", "1e309", "'--cpu-offload-gb 1e309' is not valid: expected a number, 0 or more (GiB)")]
    [InlineData("--cpu-offload-gb", "Infinity", "'--cpu-offload-gb Infinity' is not valid: expected a number, 0 or more (GiB)")]
    [InlineData("--cpu-offload-gb", "1e300", "'--cpu-offload-gb 1e300' is out of range: cpu-offload-gb must be 0 to 1048576 (GiB)")]
    [InlineData("--gpu-memory-utilization", "1e-400", "'--gpu-memory-utilization 1e-400' is out of range: gpu-memory-utilization must be greater than 0 and at most 1")]
    public void Invalid_values_become_vram007_at_the_value(string flag, string value, string message)
    {
        var parsed = ReadLine($"serve m-7B {flag} {value} --max-num-seqs 8");

        var problem = Assert.Single(parsed.Problems);
        Assert.Equal(DiagnosticIds.InvalidValue, problem.Id);
        Assert.Equal(message, problem.Message);
        Assert.Equal(value.Length, problem.Location!.Length);
        Assert.Contains(VllmFlags.Canonical(flag), parsed.InvalidSettings);
        Assert.Equal(8, parsed.Settings.MaxNumSeqs);
    }

    [Fact]
    public void A_long_value_is_shortened_in_the_message()
    {
        var value = new string('7', 100_000) + "x";

        var problem = Assert.Single(ReadLine($"serve m-7B --max-model-len {value}").Problems);

        Assert.Equal("'--max-model-len " + new string('7', 180) + "... (99811 more characters) ..." + new string('7', 9) + "x' is not valid: expected a whole number of tokens such as 32768, 32K (= 32768) or 32k (= 32000), or auto", problem.Message);
    }

    [Fact]
    public void Removed_flags_are_reported_and_their_value_consumed()
    {
        var parsed = Read("serve", "m-7B", "--swap-space", "16", "--max-num-seqs", "8");

        var problem = Assert.Single(parsed.Problems);
        Assert.StartsWith("'--swap-space' is not a vLLM option any more (removed in 2026-03", problem.Message);
        Assert.Equal(8, parsed.Settings.MaxNumSeqs);
    }

    [Fact]
    public void A_flag_missing_its_value_is_reported()
    {
        var parsed = Read("serve", "m-7B", "--max-model-len", "--enforce-eager");

        Assert.Equal("'--max-model-len' needs a value", Assert.Single(parsed.Problems).Message);
        Assert.True(parsed.Settings.EnforceEager);
    }

    [Fact]
    public void A_boolean_given_a_value_is_reported() =>
        Assert.StartsWith("'--enforce-eager' takes no value ('false' given)", Assert.Single(Read("serve", "m", "--enforce-eager=false").Problems).Message);

    [Fact]
    public void Config_file_entries_map_as_vllm_maps_them_and_the_command_line_wins()
    {
        var entries = new[]
        {
            new ConfigEntry("model", ConfigValueKind.Scalar, "meta-llama/Llama-3.1-8B-Instruct"),
            new ConfigEntry("tensor_parallel_size", ConfigValueKind.Scalar, "2"),
            new ConfigEntry("max-model-len", ConfigValueKind.Scalar, "32K"),
            new ConfigEntry("enable-prefix-caching", ConfigValueKind.False, "false", new SourceLocation("cfg", 40, 21), new SourceLocation("cfg", 63, 5)),
            new ConfigEntry("enforce-eager", ConfigValueKind.True),
            new ConfigEntry("cudagraph-capture-sizes", ConfigValueKind.List, items: ArgumentToken.FromWords(new[] { "1", "2", "4" })),
        };

        var parsed = VllmArgumentReader.ReadConfigFile(entries, ArgumentToken.FromWords(new[] { "vllm", "serve", "--config", "cfg.yaml", "--tensor-parallel-size", "4" }));

        Assert.Equal("meta-llama/Llama-3.1-8B-Instruct", parsed.Settings.Model);
        Assert.Equal(4, parsed.Settings.TensorParallelSize);
        Assert.Equal(32768, parsed.Settings.MaxModelLen);
        Assert.True(parsed.Settings.EnforceEager);
        Assert.Null(parsed.Settings.EnablePrefixCaching);
        Assert.Equal(new[] { 1, 2, 4 }, parsed.Settings.CudagraphCaptureSizes);
        var problem = Assert.Single(parsed.Problems);
        Assert.Equal("'enable-prefix-caching: false' is ignored: vLLM drops false values from config files, so the setting keeps its default; write 'no-enable-prefix-caching: true' to turn it off", problem.Message);
        Assert.Equal(63, problem.Location!.Start);
    }

    [Theory]
    [InlineData("")]
    [InlineData("vllm serve 'unclosed")]
    [InlineData("-- -- --")]
    [InlineData("--max-model-len 99999999999999999999")]
    [InlineData("--tensor-parallel-size 99999999999 --max-num-seqs 1e400")]
    [InlineData("sh -c")]
    [InlineData("docker run")]
    [InlineData("python -m")]
    [InlineData("= == === --=x -")]
    public void Garbage_never_throws(string line)
    {
        var parsed = ReadLine(line);
        Assert.NotNull(parsed.Settings);
    }

    [Fact]
    public void Non_vllm_commands_are_not_vllm()
    {
        Assert.False(Read("python", "app.py", "--port", "8000").IsVllmCommand);
        Assert.False(Read("redis-server", "--port", "6379").IsVllmCommand);
        Assert.False(Read("vllm", "bench", "serve").IsVllmCommand);
    }
}
