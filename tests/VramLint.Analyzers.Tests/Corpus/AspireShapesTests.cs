using static VramLint.Analyzers.Tests.AnalyzerVerifier;

namespace VramLint.Analyzers.Tests.Corpus;

/// <summary>
/// Aspire AppHost shapes seen in public repositories (see MANIFEST.md: case ids A01...), rewritten as our own code.
/// One RTX 4090: Llama-3.1-8B at max-model-len 131072 does not fit, at 8192 it does.
/// </summary>
public class AspireShapesTests
{
    internal const string OneRtx4090 = "is_global = true\nvramlint.gpu = RTX 4090\nvramlint.gpu_count = 1\n";

    internal const string Usings = "using Aspire.Hosting;\nusing Aspire.Hosting.ApplicationModel;\nusing Microsoft.Extensions.Configuration;\n";

    [Fact]
    public Task A01_chained_container_with_gpus_all_and_an_underscore_flag() => VerifyAsync(
        Usings + """
        const string ModelName = "meta-llama/Llama-3.1-8B-Instruct";
        var builder = DistributedApplication.CreateBuilder(args);
        var vllm = builder.AddContainer("vllm", "vllm/vllm-openai")
            .WithHttpEndpoint(targetPort: 8000)
            .WithLifetime(ContainerLifetime.Persistent)
            .WithContainerRuntimeArgs("--gpus=all")
            .WithArgs("--model", ModelName, "--trust-remote-code", "--max_model_len", {|#0:"131072"|});
        builder.Build().Run();
        """,
        OneRtx4090,
        Diagnostic("VRAM001").WithLocation(0).WithMessage(null));

    [Fact]
    public Task A02_the_same_container_that_fits_is_quiet() => VerifyAsync(
        Usings + """
        const string ModelName = "meta-llama/Llama-3.1-8B-Instruct";
        var builder = DistributedApplication.CreateBuilder(args);
        builder.AddContainer("vllm", "vllm/vllm-openai")
            .WithContainerRuntimeArgs("--gpus=all")
            .WithArgs("--model", ModelName, "--max_model_len", "8192");
        builder.Build().Run();
        """,
        OneRtx4090);

    [Fact]
    public Task A03_an_argument_array_built_in_a_local_and_handed_on_later() => VerifyAsync(
        Usings + """
        var builder = DistributedApplication.CreateBuilder(args);
        var container = builder.AddContainer("llm", "vllm/vllm-openai", "v0.11.0");
        string[] serveArgs = new[] { "meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", {|#0:"131072"|} };
        container.WithArgs(serveArgs);
        builder.Build().Run();
        """,
        OneRtx4090,
        Diagnostic("VRAM001").WithLocation(0).WithMessage(null));

    [Fact]
    public Task A04_a_list_grown_with_Add_then_ToArray() => VerifyAsync(
        Usings + """
        using System.Collections.Generic;
        var builder = DistributedApplication.CreateBuilder(args);
        var serveArgs = new List<string> { "--model", "meta-llama/Llama-3.1-8B-Instruct" };
        serveArgs.Add("--max-model-len");
        serveArgs.Add({|#0:"131072"|});
        builder.AddContainer("llm", "vllm/vllm-openai").WithArgs(serveArgs.ToArray());
        builder.Build().Run();
        """,
        OneRtx4090,
        Diagnostic("VRAM001").WithLocation(0).WithMessage(null));

    [Fact]
    public Task A05_entrypoint_replaced_by_python_module() => VerifyAsync(
        Usings + """
        var builder = DistributedApplication.CreateBuilder(args);
        builder.AddContainer("vllm", "vllm/vllm-openai")
            .WithImageTag("v0.7.3")
            .WithEntrypoint("python3")
            .WithArgs(
                "-m", "vllm.entrypoints.openai.api_server",
                "--model", "meta-llama/Llama-3.1-8B-Instruct",
                "--max-model-len", {|#0:"131072"|},
                "--enforce-eager")
            .WithEnvironment("VLLM_USE_V1", "0");
        builder.Build().Run();
        """,
        OneRtx4090,
        Diagnostic("VRAM001").WithLocation(0).WithMessage(null));

