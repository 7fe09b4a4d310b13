using System.Globalization;
using VramLint.Core.Json;

namespace VramLint.Core.Models;

/// <summary>Reads a checkpoint's <c>quantization_config</c> and vLLM's <c>--quantization</c> names into a scheme.</summary>
public static class QuantizationConfig
{
    /// <summary>A config.json <c>quantization_config</c> object; none when absent or not understood.</summary>
    public static QuantizationScheme Read(JsonNode? config, string? modelType = null)
    {
        if (config is not JsonObject)
        {
            return QuantizationScheme.None;
        }

        var method = (config["quant_method"]?.AsString ?? "").ToLowerInvariant();
        var bits = config["bits"]?.AsInt;
        var group = config["group_size"]?.AsInt;
        var algo = (config["quant_algo"]?.AsString ?? "").ToLowerInvariant();
        var weights = (config["weights"]?.AsString ?? "").ToLowerInvariant();

        if (method.StartsWith("awq", StringComparison.Ordinal))
        {
            return new QuantizationScheme { Method = QuantizationMethod.Awq, Bits = bits ?? 4, GroupSize = group ?? 128, ZeroPoint = config["zero_point"]?.AsBool ?? true, Label = "AWQ" };
        }

        if (method.StartsWith("gptq", StringComparison.Ordinal))
        {
            var b = bits ?? 4;
            return new QuantizationScheme { Method = QuantizationMethod.Gptq, Bits = b, GroupSize = group ?? 128, Label = "GPTQ-Int" + b.ToString(CultureInfo.InvariantCulture) };
        }

        if (method == "mxfp4")
        {
            return new QuantizationScheme { Method = QuantizationMethod.Mxfp4, Bits = 4, GroupSize = 32, ExpertsOnly = true, Label = "MXFP4" };
        }

        if (method == "fp8" || method == "fbgemm_fp8" || (method == "modelopt" && algo.Contains("fp8")) || weights.Contains("fp8"))
        {
            return new QuantizationScheme { Method = QuantizationMethod.Fp8, Bits = 8, Label = "FP8" };
        }

        if (method == "modelopt" && algo.Contains("fp4"))
        {
            return new QuantizationScheme { Method = QuantizationMethod.Nvfp4, Bits = 4, GroupSize = 16, Label = "NVFP4" };
        }

        if (method == "bitsandbytes")
        {
            return new QuantizationScheme { Method = QuantizationMethod.BitsAndBytes, Bits = config["load_in_8bit"]?.AsBool == true ? 8 : 4, Label = "bitsandbytes" };
        }

        // compressed-tensors in its NVFP4 format (RedHatAI's NVFP4 releases): 4-bit floats in groups of 16, as ModelOpt's.
        if (method.StartsWith("compressed-tensors", StringComparison.Ordinal) && (config["format"]?.AsString ?? "").StartsWith("nvfp4", StringComparison.Ordinal))
        {
            return new QuantizationScheme { Method = QuantizationMethod.Nvfp4, Bits = 4, GroupSize = 16, Label = "NVFP4" };
        }

        if (method.StartsWith("compressed-tensors", StringComparison.Ordinal))
        {
            return new QuantizationScheme { Method = QuantizationMethod.CompressedTensors, Bits = bits ?? 8, GroupSize = group, Label = "compressed-tensors" };
        }

        return method.Length == 0 ? QuantizationScheme.None : new QuantizationScheme { Method = QuantizationMethod.Other, Bits = bits ?? 16, Label = method };
    }

    /// <summary>
    /// vLLM's <c>--quantization</c> value (vllm-notes 1.2) as a scheme, given what the checkpoint or name already says;
    /// null when vLLM does not know the value.
    /// </summary>
    public static QuantizationScheme? FromFlag(string value, QuantizationScheme fromCheckpoint)
    {
        var v = value.Trim().ToLowerInvariant();
        switch (v)
        {
            case "awq":
            case "awq_marlin":
                return fromCheckpoint.Method == QuantizationMethod.Awq ? fromCheckpoint : new QuantizationScheme { Method = QuantizationMethod.Awq, Bits = 4, GroupSize = 128, ZeroPoint = true, Label = "AWQ" };
            case "gptq":
            case "gptq_marlin":
                return fromCheckpoint.Method == QuantizationMethod.Gptq ? fromCheckpoint : new QuantizationScheme { Method = QuantizationMethod.Gptq, Bits = 4, GroupSize = 128, Label = "GPTQ-Int4" };
            case "fp8":
            case "fbgemm_fp8":
            case "fp8_per_tensor":
            case "fp8_per_block":
            case "mxfp8":
            case "ptpc_fp8":
                return new QuantizationScheme { Method = QuantizationMethod.Fp8, Bits = 8, Label = "FP8" };
            case "int8_per_channel_weight_only":
                return new QuantizationScheme { Method = QuantizationMethod.Int8, Bits = 8, Label = "Int8" };
            case "bitsandbytes":
                return fromCheckpoint.Method == QuantizationMethod.BitsAndBytes ? fromCheckpoint : new QuantizationScheme { Method = QuantizationMethod.BitsAndBytes, Bits = 4, Label = "bitsandbytes" };
            case "gguf":
                return fromCheckpoint.Method == QuantizationMethod.Gguf ? fromCheckpoint : new QuantizationScheme { Method = QuantizationMethod.Gguf, Bits = 4, Label = "GGUF" };
            case "modelopt_fp4":
                return new QuantizationScheme { Method = QuantizationMethod.Nvfp4, Bits = 4, GroupSize = 16, Label = "NVFP4" };
            case "mxfp4":
            case "gpt_oss_mxfp4":
                return new QuantizationScheme { Method = QuantizationMethod.Mxfp4, Bits = 4, GroupSize = 32, ExpertsOnly = true, Label = "MXFP4" };
            case "experts_int8":
                return new QuantizationScheme { Method = QuantizationMethod.Int8, Bits = 8, ExpertsOnly = true, Label = "experts_int8" };
            case "modelopt":
            case "compressed-tensors":
            case "moe_wna16":
            case "quark":
            case "torchao":
            case "fbgemm_fp8_deprecated":
            case "fp_quant":
            case "tpu_int8":
                return fromCheckpoint.IsQuantized ? fromCheckpoint : new QuantizationScheme { Method = QuantizationMethod.Other, Bits = 8, Label = v };
            default:
                return null;
        }
    }
}
