using static VramLint.Analyzers.Tests.AnalyzerVerifier;

namespace VramLint.Analyzers.Tests;

public class AspireContainerTests
{
    private const string SeedVerdict =
        "per-GPU need 25.4 GiB (weights 16.0 + KV cache 6.4 + overhead 3.0) exceeds the 24.0 GiB per GPU (weights 64.0 / tensor-parallel-size 4, KV cache 8 x 8192 / 10240)";

    private const string SeedNote =
        "model 'Qwen/Qwen-32B-Chat' is not in VramLint's catalog (it is not a real Hugging Face repository); the estimate uses the size in its name: 32.0B parameters, 16-bit weights";

    [Fact]
    public Task The_seeds_oversized_deployment_chained() => VerifyAsync(
        """
        using Aspire.Hosting;

        var builder = DistributedApplication.CreateBuilder(args);
        builder.AddContainer("llm", "vllm/vllm-openai", "latest")
            .WithArgs({|#0:"Qwen/Qwen-32B-Chat"|}, "--tensor-parallel-size", "4", "--max-num-seqs", "8", "--max-model-len", "8192");
        builder.Build().Run();
        """,
        SeedCluster,
        Diagnostic("VRAM006").WithLocation(0).WithArguments(SeedNote),
        Diagnostic("VRAM001").WithLocation(0).WithArguments(SeedVerdict));

    [Fact]
    public Task Calls_later_through_a_variable_and_object_arguments() => VerifyAsync(
        """
        using Aspire.Hosting;

        const int Batch = 8;
        var builder = DistributedApplication.CreateBuilder(args);
        var llm = builder.AddContainer("llm", "vllm/vllm-openai");
        llm.WithArgs(new object[] { {|#0:"Qwen/Qwen-32B-Chat"|}, "--tensor-parallel-size", 4, "--max-num-seqs", Batch, "--max-model-len", 8192.ToString() });
        builder.Build().Run();
        """,
        SeedCluster,
        Diagnostic("VRAM006").WithLocation(0).WithArguments(SeedNote),
        Diagnostic("VRAM001").WithLocation(0).WithArguments(SeedVerdict));

    [Fact]
    public Task A_fitting_deployment_reports_nothing() => VerifyAsync(
        """
        using Aspire.Hosting;

        var builder = DistributedApplication.CreateBuilder(args);
        builder.AddContainer("llm", "vllm/vllm-openai", "v0.11.0")
            .WithArgs("Qwen/Qwen2.5-72B-Instruct-AWQ", "--tensor-parallel-size", "4", "--max-num-seqs", "8", "--max-model-len", "8192");
        builder.Build().Run();
        """,
        SeedCluster);

    [Fact]
    public Task A_container_that_is_not_vllm_is_ignored() => VerifyAsync(
        """
        using Aspire.Hosting;

        var builder = DistributedApplication.CreateBuilder(args);
        builder.AddContainer("cache", "redis", "7").WithArgs("--tensor-parallel-size", "0");
        builder.Build().Run();
        """,
        SeedCluster);

    [Fact]
    public Task The_image_tag_selects_the_vllm_release() => VerifyAsync(
        """
        using Aspire.Hosting;

        var builder = DistributedApplication.CreateBuilder(args);
        builder.AddContainer("new", "vllm/vllm-openai", "v0.12.0")
            .WithArgs("Qwen/Qwen2.5-7B-Instruct", "--max-model-len", "8192", {|#0:"--num-redundant-experts"|}, "2");
        builder.AddContainer("old", "vllm/vllm-openai").WithImageTag("v0.11.0")
            .WithArgs("Qwen/Qwen2.5-7B-Instruct", "--max-model-len", "8192", "--num-redundant-experts", "2");
        builder.Build().Run();
        """,
        "is_global = true\nvramlint.gpu = H100-80GB\nvramlint.gpu_count = 1\n",
        Diagnostic("VRAM007").WithLocation(0).WithArguments(
            "'--num-redundant-experts' was removed in vLLM 0.12 (deprecated before), and this deployment runs vLLM 0.12: vLLM stops with 'unrecognized arguments'"));

