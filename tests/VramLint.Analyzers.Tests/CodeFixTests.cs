using static VramLint.Analyzers.Tests.AnalyzerVerifier;
using static VramLint.Analyzers.Tests.CodeFixVerifier;

namespace VramLint.Analyzers.Tests;

/// <summary>Each fix kind at each place a value can live; the fixed code reports nothing (issue: code fixes).</summary>
public class CodeFixTests
{
    private const string OneRtx4090 = "is_global = true\nvramlint.gpu = RTX 4090\nvramlint.gpu_count = 1\n";
    private const string TwoL4 = "is_global = true\nvramlint.gpu = L4\nvramlint.gpu_count = 2\n";

    [Fact]
    public Task Lowers_max_model_len_in_its_literal() => VerifyFixAsync(
        """
        using Aspire.Hosting;

        var builder = DistributedApplication.CreateBuilder(args);
        builder.AddContainer("llm", "vllm/vllm-openai").WithArgs("meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", {|#0:"131072"|});
        builder.Build().Run();
        """,
        """
        using Aspire.Hosting;

        var builder = DistributedApplication.CreateBuilder(args);
        builder.AddContainer("llm", "vllm/vllm-openai").WithArgs("meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", "37888");
        builder.Build().Run();
        """,
        OneRtx4090,
        expected: new[] { Diagnostic("VRAM001").WithLocation(0).WithMessage(null) });

    [Fact]
    public Task Lowers_the_value_after_the_equals_sign() => VerifyFixAsync(
        """
        using Aspire.Hosting;

        var builder = DistributedApplication.CreateBuilder(args);
        builder.AddContainer("llm", "vllm/vllm-openai").WithArgs("meta-llama/Llama-3.1-8B-Instruct", "--max-model-len={|#0:131072|}");
        builder.Build().Run();
        """,
        """
        using Aspire.Hosting;

        var builder = DistributedApplication.CreateBuilder(args);
        builder.AddContainer("llm", "vllm/vllm-openai").WithArgs("meta-llama/Llama-3.1-8B-Instruct", "--max-model-len=37888");
        builder.Build().Run();
        """,
        OneRtx4090,
        expected: new[] { Diagnostic("VRAM001").WithLocation(0).WithMessage(null) });

    [Fact]
    public Task Lowers_a_word_of_a_one_string_command_line() => VerifyFixAsync(
        """
        using System.Diagnostics;

        Process.Start("vllm", "serve meta-llama/Llama-3.1-8B-Instruct --max-model-len {|#0:131072|} --port 8000");
        """,
        """
        using System.Diagnostics;

        Process.Start("vllm", "serve meta-llama/Llama-3.1-8B-Instruct --max-model-len 37888 --port 8000");
        """,
        OneRtx4090,
        expected: new[] { Diagnostic("VRAM001").WithLocation(0).WithMessage(null) });

    [Fact]
    public Task Edits_the_constant_the_value_came_from() => VerifyFixAsync(
        """
        using Aspire.Hosting;

        const int Context = {|#0:131072|};
        var builder = DistributedApplication.CreateBuilder(args);
        builder.AddContainer("llm", "vllm/vllm-openai").WithArgs("meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", Context.ToString());
        builder.Build().Run();
        """,
        """
        using Aspire.Hosting;

        const int Context = 37888;
        var builder = DistributedApplication.CreateBuilder(args);
        builder.AddContainer("llm", "vllm/vllm-openai").WithArgs("meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", Context.ToString());
        builder.Build().Run();
        """,
        OneRtx4090,
        expected: new[] { Diagnostic("VRAM001").WithLocation(0).WithMessage(null) });

    [Fact]
    public Task Raises_tensor_parallelism_by_adding_the_flag_and_the_gpus() => VerifyFixAsync(
        """
        using Aspire.Hosting;

        var builder = DistributedApplication.CreateBuilder(args);
        builder.AddContainer("llm", "vllm/vllm-openai")
            .WithArgs({|#0:"meta-llama/Llama-3.1-8B-Instruct"|})
            .WithContainerRuntimeArgs("--gpus", "1");
        builder.Build().Run();
        """,
        """
        using Aspire.Hosting;

        var builder = DistributedApplication.CreateBuilder(args);
        builder.AddContainer("llm", "vllm/vllm-openai")
            .WithArgs("meta-llama/Llama-3.1-8B-Instruct", "--tensor-parallel-size", "2")
            .WithContainerRuntimeArgs("--gpus", "2");
        builder.Build().Run();
        """,
        TwoL4,
        equivalenceKey: "VramLint.tensor-parallel-size",
        expected: new[] { Diagnostic("VRAM001").WithLocation(0).WithMessage(null) });

    [Fact]
    public Task Raises_an_invalid_tensor_parallel_size_in_place() => VerifyFixAsync(
        """
        using Aspire.Hosting;

        var builder = DistributedApplication.CreateBuilder(args);
        builder.AddContainer("llm", "vllm/vllm-openai").WithArgs("Qwen/Qwen2.5-7B-Instruct", "-tp", {|#0:"3"|}, "--max-model-len", "8192");
        builder.Build().Run();
        """,
        """
        using Aspire.Hosting;

        var builder = DistributedApplication.CreateBuilder(args);
        builder.AddContainer("llm", "vllm/vllm-openai").WithArgs("Qwen/Qwen2.5-7B-Instruct", "-tp", "4", "--max-model-len", "8192");
        builder.Build().Run();
        """,
        "is_global = true\nvramlint.gpu = L4\nvramlint.gpu_count = 4\n",
        expected: new[] { Diagnostic("VRAM005").WithLocation(0).WithMessage(null) });

