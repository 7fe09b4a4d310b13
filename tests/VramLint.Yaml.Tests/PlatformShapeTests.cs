using VramLint.Core.Configuration;

namespace VramLint.Yaml.Tests;

/// <summary>Helm production-stack values, KServe and KubeRay (vllm-notes 6.4-6.6), with exact positions.</summary>
public class PlatformShapeTests
{
    private static VramLintOptions Gpu(string name, int count) =>
        VramLintOptions.FromLookup(k => k switch { ConfigKeys.Gpu => name, ConfigKeys.GpuCount => count.ToString(System.Globalization.CultureInfo.InvariantCulture), _ => null });

    private static string Where(YamlFinding f) => $"{f.Finding.Id} {f.Line}:{f.Column}-{f.EndLine}:{f.EndColumn}";

    [Fact]
    public void Production_stack_values_map_typed_fields_extra_args_and_request_gpu()
    {
        const string yaml = """
            servingEngineSpec:
              modelSpec:
              - name: llama3
                repository: vllm/vllm-openai
                modelURL: meta-llama/Llama-3.1-8B-Instruct
                requestGPU: 1
                vllmConfig:
                  tensorParallelSize: 2
                  maxModelLen: 4096
                  enablePrefixCaching: false
                  extraArgs: ["--kv-cache-dtype", "fp8"]
            """;

        var result = YamlLinter.Lint("values.yaml", yaml, Gpu("L4", 4));

        var finding = Assert.Single(result.Findings);
        Assert.Equal("VRAM005 8:27-8:28", Where(finding));
        Assert.StartsWith("tensor-parallel-size 2 x pipeline-parallel-size 1 x data-parallel-size 1 needs 2 GPUs, but 1 are declared", finding.Finding.Message);
        var settings = result.Checks.Single().Result.Estimate!.Settings;
        Assert.Equal(("fp8", 4096), (settings.KvCacheDtype, settings.MaxModelLen));
    }

    [Fact]
    public void Kserve_inference_service_args_with_model_id()
    {
        const string yaml = """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata: {name: llama}
            spec:
              predictor:
                model:
                  modelFormat: {name: huggingface}
                  args:
                    - --model_name=llama
                    - --model_id=meta-llama/Llama-3.1-8B-Instruct
                    - --max-model-len=131072
                  resources:
                    limits: {nvidia.com/gpu: "1"}
            """;

        var finding = Assert.Single(YamlLinter.Lint("isvc.yaml", yaml, Gpu("RTX 4090", 1)).Findings);
        Assert.Equal("VRAM001 11:27-11:33", Where(finding));
    }

    [Fact]
    public void Kserve_llm_inference_service_parallelism_and_additional_args()
    {
        const string yaml = """
            apiVersion: serving.kserve.io/v1alpha2
            kind: LLMInferenceService
            metadata: {name: llama}
            spec:
              model:
                uri: hf://meta-llama/Llama-3.1-8B-Instruct
              parallelism:
                tensor: 3
              template:
                containers:
                  - name: main
                    env:
                      - name: VLLM_ADDITIONAL_ARGS
                        value: "--gpu-memory-utilization 0.95 --max-model-len 8192 --enforce-eager"
                    resources:
                      limits: {nvidia.com/gpu: "4"}
            """;

        var result = YamlLinter.Lint("llmisvc.yaml", yaml, Gpu("L4", 4));

        var finding = Assert.Single(result.Findings);
        Assert.Equal("VRAM005 8:13-8:14", Where(finding));
        Assert.Equal(0.95, result.Checks.Single().Result.Estimate!.Settings.GpuMemoryUtilization);
    }

    [Fact]
    public void Kuberay_serve_config_engine_kwargs_and_accelerator_type()
    {
        const string yaml = """
            apiVersion: ray.io/v1
            kind: RayService
            metadata: {name: llm}
            spec:
              serveConfigV2: |
                applications:
                  - name: llms
                    import_path: ray.serve.llm:build_openai_app
                    args:
                      llm_configs:
                        - model_loading_config:
                            model_id: meta-llama/Llama-3.1-8B-Instruct
                          accelerator_type: L4
                          engine_kwargs:
                            max_model_len: 131072
                            enforce_eager: false
            """;

        var result = YamlLinter.Lint("rayservice.yaml", yaml, Gpu("H100", 8));

        var finding = Assert.Single(result.Findings);
        Assert.Equal(("VRAM001", 5), (finding.Finding.Id, finding.Line));
        Assert.Equal("L4", result.Checks.Single().Result.Estimate!.Gpu.Name);
    }
}
