using static VramLint.Analyzers.Tests.AnalyzerVerifier;

namespace VramLint.Analyzers.Tests;

public class WrapperAndCollectionTests
{
    private const string OneRtx4090 = "is_global = true\nvramlint.gpu = RTX 4090\nvramlint.gpu_count = 1\n";

    [Fact]
    public Task Thin_wrapper_methods_are_followed_to_the_container_they_make() => VerifyAsync(
        """
        using Aspire.Hosting;
        using Aspire.Hosting.ApplicationModel;

        var builder = DistributedApplication.CreateBuilder(args);
        builder.AddVLLM("llm", maxModelLen: {|#0:131072|}).WithModel("meta-llama/Llama-3.1-8B-Instruct");
        builder.AddVLLM("small").WithModel("meta-llama/Llama-3.1-8B-Instruct");
        builder.Build().Run();

        static class VllmExtensions
        {
            public static IResourceBuilder<ContainerResource> AddVLLM(this IDistributedApplicationBuilder builder, string name, int maxModelLen = 8192) =>
                builder.AddContainer(name, "vllm/vllm-openai", "latest").WithArgs("--max-model-len", maxModelLen.ToString());

            public static IResourceBuilder<ContainerResource> WithModel(this IResourceBuilder<ContainerResource> container, string model) =>
                container.WithArgs("--model", model);
        }
        """,
        OneRtx4090,
        Diagnostic("VRAM001").WithLocation(0).WithMessage(null));

    /// <summary>
    /// The calling file names neither vLLM nor a vLLM setting: only the pre-check's wrapper search (a method whose body
    /// names vLLM, found from the word's place in the other file) brings it to the recognizers.
    /// </summary>
    [Fact]
    public Task A_file_without_a_marker_that_calls_a_wrapper_is_still_read() => VerifyFilesAsync(
        new[]
        {
            Corpus.AspireShapesTests.Usings + """
            var builder = DistributedApplication.CreateBuilder(args);
            {|#0:builder.AddLlm("chat")|};
            builder.Build().Run();
            """,
            Corpus.AspireShapesTests.Usings + """
            static class LlmHosting
            {
                /// <summary>Adds the chat model's server.</summary>
                public static IResourceBuilder<ContainerResource> AddLlm(this IDistributedApplicationBuilder builder, string name)
                {
                    // The image is chosen here.
                    return builder.AddContainer(name, "vllm/vllm-openai").WithArgs("meta-llama/Llama-3.1-8B-Instruct");
                }
            }
            """,
        },
        OneRtx4090,
        null,
        Array.Empty<Microsoft.CodeAnalysis.MetadataReference>(),
        Diagnostic("VRAM009").WithLocation(0).WithArguments("the command comes from AddLlm(), declared in Test1.cs (wrappers in other files are not followed); not checked"));
}

public class ContainerSpecTests
{
    [Fact]
    public Task A_kubernetes_container_built_in_csharp_with_its_gpu_limit() => AnalyzerVerifier.VerifyAsync(
        """
        using System.Collections.Generic;
        using k8s.Models;

        var container = new V1Container
        {
            Name = "vllm",
            Image = "vllm/vllm-openai:latest",
            Args = new List<string> { "meta-llama/Llama-3.1-8B-Instruct", "--tensor-parallel-size", {|#0:"2"|}, "--max-model-len", "8192" },
            Resources = new V1ResourceRequirements
            {
                Limits = new Dictionary<string, ResourceQuantity> { ["nvidia.com/gpu"] = new ResourceQuantity("1") },
            },
        };
        """,
        "is_global = true\nvramlint.gpu = L4\nvramlint.gpu_count = 4\n",
        AnalyzerVerifier.Diagnostic("VRAM005").WithLocation(0).WithMessage(
            "tensor-parallel-size 2 x pipeline-parallel-size 1 x data-parallel-size 1 needs 2 GPUs, but 1 are declared; to fit: raise tensor-parallel-size to 4 on 4 GPUs (KV cache 14.85 GiB, one request 0.25, 14.60 GiB spare; margin: the 0.6 GiB error band + one 16-token KV block)"));

    [Fact]
    public Task A_container_spec_that_is_not_vllm_is_ignored() => AnalyzerVerifier.VerifyAsync(
        """
        using System.Collections.Generic;
        using k8s.Models;

        var container = new V1Container { Name = "web", Image = "nginx", Args = new List<string> { "--tensor-parallel-size", "0" } };
        """,
        "is_global = true\nvramlint.gpu = L4\nvramlint.gpu_count = 4\n");
}

public class OptionsDefaultsTests
{
    [Fact]
    public Task An_options_types_own_defaults_are_a_deployment_and_initializers_override_them() => AnalyzerVerifier.VerifyAsync(
        """
        var fits = new VllmSettings { MaxModelLen = 8192 };
        var tooLong = new VllmSettings { MaxModelLen = {|#1:131072|} };

        public sealed class VllmSettings
        {
            public string Model { get; init; } = "meta-llama/Llama-3.1-8B-Instruct";
            public int TensorParallelSize { get; init; } = 1;
            public int MaxModelLen { get; init; } = {|#0:65536|};
        }
        """,
        "is_global = true\nvramlint.gpu = RTX 4090\nvramlint.gpu_count = 1\n",
        AnalyzerVerifier.Diagnostic("VRAM001").WithLocation(0).WithMessage(null),
        AnalyzerVerifier.Diagnostic("VRAM001").WithLocation(1).WithMessage(null));
}

public class CommandCollectionTests
{
    [Fact]
    public Task A_string_array_that_is_a_vllm_command_with_constant_interpolations() => AnalyzerVerifier.VerifyAsync(
        """
        const string Org = "meta-llama";
        const string Context = {|#0:"131072"|};
        string[] command = ["vllm", "serve", $"{Org}/Llama-3.1-8B-Instruct", "--max-model-len", Context];
        var notACommand = new[] { "echo", "vllm", "serve" };
        System.Console.WriteLine(command.Length + notACommand.Length);
        """,
        "is_global = true\nvramlint.gpu = RTX 4090\nvramlint.gpu_count = 1\n",
        AnalyzerVerifier.Diagnostic("VRAM001").WithLocation(0).WithMessage(null));
}
