using VramLint.Core.Arguments;
using VramLint.Core.Configuration;
using VramLint.Core.Diagnostics;
using VramLint.Core.Settings;

namespace VramLint.Core.Tests.Checking;

/// <summary>The facade every front end calls: settings in, findings with the arithmetic and fixes out.</summary>
public class DeploymentCheckerTests
{
    private static readonly VramLintOptions FourL4 = VramLintOptions.FromLookup(k => k switch { "vramlint.gpu" => "L4", "vramlint.gpu_count" => "4", _ => null });

    private static DeploymentInput Input(string line, string? name = null, params string[] devices) =>
        new(VllmArgumentReader.Read(ShellWords.Split(line))) { Name = name, GpuDevices = devices.Length == 0 ? null : devices };

    [Fact]
    public void A_fitting_deployment_has_no_findings_and_an_estimate()
    {
        var result = DeploymentChecker.Check(Input("vllm serve meta-llama/Llama-3.1-8B-Instruct --max-model-len 8192"), FourL4);

        Assert.Empty(result.Findings);
        Assert.True(result.Fits);
        Assert.Equal("L4", result.Estimate!.Gpu.Name);
    }

    /// <summary>
    /// vLLM's own CUDA image of 0.9-0.10 carries FlashInfer and warms up its top-p/top-k kernel (the 0.9.1 image logs
    /// "Using FlashInfer for top-p &amp; top-k sampling", vLLM issue 20035): Llama-3.1-8B's 256 rows of its 128256-token
    /// vocabulary take 3.9 fp32 copies there, 9.7 on other images, and a declared kernel wins over the image.
    /// </summary>
    [Theory]
    [InlineData("vllm/vllm-openai:v0.9.1", null, 3.9, "activation sized for FlashInfer's top-p/top-k sampler, which vLLM's own image of this release runs; with PyTorch's (the start-up log says 'Falling back to the PyTorch-native implementation': set vramlint.vllm_sampler = pytorch) it is 1.25 GiB, leaving 0.74 GiB less KV cache")]
    [InlineData("docker.io/vllm/vllm-openai:v0.10.1", null, 3.9, "activation sized for FlashInfer's top-p/top-k sampler")]
    [InlineData("vllm/vllm-openai:v0.10.1", "pytorch", 9.7, null)]
    [InlineData("rocm/vllm:v0.10.1", null, 9.7, "activation sized for PyTorch's top-p/top-k sampler; with FlashInfer's")]
    [InlineData("vllm/vllm-openai:v0.11.0", null, 9.7, "activation sized for PyTorch's top-p/top-k sampler; with FlashInfer's")]
    [InlineData("vllm/vllm-openai:v0.8.4", null, 9.7, "activation sized for PyTorch's top-p/top-k sampler; with FlashInfer's")]
    public void Vllms_own_image_of_0_9_and_0_10_warms_up_flashinfers_sampler(string image, string? declared, double copies, string? note)
    {
        var options = VramLintOptions.FromLookup(k => k switch { "vramlint.gpu" => "A10G", ConfigKeys.VllmSampler => declared, _ => null });
        var result = DeploymentChecker.Check(Input("vllm serve meta-llama/Llama-3.1-8B-Instruct --max-model-len 8192") with { Image = image }, options);

        var rows = 256.0 * 128256 * 4 * 1.05 / Numbers.BytesPerGiB;
        Assert.Equal(copies * rows, result.Estimate!.PerGpu.ActivationGiB, 9);
        if (note is null)
        {
            Assert.DoesNotContain("sampler", result.Estimate.Breakdown);
        }
        else
        {
            Assert.Contains("; " + note, result.Estimate.Breakdown);
        }
    }

    [Fact]
    public void A_failing_deployment_carries_its_fixes_in_the_message()
    {
        var result = DeploymentChecker.Check(Input("vllm serve meta-llama/Llama-3.1-8B-Instruct"), FourL4);

        var finding = Assert.Single(result.Findings);
        Assert.Equal(DiagnosticIds.DoesNotFit, finding.Id);
        Assert.False(result.Fits);
        Assert.Collection(
            finding.Fixes,
            f => Assert.Equal(SettingNames.MaxModelLen, f.Setting),
            f => Assert.Equal((SettingNames.TensorParallelSize, "2"), (f.Setting, f.Value)));
        Assert.Contains("; to fit: lower max-model-len to ", finding.Message);
        Assert.Contains(", or raise tensor-parallel-size to 2 (KV cache ", finding.Message);
    }

