using static VramLint.Analyzers.Tests.AnalyzerVerifier;

namespace VramLint.Analyzers.Tests.Corpus;

/// <summary>
/// Containers started from C# with Docker.DotNet, Testcontainers and KubernetesClient, options types and command
/// collections, in the shapes of public repositories (MANIFEST.md: C01..., T01..., O01..., K01...), rewritten.
/// Docker.DotNet and Testcontainers are declared here with the members the shapes use; when their types are in the
/// compilation the analyzer matches them by symbol (a lookalike of another library is not read), otherwise by name.
/// </summary>
public class ContainerShapesTests
{
    private const string OneRtx4090 = AspireShapesTests.OneRtx4090;

    private const string DockerDotNet = """

        namespace Docker.DotNet.Models
        {
            public class CreateContainerParameters
            {
                public string? Image { get; set; }
                public System.Collections.Generic.IList<string>? Cmd { get; set; }
                public System.Collections.Generic.IList<string>? Entrypoint { get; set; }
                public HostConfig? HostConfig { get; set; }
            }

            public class HostConfig
            {
                public System.Collections.Generic.IList<DeviceRequest>? DeviceRequests { get; set; }
            }

            public class DeviceRequest
            {
                public string? Driver { get; set; }
                public long Count { get; set; }
                public System.Collections.Generic.IList<string>? DeviceIDs { get; set; }
            }
        }
        """;

    private const string Testcontainers = """

        namespace DotNet.Testcontainers.Builders
        {
            public class ContainerBuilder
            {
                public ContainerBuilder WithImage(string image) => this;
                public ContainerBuilder WithCommand(params string[] command) => this;
                public ContainerBuilder WithEntrypoint(params string[] entrypoint) => this;
                public ContainerBuilder WithEnvironment(string name, string value) => this;
                public ContainerBuilder WithPortBinding(int port, bool assignRandomHostPort) => this;
                public object Build() => new object();
            }
        }
        """;

    [Fact]
    public Task C01_docker_dotnet_create_parameters_with_a_device_request() => VerifyAsync(
        """
        using System.Collections.Generic;
        using Docker.DotNet.Models;
        var parameters = new CreateContainerParameters
        {
            Image = "vllm/vllm-openai:v0.6.3",
            Cmd = new[] { "--model", "meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", {|#0:"131072"|} },
            HostConfig = new HostConfig { DeviceRequests = new List<DeviceRequest> { new DeviceRequest { Driver = "nvidia", Count = 1 } } },
        };
        """ + DockerDotNet,
        "is_global = true\nvramlint.gpu = RTX 4090\nvramlint.gpu_count = 4\n",
        Diagnostic("VRAM001").WithLocation(0).WithMessage(null));

    [Fact]
    public Task C02_docker_dotnet_device_ids_limit_the_gpus() => VerifyAsync(
        """
        using System.Collections.Generic;
        using Docker.DotNet.Models;
        var parameters = new CreateContainerParameters
        {
            Image = "vllm/vllm-openai",
            Cmd = new List<string> { "Qwen/Qwen2.5-7B-Instruct", "--tensor-parallel-size", {|#0:"4"|}, "--max-model-len", "8192" },
            HostConfig = new HostConfig { DeviceRequests = new List<DeviceRequest> { new DeviceRequest { DeviceIDs = new List<string> { "0", "1" } } } },
        };
        """ + DockerDotNet,
        "is_global = true\nvramlint.gpu = L4\nvramlint.gpu_count = 8\n",
        Diagnostic("VRAM005").WithLocation(0).WithMessage(null));

    [Fact]
    public Task C03_docker_dotnet_command_built_in_a_local_list() => VerifyAsync(
        """
        using System.Collections.Generic;
        using Docker.DotNet.Models;
        var cmd = new List<string> { "--model", "meta-llama/Llama-3.1-8B-Instruct" };
        cmd.AddRange(new[] { "--max-model-len", {|#0:"131072"|} });
        var parameters = new CreateContainerParameters { Image = "vllm/vllm-openai:latest", Cmd = cmd };
        """ + DockerDotNet,
        OneRtx4090,
        Diagnostic("VRAM001").WithLocation(0).WithMessage(null));

    [Fact]
    public Task C04_docker_dotnet_non_vllm_image_is_ignored() => VerifyAsync(
        """
        using Docker.DotNet.Models;
        var parameters = new CreateContainerParameters { Image = "mcr.microsoft.com/dotnet/sdk:8.0", Cmd = new[] { "dotnet", "new", "console", "--max-model-len", "0" } };
        """ + DockerDotNet,
        OneRtx4090);

