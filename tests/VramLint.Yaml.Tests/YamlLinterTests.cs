using System.Text;
using VramLint.Core.Configuration;
using VramLint.Core.Estimation;

namespace VramLint.Yaml.Tests;

/// <summary>Each YAML shape, with the exact line and column of the value responsible (issue: the YAML linter).</summary>
public class YamlLinterTests
{
    private static readonly VramLintOptions SeedCluster = new() { GpuMemoryGiB = 24, GpuCount = 4, Estimator = EstimatorKind.Blog };

    private static VramLintOptions Gpu(string name, int count) =>
        VramLintOptions.FromLookup(k => k switch { ConfigKeys.Gpu => name, ConfigKeys.GpuCount => count.ToString(System.Globalization.CultureInfo.InvariantCulture), _ => null });

    private static string Where(YamlFinding f) => $"{f.Finding.Id} {f.Line}:{f.Column}-{f.EndLine}:{f.EndColumn}";

    [Theory]
    [InlineData("vllm/vllm-openai:v0.10.1", 0.90, 0)]
    [InlineData("vllm/vllm-openai:0.6.3.post1", 0.90, 0)]
    [InlineData("vllm/vllm-openai:v0.12.0", 0.90, 1)]
    [InlineData("vllm/vllm-openai:latest", 0.92, 1)]
    public void The_image_tag_selects_the_vllm_release(string image, double defaultUtilization, int removedFlagFindings)
    {
        var yaml = $"services:\n  llm:\n    image: {image}\n    command: [\"Qwen/Qwen2.5-7B-Instruct\", \"--max-model-len\", \"8192\", \"--num-redundant-experts\", \"2\"]\n";

        var result = YamlLinter.Lint("compose.yaml", yaml, Gpu("H100-80GB", 1));

        Assert.Equal(defaultUtilization, result.Checks.Single().Result.Estimate!.Settings.GpuMemoryUtilization);
        Assert.Equal(removedFlagFindings, result.Findings.Count(f => f.Finding.Message.StartsWith("'--num-redundant-experts' was removed in vLLM 0.12", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_declared_vllm_version_wins_over_the_image_tag()
    {
        var yaml = "services:\n  llm:\n    image: vllm/vllm-openai:v0.10.1\n    command: [\"Qwen/Qwen2.5-7B-Instruct\", \"--max-model-len\", \"8192\"]\n";
        var declared = VramLintOptions.FromLookup(k => k switch { ConfigKeys.Gpu => "H100-80GB", ConfigKeys.GpuCount => "1", ConfigKeys.VllmVersion => "0.21", _ => null });

        Assert.Equal(0.92, YamlLinter.Lint("compose.yaml", yaml, declared).Checks.Single().Result.Estimate!.Settings.GpuMemoryUtilization);
    }

    [Fact]
    public void A_vllm_config_file_with_the_seeds_example()
    {
        const string yaml = """
            # served with: vllm serve --config qwen.yaml
            model: Qwen/Qwen-32B-Chat
            tensor_parallel_size: 4
            max-num-seqs: 8
            max_model_len: 8192
            enable-prefix-caching: false
            """;

        var result = YamlLinter.Lint("qwen.yaml", yaml, SeedCluster);

        Assert.Equal(1, result.Deployments);
        Assert.Equal(new[] { "VRAM007 6:24-6:29", "VRAM006 2:8-2:26", "VRAM001 2:8-2:26" }, result.Findings.Select(Where));
        Assert.StartsWith("per-GPU need 25.4 GiB (weights 16.0 + KV cache 6.4 + overhead 3.0)", result.Findings[2].Finding.Message);
        Assert.StartsWith("'enable-prefix-caching: false' is ignored", result.Findings[0].Finding.Message);
    }

    [Fact]
    public void Docker_compose_list_command_defaults_and_device_ids()
    {
        const string yaml = """
            services:
              llm:
                image: vllm/vllm-openai:latest
                command: ["meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", "${MAX_LEN:-131072}"]
                deploy:
                  resources:
                    reservations:
                      devices: [{driver: nvidia, device_ids: ["0"], capabilities: [gpu]}]
              web:
                image: nginx
            """;

        var result = YamlLinter.Lint("compose.yaml", yaml, Gpu("RTX 4090", 1));

        var finding = Assert.Single(result.Findings);
        // The default inside ${MAX_LEN:-131072}: the value as written.
        Assert.Equal("VRAM001 4:82-4:88", Where(finding));
        Assert.Contains("one request of max-model-len 131072 needs 16.00 GiB", finding.Finding.Message);
    }

    [Fact]
    public void Compose_folded_command_string_and_unknown_variables()
    {
        const string yaml = """
            services:
              fits:
                image: vllm/vllm-openai
                command: >
                  --model meta-llama/Llama-3.1-8B-Instruct
                  --max-model-len 8192
              templated:
                image: vllm/vllm-openai
                command: ["${MODEL}", "--max-model-len", "131072"]
            """;

        var result = YamlLinter.Lint("compose.yml", yaml, Gpu("RTX 4090", 1));

        Assert.Equal(2, result.Deployments);
        var unresolved = Assert.Single(result.Findings);
        Assert.Equal("compose.yml(9,15): VRAM009: service 'templated' was not checked: the variable MODEL (no value and no default) in '${MODEL}'", unresolved.ToString());
        Assert.Equal((9, 25), (unresolved.EndLine, unresolved.EndColumn));
        Assert.Equal(("service 'templated'", "unresolved value"), Assert.Single(result.Skipped));
        Assert.Equal(1, result.Sized);
    }

    [Fact]
    public void Kubernetes_sh_c_string_gpu_limit_and_node_selector()
    {
        const string yaml = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: unrelated}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: llama
            spec:
              template:
                spec:
                  nodeSelector:
                    nvidia.com/gpu.product: NVIDIA-L4
                  containers:
                    - name: vllm
                      image: vllm/vllm-openai:v0.11.0
                      command: ["/bin/sh", "-c"]
                      args: ["vllm serve meta-llama/Llama-3.1-8B-Instruct --tensor-parallel-size 2 --max-model-len 8192"]
                      resources:
                        limits:
                          nvidia.com/gpu: "1"
            """;

        var result = YamlLinter.Lint("k8s.yaml", yaml, Gpu("H100", 8));

        var finding = Assert.Single(result.Findings);
        Assert.Equal("VRAM005 18:86-18:87", Where(finding));
        Assert.StartsWith("tensor-parallel-size 2 x pipeline-parallel-size 1 x data-parallel-size 1 needs 2 GPUs, but 1 are declared", finding.Finding.Message);
    }

    [Theory]
    [InlineData("karpenter.k8s.aws/instance-gpu-name", "a10g", "A10G (22.06 GiB)")]
    [InlineData("cloud.google.com/gke-accelerator", "nvidia-tesla-a100", "A100 40GB (39.39 GiB)")]
    public void Kubernetes_gke_and_karpenter_gpu_labels_name_the_gpu(string label, string value, string gpu)
    {
        var yaml = $$"""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: llama}
            spec:
              template:
                spec:
                  nodeSelector:
                    {{label}}: {{value}}
                  containers:
                    - name: vllm
                      image: vllm/vllm-openai:v0.11.0
                      args: ["meta-llama/Llama-3.1-70B-Instruct", "--max-model-len", "8192"]
                      resources:
                        limits: {nvidia.com/gpu: 1}
            """;

        // Declared H100s would hold more; the label's GPU (A10G 22.06 GiB, A100 40GB 39.39 GiB) wins and the weights do not fit.
        var result = YamlLinter.Lint("k8s.yaml", yaml, Gpu("H100", 8));

        var finding = Assert.Single(result.Findings);
        Assert.Equal("VRAM001 12:18-12:53", Where(finding));
        Assert.Contains($"GiB free on {gpu} after the CUDA context", finding.Finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Kubernetes_args_list_with_the_image_entrypoint()
    {
        const string yaml = """
            apiVersion: v1
            kind: Pod
            metadata: {name: qwen}
            spec:
              containers:
                - name: server
                  image: vllm/vllm-openai
                  args:
                    - Qwen/Qwen2.5-7B-Instruct
                    - --max-model-len
                    - "65536"
                  resources:
                    limits: {nvidia.com/gpu: 1}
            """;

        var result = YamlLinter.Lint("pod.yaml", yaml, Gpu("T4", 1));

        // 14.2 GiB of weights cannot load on a T4's 14.56 GiB: reported on the model, the first argument.
        var finding = Assert.Single(result.Findings);
        Assert.Equal("VRAM001 9:11-9:35", Where(finding));
        Assert.StartsWith("the weights need 14.2 GiB per GPU", finding.Finding.Message);
    }

    [Fact]
    public void Malformed_yaml_is_vram008_at_the_parsers_position()
    {
        var result = YamlLinter.Lint("bad.yaml", "services:\n  llm:\n    image: vllm/vllm-openai\n   command: [\n", SeedCluster);

        var finding = Assert.Single(result.Findings);
        Assert.Equal("VRAM008", finding.Finding.Id);
        Assert.StartsWith("the file is not valid YAML: ", finding.Finding.Message);
        Assert.Equal(4, finding.Line);
    }

    [Fact]
    public void Non_utf8_and_huge_files_are_vram008()
    {
        var latin1 = YamlLinter.Lint("latin1.yaml", new byte[] { 0x6D, 0x6F, 0x64, 0x65, 0x6C, 0x3A, 0x20, 0xE9, 0x0A }, SeedCluster);
        Assert.Equal("the file is not valid UTF-8 text at byte 7; YAML deployment files must be UTF-8 or UTF-16; it was not checked", Assert.Single(latin1.Findings).Finding.Message);

        var huge = YamlLinter.Lint("huge.yaml", new byte[YamlText.MaxBytes + 1], SeedCluster);
        Assert.StartsWith("the file is 10.0 MB, over VramLint's 10 MB limit", Assert.Single(huge.Findings).Finding.Message);
    }

    [Fact]
    public void An_alias_bomb_is_refused_before_anything_is_built()
    {
        var yaml = new StringBuilder("a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var i = 1; i < 1200; i++)
        {
            yaml.Append($"a{i}: &a{i} [*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1}]\n");
        }

        var result = YamlLinter.Lint("bomb.yaml", yaml.ToString(), SeedCluster);

        Assert.Equal("the file is more than 10000 aliases (an alias bomb); it was not checked", Assert.Single(result.Findings).Finding.Message);
    }

    [Fact]
    public void Deep_nesting_is_refused()
    {
        var result = YamlLinter.Lint("deep.yaml", new string('[', 5000) + new string(']', 5000), SeedCluster);

        Assert.Equal("the file is nested more than 100 levels deep; it was not checked", Assert.Single(result.Findings).Finding.Message);
    }

    [Fact]
    public void A_refusal_is_placed_at_the_first_node_over_the_limit_after_the_documents_before_it()
    {
        // Two documents: the first is fine and built; the second opens its 101st level on line 3, column 101.
        var yaml = "a: 1\n---\n" + new string('[', 150) + new string(']', 150) + "\n";

        var finding = Assert.Single(YamlLinter.Lint("deep.yaml", yaml, SeedCluster).Findings);

        Assert.Equal(("the file is nested more than 100 levels deep; it was not checked", 3, 101), (finding.Finding.Message, finding.Line, finding.Column));
    }

    [Fact]
    public void A_mapping_where_a_list_belongs_is_vram007()
    {
        const string yaml = """
            services:
              llm:
                image: vllm/vllm-openai
                command: {model: x}
            """;

        var finding = Assert.Single(YamlLinter.Lint("c.yaml", yaml, SeedCluster).Findings);
        Assert.Equal(("VRAM007", 4, 14), (finding.Finding.Id, finding.Line, finding.Column));
        Assert.Equal("'command' is a mapping: expected a list of strings or one command string; the deployment was not checked", finding.Finding.Message);
    }

    [Fact]
    public void No_capacity_is_left_to_the_caller_to_report_once()
    {
        var result = YamlLinter.Lint("c.yaml", "model: Qwen/Qwen2.5-7B-Instruct\nmax-model-len: 8192\n", VramLintOptions.Default);

        Assert.True(result.NeedsCapacity);
        Assert.Empty(result.Findings);
    }

    [Theory]
    [InlineData("services:\n  a:\n    image: redis\n", false)]
    [InlineData("model: x\ntensor_parallel_size: 2\n", true)]
    [InlineData("image: vllm/vllm-openai\n", true)]
    [InlineData("image: VLLM/Vllm-OpenAI\n", true)]
    [InlineData("args: [--MAX-Model-Len, 4096]\n", true)]
    [InlineData("env:\n  - name: Tensor_Parallelism\n", true)]
    [InlineData("modelartifacts:\n  uri: hf://x\n", true)]
    [InlineData("x: vll\n", false)]
    [InlineData("x: vlm-vllx max_model_le\n", false)]
    [InlineData("vllm", true)]
    [InlineData("vll", false)]
    [InlineData("", false)]
    [InlineData("x: mvllm", true)]
    [InlineData("name: v\u00e9llm, tensor\u2010parallel\u2010size\n", false)]
    public void The_sniff_is_cheap_and_broad(string text, bool looks) => Assert.Equal(looks, YamlLinter.LooksLikeVllm(text));
}
