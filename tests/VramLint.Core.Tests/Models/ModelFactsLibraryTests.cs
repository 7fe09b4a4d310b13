using VramLint.Core.Arguments;
using VramLint.Core.Configuration;
using VramLint.Core.Models;

namespace VramLint.Core.Tests.Models;

/// <summary>Issue 10 item 3: model facts a project checks in win over the catalog, and exact tensor bytes over computed ones.</summary>
public class ModelFactsLibraryTests
{
    internal const string PrivateConfig = """
        {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 5120, "intermediate_size": 13824,
         "num_attention_heads": 40, "num_hidden_layers": 40, "num_key_value_heads": 8, "vocab_size": 32000,
         "max_position_embeddings": 16384, "rope_scaling": {"type": "linear", "factor": 2.0}, "torch_dtype": "bfloat16"}
        """;

    private static readonly VramLintOptions H100 = VramLintOptions.Default with { GpuMemoryGiB = 79.2 };

    private static CheckResult Check(ModelFactsLibrary library, params string[] args) =>
        DeploymentChecker.Check(new DeploymentInput(VllmArgumentReader.Read(ArgumentToken.FromWords(args))) { ModelFacts = library }, H100);

    [Fact]
    public void A_private_model_known_only_by_its_checked_in_config_is_sized_from_it()
    {
        var library = ModelFactsLibrary.From(new[] { new ModelFactsFile("/repo/.vramlint/models/acme/private-13b/config.json", PrivateConfig) });

        var result = Check(library, "serve", "acme/private-13b");

        Assert.Empty(result.Findings);
        Assert.Equal(40 * 2 * 8 * 128 * 2, result.Estimate!.KvCache.BytesPerToken);
        Assert.Equal(32768, result.Estimate.Settings.MaxModelLen);
        // 2 x 32000 x 5120 embeddings + 40 x (2 x 5120² + 2 x 5120 x 1024 + 3 x 5120 x 13824 + 2 x 5120) + 5120.
        Assert.Equal(11_338_142_720, result.Estimate.Model.Spec!.ParametersComputed);
        Assert.Equal(ModelSource.ConfigJson, result.Estimate.Model.Source);
        Assert.Equal("/repo/.vramlint/models/acme/private-13b/config.json", result.Estimate.Model.Spec.FactsSource);
    }

    [Fact]
    public void Exact_tensor_bytes_win_over_computed_weights()
    {
        var summary = new ModelFactsFile("acme/private-13b/vramlint-weights.json", """{"revision": "abc123", "bytesByDtype": {"BF16": 25000000000, "F32": 1000000}}""");
        var index = new ModelFactsFile("acme/other-13b/model.safetensors.index.json", """{"metadata": {"total_size": 26500000000}, "weight_map": {}}""");
        var library = ModelFactsLibrary.From(new[]
        {
            new ModelFactsFile("acme/private-13b/config.json", PrivateConfig), summary,
            new ModelFactsFile("acme/other-13b/config.json", PrivateConfig), index,
        });

        Assert.Equal(25_001_000_000, Check(library, "serve", "acme/private-13b").Estimate!.WeightBytes);
        Assert.Equal(26_500_000_000, Check(library, "serve", "acme/other-13b").Estimate!.WeightBytes);

        // Online quantization changes what is loaded: the checkpoint's bytes no longer apply.
        Assert.NotEqual(25_001_000_000, Check(library, "serve", "acme/private-13b", "--quantization", "fp8").Estimate!.WeightBytes);
    }

    [Fact]
    public void Checked_in_facts_win_over_the_catalog_and_the_nearest_folder_wins()
    {
        var near = PrivateConfig.Replace("\"num_hidden_layers\": 40", "\"num_hidden_layers\": 20");
        var library = ModelFactsLibrary.From(new[]
        {
            new ModelFactsFile("/repo/app/.vramlint/models/Qwen/Qwen2.5-7B-Instruct/config.json", near),
            new ModelFactsFile("/repo/.vramlint/models/Qwen/Qwen2.5-7B-Instruct/config.json", PrivateConfig),
        });

        var result = Check(library, "serve", "Qwen/Qwen2.5-7B-Instruct");

        Assert.Equal(20, result.Estimate!.Model.Spec!.NumHiddenLayers);
        Assert.Equal(ModelSource.ConfigJson, result.Estimate.Model.Source);
    }

    [Fact]
    public void A_local_path_finds_checked_in_facts_by_its_folder_name()
    {
        var library = ModelFactsLibrary.From(new[] { new ModelFactsFile("facts/acme/private-13b/config.json", PrivateConfig) });

        var model = ModelResolver.Resolve("/mnt/models/private-13b", library: library);

        Assert.Equal((ModelMatch.Exact, "acme/private-13b"), (model.Match, model.MatchedId));
    }

