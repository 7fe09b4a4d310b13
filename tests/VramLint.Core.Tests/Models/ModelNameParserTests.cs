using VramLint.Core.Models;

namespace VramLint.Core.Tests.Models;

public class ModelNameParserTests
{
    [Theory]
    [InlineData("Qwen/Qwen2.5-72B-Instruct", 72e9)]
    [InlineData("Qwen/Qwen2.5-1.5B-Instruct", 1.5e9)]
    [InlineData("acme/tiny-500M", 500e6)]
    [InlineData("acme/tiny-0.5b-chat", 0.5e9)]
    [InlineData("meta-llama/Llama-3.1-8B-Instruct", 8e9)]
    [InlineData("Qwen/QwQ-32B", 32e9)]
    [InlineData("Qwen-32B-AWQ", 32e9)]
    [InlineData("mistralai/Mixtral-8x7B-Instruct-v0.1", 56e9)]
    [InlineData("Qwen/Qwen2.5-7B-Instruct-1M", 7e9)]
    [InlineData("/models/llama-70b/", 70e9)]
    [InlineData("openai/gpt-oss-120b", 120e9)]
    public void Parameter_counts(string name, double expected) => Assert.Equal(expected, ModelNameParser.Parse(name).Parameters);

    [Fact]
    public void Moe_total_and_active()
    {
        var facts = ModelNameParser.Parse("Qwen/Qwen3-30B-A3B");
        Assert.Equal(30e9, facts.Parameters);
        Assert.Equal(3e9, facts.ActiveParameters);
    }

    [Theory]
    [InlineData("microsoft/phi-4")]
    [InlineData("deepseek-ai/DeepSeek-V3")]
    [InlineData("acme/Phi-3-mini-4k-instruct")]
    [InlineData("Meta-Llama-3.1-8bit")]
    public void No_size_is_invented(string name) => Assert.Null(ModelNameParser.Parse(name).Parameters);

    [Theory]
    [InlineData("Qwen2.5-72B-Instruct-AWQ", QuantizationMethod.Awq, 4, "AWQ")]
    [InlineData("Qwen2.5-7B-Instruct-GPTQ-Int4", QuantizationMethod.Gptq, 4, "GPTQ-Int4")]
    [InlineData("Qwen2.5-7B-Instruct-GPTQ-Int8", QuantizationMethod.Gptq, 8, "GPTQ-Int8")]
    [InlineData("TheBloke/Llama-2-7b-Chat-GPTQ", QuantizationMethod.Gptq, 4, "GPTQ-Int4")]
    [InlineData("acme/model-7b-int4", QuantizationMethod.Other, 4, "Int4")]
    [InlineData("acme/model-7b-4bit", QuantizationMethod.Other, 4, "Int4")]
    [InlineData("acme/model-7b-Int8", QuantizationMethod.Int8, 8, "Int8")]
    [InlineData("Qwen/Qwen3-32B-FP8", QuantizationMethod.Fp8, 8, "FP8")]
    [InlineData("RedHatAI/Meta-Llama-3.1-8B-Instruct-quantized.w4a16", QuantizationMethod.CompressedTensors, 4, "W4A16")]
    [InlineData("acme/Qwen2.5-7B-Instruct-W8A16", QuantizationMethod.CompressedTensors, 8, "W8A16")]
    [InlineData("neuralmagic/Meta-Llama-3.1-8B-Instruct-quantized.w8a8", QuantizationMethod.Int8, 8, "W8A8")]
    [InlineData("unsloth/llama-3-8b-bnb-4bit", QuantizationMethod.BitsAndBytes, 4, "bitsandbytes")]
    [InlineData("nvidia/Llama-3.1-8B-Instruct-NVFP4", QuantizationMethod.Nvfp4, 4, "NVFP4")]
    [InlineData("acme/oss-20b-MXFP4", QuantizationMethod.Mxfp4, 4, "MXFP4")]
    [InlineData("TheBloke/Llama-2-7B-GGUF:Q4_K_M", QuantizationMethod.Gguf, 4, "GGUF Q4_K_M")]
    [InlineData("acme/llama-8b.Q8_0.gguf", QuantizationMethod.Gguf, 8, "GGUF Q8_0")]
    [InlineData("meta-llama/Llama-3.1-8B-Instruct", QuantizationMethod.None, 16, null)]
    [InlineData("Qwen/Qwen3-4B", QuantizationMethod.None, 16, null)]
    public void Quantization_tags(string name, QuantizationMethod method, int bits, string? label)
    {
        var q = ModelNameParser.Parse(name).Quantization;
        Assert.Equal((method, bits, label), (q.Method, q.Bits, q.Label));
    }
}
