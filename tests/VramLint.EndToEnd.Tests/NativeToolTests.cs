using System.IO.Compression;
using System.Xml.Linq;

namespace VramLint.EndToEnd.Tests;

/// <summary>
/// VramLint.Tool.Native (docs/performance.md): installed with dotnet tool install, the command is the NativeAOT binary
/// itself, and it prints byte for byte what the JIT-compiled CLI prints, with the same exit code. Slow (a NativeAOT
/// compile): its own trait, run by .ci/run in a step of its own.
/// </summary>
[Trait("Category", "Aot")]
public sealed class NativeToolTests : IClassFixture<NativeToolFixture>
{
    private const string Cluster = "is_global = true\nvramlint.gpu = L4\nvramlint.gpu_count = 1\n";

    // One Kubernetes Deployment that fits one L4 and one vLLM config file that does not.
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: vllm-llama
        spec:
          template:
            spec:
              containers:
                - name: vllm
                  image: vllm/vllm-openai:v0.10.1
                  command: ["vllm", "serve"]
                  args: ["meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", "8192", "--gpu-memory-utilization", "0.9"]
                  resources:
                    limits:
                      nvidia.com/gpu: 1

        """;

    private const string TooLong = "model: meta-llama/Llama-3.1-8B-Instruct\nmax-model-len: 131072\n";

    private readonly NativeToolFixture tool;

    public NativeToolTests(NativeToolFixture tool) => this.tool = tool;

    [Fact]
    public void The_pointer_package_sends_linux_x64_to_the_native_package_and_every_other_platform_to_the_portable_one()
    {
        using var zip = ZipFile.OpenRead(Path.Combine(tool.Feed, $"VramLint.Tool.Native.{tool.PackageVersion}.nupkg"));
        using var stream = zip.GetEntry("tools/any/any/DotnetToolSettings.xml")!.Open();
        var packages = XDocument.Load(stream).Descendants("RuntimeIdentifierPackage")
            .Select(p => $"{p.Attribute("RuntimeIdentifier")!.Value} -> {p.Attribute("Id")!.Value}");

        Assert.Equal(new[] { "linux-x64 -> VramLint.Tool.Native.linux-x64", "any -> VramLint.Tool.Native.any" }, packages);
    }

    [Fact]
    public void The_installed_command_is_the_native_executable_without_the_managed_assemblies()
    {
        var target = new FileInfo(tool.Native).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? tool.Native;
        var magic = new byte[4];
        using (var file = File.OpenRead(target))
        {
            file.ReadExactly(magic);
        }

        Assert.Equal(new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F' }, magic);
        Assert.Equal(new[] { "vramlint" }, Directory.GetFiles(Path.GetDirectoryName(target)!).Select(Path.GetFileName).Where(n => n != "DotnetToolSettings.xml"));
    }

    [Theory]
    [InlineData(0, "on 1 x L4 (22.03 GiB visible to CUDA)", "estimate", "--gpu", "L4", "--gpu-count", "1", "--", "vllm", "serve", "meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", "8192")]
    [InlineData(1, "\"fits\": false", "estimate", "--gpu", "L4", "--gpu-count", "1", "--format", "json", "--", "vllm", "serve", "meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", "131072")]
    [InlineData(0, "0 error(s), 0 warning(s)", "check", "deploy/llama.yaml")]
    [InlineData(1, "error VRAM001", "check", "deploy")]
    [InlineData(1, "\"id\": \"VRAM001\"", "check", "deploy", "--format", "json")]
    [InlineData(1, "\"ruleId\": \"VRAM001\"", "check", "deploy", "--format", "sarif")]
    [InlineData(0, "\"tensorParallelSize\": 1", "plan", "--model", "meta-llama/Llama-3.1-8B-Instruct", "--format", "json")]
    [InlineData(2, "", "check", "no-such-file.yaml")]
    public void The_native_command_prints_what_the_jit_command_prints(int exit, string expected, params string[] args)
    {
        var folder = Folder();

        var native = Dotnet.Capture(folder, tool.Native, args);
        var jit = Dotnet.Capture(folder, "dotnet", [tool.JitAssembly, .. args]);

        Assert.Equal(exit, jit.Exit);
        Assert.Contains(expected, jit.Stdout);
        Assert.Equal(jit.Exit, native.Exit);
        Assert.Equal(jit.Stdout, native.Stdout);
        Assert.Equal(jit.Stderr, native.Stderr);
    }

    private string Folder()
    {
        var folder = Directory.CreateDirectory(Path.Combine(tool.Root, "run-" + Guid.NewGuid().ToString("N"))).FullName;
        File.WriteAllText(Path.Combine(folder, ".globalconfig"), Cluster);
        Directory.CreateDirectory(Path.Combine(folder, "deploy"));
        File.WriteAllText(Path.Combine(folder, "deploy/llama.yaml"), Deployment);
        File.WriteAllText(Path.Combine(folder, "deploy/vllm-config.yaml"), TooLong);
        return folder;
    }
}
