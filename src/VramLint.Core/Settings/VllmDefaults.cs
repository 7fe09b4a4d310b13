using VramLint.Core.Estimation;
using VramLint.Core.Models;

namespace VramLint.Core.Settings;

/// <summary>vLLM's defaults for the settings a deployment did not write (vllm-notes section 1.2), per GPU class and release.</summary>
public static class VllmDefaults
{
    public const int BlockSize = 16;

    /// <summary>0.92 from vLLM 0.21 (PR #38284), 0.90 before.</summary>
    public static double GpuMemoryUtilization(VllmVersion version) => version >= VllmVersion.V0_21 ? 0.92 : 0.90;

    /// <summary>True on the GPUs where <c>vllm serve</c> defaults to the large batch (at least 70 GiB and not an A100).</summary>
    public static bool IsLargeBatchClass(GpuCapacity capacity) =>
        capacity.MemoryGiB >= 70 && capacity.Name.IndexOf("A100", StringComparison.OrdinalIgnoreCase) < 0;

    /// <summary>The longest length vLLM accepts for the model's config (RoPE scaling applied), or null when the model is not known.</summary>
    public static int? DerivedMaxModelLen(ModelResolution model) => model.Spec?.DerivedMaxModelLen ?? model.Spec?.MaxPositionEmbeddings;

    /// <summary>The length vLLM serves when none is written: the derived one, except LongRoPE's original length.</summary>
    public static int? DefaultMaxModelLen(ModelResolution model) => model.Spec?.DefaultMaxModelLen ?? DerivedMaxModelLen(model);

    /// <summary>
    /// The settings vLLM would run with: what was written, else the default for this GPU and release
    /// (<see cref="VllmBehaviour"/>: V0 profiles a whole max-model-len request unless chunked prefill is on).
    /// max-model-len is 0 when neither written nor derivable.
    /// </summary>
    public static EffectiveSettings Resolve(DeploymentSettings settings, ModelResolution model, GpuCapacity capacity, VllmVersion version)
    {
        var behaviour = VllmBehaviour.Of(version);
        var large = IsLargeBatchClass(capacity);
        var throughput = string.Equals(settings.PerformanceMode, "throughput", StringComparison.OrdinalIgnoreCase);
        var maxModelLen = settings.MaxModelLen ?? DefaultMaxModelLen(model) ?? 0;
        // Bidirectional (encoder-only) models cannot be prefilled in chunks: vLLM turns chunked prefill off for them, so one
        // whole max-model-len request is batched ("Chunked prefill is not supported with encode task which using ALL pooling").
        var chunked = settings.EnableChunkedPrefill ?? (!EncoderOnlyModels.Is(model.Spec) && behaviour.ChunkedPrefillByDefault(maxModelLen));

        var batchedTokens = settings.MaxNumBatchedTokens ?? (behaviour.DefaultMaxNumBatchedTokens(large, chunked, maxModelLen) * (throughput ? 2 : 1));
        var seqs = settings.MaxNumSeqs ?? (behaviour.DefaultMaxNumSeqs(large) * (throughput ? 2 : 1));

        if (settings.MaxNumSeqs is null)
        {
            seqs = Math.Min(seqs, batchedTokens);
        }

        if (settings.MaxNumBatchedTokens is null)
        {
            if (maxModelLen > 0)
            {
                batchedTokens = (int)Math.Min(batchedTokens, (long)seqs * maxModelLen);
            }

            if (!chunked && maxModelLen > batchedTokens)
            {
                batchedTokens = maxModelLen;
            }
        }

        return new EffectiveSettings
        {
            TensorParallelSize = settings.TensorParallelSize ?? 1,
            PipelineParallelSize = settings.PipelineParallelSize ?? 1,
            DataParallelSize = settings.DataParallelSize ?? 1,
            MaxModelLen = maxModelLen,
            MaxNumSeqs = seqs,
            MaxNumBatchedTokens = batchedTokens,
            ChunkedPrefill = chunked,
            GpuMemoryUtilization = settings.GpuMemoryUtilization ?? GpuMemoryUtilization(version),
            KvCacheDtype = settings.KvCacheDtype ?? "auto",
        };
    }
}