    [Fact]
    public void The_length_fix_leaves_its_margin_and_settles_in_one_run()
    {
        var first = Assert.Single(DeploymentChecker.Check(Input("vllm serve meta-llama/Llama-3.1-8B-Instruct --max-num-seqs 256"), FourL4).Findings);
        var fix = first.Fixes[0];
        Assert.Equal((SettingNames.MaxModelLen, "25600"), (fix.Setting, fix.Value));
        Assert.EndsWith("; margin: the 0.6 GiB error band + one 16-token KV block)", fix.Title);

        var second = DeploymentChecker.Check(Input($"vllm serve meta-llama/Llama-3.1-8B-Instruct --max-num-seqs 256 --max-model-len {fix.Value}"), FourL4);

        // Fixed: no error, and the batch the user chose is left alone (VRAM004 explains, it rewrites nothing).
        Assert.True(second.Fits);
        Assert.All(second.Findings, f => Assert.Empty(f.Fixes));
        Assert.True(second.Estimate!.PerGpu.BudgetGiB - second.Estimate.PerGpu.SteadyGiB >= 0.6);
    }

    [Fact]
    public void The_concurrency_info_offers_no_rewrite_of_max_num_seqs()
    {
        var result = DeploymentChecker.Check(Input("vllm serve meta-llama/Llama-3.1-8B-Instruct --max-model-len 32768 --max-num-seqs 64"), FourL4);

        var finding = Assert.Single(result.Findings);
        Assert.Equal(DiagnosticIds.BatchExceedsKvCache, finding.Id);
        Assert.Empty(finding.Fixes);
        Assert.DoesNotContain("to fit:", finding.Message);
    }

    [Fact]
    public void Only_findings_shown_as_warning_or_error_carry_fixes()
    {
        var quiet = VramLintOptions.FromLookup(k => k switch
        {
            "vramlint.gpu" => "L4",
            "vramlint.gpu_count" => "4",
            "dotnet_diagnostic.vram001.severity" => "suggestion",
            _ => null,
        });

        var finding = Assert.Single(DeploymentChecker.Check(Input("vllm serve meta-llama/Llama-3.1-8B-Instruct"), quiet).Findings);

        Assert.Equal(DiagnosticIds.DoesNotFit, finding.Id);
        Assert.Empty(finding.Fixes);
    }

    [Fact]
    public void The_seeds_example_is_estimated_from_its_name_with_a_note()
    {
        var result = DeploymentChecker.Check(Input("vllm serve Qwen/Qwen-32B-Chat -tp 4 --max-num-seqs 8 --max-model-len 8192"), FourL4 with { Estimator = VramLint.Core.Estimation.EstimatorKind.Blog });

        Assert.Equal(new[] { DiagnosticIds.UnknownModel, DiagnosticIds.DoesNotFit }, result.Findings.Select(f => f.Id));
        Assert.Equal(
            "model 'Qwen/Qwen-32B-Chat' is not in VramLint's catalog (it is not a real Hugging Face repository); the estimate uses the size in its name: 32.0B parameters, 16-bit weights",
            result.Findings[0].Message);
    }

    [Fact]
    public void An_invalid_value_stops_the_verdicts_that_would_rest_on_it()
    {
        var result = DeploymentChecker.Check(Input("vllm serve meta-llama/Llama-3.1-8B-Instruct --tensor-parallel-size zero"), FourL4);

        Assert.Equal(DiagnosticIds.InvalidValue, Assert.Single(result.Findings).Id);
        Assert.Null(result.Estimate);
    }

    [Fact]
    public void No_capacity_gives_vram010_and_no_estimate()
    {
        var result = DeploymentChecker.Check(Input("vllm serve meta-llama/Llama-3.1-8B-Instruct"), VramLintOptions.Default);

        Assert.Equal(DiagnosticIds.NoCapacityDeclared, Assert.Single(result.Findings).Id);
        Assert.Null(result.Estimate);
    }