    [Fact]
    public Task A06_configuration_with_a_constant_default_is_checked_with_the_default_and_says_so() => VerifyAsync(
        Usings + """
        var builder = DistributedApplication.CreateBuilder(args);
        var contextLength = builder.Configuration.GetValue("Llm:ContextLength", {|#0:131072|});
        builder.AddContainer("vllm", "vllm/vllm-openai")
            .WithArgs("meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", contextLength.ToString());
        builder.Build().Run();
        """,
        OneRtx4090,
        Diagnostic("VRAM001").WithLocation(0).WithMessage(null));

    [Fact]
    public Task A07_a_model_from_configuration_with_a_coalesced_default() => VerifyAsync(
        Usings + """
        var builder = DistributedApplication.CreateBuilder(args);
        var model = builder.Configuration.GetValue<string?>("Llm:Model") ?? "meta-llama/Llama-3.1-8B-Instruct";
        var maxLen = builder.Configuration["Llm:MaxModelLen"] ?? {|#0:"131072"|};
        builder.AddContainer("vllm", "vllm/vllm-openai").WithArgs("--model", model, "--max-model-len", maxLen);
        builder.Build().Run();
        """,
        OneRtx4090,
        Diagnostic("VRAM001").WithLocation(0).WithMessage(null));

    [Fact]
    public Task A08_a_configuration_key_with_no_default_is_named() => VerifyAsync(
        Usings + """
        var builder = DistributedApplication.CreateBuilder(args);
        builder.AddContainer("vllm", "vllm/vllm-openai")
            .WithArgs("meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", {|#0:builder.Configuration["Llm:ContextLength"]|}!);
        builder.Build().Run();
        """,
        OneRtx4090,
        Diagnostic("VRAM009").WithLocation(0).WithArguments("max-model-len comes from configuration key Llm:ContextLength with no default; not checked"));

    [Fact]
    public Task A09_GetValue_without_a_default_is_named() => VerifyAsync(
        Usings + """
        var builder = DistributedApplication.CreateBuilder(args);
        var contextLength = {|#0:builder.Configuration.GetValue<int>("Llm:ContextLength")|};
        builder.AddContainer("vllm", "vllm/vllm-openai").WithArgs("meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", contextLength.ToString());
        builder.Build().Run();
        """,
        OneRtx4090,
        Diagnostic("VRAM009").WithLocation(0).WithArguments("max-model-len comes from configuration key Llm:ContextLength with no default; not checked"));

    [Fact]
    public Task A10_an_extension_method_that_adds_the_deployment_with_no_call_site() => VerifyAsync(
        Usings + """
        System.Console.WriteLine("the app host's entry point calls nothing here");

        public static class ChatResources
        {
            public const string ChatModel = "meta-llama/Llama-3.1-8B-Instruct";

            public static IDistributedApplicationBuilder AddChat(this IDistributedApplicationBuilder builder)
            {
                var vllm = builder.AddContainer("vllm", "vllm/vllm-openai")
                    .WithArgs("--model", ChatModel, "--max-model-len", {|#0:"131072"|});
                vllm = vllm.WithContainerRuntimeArgs("--gpus=all");
                return builder;
            }
        }
        """,
        OneRtx4090,
        Diagnostic("VRAM001").WithLocation(0).WithMessage(null));

    [Fact]
    public Task A11_the_same_extension_method_called_from_the_app_host_is_reported_once() => VerifyFilesAsync(
        new[]
        {
            Usings + """
            var builder = DistributedApplication.CreateBuilder(args);
            builder.AddChat();
            builder.Build().Run();
            """,
            Usings + """
            public static class ChatResources
            {
                public static void AddChat(this IDistributedApplicationBuilder builder, int contextLength = {|#0:131072|})
                {
                    builder.AddContainer("vllm", "vllm/vllm-openai").WithArgs("meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", contextLength.ToString());
                }
            }
            """,
        },
        OneRtx4090,
        null,
        Array.Empty<Microsoft.CodeAnalysis.MetadataReference>(),
        Diagnostic("VRAM001").WithLocation(0).WithMessage(null));

    [Fact]
    public Task A12_wrappers_several_calls_deep_bound_to_the_call_site() => VerifyAsync(
        Usings + """
        var builder = DistributedApplication.CreateBuilder(args);
        builder.AddLlm("chat", {|#0:131072|}).WithContainerRuntimeArgs("--gpus", "1");
        builder.AddLlm("small", 8192);
        builder.Build().Run();

        static class LlmHosting
        {
            public static IResourceBuilder<ContainerResource> AddLlm(this IDistributedApplicationBuilder builder, string name, int context) =>
                builder.AddVllmContainer(name).WithArgs("--max-model-len", context.ToString());

            public static IResourceBuilder<ContainerResource> AddVllmContainer(this IDistributedApplicationBuilder builder, string name)
            {
                var container = builder.AddContainer(name, "vllm/vllm-openai", "latest");
                container.WithArgs("--model", "meta-llama/Llama-3.1-8B-Instruct");
                return container;
            }
        }
        """,
        OneRtx4090,
        Diagnostic("VRAM001").WithLocation(0).WithMessage(null));

