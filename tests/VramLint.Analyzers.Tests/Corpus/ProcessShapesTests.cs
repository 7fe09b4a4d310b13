using static VramLint.Analyzers.Tests.AnalyzerVerifier;

namespace VramLint.Analyzers.Tests.Corpus;

/// <summary>Launchers that start vLLM as a process, in the shapes of public scripts and launchers (MANIFEST.md: P01...), rewritten in C#.</summary>
public class ProcessShapesTests
{
    private const string OneRtx4090 = AspireShapesTests.OneRtx4090;
    private const string FourL4 = "is_global = true\nvramlint.gpu = L4\nvramlint.gpu_count = 4\n";

    [Fact]
    public Task P01_an_ArgumentList_collection_initializer() => VerifyAsync(
        """
        using System.Diagnostics;
        var psi = new ProcessStartInfo("vllm") { ArgumentList = { "serve", "meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", {|#0:"131072"|} }, UseShellExecute = false };
        Process.Start(psi);
        """,
        OneRtx4090,
        Diagnostic("VRAM001").WithLocation(0).WithMessage(null));

    [Fact]
    public Task P02_foreach_over_an_array_into_ArgumentList() => VerifyAsync(
        """
        using System.Diagnostics;
        string[] serveArgs = new[] { "-m", "vllm.entrypoints.openai.api_server", "--model", "meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", {|#0:"131072"|}, "--port", "8000" };
        var psi = new ProcessStartInfo { FileName = "python", RedirectStandardOutput = true };
        foreach (var a in serveArgs)
        {
            psi.ArgumentList.Add(a);
        }

        Process.Start(psi);
        """,
        OneRtx4090,
        Diagnostic("VRAM001").WithLocation(0).WithMessage(null));

    [Fact]
    public Task P03_a_list_built_with_Add_and_passed_to_Process_Start() => VerifyAsync(
        """
        using System.Collections.Generic;
        using System.Diagnostics;
        var model = "Qwen/Qwen2.5-7B-Instruct";
        var arguments = new List<string> { "serve", model };
        arguments.Add("--tensor-parallel-size");
        arguments.Add({|#0:"3"|});
        arguments.Add("--max-model-len");
        arguments.Add("8192");
        Process.Start("vllm", arguments);
        """,
        FourL4,
        Diagnostic("VRAM005").WithLocation(0).WithMessage(null));

    [Fact]
    public Task P04_string_Join_of_a_local_array() => VerifyAsync(
        """
        using System.Diagnostics;
        var parts = new[] { "serve", "meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", {|#0:"131072"|} };
        var psi = new ProcessStartInfo("vllm", string.Join(" ", parts));
        Process.Start(psi);
        """,
        OneRtx4090,
        Diagnostic("VRAM001").WithLocation(0).WithMessage(null));

    [Fact]
    public Task P05_Arguments_with_dotnet_quoting_lands_on_the_word() => VerifyAsync(
        """
        using System.Diagnostics;
        var psi = new ProcessStartInfo { FileName = "vllm" };
        psi.Arguments = "serve \"meta-llama/Llama-3.1-8B-Instruct\" --max-model-len {|#0:131072|}";
        Process.Start(psi);
        """,
        OneRtx4090,
        Diagnostic("VRAM001").WithLocation(0).WithMessage(null));

    [Fact]
    public Task P06_single_quotes_are_not_quotes_to_dotnet() => VerifyAsync(
        """
        System.Diagnostics.Process.Start("vllm", "serve meta-llama/Llama-3.1-8B-Instruct --max-model-len {|#0:'8192'|}");
        """,
        OneRtx4090,
        Diagnostic("VRAM007").WithLocation(0).WithMessage(null));

    [Fact]
    public Task P07_bash_lc_script_split_by_shell_rules() => VerifyAsync(
        """
        System.Diagnostics.Process.Start("bash", "-lc \"source ~/venv/bin/activate && vllm serve meta-llama/Llama-3.1-8B-Instruct --max-model-len {|#0:131072|}\"");
        """,
        OneRtx4090,
        Diagnostic("VRAM001").WithLocation(0).WithMessage(null));

    [Fact]
    public Task P08_an_interpolated_command_line_lands_on_the_value_its_hole_reads() => VerifyAsync(
        """
        using System.Diagnostics;
        const string Model = "meta-llama/Llama-3.1-8B-Instruct";
        var contextLength = {|#0:131072|};
        var psi = new ProcessStartInfo("vllm", $"serve {Model} --max-model-len {contextLength} --gpu-memory-utilization 0.9");
        Process.Start(psi);
        """,
        OneRtx4090,
        Diagnostic("VRAM001").WithLocation(0).WithMessage(null));

    [Fact]
    public Task P09_docker_run_as_a_process() => VerifyAsync(
        """
        System.Diagnostics.Process.Start("docker", "run --rm --gpus all -p 8000:8000 --ipc=host vllm/vllm-openai:v0.6.6 --model meta-llama/Llama-3.1-8B-Instruct --max-model-len {|#0:131072|}");
        """,
        OneRtx4090,
        Diagnostic("VRAM001").WithLocation(0).WithMessage(null));

