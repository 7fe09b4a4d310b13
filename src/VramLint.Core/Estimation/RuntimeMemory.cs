using VramLint.Core.Models;
using VramLint.Core.Settings;

namespace VramLint.Core.Estimation;

/// <summary>
/// The memory vLLM measures rather than computes (activation peak, non-torch growth, CUDA graphs, the CUDA context),
/// as terms calibrated on public measurements; see docs/accuracy.md for the fit and its error.
/// </summary>
public static class RuntimeMemory
{
    /// <summary>Forward pass of the profiling batch: per token, 3 x the FFN width a rank holds (gate+up output and the activation) plus 5 x hidden of residual and attention buffers, 16-bit (vllm-notes 2.1 log: 1.94 vs 1.97 GiB).</summary>
    public const double ForwardHiddenCopies = 5;

    /// <summary>Safety margin on the measured-not-computed terms: rather warn near the limit than pass what fails.</summary>
    public const double Margin = 1.05;

    /// <summary>The parts of a GPU name that say its ranks talk over NVLink or Infinity Fabric (<see cref="HasNvLink"/>).</summary>
    private static readonly string[] NvLinkParts = { "A100", "A800", "H100", "H200", "H20", "B200", "B300", "MI300", "MI325", "MI355" };

    /// <summary>
    /// The torch activation peak of the profile run per GPU, in bytes: the larger of the forward pass over the profiled
    /// batch and, on the last stage, the sampler warm-up, whose size depends on the release (<see cref="VllmBehaviour.SamplerCopies"/>).
    /// </summary>
    public static double ActivationBytes(ModelSpec? spec, ModelResolution model, int tp, int maxNumBatchedTokens, int maxNumSeqs, bool lastStage, VllmVersion version, bool chunkedPrefill = true, VllmSampler sampler = VllmSampler.PyTorch)
    {
        var hidden = spec?.HiddenSize ?? EstimateHidden(model.Parameters ?? 0);
        var width = spec switch
        {
            { IsMoe: true } => ((spec.NumExpertsPerToken ?? 2) + (spec.NumSharedExperts ?? 0)) * (double)(spec.MoeIntermediateSize ?? spec.IntermediateSize ?? (4 * hidden)),
            _ => spec?.IntermediateSize ?? (3.5 * hidden),
        };
        var forward = Math.Max(0, maxNumBatchedTokens) * ((3 * width / Math.Max(1, tp)) + (ForwardHiddenCopies * hidden)) * 2.0;

        var vocab = spec?.VocabSize is { } v ? ((v + 63) / 64 * 64) : 128256;
        var rows = Math.Max(0, Math.Min(maxNumSeqs, maxNumBatchedTokens));
        var warmUp = lastStage ? VllmBehaviour.Of(version).SamplerCopies(chunkedPrefill, sampler) * rows * vocab * 4.0 : 0;
        return Math.Max(forward, warmUp) * Margin;
    }


    /// <summary>
    /// Non-torch growth per GPU in GiB: workspaces, and with a process group the custom all-reduce and NCCL buffers. Over
    /// NVLink (<see cref="HasNvLink"/>) they grow with the ranks: the release's two-rank figure
    /// (<see cref="VllmBehaviour.NvLinkCollectivesGiB"/>) + 0.21 per further rank (A100 TP 8: 2.10); over PCIe custom
    /// all-reduce is off and NCCL adds about 0.12 (RTX 4090 TP 2: 0.25). + 0.1 with PP; + 5%.
    /// </summary>
    public static double NonTorchGiB(int tp, int pp, bool nvLink, VllmVersion version)
    {
        var world = (long)Math.Max(1, tp) * Math.Max(1, pp);
        var collectives = world <= 1 ? 0
            : nvLink ? VllmBehaviour.Of(version).NvLinkCollectivesGiB + (0.21 * Math.Min(world - 2, 1024))
            : 0.12;
        return (VllmBehaviour.Of(version).SingleGpuNonTorchGiB + collectives + (pp > 1 ? 0.1 : 0)) * Margin;
    }

