using VramLint.Core.Configuration;
using VramLint.Core.Diagnostics;
using VramLint.Core.Estimation;
using VramLint.Core.Models;
using VramLint.Core.Settings;

namespace VramLint.Core.Tests.Estimation;

/// <summary>vramlint.vllm_version selects the accounting of that release (docs/accuracy.md, "Version eras").</summary>
public class VllmReleaseBehaviourTests
{
    private static readonly VllmVersion V064 = new(0, 6);
    private static readonly VllmVersion V07 = new(0, 7);
    private static readonly VllmVersion V010 = new(0, 10);
    private static readonly VllmVersion V011 = new(0, 11);

    /// <summary>Llama-3.1-8B's forward pass per profiled token: (3 x 14336 + 5 x 4096) x 2 bytes.</summary>
    private const double Llama8bForwardBytesPerToken = ((3 * 14336) + (5 * 4096)) * 2;

    private static VramLintOptions Release(VllmVersion version) => new() { VllmVersion = version, VllmVersionDeclared = true };

    private static EffectiveSettings Effective(string gpu, VllmVersion version, params string[] args) =>
        VllmEstimatorTests.Estimate("meta-llama/Llama-3.1-8B-Instruct", VllmEstimatorTests.On(gpu), Release(version), args).Estimate.Settings;

    [Fact]
    public void V0_profiles_one_whole_request_of_max_model_len_unless_chunked_prefill_is_on()
    {
        // Below 32768 tokens V0 kept chunked prefill off and profiled max(max-model-len, 2048) tokens.
        Assert.Equal(29000, Effective("RTX 3090", V064, "--max-model-len", "29000").MaxNumBatchedTokens);
        Assert.Equal(2048, Effective("RTX 3090", V064, "--max-model-len", "1024").MaxNumBatchedTokens);

        // Above it V0 turned chunked prefill on: 512-token chunks before 0.7, 2048 from 0.7; V1 always chunks.
        Assert.Equal(512, Effective("RTX 3090", V064, "--max-model-len", "35000").MaxNumBatchedTokens);
        Assert.Equal(2048, Effective("RTX 3090", V07, "--max-model-len", "35000").MaxNumBatchedTokens);
        Assert.Equal(2048, Effective("RTX 3090", VllmVersion.Latest, "--max-model-len", "29000").MaxNumBatchedTokens);

        // Written chunked prefill wins in either engine.
        Assert.Equal(512, Effective("RTX 3090", V064, "--max-model-len", "29000", "--enable-chunked-prefill").MaxNumBatchedTokens);
    }

    [Fact]
    public void The_v0_activation_peak_grows_with_the_context_and_fails_a_29k_context_on_a_3090()
    {
        // vLLM 0.6.4, RTX 3090, Llama-3.1-8B (issue 10517): 20000 tokens started (3.81 GiB pool), 29000 failed ("23648 tokens").
        var at20k = VllmEstimatorTests.Estimate("meta-llama/Llama-3.1-8B-Instruct", VllmEstimatorTests.On("RTX 3090"), Release(V064), "--max-model-len", "20000");
        var at29k = VllmEstimatorTests.Estimate("meta-llama/Llama-3.1-8B-Instruct", VllmEstimatorTests.On("RTX 3090"), Release(V064), "--max-model-len", "29000");

        Assert.Equal(29000 * Llama8bForwardBytesPerToken * 1.05 / Numbers.BytesPerGiB, at29k.Estimate.PerGpu.ActivationGiB, 9);
        Assert.Empty(at20k.Findings);
        var finding = Assert.Single(at29k.Findings).Finding;
        Assert.Equal(DiagnosticIds.DoesNotFit, finding.Id);
        Assert.Contains("vLLM would stop with: To serve at least one request with the model's max seq len (29000)", finding.Message);
        Assert.DoesNotContain("assuming vLLM", finding.Message);

        // The same deployment on the newest release chunks the prefill and starts.
        Assert.DoesNotContain(
            VllmEstimatorTests.Estimate("meta-llama/Llama-3.1-8B-Instruct", VllmEstimatorTests.On("RTX 3090"), Release(VllmVersion.Latest), "--max-model-len", "29000").Findings,
            f => f.Finding.Id == DiagnosticIds.DoesNotFit);
    }

    [Fact]
    public void Large_gpus_profile_1024_sequences_in_v1_and_the_sampler_shrinks_from_0_17()
    {
        // vLLM's arg_utils: default_max_num_seqs 1024 on GPUs of 70 GiB or more (not A100) for both entry points in V1
        // (0.10.2 Qwen3-Next log on H200s: 5.58 GiB of sampler warm-up, 1024 rows); V0 and the other GPUs 256.
        Assert.Equal(256, Effective("H100", V07).MaxNumSeqs);
        Assert.Equal(1024, Effective("H100", V010).MaxNumSeqs);
        Assert.Equal(1024, Effective("H100", V011).MaxNumSeqs);
        Assert.Equal(256, Effective("A100 80GB", V010).MaxNumSeqs);
        Assert.Equal(256, Effective("RTX 4090", V011).MaxNumSeqs);

        var rows1024 = 1024.0 * 128256 * 4 * 1.05 / Numbers.BytesPerGiB;
        var at011 = VllmEstimatorTests.Estimate("meta-llama/Llama-3.1-8B-Instruct", VllmEstimatorTests.On("H100"), Release(V011)).Estimate.PerGpu.ActivationGiB;
        var newest = VllmEstimatorTests.Estimate("meta-llama/Llama-3.1-8B-Instruct", VllmEstimatorTests.On("H100"), Release(VllmVersion.Latest)).Estimate.PerGpu.ActivationGiB;
        Assert.Equal(9.7 * rows1024, at011, 9);
        Assert.Equal(3.9 * rows1024, newest, 9);
    }