    [Fact]
    public void The_deployments_own_gpu_facts_win()
    {
        var input = Input("vllm serve meta-llama/Llama-3.1-8B-Instruct --max-model-len 8192 -tp 2") with { GpuType = "NVIDIA-H100-80GB-HBM3", GpuCount = 1 };

        var result = DeploymentChecker.Check(input, FourL4);

        Assert.Equal("H100 80GB", result.Estimate!.Gpu.Name);
        var finding = Assert.Single(result.Findings);
        Assert.Equal(DiagnosticIds.InvalidParallelism, finding.Id);
        Assert.StartsWith("tensor-parallel-size 2 x pipeline-parallel-size 1 x data-parallel-size 1 needs 2 GPUs, but 1 are declared", finding.Message);

        var unknown = DeploymentChecker.Check(Input("vllm serve meta-llama/Llama-3.1-8B-Instruct --max-model-len 8192") with { GpuType = "Voodoo 5" }, FourL4);
        Assert.StartsWith("GPU type 'Voodoo 5' is not in VramLint's GPU catalog (known: RTX 3090", Assert.Single(unknown.Findings).Message);
        Assert.Equal("L4", unknown.Estimate!.Gpu.Name);
    }

    [Fact]
    public void Deployments_sharing_a_gpu_must_add_up_to_the_card()
    {
        var results = DeploymentChecker.CheckAll(
            new[]
            {
                Input("vllm serve Qwen/Qwen2.5-0.5B-Instruct --max-model-len 4096 --gpu-memory-utilization 0.5", "chat", "0"),
                Input("vllm serve Qwen/Qwen2.5-0.5B-Instruct --max-model-len 4096 --gpu-memory-utilization 0.5", "embed", "0"),
                Input("vllm serve Qwen/Qwen2.5-0.5B-Instruct --max-model-len 4096 --gpu-memory-utilization 0.4", "other", "1"),
            },
            FourL4);

        var shared = Assert.Single(results[0].Findings);
        Assert.Equal(DiagnosticIds.StartupPeak, shared.Id);
        Assert.Equal(SettingNames.GpuMemoryUtilization, shared.Setting);
        Assert.StartsWith("GPU 0 is shared: 11.0 requested + 0.6 outside the budget by this deployment + 11.6 by embed = 23.1 GiB exceeds its 22.0 GiB", shared.Message);
        Assert.Single(results[1].Findings);
        Assert.Empty(results[2].Findings);
    }

    [Fact]
    public void A_draft_model_adds_its_weights()
    {
        var plain = DeploymentChecker.Check(Input("vllm serve meta-llama/Llama-3.1-70B-Instruct -tp 4 --max-model-len 8192"), FourL4 with { Gpu = FourL4.Gpu! with { CudaTotalGiB = 79.19, Name = "H100 80GB" } });
        var speculative = DeploymentChecker.Check(
            Input("vllm serve meta-llama/Llama-3.1-70B-Instruct -tp 4 --max-model-len 8192 --speculative-config '{\"model\": \"meta-llama/Llama-3.1-8B-Instruct\", \"num_speculative_tokens\": 4}'"),
            FourL4 with { Gpu = FourL4.Gpu! with { CudaTotalGiB = 79.19, Name = "H100 80GB" } });

        Assert.Equal(14.99 / 4, speculative.Estimate!.PerGpu.WeightsGiB - plain.Estimate!.PerGpu.WeightsGiB, 1);
    }

    [Fact]
    public void A_shorter_context_is_never_longer_than_the_model_supports()
    {
        // Qwen2.5-7B supports 32768 tokens; asked for 65536 on an L4, the length fix stays within 32768.
        var result = DeploymentChecker.Check(Input("vllm serve Qwen/Qwen2.5-7B-Instruct --max-model-len 65536 --max-num-seqs 4"), FourL4);

        var fixes = result.Findings.SelectMany(f => f.Fixes).Where(f => f.Setting == SettingNames.MaxModelLen).ToList();
        Assert.NotEmpty(fixes);
        Assert.All(fixes, f => Assert.InRange(int.Parse(f.Value, System.Globalization.CultureInfo.InvariantCulture), 1, 32768));
    }
}