    /// <summary>
    /// GPUs whose ranks talk over NVLink (or Infinity Fabric): the data-centre parts, and unknown GPUs of 70 GiB or more to
    /// stay on the safe side; consumer, workstation and PCIe inference cards (L4, L40S, A10) do not.
    /// </summary>
    public static bool HasNvLink(GpuCapacity capacity)
    {
        if (capacity.Gpu is not { } gpu)
        {
            return capacity.MemoryGiB >= 70;
        }

        foreach (var part in NvLinkParts)
        {
            if (gpu.Name.IndexOf(part, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// CUDA-graph memory when the model's shape is not known (or in V0): about 0.67 GiB for a full set of graphs up to 512
    /// tokens on a 7B model (vllm-notes 2.1), scaling with the largest captured size; none when graphs are off.
    /// </summary>
    public static double CudaGraphGiB(int largestCapture, bool graphsOff) =>
        graphsOff ? 0 : (0.2 + (0.5 * Math.Min(512, Math.Max(1, largestCapture)) / 512.0)) * Margin;

    /// <summary>
    /// CUDA-graph memory of one rank: the graph pool keeps, per layer of the stage, buffers of the largest captured batch
    /// times the hidden width, so it grows with layers x largest capture x hidden, by a release-dependent number of 16-bit
    /// copies (<see cref="VllmBehaviour.GraphCopiesPerLayer"/>); + 5%. V0 has its own term (<see cref="V0GraphGiB"/>);
    /// without a shape, or where the release has no per-layer figure, the size-only estimate.
    /// </summary>
    public static double CudaGraphGiB(int largestCapture, bool graphsOff, GraphShape? shape, VllmVersion version, long ranks = 1)
    {
        if (graphsOff)
        {
            return 0;
        }

        var behaviour = VllmBehaviour.Of(version);
        if (behaviour.IsV0)
        {
            return V0GraphGiB(largestCapture, ranks);
        }

        if (shape is not { Layers: > 0, Hidden: > 0 } s || behaviour.GraphCopiesPerLayer(s.Moe) is not { } copies)
        {
            return CudaGraphGiB(largestCapture, graphsOff);
        }

        return copies * s.Layers * (double)Math.Max(1, largestCapture) * s.Hidden * 2.0 / Numbers.BytesPerGiB * Margin;
    }

    /// <summary>
    /// V0's full decode graphs up to 256 sequences on one GPU, GiB before the margin: the mean of five calibration logs
    /// (0.13-0.54 GiB from a 24 x 896 to a 32 x 3072 model, 0.6.4-0.7.3); they do not grow with the layers or the width
    /// (a held-out 40 x 5120 phi-4 took 0.27), so no shape term.
    /// </summary>
    public const double V0SingleGpuGraphsGiB = 0.29;

    /// <summary>
    /// V0's graphs with a process group, GiB before the margin: the size-only figure, kept. The logs spread from 0.36 (8 x
    /// L40S) to 6.56 GiB (4 x RTX 4090; the same command took 1.43 on 4 x A30, vLLM issue 11452): collectives captured
    /// in the graphs, which the corpus does not resolve.
    /// </summary>
    public const double V0CollectiveGraphsGiB = 0.7;

    /// <summary>
    /// V0's CUDA graphs of one rank: <see cref="V0SingleGpuGraphsGiB"/> or, with a process group,
    /// <see cref="V0CollectiveGraphsGiB"/> for the full set of 256, scaled with the largest batch captured as the
    /// size-only term scales (its figure at 256 is 0.7); + 5%.
    /// </summary>
    public static double V0GraphGiB(int largestCapture, long ranks)
    {
        var full = ranks > 1 ? V0CollectiveGraphsGiB : V0SingleGpuGraphsGiB;
        var share = (0.2 + (0.5 * Math.Min(256, Math.Max(1, largestCapture)) / 256.0)) / 0.7;
        return full * share * Margin;
    }

    /// <summary>CUDA context of one GPU before vLLM measures free memory: 0.53 GiB on an idle H100 (vllm-notes 2.1), 0.61 in the llm-d report.</summary>
    public const double SingleGpuContextGiB = 0.55;

    /// <summary>
    /// NCCL communicators and custom all-reduce buffers set up before the measurement on Hopper-class data-centre GPUs,
    /// where NCCL also allocates NVLink SHARP buffers: 1.54 GiB in use at TP 2 on H100 (llm-d report, 77.64 of 79.18 GiB free).
    /// </summary>
    public const double SwitchedCollectivesGiB = 1.0;

    /// <summary>The same on other GPUs (PCIe, no NVLink SHARP): ring buffers and all-reduce staging only; not measured, an estimate.</summary>
    public const double PcieCollectivesGiB = 0.25;

    /// <summary>Each further rank adds NCCL peer buffers: an extrapolation beyond TP 2, which the calibration set does not cover.</summary>
    public const double ContextPerExtraRankGiB = 0.05;

    /// <summary>Hopper and later data-centre GPUs (compute capability 9.0+), and unknown GPUs of 70 GiB or more, to stay on the safe side.</summary>
    public static bool HasSwitchedCollectives(GpuCapacity capacity) =>
        capacity.Gpu?.ComputeCapability is { } cc ? cc >= 9.0 : capacity.MemoryGiB >= 70;

    /// <summary>Memory in use before vLLM measures free memory, so outside the gpu-memory-utilization budget: the CUDA context, plus NCCL when TP x PP &gt; 1.</summary>
    public static double ContextGiB(int tp, int pp, bool switchedCollectives)
    {
        var world = (long)Math.Max(1, tp) * Math.Max(1, pp);
        return world <= 1
            ? SingleGpuContextGiB
            : SingleGpuContextGiB + (switchedCollectives ? SwitchedCollectivesGiB : PcieCollectivesGiB) + (ContextPerExtraRankGiB * Math.Min(world - 2, 1024));
    }

    /// <summary>
    /// The largest CUDA graph vLLM captures: an explicit size, else min(2 x max-num-seqs x (1 + speculative tokens), 512,
    /// max-num-batched-tokens); <c>--performance-mode interactivity</c> captures 1..32 only.
    /// </summary>
    public static int LargestCapture(int maxNumSeqs, int speculativeTokens, int maxNumBatchedTokens, int? explicitSize, bool interactivity = false)
    {
        if (explicitSize is { } size)
        {
            return Math.Max(1, size);
        }

        var largest = 2L * Math.Max(1, maxNumSeqs) * (1L + Math.Max(0, Math.Min(speculativeTokens, 1024)));
        largest = Math.Min(largest, interactivity ? 32 : 512);
        return (int)Math.Max(1, Math.Min(largest, Math.Max(1, maxNumBatchedTokens)));
    }

    /// <summary>V0's largest decode graph: max-num-seqs padded up to V0's capture list (1, 2, 4, then multiples of 8), at most <paramref name="cap"/>.</summary>
    public static int V0LargestGraphBatch(int maxNumSeqs, int cap)
    {
        var seqs = Math.Max(1, maxNumSeqs);
        var padded = seqs <= 4 ? (seqs <= 2 ? seqs : 4) : (int)Math.Min(int.MaxValue, ((seqs + 7L) / 8) * 8);
        return Math.Min(cap, padded);
    }

    /// <summary>
    /// For name-only models, the hidden size a dense transformer of that many parameters typically has
    /// (12 x layers x hidden^2 with layers ~ hidden / 128). It sizes only the measured activation term; the weights and
    /// the KV cache never use it.
    /// </summary>
    public static double EstimateHidden(double parameters) =>
        parameters <= 0 ? 4096 : Math.Max(1024, Math.Pow(parameters * 128 / 12, 1.0 / 3));
}

/// <summary>What CUDA-graph memory grows with: the decoder layers of the stage a rank runs, the hidden width, and whether the layers route over experts.</summary>
public sealed record GraphShape(int Layers, int Hidden, bool Moe = false)
{
    /// <summary>The shape of the worst pipeline stage: its share of the layers (the first stages take the remainder, as the estimator splits them) and the model's hidden width; null when the spec does not state them.</summary>
    public static GraphShape? Of(ModelSpec? spec, int pp) =>
        spec is { NumHiddenLayers: { } layers, HiddenSize: { } hidden } && layers > 0 && hidden > 0
            ? new GraphShape((layers + Math.Max(1, pp) - 1) / Math.Max(1, pp), hidden, spec.IsMoe)
            : null;
}