    [Fact]
    public void FlashInfers_sampler_warms_up_with_the_lean_copies_on_0_8_to_0_16_and_the_breakdown_says_so_when_not_declared()
    {
        // vLLM 0.10.1.1, A100 80GB, Qwen2-7B-Instruct at gmu 0.25 (dennislee22/vLLM-benchmarking): the log names FlashInfer's
        // sampler and kept 5.01 GiB of pool. 256 rows of the 152064-token vocabulary, fp32; the forward pass of 2048
        // tokens, (3 x 18944 + 5 x 3584) x 2 bytes each, is below both warm-ups.
        var rows = 256.0 * 152064 * 4 * 1.05 / Numbers.BytesPerGiB;
        var forward = 2048.0 * ((3 * 18944) + (5 * 3584)) * 2 * 1.05 / Numbers.BytesPerGiB;
        string[] args = ["--max-model-len", "16384", "--gpu-memory-utilization", "0.25"];
        MemoryEstimate With(VramLintOptions options) => VllmEstimatorTests.Estimate("Qwen/Qwen2-7B-Instruct", VllmEstimatorTests.On("A100 80GB"), options, args).Estimate;

        var assumed = With(Release(V010));
        var pytorch = With(VramLintOptions.FromLookup(key => key switch { ConfigKeys.VllmVersion => "0.10", ConfigKeys.VllmSampler => "pytorch", _ => null }));
        var flashInfer = With(VramLintOptions.FromLookup(key => key switch { ConfigKeys.VllmVersion => "0.10", ConfigKeys.VllmSampler => "FlashInfer", _ => null }));
        Assert.True(forward < 3.9 * rows);
        Assert.Equal(9.7 * rows, assumed.PerGpu.ActivationGiB, 9);
        Assert.Equal(9.7 * rows, pytorch.PerGpu.ActivationGiB, 9);
        Assert.Equal(3.9 * rows, flashInfer.PerGpu.ActivationGiB, 9);
        Assert.Equal(5.8 * rows, flashInfer.PerGpu.KvCacheGiB - pytorch.PerGpu.KvCacheGiB, 9);

        // Only the assumption is stated, with the figures it moves; a declared kernel is no assumption.
        Assert.EndsWith(
            "; activation sized for PyTorch's top-p/top-k sampler; with FlashInfer's (the start-up log says 'Using FlashInfer for top-p & top-k sampling': set vramlint.vllm_sampler = flashinfer) it is 0.59 GiB, leaving 0.88 GiB more KV cache",
            assumed.Breakdown);
        Assert.DoesNotContain("FlashInfer", pytorch.Breakdown);
        Assert.DoesNotContain("FlashInfer", flashInfer.Breakdown);

        // From 0.17 both kernels hold the lean copies, and V0's warm-up is measured as logged: the kernel changes nothing.
        foreach (var release in new[] { new VllmVersion(0, 17), V064 })
        {
            var undeclared = With(Release(release));
            var declared = With(Release(release) with { Sampler = VllmSampler.FlashInfer, SamplerDeclared = true });
            Assert.Equal(undeclared.PerGpu.ActivationGiB, declared.PerGpu.ActivationGiB, 12);
            Assert.DoesNotContain("FlashInfer", undeclared.Breakdown);
        }
    }

    [Fact]
    public void An_unknown_sampler_is_reported_with_the_values_expected()
    {
        var options = VramLintOptions.FromLookup(key => key == ConfigKeys.VllmSampler ? "triton" : null);
        Assert.False(options.SamplerDeclared);
        Assert.Equal(VllmSampler.PyTorch, options.Sampler);
        var problem = Assert.Single(options.Problems);
        Assert.Equal(DiagnosticIds.InvalidValue, problem.Id);
        Assert.Equal("'vramlint.vllm_sampler = triton' is not valid: expected 'pytorch' or 'flashinfer' (the start-up log says which: 'Using FlashInfer for top-p & top-k sampling'); the key is ignored", problem.Message);
    }

    [Fact]
    public void Without_a_declared_release_a_start_up_verdict_says_which_release_it_assumed()
    {
        var undeclared = VllmEstimatorTests.Estimate("meta-llama/Llama-3.1-8B-Instruct", VllmEstimatorTests.On("RTX 3090"), VramLintOptions.Default, "--max-model-len", "131072");
        var finding = Assert.Single(undeclared.Findings).Finding;
        Assert.EndsWith("(assuming vLLM 0.22: set vramlint.vllm_version to the release you run)", finding.Message);

        // A release given some other way (a front end reading an image tag) is not an assumption either.
        var other = VllmEstimatorTests.Estimate("meta-llama/Llama-3.1-8B-Instruct", VllmEstimatorTests.On("RTX 3090"), new VramLintOptions { VllmVersion = new VllmVersion(0, 11) }, "--max-model-len", "131072");
        Assert.DoesNotContain("assuming vLLM", Assert.Single(other.Findings).Finding.Message);

        var declared = VramLintOptions.FromLookup(key => key == ConfigKeys.VllmVersion ? "0.22" : null);
        Assert.True(declared.VllmVersionDeclared);
        var message = Assert.Single(VllmEstimatorTests.Estimate("meta-llama/Llama-3.1-8B-Instruct", VllmEstimatorTests.On("RTX 3090"), declared, "--max-model-len", "131072").Findings).Finding.Message;
        Assert.Equal(finding.Message, message + " (assuming vLLM 0.22: set vramlint.vllm_version to the release you run)");
    }
}