    [Fact]
    public Task A13_a_constant_declared_in_another_file_is_reported_where_it_is_written() => VerifyFilesAsync(
        new[]
        {
            Usings + """
            var builder = DistributedApplication.CreateBuilder(args);
            builder.AddContainer("vllm", "vllm/vllm-openai").WithArgs(LlmDefaults.Model, "--max-model-len", LlmDefaults.ContextLength.ToString());
            builder.Build().Run();
            """,
            """
            static class LlmDefaults
            {
                public const string Model = "meta-llama/Llama-3.1-8B-Instruct";
                public const int ContextLength = {|#0:131072|};
            }
            """,
        },
        OneRtx4090,
        null,
        Array.Empty<Microsoft.CodeAnalysis.MetadataReference>(),
        Diagnostic("VRAM001").WithLocation(0).WithMessage(null));

    [Fact]
    public Task A14_a_hosting_integration_known_from_metadata_only() => VerifyFilesAsync(
        new[]
        {
            Usings + """
            using Community.Hosting.Vllm;
            var builder = DistributedApplication.CreateBuilder(args);
            builder.AddVLLM("vllm").WithModel("meta-llama/Llama-3.1-8B-Instruct").WithArgs("--max-model-len", {|#0:"131072"|});
            builder.AddVLLM("fits").WithModel("meta-llama/Llama-3.1-8B-Instruct").WithArgs("--max-model-len", "8192");
            builder.Build().Run();
            """,
        },
        OneRtx4090,
        null,
        new[] { VllmIntegration.Value },
        Diagnostic("VRAM001").WithLocation(0).WithMessage(null));

    [Fact]
    public Task A15_a_custom_image_whose_arguments_are_plainly_vllms() => VerifyAsync(
        Usings + """
        var builder = DistributedApplication.CreateBuilder(args);
        builder.AddContainer("brain", "registry.local/brain-server", "local")
            .WithContainerRuntimeArgs("--gpus", "all", "--ipc", "host")
            .WithArgs("--model", "meta-llama/Llama-3.1-8B-Instruct", "--dtype", "bfloat16", "--max-model-len", {|#0:"131072"|}, "--max-num-seqs", "16");
        builder.AddContainer("markdown", "mcp/markitdown").WithArgs("--http", "--host", "0.0.0.0", "--port", "3001");
        builder.Build().Run();
        """,
        OneRtx4090,
        Diagnostic("VRAM001").WithLocation(0).WithMessage(null));

    [Fact]
    public Task A16_a_WithArgs_callback_is_named() => VerifyAsync(
        Usings + """
        var builder = DistributedApplication.CreateBuilder(args);
        builder.AddContainer("vllm", "vllm/vllm-openai")
            .WithArgs("meta-llama/Llama-3.1-8B-Instruct")
            .WithArgs({|#0:context => context.Args.Add("--max-model-len=131072")|});
        builder.Build().Run();
        """,
        OneRtx4090,
        Diagnostic("VRAM009").WithLocation(0).WithArguments("a command-line word comes from a WithArgs callback that runs when the container starts; not checked"));

    [Fact]
    public Task A17_a_model_chosen_at_run_time_is_named() => VerifyAsync(
        Usings + """
        var builder = DistributedApplication.CreateBuilder(args);
        var usePrequantized = System.IO.Directory.Exists("/models/prequant");
        var modelArg = {|#0:usePrequantized ? "/models/prequant" : "meta-llama/Llama-3.1-8B-Instruct"|};
        builder.AddContainer("vllm", "vllm/vllm-openai").WithArgs(modelArg, "--max-model-len", "16384");
        builder.Build().Run();
        """,
        OneRtx4090,
        Diagnostic("VRAM009").WithLocation(0).WithArguments("the model comes from a condition decided at run time (usePrequantized); not checked"));

