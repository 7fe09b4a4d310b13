using System.Text;
using VramLint.Core.Configuration;
using VramLint.Yaml.Files;

namespace VramLint.Yaml.Tests;

/// <summary>The input policy as the YAML front end applies it: encodings, sizes, GPU counts and list-of-map values.</summary>
public sealed class YamlInputPolicyTests : IDisposable
{
    private static readonly VramLintOptions OneRtx4090 = VramLintOptions.FromLookup(k => k switch { ConfigKeys.Gpu => "RTX 4090", ConfigKeys.GpuCount => "1", _ => null });

    private readonly string folder = Directory.CreateTempSubdirectory("vramlint-input-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static string Where(YamlFinding f) => $"{f.Finding.Id} {f.Line}:{f.Column}-{f.EndLine}:{f.EndColumn}";

    [Theory]
    [InlineData(10_000, 10_000, 20_000)] // the size stat(2) gave
    [InlineData(10_000, 0, 20_000)] // the file grew after its size was read
    [InlineData(10_000, 3, 20_000)]
    [InlineData(10_000, 20_000, 20_000)] // it shrank
    [InlineData(10_000, 10_000, 4_097)] // only the limit is read
    [InlineData(0, 0, 100)]
    public void A_file_is_read_whole_up_to_the_limit_whatever_size_was_expected(int size, long expected, int limit)
    {
        var path = Path.Combine(folder, "read.yaml");
        var bytes = Enumerable.Range(0, size).Select(i => (byte)(i * 7)).ToArray();
        File.WriteAllBytes(path, bytes);

        Assert.Equal(bytes.Take(limit), YamlSource.ReadAtMost(path, limit, expected));
    }

    [Fact]
    public void A_path_that_cannot_be_read_raises_the_runtimes_own_exception()
    {
        // The direct read gives up on any error; the FileStream opened then says what went wrong.
        Assert.Throws<FileNotFoundException>(() => YamlSource.ReadAtMost(Path.Combine(folder, "missing.yaml"), 100));
        Assert.Throws<UnauthorizedAccessException>(() => YamlSource.ReadAtMost(folder, 100));
    }

    [Fact]
    public void A_config_file_with_a_list_of_maps_is_read_not_skipped()
    {
        const string yaml = "model: meta-llama/Llama-3.1-8B-Instruct\nenable-lora: true\nlora-modules:\n  - name: sql\n    path: /adapters/sql\n  - name: chat\n    path: /adapters/chat\nmax-model-len: 131072\n";

        var result = YamlLinter.Lint("lora.yaml", yaml, OneRtx4090);

        var finding = Assert.Single(result.Findings);
        Assert.Equal("VRAM001 8:16-8:22", Where(finding));
        Assert.Contains("weights include 1 LoRA slot(s) of rank 16", finding.Finding.Message);
    }

    [Fact]
    public void Arabic_indic_digits_are_a_vram007_at_the_value_not_an_unreadable_file()
    {
        const string yaml = "model: meta-llama/Llama-3.1-8B-Instruct\nmax-model-len: \u0663\u0662\u0667\u0666\u0668\ncpu-offload-gb: 1e309\n";

        var result = YamlLinter.Lint("config.yaml", yaml, OneRtx4090);

        Assert.Equal(new[] { "VRAM007 2:16-2:21", "VRAM007 3:17-3:22" }, result.Findings.Select(Where));
        Assert.Equal("'--max-model-len \u0663\u0662\u0667\u0666\u0668' is not valid: expected a whole number of tokens such as 32768, 32K (= 32768) or 32k (= 32000), or auto", result.Findings[0].Finding.Message);
    }

    [Theory]
    [InlineData("2147483647", "'nvidia.com/gpu': 2147483647 GPUs is out of range: expected 1 to 65536; the GPU count is not used")]
    [InlineData("\"\u0662\"", "'nvidia.com/gpu': '\u0662' is not a GPU count: expected a whole number of GPUs from 1 to 65536; the GPU count is not used")]
    public void A_gpu_count_outside_the_policy_is_vram007_at_the_value(string value, string message)
    {
        var yaml = $"kind: Pod\nspec:\n  containers:\n    - name: vllm\n      image: vllm/vllm-openai\n      args: [meta-llama/Llama-3.1-8B-Instruct, --max-model-len, \"8192\"]\n      resources:\n        limits:\n          nvidia.com/gpu: {value}\n";

        var result = YamlLinter.Lint("pod.yaml", yaml, OneRtx4090);

        var finding = Assert.Single(result.Findings, f => f.Finding.Id == "VRAM007");
        Assert.Equal(message, finding.Finding.Message);
        Assert.Equal((9, 27), (finding.Line, finding.Column));
    }

    [Fact]
    public void A_compose_device_count_goes_through_the_same_parser()
    {
        const string yaml = "services:\n  llm:\n    image: vllm/vllm-openai\n    command: [meta-llama/Llama-3.1-8B-Instruct]\n    deploy:\n      resources:\n        reservations:\n          devices:\n            - driver: nvidia\n              count: 99999999999\n";

        var result = YamlLinter.Lint("compose.yaml", yaml, OneRtx4090);

        Assert.Equal("'count': 99999999999 GPUs is out of range: expected 1 to 65536; the GPU count is not used", Assert.Single(result.Findings, f => f.Finding.Id == "VRAM007").Finding.Message);
    }

    [Fact]
    public void A_kubeai_resource_profile_count_goes_through_the_same_parser()
    {
        const string yaml = "apiVersion: kubeai.org/v1\nkind: Model\nmetadata:\n  name: qwen\nspec:\n  url: hf://Qwen/Qwen2.5-7B-Instruct\n  engine: VLLM\n  resourceProfile: nvidia-gpu-l4:zero\n";

        var result = YamlLinter.Lint("model.yaml", yaml, OneRtx4090);

        var finding = Assert.Single(result.Findings, f => f.Finding.Id == "VRAM007");
        Assert.Equal("'resourceProfile': 'zero' is not a GPU count: expected a whole number of GPUs from 1 to 65536; the GPU count is not used", finding.Finding.Message);
        Assert.Equal("VRAM007 8:20-8:38", Where(finding));
    }

    [Fact]
    public void A_ray_cluster_whose_groups_add_up_beyond_any_real_deployment_is_vram007_at_the_cluster()
    {
        const string yaml = """
            apiVersion: ray.io/v1
            kind: RayCluster
            metadata:
              name: vllm-pp
            spec:
              headGroupSpec:
                template:
                  spec:
                    containers:
                      - name: head
                        image: vllm/vllm-openai:v0.9.2
                        command: ["/bin/sh", "-c", "ray start --head && vllm serve meta-llama/Llama-3.3-70B-Instruct --tensor-parallel-size 4 --pipeline-parallel-size 2 --max-model-len 16384"]
                        resources:
                          limits:
                            nvidia.com/gpu: "4"
              workerGroupSpecs:
                - groupName: gpu
                  replicas: 65536
                  template:
                    spec:
                      containers:
                        - name: worker
                          image: vllm/vllm-openai:v0.9.2
                          resources:
                            limits:
                              nvidia.com/gpu: "4"

            """;

        var result = YamlLinter.Lint("ray.yaml", yaml, OneRtx4090);

        var finding = Assert.Single(result.Findings, f => f.Finding.Id == "VRAM007");
        Assert.Equal("RayCluster 'vllm-pp' requests 262148 GPUs: expected 1 to 65536; the GPU count is not used", finding.Finding.Message);
        Assert.Equal((6, 3), (finding.Line, finding.Column));
    }

    [Theory]
    [InlineData(new byte[] { 0x6D, 0x00, 0x6F, 0x00 }, "the file looks like UTF-16 text without a byte order mark; save it as UTF-8 (or UTF-16 with a BOM); it was not checked")]
    [InlineData(new byte[] { 0xFF, 0xFE, 0x00, 0x00, 0x6D, 0x00, 0x00, 0x00 }, "the file is UTF-32 text; VramLint reads UTF-8 and UTF-16 deployment files; it was not checked")]
    [InlineData(new byte[] { 0xFF, 0xFE, 0x6D, 0x00, 0x00, 0xD8, 0x0A, 0x00 }, "the file is not valid UTF-16 text; YAML deployment files must be UTF-8 or UTF-16; it was not checked")]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, 0x6D, 0xE9, 0x0A }, "the file is not valid UTF-8 text at byte 4; YAML deployment files must be UTF-8 or UTF-16; it was not checked")]
    public void Encodings_that_cannot_be_read_are_said(byte[] bytes, string message)
    {
        Assert.Null(YamlText.Decode(bytes, out var problem));
        Assert.Equal(message, problem!.Message);
    }

    [Fact]
    public void An_oversized_file_is_reported_only_when_it_looks_like_vllm_and_is_not_read_whole()
    {
        var other = Path.Combine(folder, "big-other.yaml");
        var vllm = Path.Combine(folder, "big-vllm.yaml");
        using (var stream = File.Create(other))
        {
            stream.SetLength(YamlText.MaxBytes + 1);
        }

        File.WriteAllText(vllm, "model: meta-llama/Llama-3.1-8B-Instruct\nmax-model-len: 8192\n");
        using (var stream = new FileStream(vllm, FileMode.Append))
        {
            stream.SetLength(YamlText.MaxBytes + 1);
        }

        var skipped = YamlSource.Read(other);
        var reported = YamlSource.Read(vllm);

        Assert.False(skipped.Relevant);
        Assert.True(reported.Relevant);
        Assert.Empty(reported.Bytes);
        Assert.Equal("the file is 10.0 MB, over VramLint's 10 MB limit for deployment files; it was not checked", reported.Problem!.Message);
    }

    [Fact]
    public void A_utf16_file_is_linted_like_its_utf8_twin()
    {
        const string yaml = "model: meta-llama/Llama-3.1-8B-Instruct\nmax-model-len: 131072\n";
        var path = Path.Combine(folder, "utf16.yaml");
        File.WriteAllText(path, yaml, new UnicodeEncoding(bigEndian: true, byteOrderMark: true));

        var source = YamlSource.Read(path);
        var result = YamlLinter.Lint(source, OneRtx4090);

        Assert.Equal(YamlEncoding.Utf16BigEndianBom, source.Encoding);
        Assert.Equal("VRAM001 2:16-2:22", Where(Assert.Single(result.Findings)));
    }
}
