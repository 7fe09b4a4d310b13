using VramLint.Core.Estimation;
using VramLint.Core.Models;
using Xunit.Abstractions;

namespace VramLint.Core.Tests.Calibration;

/// <summary>
/// Source: Qwen's published memory tables, carried in the catalog as <c>measured_gpu_memory</c>: peak GPU memory of
/// HF transformers at input length 1 (Qwen2.5 speed benchmark, A100 80GB; Qwen3 speed benchmark, H20). At input
/// length 1 that peak is the weights plus a little, so it checks the weight bytes by quantization.
/// </summary>
public class QwenMemoryTableTests
{
    private readonly ITestOutputHelper output;

    public QwenMemoryTableTests(ITestOutputHelper output) => this.output = output;

    /// <summary>The measurement matching the checkpoint's own precision ("bf16", "awq", "gptq_int4", "fp8"...).</summary>
    public static IEnumerable<object[]> Cases() =>
        ModelCatalog.All
            .Where(s => s.Id.StartsWith("Qwen/Qwen2.5", StringComparison.Ordinal) || s.Id.StartsWith("Qwen/Qwen3", StringComparison.Ordinal))
            .SelectMany(s => s.MeasuredMemory.Where(m => m.Precision == PrecisionOf(s)).Select(m => new object[] { s.Id, m.Gigabytes }));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Weight_bytes_sit_just_under_the_measured_peak(string id, double measured)
    {
        var model = ModelResolver.Resolve(id);
        var components = ModelComponents.From(model.Spec!)!;
        var weights = Numbers.ToGiB(WeightBytes.Total(components, model.Spec!, model.Quantization, null));
        output.WriteLine($"{id}: {weights:0.00} vs {measured:0.00} ({(weights - measured) / measured:+0.0%;-0.0%})");

        // The tables' "GB" behave as GiB (Qwen2.5-7B: 14.38 measured, 14.2 GiB of BF16 tensors). The peak adds what
        // transformers keeps besides the weights: a few percent, and a fixed 0.2-0.6 GiB that dominates the smallest
        // models (AWQ kernels' fp16 workspaces). The weights never exceed the peak by more than 2%.
        Assert.InRange(weights, (measured * 0.92) - 0.6, measured * 1.02);
    }

    private static string PrecisionOf(ModelSpec spec) => spec.Quantization.Method switch
    {
        QuantizationMethod.Awq => "awq",
        QuantizationMethod.Gptq => "gptq_int" + spec.Quantization.Bits,
        QuantizationMethod.Fp8 => "fp8",
        _ => "bf16",
    };
}