    [Fact]
    public Task Invalid_parallelism_lands_on_the_tensor_parallel_literal() => VerifyAsync(
        """
        using Aspire.Hosting;

        var builder = DistributedApplication.CreateBuilder(args);
        builder.AddContainer("llm", "vllm/vllm-openai")
            .WithArgs("Qwen/Qwen2.5-7B-Instruct", "--tensor-parallel-size", {|#0:"3"|}, "--max-model-len", "8192");
        builder.Build().Run();
        """,
        "is_global = true\nvramlint.gpu = L4\nvramlint.gpu_count = 4\n",
        Diagnostic("VRAM005").WithLocation(0).WithArguments(
            "tensor-parallel-size 3 is invalid for Qwen/Qwen2.5-7B-Instruct: total number of attention heads (28) must be divisible by tensor parallel size (3); to fit: raise tensor-parallel-size to 4 (KV cache 14.97 GiB, one request 0.11, 14.87 GiB spare; margin: the 0.6 GiB error band + one 16-token KV block)"));

    [Fact]
    public Task A_bad_value_is_vram007_and_no_verdict_is_made() => VerifyAsync(
        """
        using Aspire.Hosting;

        var builder = DistributedApplication.CreateBuilder(args);
        builder.AddContainer("llm", "vllm/vllm-openai")
            .WithArgs("Qwen/Qwen2.5-7B-Instruct", "--tensor-parallel-size", {|#0:"zero"|}, "--max-num-seqs", "8", "--max-model-len", "8192");
        builder.Build().Run();
        """,
        SeedCluster,
        Diagnostic("VRAM007").WithLocation(0).WithArguments("'--tensor-parallel-size zero' is not valid: expected a whole number of at least 1"));

    [Fact]
    public Task A_context_that_does_not_fit_lands_on_max_model_len() => VerifyAsync(
        """
        using Aspire.Hosting;

        var builder = DistributedApplication.CreateBuilder(args);
        builder.AddContainer("llm", "vllm/vllm-openai")
            .WithArgs("meta-llama/Llama-3.1-8B-Instruct", "--max-model-len={|#0:131072|}")
            .WithContainerRuntimeArgs("--gpus", "1");
        builder.Build().Run();
        """,
        "is_global = true\nvramlint.gpu = RTX 4090\n",
        Diagnostic("VRAM001").WithLocation(0).WithMessage(
            "one request of max-model-len 131072 needs 16.00 GiB of KV cache (128.0 KiB per token per GPU), more than the 5.24 GiB left "
            + "(budget 21.7 GiB (0.92 x 23.64) - weights 15.0 - activation 0.5 - non-torch 0.28 - CUDA graphs 0.74 = KV cache 5.24 GiB); "
            + "the largest max-model-len that fits is 41984; vLLM would stop with: To serve at least one request with the model's max seq len (131072), "
            + "(16.00 GiB KV cache is needed, which is larger than the available KV cache memory (5.24 GiB). Based on the available memory, the estimated maximum model length is 42928 (assuming vLLM 0.22: set vramlint.vllm_version to the release you run); "
            + "to fit: lower max-model-len to 37888 (KV cache 5.24 GiB, one request 4.63, 0.62 GiB spare; margin: the 0.6 GiB error band + one 16-token KV block)"));