    [Fact]
    public Task C06_docker_dotnet_image_and_command_declared_on_the_config_base_class() => VerifyAsync(
        """
        using System.Collections.Generic;
        using Docker.DotNet.Models;
        var parameters = new CreateContainerParameters
        {
            Image = "vllm/vllm-openai:v0.6.3",
            Cmd = new List<string> { "--model", "meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", {|#0:"131072"|} },
            HostConfig = new HostConfig { DeviceRequests = new List<DeviceRequest> { new DeviceRequest { Count = 1 } } },
        };

        namespace Docker.DotNet.Models
        {
            public class Config
            {
                public string? Image { get; set; }
                public IList<string>? Cmd { get; set; }
            }

            public class CreateContainerParameters : Config
            {
                public HostConfig? HostConfig { get; set; }
            }

            public class HostConfig
            {
                public IList<DeviceRequest>? DeviceRequests { get; set; }
            }

            public class DeviceRequest
            {
                public long Count { get; set; }
            }
        }
        """,
        "is_global = true\nvramlint.gpu = RTX 4090\nvramlint.gpu_count = 4\n",
        Diagnostic("VRAM001").WithLocation(0).WithMessage(null));

    [Fact]
    public Task C05_kubernetes_container_args_from_a_local_array() => VerifyAsync(
        """
        using System.Collections.Generic;
        using k8s.Models;
        var serveArgs = new[] { "meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", {|#0:"131072"|} };
        var container = new V1Container
        {
            Name = "vllm",
            Image = "vllm/vllm-openai:v0.11.0",
            Args = serveArgs,
            Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["nvidia.com/gpu"] = new ResourceQuantity("1") } },
        };
        """,
        "is_global = true\nvramlint.gpu = RTX 4090\nvramlint.gpu_count = 8\n",
        Diagnostic("VRAM001").WithLocation(0).WithMessage(null));

    [Fact]
    public Task T01_testcontainers_with_image_and_command() => VerifyAsync(
        """
        using DotNet.Testcontainers.Builders;
        var container = new ContainerBuilder()
            .WithImage("vllm/vllm-openai:latest")
            .WithPortBinding(8000, true)
            .WithCommand("--model", "meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", {|#0:"131072"|})
            .Build();
        """ + Testcontainers,
        OneRtx4090,
        Diagnostic("VRAM001").WithLocation(0).WithMessage(null));

    [Fact]
    public Task T02_testcontainers_entrypoint_replaced_and_fitting_is_quiet() => VerifyAsync(
        """
        using DotNet.Testcontainers.Builders;
        var container = new ContainerBuilder()
            .WithEntrypoint("python3", "-m", "vllm.entrypoints.openai.api_server")
            .WithImage("vllm/vllm-openai:v0.6.3")
            .WithCommand("--model", "meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", "8192")
            .Build();
        """ + Testcontainers,
        OneRtx4090);

    [Fact]
    public Task T03_testcontainers_builder_in_a_local_and_pinned_devices() => VerifyAsync(
        """
        using DotNet.Testcontainers.Builders;
        var builder = new ContainerBuilder().WithImage("vllm/vllm-openai");
        builder = builder.WithEnvironment("CUDA_VISIBLE_DEVICES", "0");
        builder.WithCommand("Qwen/Qwen2.5-7B-Instruct", "--tensor-parallel-size", {|#0:"2"|});
        """ + Testcontainers,
        "is_global = true\nvramlint.gpu = L4\nvramlint.gpu_count = 4\n",
        Diagnostic("VRAM005").WithLocation(0).WithMessage(null));

    [Fact]
    public Task T04_testcontainers_calls_declared_on_the_generic_builder_base() => VerifyAsync(
        """
        using DotNet.Testcontainers.Builders;
        var container = new ContainerBuilder()
            .WithImage("vllm/vllm-openai:latest")
            .WithCommand("--model", "meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", {|#0:"131072"|})
            .Build();

        namespace DotNet.Testcontainers.Builders
        {
            public interface IContainerBuilder<TBuilderEntity, out TContainerEntity>
            {
                TBuilderEntity WithImage(string image);
            }

            public abstract class ContainerBuilder<TBuilderEntity, TContainerEntity, TConfigurationEntity> : IContainerBuilder<TBuilderEntity, TContainerEntity>
            {
                public TBuilderEntity WithImage(string image) => Self;
                public TBuilderEntity WithCommand(params string[] command) => Self;
                protected abstract TBuilderEntity Self { get; }
                public abstract TContainerEntity Build();
            }

            public sealed class ContainerBuilder : ContainerBuilder<ContainerBuilder, object, object>
            {
                protected override ContainerBuilder Self => this;
                public override object Build() => new object();
            }
        }
        """,
        OneRtx4090,
        Diagnostic("VRAM001").WithLocation(0).WithMessage(null));

