using VramLint.Core.Models;
using VramLint.Core.Settings;

namespace VramLint.Core.Estimation;

/// <summary>
/// The one-line arithmetic of a vllm estimate, as messages quote it: "budget 21.7 GiB (0.92 x 23.64) - weights 15.0 -
/// activation 0.5 - non-torch 0.28 - CUDA graphs 0.74 = KV cache 5.24 GiB", followed by what was assumed or left out.
/// </summary>
internal static class VllmBreakdown
{
    public static string Describe(
        ModelResolution model,
        DeploymentSettings settings,
        RuntimeTerms runtime,
        double budget,
        double gmu,
        double total,
        PipelineStage stage,
        int stageCount,
        SpeculativeDraft draft,
        int tp,
        MultimodalProfile? multimodal = null,
        bool pooling = false)
    {
        var noCache = pooling && stage.Kv is { KeepsNothing: true };
        var text = noCache
            ? $"weights {Numbers.F2(stage.Weights)} + non-torch {Numbers.F2(runtime.NonTorchGiB)} + CUDA graphs {Numbers.F2(runtime.GraphsGiB)} GiB held; no KV cache, so vLLM does not profile the model"
                + $" nor allocate the rest of the budget {Numbers.F1(budget)} GiB ({Numbers.F2(gmu)} x {Numbers.F2(total)}), which must still be free at start; the forward pass of one full batch takes {Numbers.F2(stage.Activation)} GiB when it comes"
            : settings.KvCacheMemoryBytes is null
            ? $"budget {Numbers.F1(budget)} GiB ({Numbers.F2(gmu)} x {Numbers.F2(total)}) - weights {Numbers.F1(stage.Weights)} - activation {Numbers.F1(stage.Activation)}"
                + $" - non-torch {Numbers.F2(runtime.NonTorchGiB)}" + (runtime.GraphsInBudget ? $" - CUDA graphs {Numbers.F2(runtime.GraphsGiB)}" : "")
                + $" = KV cache {Numbers.F2(stage.Pool)} GiB"
            : $"KV cache {Numbers.F2(stage.Pool)} GiB set by --kv-cache-memory-bytes, beside weights {Numbers.F1(stage.Weights)} + activation {Numbers.F1(stage.Activation)}"
                + $" + non-torch {Numbers.F2(runtime.NonTorchGiB)} + CUDA graphs {Numbers.F2(runtime.GraphsGiB)}";

        var notes = new List<string>();
        if (!runtime.GraphsInBudget && runtime.GraphsGiB > 0 && settings.KvCacheMemoryBytes is null && !noCache)
        {
            notes.Add($"CUDA graphs {Numbers.F2(runtime.GraphsGiB)} GiB come on top (before vLLM 0.21 they are captured after the KV cache is sized)");
        }

        if (stageCount > 1)
        {
            notes.Add($"pipeline stage {stage.Index + 1} of {stageCount} (layers {stage.FirstLayer}-{stage.EndLayer - 1})");
        }

        var spec = model.Spec;
        if (spec is null || ModelComponents.From(spec) is null)
        {
            notes.Add(model.Parameters is { } parameters
                ? $"architecture {(spec is null ? "unknown" : "incomplete")}: weights from {NameOnlyWeights.Describe(parameters, model.Quantization, settings.Dtype)}"
                    + (spec?.HiddenSize is null ? ", activation from a typical model of that size" : "")
                : "size unknown: no weights counted");
        }

        if (stage.Kv is null)
        {
            notes.Add("KV cache per token unknown (the architecture does not give layers, KV heads and head size), so the max-model-len check is skipped");
        }

        if (draft.Description is not null)
        {
            notes.Add($"weights include the {draft.Description} ({Numbers.F2(Numbers.ToGiB(draft.BytesPerGpu))} GiB)");
        }

        if (draft.Caveat is not null)
        {
            notes.Add("speculative decoding: " + draft.Caveat);
        }

        var lora = LoraSlots.BytesPerGpu(spec, settings, tp, stage.EndLayer - stage.FirstLayer);
        if (lora > 0)
        {
            notes.Add($"weights include {settings.MaxLoras ?? LoraSlots.DefaultMaxLoras} LoRA slot(s) of rank {settings.MaxLoraRank ?? LoraSlots.DefaultMaxLoraRank} ({Numbers.F2(Numbers.ToGiB(lora))} GiB)");
        }

        if (multimodal is { WeightBytes: > 0 } mm)
        {
            var items = mm.Modality switch
            {
                "audio" => $"{mm.Items} audio item(s) of {mm.PatchesPerItem} positions",
                "video" => $"{mm.Items} video(s) of {mm.VideoFrames} frame(s), {mm.PatchesPerItem} patches",
                "image and video" => $"{mm.Items} images and videos ({mm.VideoFrames} frame(s) a video) of up to {mm.PatchesPerItem} patches",
                _ => $"{mm.Items} image(s) of {mm.PatchesPerItem} patches",
            };
            notes.Add($"weights include the {(mm.Modality == "audio" ? "audio" : "vision")} encoder ({Numbers.F2(Numbers.ToGiB(mm.WeightBytes))} GiB)"
                + (mm.Items > 0 ? $"; its profile of {items} peaks at {Numbers.F2(Numbers.ToGiB(mm.ActivationBytes))} GiB" : "")
                + (Numbers.ToGiB(mm.HeldBytes) >= 0.01 ? $", and the language model's dummy run holds its outputs ({Numbers.F2(Numbers.ToGiB(mm.HeldBytes))} GiB)" : "")
                + (mm.Caveat is null ? "" : "; " + mm.Caveat));
        }
        else if (multimodal?.Caveat is { } textOnly)
        {
            notes.Add(textOnly);
        }

        if (pooling && !noCache)
        {
            notes.Add("pooling runner: no sampler warm-up");
        }

        if (stage.OtherSamplerActivation is { } other && Math.Abs(stage.Activation - other) >= 0.05 && settings.KvCacheMemoryBytes is null && !noCache)
        {
            notes.Add(stage.Sampler == VllmSampler.FlashInfer
                ? $"activation sized for FlashInfer's top-p/top-k sampler, which vLLM's own image of this release runs; with PyTorch's (the start-up log says 'Falling back to the PyTorch-native implementation': set vramlint.vllm_sampler = pytorch) it is {Numbers.F2(other)} GiB, leaving {Numbers.F2(other - stage.Activation)} GiB less KV cache"
                : $"activation sized for PyTorch's top-p/top-k sampler; with FlashInfer's (the start-up log says 'Using FlashInfer for top-p & top-k sampling': set vramlint.vllm_sampler = flashinfer) it is {Numbers.F2(other)} GiB, leaving {Numbers.F2(stage.Activation - other)} GiB more KV cache");
        }

        if (stage.Kv?.Groups is { StateLayers: > 0 } groups)
        {
            notes.Add($"hybrid: {groups.StateLayers} state layers of {Numbers.F2(groups.StateBytesPerLayer / 1048576.0)} MiB per request, attention block raised to {groups.AlignedBlockSize} tokens");
        }

        if (settings.CpuOffloadGb is > 0)
        {
            notes.Add($"{Numbers.F1(settings.CpuOffloadGb.Value)} GiB of weights kept in CPU memory (--cpu-offload-gb)");
        }

        return notes.Count == 0 ? text : text + "; " + string.Join("; ", notes);
    }
}
