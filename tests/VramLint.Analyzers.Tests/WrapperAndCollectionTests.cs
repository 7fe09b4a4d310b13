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
}
