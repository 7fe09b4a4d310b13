namespace VramLint.Core.Models;

/// <summary>How a checkpoint's weights are stored.</summary>
public enum QuantizationMethod
{
    /// <summary>16-bit (or 32-bit loaded as 16-bit) weights.</summary>
    None,
    Awq,
    Gptq,
    Fp8,
    Int8,
    BitsAndBytes,
    Gguf,
    Nvfp4,
    Mxfp4,
    CompressedTensors,
    Other,
}

/// <summary>Quantization of a checkpoint: method, bits per weight and group size; scales are the estimator's business.</summary>
public sealed record QuantizationScheme
{
    public static QuantizationScheme None { get; } = new();

    public QuantizationMethod Method { get; init; } = QuantizationMethod.None;

    /// <summary>Nominal bits of a quantized weight (4, 8); 16 when not quantized.</summary>
    public int Bits { get; init; } = 16;

    /// <summary>Group size of scales (GPTQ/AWQ 128), or null.</summary>
    public int? GroupSize { get; init; }

    /// <summary>AWQ/GPTQ asymmetric zero points.</summary>
    public bool ZeroPoint { get; init; }

    /// <summary>GGUF type, e.g. Q4_K_M.</summary>
    public string? GgufType { get; init; }

    /// <summary>True when only MoE expert weights are quantized (gpt-oss MXFP4).</summary>
    public bool ExpertsOnly { get; init; }

    /// <summary>True when the LM head is quantized too.</summary>
    public bool LmHeadQuantized { get; init; }

    /// <summary>The tag or config name it came from, for messages ("AWQ", "GPTQ-Int4", "fp8").</summary>
    public string? Label { get; init; }

    public bool IsQuantized => Method != QuantizationMethod.None;

    public override string ToString() => IsQuantized ? (Label ?? Method.ToString()) : "none";
}
