namespace VramLint.Core.Settings;

/// <summary>
/// The top-p/top-k kernel vLLM's sampler runs (<c>vramlint.vllm_sampler</c>), which sizes the sampler warm-up of the
/// profile run on V1 releases before 0.17. PyTorch's path sorts the whole [sequences x vocabulary] fp32 logits into values
/// and int64 indices, then takes a softmax, a cumulative sum and a scatter into a new tensor; FlashInfer's kernel masks and
/// samples without the sort. vLLM 0.8-0.11.0 takes FlashInfer's whenever FlashInfer is installed (the start-up log says
/// "Using FlashInfer for top-p &amp; top-k sampling"), later releases only with VLLM_USE_FLASHINFER_SAMPLER=1. Whether it is
/// installed is not in the deployment, so the larger PyTorch warm-up is assumed unless declared.
/// </summary>
public enum VllmSampler
{
    /// <summary>PyTorch's sort-based top-p/top-k ("Falling back to the PyTorch-native implementation"): the default.</summary>
    PyTorch,

    /// <summary>FlashInfer's top-p/top-k kernel ("Using FlashInfer for top-p &amp; top-k sampling").</summary>
    FlashInfer,
}
