namespace VramLint.Core.Settings;

/// <summary>
/// How a vLLM release sizes memory at start-up, where releases differ (docs/accuracy.md, "Version eras"). Fitted on the
/// calibration part of the public start-up corpus; the eras are the releases the corpus shows a change at.
/// </summary>
public sealed class VllmBehaviour
{
    /// <summary>Before 0.4 the V0 sampler held far more fp32 copies of the logits (gemma-7b on an RTX 4090, 0.3: 3664 tokens of cache).</summary>
    public static VllmVersion V0LeanSampler { get; } = new(0, 4);

    /// <summary>The V1 engine became the default here; before it, V0 profiled one prefill of max-num-batched-tokens.</summary>
    public static VllmVersion V1Default { get; } = new(0, 8);

    /// <summary>V0 chunked prefill batches 512 tokens before 0.7 (0.6.4 log: 0.06 GiB activation at 35k) and 2048 from 0.7 (0.7 log: 0.22 GiB).</summary>
    public static VllmVersion V0LargerChunks { get; } = new(0, 7);

    /// <summary>
    /// V1 defaults to 1024 sequences on GPUs of 70 GiB or more (not A100) from its first release: vLLM's arg_utils sets
    /// <c>default_max_num_seqs</c> 1024 there for both entry points (PR 16158 of 2025-04-07 kept it on that class and put
    /// the others back to 256; before it, 0.8.0-0.8.3, V1 used 1024 on every GPU, which a major.minor release cannot tell
    /// apart). The 0.10.2 Qwen3-Next log on two H200s shows it: 5.58 GiB of activation, 9.6 fp32 copies of 1024 rows of
    /// its 151936-token vocabulary (at 256 rows the same run would have profiled 1.4 GiB).
    /// </summary>
    public static VllmVersion LargeBatchSequences { get; } = new(0, 8);

    /// <summary>
    /// The first release the corpus shows with a sampler warm-up far below the 9.7 fp32 copies of 0.11 and larger
    /// all-reduce buffers over NVLink (issue 11, 0.17-0.19 on H100: 1.9 GiB of activation at 1024 rows, about 2.1 GiB of
    /// non-torch memory at TP 2-4). The sampler's cause in vLLM's source: PR 33538 (2026-02-17) replaced the PyTorch
    /// top-k/top-p path (a full sort of the logits into fp32 values and int64 indices, softmax, cumsum and a scatter into a
    /// new tensor) with in-place Triton kernels for batches of 8 rows or more.
    /// </summary>
    public static VllmVersion LeanSampler { get; } = new(0, 17);

    /// <summary>
    /// The first release with vLLM's "align" prefix-caching mode for hybrid models (PR 30877 of 2026-01-23: two state pages
    /// per request). vLLM turns it on only when prefix caching is enabled, and prefix caching stays off by default for
    /// hybrid models (<c>ModelConfig.is_prefix_caching_supported</c>), so it takes an explicit --enable-prefix-caching:
    /// the 0.20.0 and 0.24 logs that show two pages enabled it (code-search file 52066611745, club-3090 issues 612 and
    /// 652); a 0.23 Qwen3.5-0.8B log and vLLM issue 49064 on 0.23.1, which did not, take one.
    /// </summary>
    public static VllmVersion HybridPrefixCaching { get; } = new(0, 15);

    /// <summary>
    /// From here vLLM refuses to start a hybrid model whose KV pool holds fewer blocks than max-num-seqs ("max_num_seqs
    /// (N) exceeds available Mamba cache blocks (B)", vLLM PR 38270 of 2026-03-26); the first release the public reports
    /// show it in is 0.23.1 (vLLM issue 49064), earlier releases capped the CUDA-graph sizes silently.
    /// </summary>
    public static VllmVersion MambaBlocksBoundSequences { get; } = new(0, 23);

    /// <summary>
    /// From here V1 counts the dummy items its encoder budget holds rounded down, with at most max-model-len / tokens per
    /// item in a prompt (<c>MultiModalBudget</c>, vLLM PR 22228 of 2025-08-05, first released in 0.10.1); before it
    /// <c>profile_run</c> rounded up (<c>cdiv</c>) and took the whole per-prompt limit (vLLM issue 12991: a 32767-token
    /// budget profiled 2 images of 16384 tokens). A major.minor release cannot tell 0.10.1 from 0.10.0, so 0.10 keeps the
    /// larger count.
    /// </summary>
    public static VllmVersion EncoderBudgetRoundsDown { get; } = new(0, 11);

