using VramLint.Core.Arguments;
using VramLint.Core.Configuration;
using VramLint.Core.Diagnostics;
using VramLint.Core.Estimation;
using VramLint.Core.Models;
using VramLint.Core.Settings;

namespace VramLint.Core.Tests.Estimation;

/// <summary>Models known only by their name: the size in the name, no invented architecture, and the breakdown says so.</summary>
public class NameOnlyEstimateTests
{
    private const double GiB = Numbers.BytesPerGiB;

    [Fact]
    public void A_16_bit_model_is_its_parameters_times_two_bytes_and_the_kv_checks_are_skipped()
    {
        var result = VllmEstimatorTests.Estimate("acme/custom-13B-chat", VllmEstimatorTests.On("L4", 2), null, "-tp", "2", "--max-model-len", "8192");

        Assert.Null(result.Estimate.Model.Spec);
        Assert.Equal(13e9 * 2, result.Estimate.WeightBytes, 0);
        Assert.Equal(13e9 * 2 / 2 / GiB, result.Estimate.PerGpu.WeightsGiB, 9);
        Assert.Equal(0, result.Estimate.KvCache.BytesPerToken);
        Assert.Null(result.Estimate.KvCache.MaxFittingModelLen);
        Assert.Empty(result.Findings);
        Assert.Equal(
            "budget 20.3 GiB (0.92 x 22.03) - weights 12.1 - activation 0.5 - non-torch 0.41 - CUDA graphs 0.74 = KV cache 6.52 GiB; "
            + "architecture unknown: weights from 13.0B parameters x 2.00 bytes, activation from a typical model of that size; "
            + "KV cache per token unknown (the architecture does not give layers, KV heads and head size), so the max-model-len check is skipped",
            result.Estimate.Breakdown);
    }

    [Fact]
    public void A_quantized_name_keeps_a_size_dependent_share_at_16_bits()
    {
        // 7B: a typical 7B model (hidden cbrt(7e9 x 128 / 12) = 4211) spends 2 x 128256 x 4211 / 7e9 = 15.4% of its
        // parameters on the embedding and LM head, which AWQ leaves 16-bit; the rest at 4.16 bits.
        var share = 2 * 128256 * Math.Pow(7e9 * 128 / 12, 1.0 / 3) / 7e9;
        var small = VllmEstimatorTests.Estimate("acme/custom-7B-chat-AWQ", VllmEstimatorTests.On("L4")).Estimate;
        Assert.Equal(7e9 * (((1 - share) * 0.51953125) + (share * 2)), small.WeightBytes, 3);
        Assert.Contains("weights from 7.0B parameters x 0.52 bytes, 15% of them (embeddings and LM head) at 2.00", small.Breakdown);

        // 70B: only 3%.
        Assert.Equal(0.033, NameOnlyWeights.EmbeddingShare(70e9), 3);
        Assert.Equal(NameOnlyWeights.MaxEmbeddingShare, NameOnlyWeights.EmbeddingShare(0.1e9));
    }

    [Fact]
    public void Weights_beyond_every_declared_gpu_are_vram003_with_no_lever()
    {
        var finding = Assert.Single(VllmEstimatorTests.Estimate("acme/custom-13B-chat", VllmEstimatorTests.On("L4")).Findings);

        Assert.Equal(DiagnosticIds.ExceedsCluster, finding.Finding.Id);
        Assert.Equal(SettingNames.Model, finding.Finding.Setting);
        Assert.Empty(finding.Levers);
        Assert.Equal(
            "the weights of acme/custom-13B-chat take 24.2 GiB, more than the 22.0 GiB of all 1 declared GPUs (1 x 22.03 GiB); no parallelism can fit it: use a quantized checkpoint or more GPUs",
            finding.Finding.Message);
    }

    [Fact]
    public void A_name_without_a_size_gets_no_numbers()
    {
        var options = VramLintOptions.FromLookup(k => k == "vramlint.gpu" ? "L4" : null);
        var result = DeploymentChecker.Check(new DeploymentInput(VllmArgumentReader.Read(ShellWords.Split("vllm serve acme/custom-chat"))), options);

        Assert.Null(result.Estimate);
        Assert.Equal(DiagnosticIds.UnknownModel, Assert.Single(result.Findings).Id);

        // Called directly, the estimator counts nothing it does not know and says so.
        var direct = VllmEstimatorTests.Estimate("acme/custom-chat", VllmEstimatorTests.On("L4")).Estimate;
        Assert.Equal(0, direct.WeightBytes);
        Assert.Contains("; size unknown: no weights counted;", direct.Breakdown);
    }

    [Fact]
    public void An_incomplete_config_uses_what_it_has_and_skips_the_kv_checks()
    {
        var spec = new ModelSpec { Id = "acme/partial", TotalParameters = 3e9, HiddenSize = 3072 };
        var result = new VllmEstimator().Estimate(new EstimationRequest
        {
            Model = new ModelResolution { Id = "acme/partial", Source = ModelSource.ConfigJson, Spec = spec },
            Settings = new DeploymentSettings { Model = "acme/partial", MaxModelLen = 4096 },
            Capacity = VllmEstimatorTests.On("L4"),
        });

        Assert.Equal(3e9 * 2, result.Estimate.WeightBytes, 0);
        Assert.Equal(0, result.Estimate.KvCache.BytesPerToken);
        Assert.Empty(result.Findings);
        Assert.Contains("; architecture incomplete: weights from 3.0B parameters x 2.00 bytes; KV cache per token unknown", result.Estimate.Breakdown);
    }
}
