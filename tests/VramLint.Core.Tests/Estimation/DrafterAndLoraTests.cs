using VramLint.Core.Estimation;
using VramLint.Core.Models;
using VramLint.Core.Settings;

namespace VramLint.Core.Tests.Estimation;

/// <summary>What speculative decoding and LoRA add to each GPU.</summary>
public class DrafterAndLoraTests
{
    private static readonly ModelResolution Llama8b = ModelResolver.Resolve("meta-llama/Llama-3.1-8B-Instruct");

    /// <summary>One Llama-3.1-8B decoder layer: Q/O 2 x 4096^2, K/V 2 x 4096 x 1024, MLP 3 x 4096 x 14336, two norms.</summary>
    private const double Llama8bLayerParameters = (2.0 * 4096 * 4096) + (2.0 * 4096 * 1024) + (3.0 * 4096 * 14336) + (2 * 4096);

    private static SpeculativeDraft Draft(DeploymentSettings settings, ModelResolution target, int tp = 1) =>
        SpeculativeDraft.For(settings, target, ModelComponents.From(target.Spec!), tp, dp: 1);

    [Fact]
    public void N_gram_drafting_loads_nothing() =>
        Assert.Same(SpeculativeDraft.None, Draft(new DeploymentSettings { SpeculativeMethod = "ngram", NumSpeculativeTokens = 5 }, Llama8b));

    [Fact]
    public void An_eagle3_head_is_one_16_bit_layer_of_the_target_and_its_fc()
    {
        var draft = Draft(new DeploymentSettings { SpeculativeMethod = "eagle3", SpeculativeModel = "yuhuili/EAGLE3-LLaMA3.1-Instruct-8B" }, Llama8b);

        Assert.Equal((Llama8bLayerParameters + (3.0 * 4096 * 4096)) * 2, draft.BytesPerGpu);
        Assert.Equal(2 * 8 * 128 * 2, draft.Kv!.BytesPerToken);
        Assert.Equal("EAGLE head yuhuili/EAGLE3-LLaMA3.1-Instruct-8B", draft.Description);

        // The name's "8B" is the target's size, not the head's.
        Assert.True(draft.BytesPerGpu < 0.6 * Numbers.BytesPerGiB);
    }

    [Fact]
    public void An_mtp_module_is_one_layer_as_the_target_stores_it()
    {
        var v3 = ModelResolver.Resolve("deepseek-ai/DeepSeek-V3");
        var components = ModelComponents.From(v3.Spec!)!;
        var draft = Draft(new DeploymentSettings { SpeculativeMethod = "deepseek_mtp", NumSpeculativeTokens = 1 }, v3, tp: 8);

        var layer = WeightBytes.DecoderLayer(components, v3.Spec!, v3.Quantization, null, tp: 8, dp: 1, moe: true);
        Assert.Equal(layer + (((2.0 * 7168 * 7168) + (2 * 7168)) * 2), draft.BytesPerGpu);
        Assert.Equal(576 * 2, draft.Kv!.BytesPerToken);
        Assert.Equal("MTP module", draft.Description);
    }

    [Fact]
    public void A_draft_model_is_sized_like_any_model_and_shares_a_matching_rotary_cache()
    {
        var target = ModelResolver.Resolve("meta-llama/Llama-3.1-70B-Instruct");
        var draft = Draft(new DeploymentSettings { SpeculativeModel = "meta-llama/Llama-3.1-8B-Instruct", NumSpeculativeTokens = 4 }, target, tp: 4);

        var components = ModelComponents.From(Llama8b.Spec!)!;
        var alone = WeightBytes.PerGpu(components, Llama8b.Spec!, QuantizationScheme.None, null, 4, 1, 0, 32, 1);
        Assert.Equal(alone - (131072.0 * 128 * 2), draft.BytesPerGpu, 3);
        Assert.Equal(32 * 2 * 2 * 128 * 2, draft.Kv!.BytesPerToken);
        Assert.Null(draft.Caveat);
    }

    [Fact]
    public void An_unknown_draft_model_is_counted_from_its_name_or_said_to_be_uncounted()
    {
        var named = Draft(new DeploymentSettings { SpeculativeModel = "acme/tiny-draft-1B" }, Llama8b, tp: 2);
        Assert.Equal(1e9 * 2 / 2, named.BytesPerGpu);
        Assert.Equal("its weights come from its name and its KV cache is unknown", named.Caveat);

        var unnamed = Draft(new DeploymentSettings { SpeculativeModel = "acme/tiny-draft" }, Llama8b);
        Assert.Equal((0.0, (string?)null), (unnamed.BytesPerGpu, unnamed.Description));
        Assert.Equal("the draft model 'acme/tiny-draft' is unknown and its name states no size, so it is not counted", unnamed.Caveat);
    }

    [Fact]
    public void The_drafter_shows_in_the_estimate()
    {
        var result = VllmEstimatorTests.Estimate(
            "meta-llama/Llama-3.1-8B-Instruct",
            VllmEstimatorTests.On("RTX 4090"),
            null,
            "--max-model-len", "16384", "--speculative-config", "{\"method\": \"eagle3\", \"model\": \"yuhuili/EAGLE3-LLaMA3.1-Instruct-8B\", \"num_speculative_tokens\": 3}");

        Assert.Equal(33 * 4096, result.Estimate.KvCache.BytesPerToken);
        Assert.EndsWith("; weights include the EAGLE head yuhuili/EAGLE3-LLaMA3.1-Instruct-8B (0.50 GiB)", result.Estimate.Breakdown);
    }

    [Fact]
    public void Lora_slots_keep_a_whole_and_split_b_on_column_parallel_layers_and_the_reverse_on_row_parallel_ones()
    {
        var settings = new DeploymentSettings { EnableLora = true, MaxLoras = 4, MaxLoraRank = 64 };

        // Whole: 7 x 4096 (A of q/k/v and gate/up, B of o and down); split: q + k + v + o outputs and 3 x 14336.
        double Expected(int tp) => 4 * 64 * ((7.0 * 4096) + (((2 * 4096) + (2 * 1024) + (3 * 14336.0)) / tp)) * 32 * 2;
        Assert.Equal(Expected(1), LoraSlots.BytesPerGpu(Llama8b.Spec, settings, 1, 32));
        Assert.Equal(Expected(2), LoraSlots.BytesPerGpu(Llama8b.Spec, settings, 2, 32));
        Assert.Equal(1.25, Expected(1) / Numbers.BytesPerGiB, 12);

        Assert.Equal(0, LoraSlots.BytesPerGpu(Llama8b.Spec, settings with { EnableLora = null }, 1, 32));

        var result = VllmEstimatorTests.Estimate("meta-llama/Llama-3.1-8B-Instruct", VllmEstimatorTests.On("RTX 4090"), null, "--max-model-len", "16384", "--enable-lora", "--max-loras", "4", "--max-lora-rank", "64");
        Assert.EndsWith("; weights include 4 LoRA slot(s) of rank 64 (1.25 GiB)", result.Estimate.Breakdown);
    }
}