    /// <summary>The behaviour <see cref="Of"/> made last: a run asks for one release several times an estimate.</summary>
    private static VllmBehaviour? lastAsked;

    private VllmBehaviour(VllmVersion version) => Version = version;

    /// <summary>True for V1 releases that round the encoder budget's items up (<see cref="EncoderBudgetRoundsDown"/>).</summary>
    public bool EncoderItemsRoundUp => !IsV0 && Version < EncoderBudgetRoundsDown;

    /// <summary>True when vLLM stops a hybrid model whose pool holds fewer state blocks than max-num-seqs (CUDA graphs on).</summary>
    public bool RefusesSequencesBeyondStateBlocks => Version >= MambaBlocksBoundSequences;

    /// <summary>Items per prompt of a modality --limit-mm-per-prompt does not name: 1 in V0, 999 in V1 (vllm-notes 1.2).</summary>
    public int DefaultMultimodalLimit => IsV0 ? 1 : 999;

    /// <summary>State pages a hybrid model's request holds per state group: 2 in "align" mode (prefix caching enabled explicitly, from <see cref="HybridPrefixCaching"/>), else 1.</summary>
    public bool MambaAlignMode(bool? enablePrefixCaching) => Version >= HybridPrefixCaching && enablePrefixCaching == true;

    public VllmVersion Version { get; }

    /// <summary>True for the V0 engine's accounting (releases before 0.8).</summary>
    public bool IsV0 => Version < V1Default;

    /// <summary>
    /// fp32 copies of rows x vocabulary that a sampler without the full sort holds at its peak: 3.9 (issue 11's 0.17-0.19
    /// measurement: 1.9 GiB for 1024 rows of Llama's 128256 tokens). Both such paths keep the same tensors, the 16-bit
    /// logits, their fp32 copy, one masked or normalised copy and the probabilities (14 bytes an element, 3.5 copies before
    /// the allocator's rounding): 0.17's in-place Triton kernels and FlashInfer's top-p/top-k kernel on 0.8-0.16.
    /// </summary>
    public const double LeanSamplerCopies = 3.9;

    /// <summary>
    /// fp32 copies of rows x vocabulary the sampler warm-up holds at its peak: with PyTorch's top-p/top-k 9.7 on 0.8-0.16
    /// (llm-d report, H100, five models 9.59-9.89), <see cref="LeanSamplerCopies"/> from 0.17 or with FlashInfer's kernel
    /// (<see cref="VllmSampler"/>; two 0.10.1 A100 logs that name it kept 1.0 GiB more pool than 9.7 copies leave). V0 from
    /// 0.4 without chunked prefill: 9.7 as well (calibration logs of 0.6.4-0.7.3 whose profile the sampler dominates:
    /// phi-1_5 9.8, Qwen2.5-Math-1.5B 9.7, Phi-4-mini 9.6, Llama-3-8B 10.3 copies at 256 rows); with chunked prefill at
    /// most 1.5 (0.7 logs with 2048-token chunks: 0.22 GiB in all on Llama-3.1-8B; 0.6.4 with 512: 0.06). Before 0.4
    /// about 15 (gemma-7b's 256000-token vocabulary left 1.57 GiB of cache on an RTX 4090). V0's warm-up is measured as
    /// logged, whatever its sampler. A 0.11.0 hybrid run on an RTX 4090 at 256 rows left room for at most about 3.8 copies;
    /// its log does not name the sampler, so the safe 9.7 stays (docs/accuracy.md).
    /// </summary>
    public double SamplerCopies(bool chunkedPrefill, VllmSampler sampler = VllmSampler.PyTorch) =>
        IsV0 ? (Version < V0LeanSampler ? 15 : chunkedPrefill ? 1.5 : 9.7)
        : Version >= LeanSampler || sampler == VllmSampler.FlashInfer ? LeanSamplerCopies : 9.7;

    /// <summary>True when the sampler kernel changes the warm-up: V1 releases before <see cref="LeanSampler"/>.</summary>
    public bool SamplerKernelMatters => !IsV0 && Version < LeanSampler;

    /// <summary>
    /// Non-torch memory the process group adds at two ranks over NVLink, GiB before the margin: 0.69 up to 0.16 (H100
    /// 0.41-0.42 and H200 1.25 over the single-GPU figure, vLLM 0.11), 1.95 on 0.17-0.20 (issue 11's 2.1 GiB at TP 2-4),
    /// 0.93 from 0.21 (the one calibration run at TP 4, Qwen3-235B-FP8 on 95 GiB cards: 1.70 GiB in all; a held-out B300
    /// at TP 4 logged 1.63).
    /// </summary>
    public double NvLinkCollectivesGiB => Version >= VllmVersion.V0_21 ? 0.93 : Version >= LeanSampler ? 1.95 : 0.69;