    [Fact]
    public Task No_capacity_declared_gives_one_vram010() => VerifyAsync(
        """
        using Aspire.Hosting;

        var builder = DistributedApplication.CreateBuilder(args);
        builder.AddContainer("a", "vllm/vllm-openai").WithArgs("Qwen/Qwen2.5-7B-Instruct");
        builder.AddContainer("b", "vllm/vllm-openai").WithArgs("Qwen/Qwen2.5-7B-Instruct");
        builder.Build().Run();
        """,
        null,
        Diagnostic("VRAM010").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).WithNoLocation().WithArguments(Core.DeploymentChecker.NoCapacityFinding().Message));

    [Fact]
    public Task An_unknown_model_is_vram006() => VerifyAsync(
        """
        using Aspire.Hosting;

        var builder = DistributedApplication.CreateBuilder(args);
        builder.AddContainer("llm", "vllm/vllm-openai").WithArgs({|#0:"acme/secret-model"|});
        builder.Build().Run();
        """,
        SeedCluster,
        Diagnostic("VRAM006").WithLocation(0).WithArguments(
            "model 'acme/secret-model' is not in VramLint's catalog and its name states no size, so no memory estimate was made; "
            + "to size it exactly, check in its config.json as .vramlint/models/acme/secret-model/config.json or run 'vramlint models pull acme/secret-model'"));

    [Fact]
    public Task A_run_time_value_with_a_constant_default_is_checked_with_the_default_and_says_so() => VerifyAsync(
        """
        using Aspire.Hosting;

        var builder = DistributedApplication.CreateBuilder(args);
        var model = System.Environment.GetEnvironmentVariable("MODEL") ?? {|#0:"x"|};
        builder.AddContainer("llm", "vllm/vllm-openai").WithArgs(model, "--tensor-parallel-size", "4");
        builder.Build().Run();
        """,
        SeedCluster,
        Diagnostic("VRAM006").WithLocation(0).WithArguments(
            "model 'x' is not in VramLint's catalog and its name states no size, so no memory estimate was made; "
            + "to size it exactly, check in its config.json as .vramlint/models/<org>/x/config.json or run 'vramlint models pull <org>/x' (checked with environment variable MODEL (default x))"));

    [Fact]
    public Task A_run_time_value_without_a_default_is_named_and_not_checked() => VerifyAsync(
        """
        using Aspire.Hosting;

        var builder = DistributedApplication.CreateBuilder(args);
        var model = {|#0:System.Environment.GetEnvironmentVariable("MODEL")|};
        builder.AddContainer("llm", "vllm/vllm-openai").WithArgs(model, "--tensor-parallel-size", "4");
        builder.Build().Run();
        """,
        SeedCluster,
        Diagnostic("VRAM009").WithLocation(0).WithArguments("the model comes from environment variable MODEL; not checked"));

    [Fact]
    public Task An_entrypoint_override_and_visible_devices() => VerifyAsync(
        """
        using Aspire.Hosting;

        var builder = DistributedApplication.CreateBuilder(args);
        builder.AddContainer("old", "vllm/vllm-openai", "v0.6.0")
            .WithEntrypoint("python3")
            .WithArgs("-m", "vllm.entrypoints.openai.api_server", "--model", "meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", {|#0:"131072"|});
        builder.AddContainer("pinned", "vllm/vllm-openai")
            .WithArgs("meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", "8192", "-tp", {|#1:"4"|})
            .WithEnvironment("CUDA_VISIBLE_DEVICES", "0,1");
        builder.Build().Run();
        """,
        "is_global = true\nvramlint.gpu = RTX 4090\nvramlint.gpu_count = 8\n",
        Diagnostic("VRAM001").WithLocation(0).WithMessage(null),
        Diagnostic("VRAM005").WithLocation(1).WithMessage(
            "tensor-parallel-size 4 x pipeline-parallel-size 1 x data-parallel-size 1 needs 4 GPUs, but 2 are declared; to fit: raise tensor-parallel-size to 8 on 8 GPUs (KV cache 18.20 GiB, one request 0.13, 18.08 GiB spare; margin: the 0.6 GiB error band + one 16-token KV block)"));

    [Fact]
    public Task Requesting_all_of_the_card_is_a_startup_peak_warning_on_the_utilization() => VerifyAsync(
        """
        using Aspire.Hosting;

        var builder = DistributedApplication.CreateBuilder(args);
        builder.AddContainer("llm", "vllm/vllm-openai").WithArgs("Qwen/Qwen2.5-0.5B-Instruct", "--gpu-memory-utilization", {|#0:"1.0"|});
        builder.Build().Run();
        """,
        "is_global = true\nvramlint.gpu = H100\nvramlint.gpu_count = 1\n",
        Diagnostic("VRAM002").WithLocation(0).WithMessage(
            "vLLM requests 79.2 GiB (1.00 x 79.19) up front, and 0.55 GiB (CUDA context) lives outside that budget: 79.7 GiB exceeds the 79.19 GiB of H100 80GB; "
            + "vLLM would stop with: Free memory on device ... on startup is less than desired GPU memory utilization; lower gpu-memory-utilization"
            + " (assuming vLLM 0.22: set vramlint.vllm_version to the release you run)"));

    [Fact]
    public Task A_per_file_editorconfig_section_declares_the_gpus() => VerifyAsync(
        """
        using Aspire.Hosting;

        var builder = DistributedApplication.CreateBuilder(args);
        builder.AddContainer("llm", "vllm/vllm-openai").WithArgs("meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", {|#0:"131072"|});
        builder.Build().Run();
        """,
        null,
        "root = true\n[*.cs]\nvramlint.gpu = RTX 4090\nvramlint.gpu_count = 1\n",
        Diagnostic("VRAM001").WithLocation(0).WithMessage(null));
}