    [Fact]
    public Task Leaves_a_batch_larger_than_the_cache_holds_alone() => VerifyFixAsync(
        """
        using Aspire.Hosting;

        var builder = DistributedApplication.CreateBuilder(args);
        builder.AddContainer("llm", "vllm/vllm-openai").WithArgs("meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", "32768", "--max-num-seqs", {|#0:"64"|});
        builder.Build().Run();
        """,
        """
        using Aspire.Hosting;

        var builder = DistributedApplication.CreateBuilder(args);
        builder.AddContainer("llm", "vllm/vllm-openai").WithArgs("meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", "32768", "--max-num-seqs", {|#0:"64"|});
        builder.Build().Run();
        """,
        "is_global = true\nvramlint.gpu = L4\nvramlint.gpu_count = 1\n",
        expected: new[] { Diagnostic("VRAM004").WithLocation(0).WithMessage(null) },
        remaining: new[] { Diagnostic("VRAM004").WithLocation(0).WithMessage(null) });

    [Fact]
    public Task Fixes_every_deployment_of_a_document_at_once() => VerifyFixAsync(
        """
        using Aspire.Hosting;

        var builder = DistributedApplication.CreateBuilder(args);
        builder.AddContainer("a", "vllm/vllm-openai").WithArgs("meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", {|#0:"131072"|});
        builder.AddContainer("b", "vllm/vllm-openai").WithArgs("meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", {|#1:"65536"|});
        builder.Build().Run();
        """,
        """
        using Aspire.Hosting;

        var builder = DistributedApplication.CreateBuilder(args);
        builder.AddContainer("a", "vllm/vllm-openai").WithArgs("meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", "37888");
        builder.AddContainer("b", "vllm/vllm-openai").WithArgs("meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", "37888");
        builder.Build().Run();
        """,
        OneRtx4090,
        expected: new[] { Diagnostic("VRAM001").WithLocation(0).WithMessage(null), Diagnostic("VRAM001").WithLocation(1).WithMessage(null) });

    [Fact]
    public Task No_fix_when_nothing_fits() => VerifyFixAsync(
        """
        using Aspire.Hosting;

        var builder = DistributedApplication.CreateBuilder(args);
        builder.AddContainer("llm", "vllm/vllm-openai").WithArgs({|#0:"meta-llama/Llama-3.1-405B-Instruct"|}, "-tp", "8");
        builder.Build().Run();
        """,
        """
        using Aspire.Hosting;

        var builder = DistributedApplication.CreateBuilder(args);
        builder.AddContainer("llm", "vllm/vllm-openai").WithArgs({|#0:"meta-llama/Llama-3.1-405B-Instruct"|}, "-tp", "8");
        builder.Build().Run();
        """,
        "is_global = true\nvramlint.gpu = L4\nvramlint.gpu_count = 8\n",
        expected: new[] { Diagnostic("VRAM003").WithLocation(0).WithMessage(null) },
        remaining: new[] { Diagnostic("VRAM003").WithLocation(0).WithMessage(null) });

    [Fact]
    public Task No_fix_when_the_gpus_are_a_device_list_it_cannot_grow() => VerifyFixAsync(
        """
        using Aspire.Hosting;

        var builder = DistributedApplication.CreateBuilder(args);
        builder.AddContainer("llm", "vllm/vllm-openai")
            .WithArgs("meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", "8192", "-tp", {|#0:"4"|})
            .WithContainerRuntimeArgs("--gpus", "device=0,1");
        builder.Build().Run();
        """,
        """
        using Aspire.Hosting;

        var builder = DistributedApplication.CreateBuilder(args);
        builder.AddContainer("llm", "vllm/vllm-openai")
            .WithArgs("meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", "8192", "-tp", {|#0:"4"|})
            .WithContainerRuntimeArgs("--gpus", "device=0,1");
        builder.Build().Run();
        """,
        "is_global = true\nvramlint.gpu = RTX 4090\nvramlint.gpu_count = 8\n",
        expected: new[] { Diagnostic("VRAM005").WithLocation(0).WithMessage(null) },
        remaining: new[] { Diagnostic("VRAM005").WithLocation(0).WithMessage(null) });

    [Fact]
    public Task Lowers_a_value_in_an_options_initializer() => VerifyFixAsync(
        """
        var options = new VllmOptions { Model = "meta-llama/Llama-3.1-8B-Instruct", MaxModelLen = {|#0:131072|} };

        class VllmOptions
        {
            public string Model { get; set; } = "";
            public int MaxModelLen { get; set; }
        }
        """,
        """
        var options = new VllmOptions { Model = "meta-llama/Llama-3.1-8B-Instruct", MaxModelLen = 37888 };

        class VllmOptions
        {
            public string Model { get; set; } = "";
            public int MaxModelLen { get; set; }
        }
        """,
        OneRtx4090,
        expected: new[] { Diagnostic("VRAM001").WithLocation(0).WithMessage(null) });
}
