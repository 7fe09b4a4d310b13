namespace VramLint.Core.Models;

/// <summary>
/// What transformers assumes when a config.json leaves <c>tie_word_embeddings</c> out: the default of the model
/// type's config class (PretrainedConfig's is true; Llama-style classes set false). vLLM builds the model from that
/// config class, so it ties exactly then (its falcon model ties the early Falcon configs, which state nothing; its GPT-J
/// model refuses a tied config). Only types whose default is known; the others stay unknown and are counted untied.
/// </summary>
public static class TransformersDefaults
{
    public static bool? TieWordEmbeddings(string? modelType) => modelType switch
    {
        "gemma" or "gemma2" or "gemma3" or "gemma3_text" or "starcoder2" or "gpt2" or "gpt_bigcode" or "cohere" or "cohere2" or "falcon" or "opt" or "whisper" => true,
        "llama" or "mistral" or "mixtral" or "qwen2" or "qwen2_moe" or "qwen3" or "qwen3_moe" or "phi" or "phi3" or "gpt_neox" or "stablelm" or "olmo" or "olmo2"
            or "deepseek_v2" or "deepseek_v3" or "internlm2" or "granite" or "granitemoe" or "exaone" or "minicpm" or "baichuan" or "glm4" or "glm4_moe" or "chatglm" or "gpt_oss" or "gptj" => false,
        _ => null,
    };
}
