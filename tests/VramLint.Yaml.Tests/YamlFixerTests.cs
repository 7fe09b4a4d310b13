using VramLint.Core.Configuration;

namespace VramLint.Yaml.Tests;

/// <summary>Fixes rewrite only the scalar involved: comments, quoting and every other byte survive.</summary>
public class YamlFixerTests
{
    private static VramLintOptions Gpu(string name, int count) =>
        VramLintOptions.FromLookup(k => k switch { ConfigKeys.Gpu => name, ConfigKeys.GpuCount => count.ToString(System.Globalization.CultureInfo.InvariantCulture), _ => null });

    private static string Fix(string yaml, VramLintOptions options)
    {
        var result = YamlLinter.Lint("x.yaml", yaml, options);
        return YamlFixer.Apply(yaml, result.Edits);
    }

    [Fact]
    public void A_quoted_list_item_keeps_its_quotes_and_the_comments()
    {
        const string yaml = "services:\n  llm:   # the chat model\n    image: vllm/vllm-openai\n    command: [\"meta-llama/Llama-3.1-8B-Instruct\", \"--max-model-len\", \"131072\"]  # full context\n";

        Assert.Equal(
            "services:\n  llm:   # the chat model\n    image: vllm/vllm-openai\n    command: [\"meta-llama/Llama-3.1-8B-Instruct\", \"--max-model-len\", \"37888\"]  # full context\n",
            Fix(yaml, Gpu("RTX 4090", 1)));
    }

    [Fact]
    public void A_plain_config_value()
    {
        const string yaml = "# vllm serve --config\nmodel: meta-llama/Llama-3.1-8B-Instruct\nmax_model_len: 131072 # too long\n";

        Assert.Equal("# vllm serve --config\nmodel: meta-llama/Llama-3.1-8B-Instruct\nmax_model_len: 37888 # too long\n", Fix(yaml, Gpu("RTX 4090", 1)));
    }

    [Fact]
    public void A_word_inside_a_sh_c_string()
    {
        const string yaml = "kind: Pod\nspec:\n  containers:\n    - name: vllm\n      image: vllm/vllm-openai\n      command: [sh, -c]\n      args: ['vllm serve meta-llama/Llama-3.1-8B-Instruct --max-model-len 131072 --port 8000']\n";

        Assert.Equal(
            "kind: Pod\nspec:\n  containers:\n    - name: vllm\n      image: vllm/vllm-openai\n      command: [sh, -c]\n      args: ['vllm serve meta-llama/Llama-3.1-8B-Instruct --max-model-len 37888 --port 8000']\n",
            Fix(yaml, Gpu("RTX 4090", 1)));
    }

    [Fact]
    public void Raising_tensor_parallelism_raises_the_gpu_limit()
    {
        const string yaml = "kind: Pod\nspec:\n  containers:\n    - name: vllm\n      image: vllm/vllm-openai\n      args: [Qwen/Qwen2.5-7B-Instruct, --tensor-parallel-size, \"3\", --max-model-len, \"8192\"]\n      resources:\n        limits:\n          nvidia.com/gpu: \"3\"   # one per shard\n";

        Assert.Equal(
            "kind: Pod\nspec:\n  containers:\n    - name: vllm\n      image: vllm/vllm-openai\n      args: [Qwen/Qwen2.5-7B-Instruct, --tensor-parallel-size, \"4\", --max-model-len, \"8192\"]\n      resources:\n        limits:\n          nvidia.com/gpu: \"4\"   # one per shard\n",
            Fix(yaml, Gpu("L4", 4)));
    }

    [Fact]
    public void Nothing_to_fix_leaves_every_byte()
    {
        const string yaml = "model: meta-llama/Llama-3.1-8B-Instruct   # fits\r\nmax-model-len: 8192\r\n";

        Assert.Equal(yaml, Fix(yaml, Gpu("L4", 1)));
    }
}