    [Fact]
    public Task T05_a_with_image_lookalike_is_not_read_when_testcontainers_is_referenced() => VerifyAsync(
        """
        using DotNet.Testcontainers.Builders;
        var container = new ContainerBuilder().WithImage("nginx").Build();
        var job = new Acme.Batch.ImageJob().WithImage("vllm/vllm-openai:latest").WithCommand("--model", "meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", "131072");

        namespace Acme.Batch
        {
            public class ImageJob
            {
                public ImageJob WithImage(string image) => this;
                public ImageJob WithCommand(params string[] command) => this;
            }
        }
        """ + Testcontainers,
        OneRtx4090);

    [Fact]
    public Task T06_without_testcontainers_a_with_image_builder_is_read_by_name() => VerifyAsync(
        """
        var job = new Acme.Batch.ImageJob().WithImage("vllm/vllm-openai:latest").WithCommand("--model", "meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", {|#0:"131072"|});

        namespace Acme.Batch
        {
            public class ImageJob
            {
                public ImageJob WithImage(string image) => this;
                public ImageJob WithCommand(params string[] command) => this;
            }
        }
        """,
        OneRtx4090,
        Diagnostic("VRAM001").WithLocation(0).WithMessage(null));

    [Fact]
    public Task O01_an_options_object_initializer_overrides_the_types_defaults() => VerifyAsync(
        """
        var options = new LlmServerOptions { ModelName = "meta-llama/Llama-3.1-8B-Instruct", MaxModelLength = {|#0:131072|} };

        class LlmServerOptions
        {
            public string ModelName { get; set; } = "";
            public int MaxModelLength { get; set; }
            public double GpuMemoryUtilization { get; set; } = 0.9;
        }
        """,
        OneRtx4090,
        Diagnostic("VRAM001").WithLocation(0).WithMessage(null));

    [Fact]
    public Task O02_options_bound_from_configuration_are_named() => VerifyAsync(
        AspireShapesTests.Usings + """
        var builder = DistributedApplication.CreateBuilder(args);
        var llm = builder.Configuration.GetSection("Llm").Get<LlmOptions>() ?? new LlmOptions();
        builder.AddContainer("vllm", "vllm/vllm-openai").WithArgs("meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", {|#0:llm.ContextLength|}.ToString());
        builder.Build().Run();

        class LlmOptions
        {
            public int ContextLength { get; set; } = 8192;
        }
        """,
        OneRtx4090,
        Diagnostic("VRAM009").WithLocation(0).WithArguments("max-model-len comes from property 'ContextLength' of llm; not checked"));

    [Fact]
    public Task O03_an_options_type_whose_defaults_fit_is_quiet() => VerifyAsync(
        """
        System.Console.WriteLine(new VllmSettings().Model);

        public sealed class VllmSettings
        {
            public string Model { get; init; } = "meta-llama/Llama-3.1-8B-Instruct";
            public int MaxModelLength { get; init; } = 8192;
            public int MaxNumSeqs { get; init; } = 1;
            public double GpuMemoryUtilization { get; init; } = 0.9;
        }
        """,
        OneRtx4090);

    [Fact]
    public Task K01_a_command_array_handed_to_a_remote_runner() => VerifyAsync(
        """
        string[] command = ["vllm", "serve", "meta-llama/Llama-3.1-8B-Instruct", "--max-num-seqs", "4", "--max-model-len", {|#0:"131072"|}, "--gpu-memory-utilization", "0.9"];
        Remote.Run("gpu-box", command);

        static class Remote
        {
            public static void Run(string host, string[] command) { }
        }
        """,
        OneRtx4090,
        Diagnostic("VRAM001").WithLocation(0).WithMessage(null));

    [Fact]
    public Task K02_a_list_grown_later_and_joined_for_ssh_is_read_as_it_stands() => VerifyAsync(
        """
        using System.Collections.Generic;
        var command = new List<string> { "vllm", "serve", "Qwen/Qwen2.5-7B-Instruct" };
        command.Add("--tensor-parallel-size");
        command.Add({|#0:"3"|});
        System.Console.WriteLine("ssh gpu-box " + string.Join(" ", command));
        """,
        "is_global = true\nvramlint.gpu = L4\nvramlint.gpu_count = 4\n",
        Diagnostic("VRAM005").WithLocation(0).WithMessage(null));

    [Fact]
    public Task K03_a_bash_c_command_collection() => VerifyAsync(
        """
        var script = new[] { "bash", "-c", "vllm serve meta-llama/Llama-3.1-8B-Instruct --max-model-len {|#0:131072|} --port 8000" };
        System.Console.WriteLine(script.Length);
        """,
        OneRtx4090,
        Diagnostic("VRAM001").WithLocation(0).WithMessage(null));
}