    [Fact]
    public Task P10_the_vllm_binary_path_from_the_environment_is_still_vllm_serve() => VerifyAsync(
        """
        using System;
        using System.Diagnostics;
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("VLLM_BIN") ?? "vllm", "serve meta-llama/Llama-3.1-8B-Instruct --max-model-len {|#0:131072|}");
        var bin = Environment.GetEnvironmentVariable("VLLM_BIN")!;
        var other = new ProcessStartInfo(bin, "serve meta-llama/Llama-3.1-8B-Instruct --max-model-len {|#1:131072|}");
        """,
        OneRtx4090,
        Diagnostic("VRAM001").WithLocation(0).WithMessage(null),
        Diagnostic("VRAM001").WithLocation(1).WithMessage(null));

    [Fact]
    public Task P11_a_length_from_an_environment_variable_is_named() => VerifyAsync(
        """
        using System;
        using System.Diagnostics;
        var psi = new ProcessStartInfo { FileName = "python" };
        psi.ArgumentList.Add("-m");
        psi.ArgumentList.Add("vllm.entrypoints.openai.api_server");
        psi.ArgumentList.Add("--model");
        psi.ArgumentList.Add("meta-llama/Llama-3.1-8B-Instruct");
        psi.ArgumentList.Add("--max-model-len");
        psi.ArgumentList.Add({|#0:Environment.GetEnvironmentVariable("VLLM_MAX_MODEL_LEN")|}!);
        Process.Start(psi);
        """,
        OneRtx4090,
        Diagnostic("VRAM009").WithLocation(0).WithArguments("max-model-len comes from environment variable VLLM_MAX_MODEL_LEN; not checked"));

    [Fact]
    public Task P12_a_fitting_launcher_is_quiet() => VerifyAsync(
        """
        using System.Diagnostics;
        var psi = new ProcessStartInfo("vllm", "serve meta-llama/Llama-3.1-8B-Instruct --max-model-len 8192 --gpu-memory-utilization 0.9 --max-num-seqs 4 --port 8000");
        Process.Start(psi);
        """,
        OneRtx4090);

    [Fact]
    public Task P13_tensor_parallel_wider_than_the_declared_gpus() => VerifyAsync(
        """
        System.Diagnostics.Process.Start("python", "-u -m vllm.entrypoints.openai.api_server --host 0.0.0.0 --port 8010 --model Qwen/Qwen2.5-7B-Instruct --served-model-name code-gen --tensor-parallel-size {|#0:8|}");
        """,
        FourL4,
        Diagnostic("VRAM005").WithLocation(0).WithMessage(null),
        Diagnostic("VRAM005").WithLocation(0).WithMessage(null));

    [Fact]
    public Task P14_extra_arguments_from_a_parameter_are_named() => VerifyAsync(
        """
        using System.Diagnostics;
        using System.Linq;
        Launcher.Start(args);

        static class Launcher
        {
            public static Process? Start(string[] extra)
            {
                var psi = new ProcessStartInfo("python3");
                foreach (var word in new[] { "-m", "vllm.entrypoints.openai.api_server", "--host", "0.0.0.0" }.Concat({|#0:extra|}))
                {
                    psi.ArgumentList.Add(word);
                }

                return Process.Start(psi);
            }
        }
        """,
        OneRtx4090,
        Diagnostic("VRAM009").WithLocation(0).WithArguments("a command-line word comes from parameter 'extra' of Start; not checked"));

    [Fact]
    public Task P15_a_launcher_method_whose_values_do_not_depend_on_its_parameters() => VerifyAsync(
        """
        using System.Diagnostics;
        new VllmServer().Start(8000);

        class VllmServer
        {
            private const int MaxModelLength = {|#0:131072|};
            private readonly string modelPath = "meta-llama/Llama-3.1-8B-Instruct";

            public Process? Start(int port)
            {
                var arguments = new[] { "serve", modelPath, "--max-model-len", MaxModelLength.ToString(), "--port", port.ToString() };
                return Process.Start("vllm", arguments);
            }
        }
        """,
        OneRtx4090,
        Diagnostic("VRAM001").WithLocation(0).WithMessage(null));

    [Fact]
    public Task P16_a_launcher_in_another_file_is_named_where_its_value_is_missing_not_guessed() => VerifyFilesAsync(
        new[]
        {
            """
            Launcher.Serve("meta-llama/Llama-3.1-8B-Instruct", 131072);
            """,
            """
            using System.Diagnostics;

            static class Launcher
            {
                public static Process? Serve(string model, int contextLength) =>
                    Process.Start("vllm", new[] { "serve", {|#0:model|}, "--max-model-len", {|#1:contextLength|}.ToString() });
            }
            """,
        },
        OneRtx4090,
        null,
        Array.Empty<Microsoft.CodeAnalysis.MetadataReference>(),
        // The call site is in another file, whose semantic model is not used from here (RS1030): each missing value is named.
        Diagnostic("VRAM009").WithLocation(0).WithArguments("the model comes from parameter 'model' of Serve; not checked"),
        Diagnostic("VRAM009").WithLocation(1).WithArguments("max-model-len comes from parameter 'contextLength' of Serve; not checked"));
}