    /// <summary>
    /// Non-torch memory on one GPU, GiB before the margin: cuBLAS and attention workspaces, 0.13 up to 0.20 (H100, vLLM
    /// 0.11), 0.27 from 0.21 (calibration: 0.27 on a 24 GB Turing card with 0.28, 0.26 on an A100 80GB; a held-out 24 GB
    /// card logged 0.30).
    /// </summary>
    public double SingleGpuNonTorchGiB => Version >= VllmVersion.V0_21 ? 0.27 : 0.13;

    /// <summary>CUDA graphs are estimated and subtracted from the budget from 0.21; before, they were captured after the KV cache was sized, outside the budget.</summary>
    public bool GraphsInBudget => Version >= VllmVersion.V0_21;

    /// <summary>The first release observed with lean piecewise graphs (0.10: 4.2-5.4 copies per layer; 0.8-0.9: 4.8-36).</summary>
    public static VllmVersion LeanGraphs { get; } = new(0, 10);

    /// <summary>
    /// 16-bit copies of (largest capture x hidden) per layer the CUDA-graph pool holds on 0.10-0.20 ("Graph capturing
    /// finished ... took X GiB" over layers x largest capture x hidden x 2 bytes, calibration runs): dense 4.4 (Mistral-7B
    /// 5.4, Qwen3-32B-FP8 at TP 2 4.2, Qwen3-0.6B 3.7), MoE 8.2 (gpt-oss-20b 5.9, gpt-oss-120b 10.4: the router and expert
    /// buffers). Null elsewhere, where the size-only estimate stays: V0's full decode graphs do not grow with the shape in
    /// the corpus (<see cref="RuntimeMemory.V0GraphGiB"/>); 0.8-0.9 logs hold 4.8 to 35.8 copies, the same 1.5B model 0.45
    /// and 1.47 GiB on two GPUs, so no per-layer figure fits them (their least-squares 13.7 would put a 405B model at 14
    /// GiB per GPU, far beyond any log); from 0.21 the graphs come out of the budget and one calibration run (Llama-3.1-8B,
    /// 1.8 copies) is too little to lower the estimate beneath them (docs/accuracy.md).
    /// </summary>
    public double? GraphCopiesPerLayer(bool moe) => !IsV0 && Version >= LeanGraphs && Version < VllmVersion.V0_21 ? (moe ? 8.2 : 4.4) : null;

    /// <summary>
    /// V0 captured full decode graphs for batch sizes 1, 2, 4 and multiples of 8 up to the padded max-num-seqs, at most
    /// 256 (35 sizes in the 0.6-0.9 logs), where V1 captures piecewise graphs up to 512 tokens.
    /// </summary>
    public int? LargestGraphBatch => IsV0 ? 256 : null;

    /// <summary>max-num-seqs when not written: 256, or 1024 on the large-batch GPU class in V1 (V0 always 256).</summary>
    public int DefaultMaxNumSeqs(bool largeBatchClass) => !IsV0 && largeBatchClass && Version >= LargeBatchSequences ? 1024 : 256;

    /// <summary>
    /// Whether chunked prefill is on when not written: always in V1; in V0 only when the context exceeds 32768 tokens
    /// (vLLM turned it on for long contexts; the 0.6.4 log shows 20k and 29k profiled whole, 35k in chunks).
    /// </summary>
    public bool ChunkedPrefillByDefault(int maxModelLen) => !IsV0 || maxModelLen > 32768;

    /// <summary>
    /// max-num-batched-tokens when not written. V0 without chunked prefill profiles one whole request:
    /// max(max-model-len, 2048); with it 512 (2048 from 0.7). V1: 2048, 8192 on the large-batch GPU class.
    /// </summary>
    public int DefaultMaxNumBatchedTokens(bool largeBatchClass, bool chunkedPrefill, int maxModelLen) =>
        IsV0
            ? chunkedPrefill ? (Version >= V0LargerChunks ? 2048 : 512) : Math.Max(maxModelLen, 2048)
            : largeBatchClass ? 8192 : 2048;

    public static VllmBehaviour Of(VllmVersion version)
    {
        // The last answer is kept: it cannot change once made.
        var last = lastAsked;
        return last is not null && last.Version.Equals(version) ? last : lastAsked = new VllmBehaviour(version);
    }
}