    [Fact]
    public Task A18_harmless_run_time_values_do_not_stop_the_check() => VerifyAsync(
        Usings + """
        var builder = DistributedApplication.CreateBuilder(args);
        var hfToken = builder.AddParameter("hf-token", secret: true);
        var port = System.Environment.GetEnvironmentVariable("PORT");
        builder.AddContainer("vllm", "vllm/vllm-openai")
            .WithArgs("--model", "meta-llama/Llama-3.1-8B-Instruct", "--hf-token", hfToken, "--port", port!, "--max-model-len", {|#0:"131072"|});
        builder.Build().Run();
        """,
        OneRtx4090,
        Diagnostic("VRAM001").WithLocation(0).WithMessage(null));

    [Fact]
    public Task A19_deployments_in_different_files_that_share_a_gpu() => VerifyFilesAsync(
        new[]
        {
            Usings + """
            var builder = DistributedApplication.CreateBuilder(args);
            builder.AddContainer("chat", "vllm/vllm-openai")
                .WithArgs("Qwen/Qwen2.5-0.5B-Instruct", "--max-model-len", "4096", "--gpu-memory-utilization", {|#0:"0.6"|})
                .WithEnvironment("CUDA_VISIBLE_DEVICES", "0");
            builder.AddEmbeddings();
            builder.Build().Run();
            """,
            Usings + """
            static class Embeddings
            {
                public static void AddEmbeddings(this IDistributedApplicationBuilder builder) =>
                    builder.AddContainer("embed", "vllm/vllm-openai")
                        .WithArgs("Qwen/Qwen2.5-0.5B-Instruct", "--max-model-len", "4096", "--gpu-memory-utilization", {|#1:"0.6"|})
                        .WithEnvironment("CUDA_VISIBLE_DEVICES", "0");
            }
            """,
        },
        OneRtx4090,
        null,
        Array.Empty<Microsoft.CodeAnalysis.MetadataReference>(),
        Diagnostic("VRAM002").WithLocation(0).WithMessage(null),
        Diagnostic("VRAM002").WithLocation(1).WithMessage(null));

    [Fact]
    public Task A20_options_defaults_in_a_partial_class_split_over_two_files() => VerifyFilesAsync(
        new[]
        {
            """
            System.Console.WriteLine();

            public partial class ChatServerOptions
            {
                public string Model { get; set; } = "meta-llama/Llama-3.1-8B-Instruct";
            }
            """,
            """
            public partial class ChatServerOptions
            {
                public int MaxModelLen { get; set; } = {|#0:131072|};
            }
            """,
        },
        OneRtx4090,
        null,
        Array.Empty<Microsoft.CodeAnalysis.MetadataReference>(),
        Diagnostic("VRAM001").WithLocation(0).WithMessage(null));

    [Fact]
    public Task A21_a_wrapper_declared_in_another_file_is_named_not_guessed() => VerifyFilesAsync(
        new[]
        {
            Usings + """
            var builder = DistributedApplication.CreateBuilder(args);
            {|#0:builder.AddLlm("chat")|}.WithArgs("--max-model-len", "131072");
            builder.Build().Run();
            """,
            Usings + """
            static class LlmHosting
            {
                public static IResourceBuilder<ContainerResource> AddLlm(this IDistributedApplicationBuilder builder, string name) =>
                    builder.AddContainer(name, "vllm/vllm-openai").WithArgs("meta-llama/Llama-3.1-8B-Instruct");
            }
            """,
        },
        OneRtx4090,
        null,
        Array.Empty<Microsoft.CodeAnalysis.MetadataReference>(),
        Diagnostic("VRAM009").WithLocation(0).WithArguments("the command comes from AddLlm(), declared in Test1.cs (wrappers in other files are not followed); not checked"));

    /// <summary>A community vLLM hosting integration, as a consumer sees it: metadata only.</summary>
    internal static readonly Lazy<Microsoft.CodeAnalysis.MetadataReference> VllmIntegration = new(() => CompileLibrary("Community.Hosting.Vllm", """
        using Aspire.Hosting;
        using Aspire.Hosting.ApplicationModel;

        namespace Community.Hosting.Vllm;

        public static class VllmHostingExtensions
        {
            public static IResourceBuilder<ContainerResource> AddVLLM(this IDistributedApplicationBuilder builder, string name) => throw null!;

            public static IResourceBuilder<ContainerResource> WithModel(this IResourceBuilder<ContainerResource> builder, string model) => throw null!;
        }
        """));
}