    [Fact]
    public void A_separate_quantization_config_is_read()
    {
        var library = ModelFactsLibrary.From(new[]
        {
            new ModelFactsFile("acme/private-13b-gptq/config.json", PrivateConfig),
            new ModelFactsFile("acme/private-13b-gptq/quantize_config.json", """{"bits": 4, "group_size": 128, "quant_method": "gptq", "desc_act": false}"""),
        });

        var model = ModelResolver.Resolve("acme/private-13b-gptq", library: library);

        Assert.Equal((QuantizationMethod.Gptq, 4, 128), (model.Quantization.Method, model.Quantization.Bits, model.Quantization.GroupSize));

        var modelOpt = ModelFactsLibrary.From(new[]
        {
            new ModelFactsFile("acme/private-13b-fp4/config.json", PrivateConfig),
            new ModelFactsFile("acme/private-13b-fp4/hf_quant_config.json", """{"producer": {"name": "modelopt"}, "quantization": {"quant_algo": "NVFP4", "group_size": 16}}"""),
        });
        Assert.Equal(QuantizationMethod.Nvfp4, ModelResolver.Resolve("acme/private-13b-fp4", library: modelOpt).Quantization.Method);
    }

    [Fact]
    public void Unusable_files_become_a_vram008_naming_the_file_and_the_catalog_is_used()
    {
        var library = ModelFactsLibrary.From(new[]
        {
            new ModelFactsFile(".vramlint/models/Qwen/Qwen2.5-7B-Instruct/config.json", "{\"hidden_size\": 3584,"),
            new ModelFactsFile(".vramlint/models/acme/half/config.json", "{\"model_type\": \"llama\"}"),
            new ModelFactsFile(".vramlint/models/acme/weights/config.json", PrivateConfig),
            new ModelFactsFile(".vramlint/models/acme/weights/vramlint-weights.json", "{\"bytesByDtype\": {\"BF16\": \"lots\"}}"),
        });

        var broken = Check(library, "serve", "Qwen/Qwen2.5-7B-Instruct");
        var problem = Assert.Single(broken.Findings);
        Assert.Equal("VRAM008", problem.Id);
        Assert.StartsWith("'.vramlint/models/Qwen/Qwen2.5-7B-Instruct/config.json' is not a JSON object (", problem.Message);
        Assert.Equal(ModelSource.Catalog, broken.Estimate!.Model.Source);

        Assert.Equal(
            "'.vramlint/models/acme/half/config.json' states no num_hidden_layers, hidden_size and num_attention_heads, so its model facts are not used",
            Check(library, "serve", "acme/half").Findings.First(f => f.Id == "VRAM008").Message);

        var weights = Check(library, "serve", "acme/weights");
        Assert.Equal(
            "'.vramlint/models/acme/weights/vramlint-weights.json': bytesByDtype.BF16 is 'lots', expected a byte count, so the weights are computed from config.json",
            Assert.Single(weights.Findings).Message);
        Assert.Equal(ModelSource.ConfigJson, weights.Estimate!.Model.Source);
    }

    [Fact]
    public void Paths_outside_the_layout_are_ignored()
    {
        var library = ModelFactsLibrary.From(new[] { new ModelFactsFile("config.json", PrivateConfig), new ModelFactsFile("acme/x/readme.md", "#") });

        Assert.True(library.IsEmpty);
    }

    [Fact]
    public void A_deployment_sees_the_models_folders_beside_and_above_it_nearest_first_then_model_dirs()
    {
        var deep = PrivateConfig.Replace("\"num_hidden_layers\": 40", "\"num_hidden_layers\": 20");
        var files = new[]
        {
            new ModelFactsFile("/repo/.vramlint/models/acme/private-13b/config.json", PrivateConfig),
            new ModelFactsFile("/repo/deploy/.vramlint/models/acme/private-13b/config.json", deep),
            new ModelFactsFile("/repo/other/.vramlint/models/acme/elsewhere/config.json", PrivateConfig),
            new ModelFactsFile("/shared/facts/acme/shared-13b/config.json", PrivateConfig),
        };
        var dirs = ModelFactsLibrary.ModelDirs(" ../shared/facts ; /opt/none", "/repo/.globalconfig");

        Assert.Equal(new[] { "/shared/facts", "/opt/none" }, dirs);
        var library = ModelFactsLibrary.ForDeployment(files, "/repo/deploy/k8s/vllm.yaml", dirs);
        Assert.True(library.TryGet("acme/private-13b", out var nearest));
        Assert.Equal(20, nearest.NumHiddenLayers);
        Assert.False(library.TryGet("acme/elsewhere", out _));
        Assert.True(library.TryGet("acme/shared-13b", out _));

        Assert.True(ModelFactsLibrary.ForDeployment(files, "C:\\repo\\x.yaml").IsEmpty);
        Assert.Equal(40, ModelFactsLibrary.ForDeployment(files, "/repo/app/Program.cs").TryGet("acme/private-13b", out var top) ? top.NumHiddenLayers : 0);
    }
}
