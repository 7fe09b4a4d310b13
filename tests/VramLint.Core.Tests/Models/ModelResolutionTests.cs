using VramLint.Core.Estimation;
using VramLint.Core.Models;

namespace VramLint.Core.Tests.Models;

/// <summary>Issue 10 item 2: the names people serve resolve predictably, and a wrong size or generation is never matched.</summary>
public class ModelResolutionTests
{
    /// <summary>
    /// True when the catalog has a record of its own for <paramref name="served"/>: as the catalog grows (issue 10 item 1),
    /// an example that is a derivative today becomes an exact match, which must then win.
    /// </summary>
    private static bool HasOwnRecord(string served) =>
        ModelCatalog.TryGet(served, out var own) && string.Equals(own.Id, served, StringComparison.OrdinalIgnoreCase);

    private static double KvBytesPerToken(ModelResolution model) =>
        KvCacheSize.For(model.Spec!, 1, model.Spec!.NumHiddenLayers!.Value, null, null, false)!.BytesPerToken;

    [Theory]
    [InlineData("TheBloke/Llama-2-13B-chat-AWQ", "meta-llama/Llama-2-13b-chat-hf", DerivativeKind.Quantized, QuantizationMethod.Awq, 4, 40 * 2 * 40 * 128 * 2)]
    [InlineData("neuralmagic/Meta-Llama-3.1-8B-Instruct-FP8", "meta-llama/Llama-3.1-8B-Instruct", DerivativeKind.Quantized, QuantizationMethod.Fp8, 8, 32 * 2 * 8 * 128 * 2)]
    [InlineData("RedHatAI/Meta-Llama-3.1-8B-Instruct-FP8-dynamic", "meta-llama/Llama-3.1-8B-Instruct", DerivativeKind.Quantized, QuantizationMethod.Fp8, 8, 32 * 2 * 8 * 128 * 2)]
    // Red Hat's organisation is Neural Magic's new name: the catalog's own record of this checkpoint under its old organisation.
    [InlineData("RedHatAI/Meta-Llama-3.1-8B-Instruct-quantized.w4a16", "neuralmagic/Meta-Llama-3.1-8B-Instruct-quantized.w4a16", DerivativeKind.SameName, QuantizationMethod.CompressedTensors, 4, 32 * 2 * 8 * 128 * 2)]
    [InlineData("neuralmagic/Meta-Llama-3.1-70B-Instruct-quantized.w8a16", "meta-llama/Llama-3.1-70B-Instruct", DerivativeKind.Quantized, QuantizationMethod.CompressedTensors, 8, 80 * 2 * 8 * 128 * 2)]
    [InlineData("unsloth/Qwen2.5-7B-Instruct-bnb-4bit", "Qwen/Qwen2.5-7B-Instruct", DerivativeKind.Quantized, QuantizationMethod.BitsAndBytes, 4, 28 * 2 * 4 * 128 * 2)]
    [InlineData("casperhansen/llama-3-70b-instruct-awq", "meta-llama/Meta-Llama-3-70B-Instruct", DerivativeKind.Quantized, QuantizationMethod.Awq, 4, 80 * 2 * 8 * 128 * 2)]
    [InlineData("TheBloke/Llama-2-7B-GGUF:Q4_K_M", "meta-llama/Llama-2-7b-hf", DerivativeKind.Quantized, QuantizationMethod.Gguf, 4, 32 * 2 * 32 * 128 * 2)]
    [InlineData("nvidia/Qwen3-32B-NVFP4", "Qwen/Qwen3-32B", DerivativeKind.Quantized, QuantizationMethod.Nvfp4, 4, 64 * 2 * 8 * 128 * 2)]
    [InlineData("kaitchup/Phi-4-AutoRound-GPTQ-4bit", "microsoft/phi-4", DerivativeKind.Quantized, QuantizationMethod.Gptq, 4, 40 * 2 * 10 * 128 * 2)]
    [InlineData("Qwen/Qwen3-8B-Base", "Qwen/Qwen3-8B", DerivativeKind.Variant, QuantizationMethod.None, 16, 36 * 2 * 8 * 128 * 2)]
    [InlineData("google/gemma-2-9b", "google/gemma-2-9b-it", DerivativeKind.Variant, QuantizationMethod.None, 16, 42 * 2 * 8 * 256 * 2)]
    [InlineData("NousResearch/Hermes-3-Llama-3.1-8B", "meta-llama/Llama-3.1-8B-Instruct", DerivativeKind.FineTune, QuantizationMethod.None, 16, 32 * 2 * 8 * 128 * 2)]
    [InlineData("acme/Llama-3.1-8B-Instruct-abliterated", "meta-llama/Llama-3.1-8B-Instruct", DerivativeKind.FineTune, QuantizationMethod.None, 16, 32 * 2 * 8 * 128 * 2)]
    public void Derivatives_resolve_to_their_base_and_scheme(string served, string baseId, DerivativeKind kind, QuantizationMethod method, int bits, int kvBytes)
    {
        var model = ModelResolver.Resolve(served);

        Assert.Equal(
            HasOwnRecord(served) ? (ModelMatch.Exact, model.Spec!.Id, null) : (ModelMatch.Derivative, baseId, kind),
            (model.Match, model.MatchedId!, model.Derivative));
        Assert.Equal((method, bits), (model.Quantization.Method, model.Quantization.Bits));
        Assert.Equal(kvBytes, KvBytesPerToken(model));
    }

    [Theory]
    [InlineData("TheBloke/Llama-2-13B-chat-AWQ", "resolved 'TheBloke/Llama-2-13B-chat-AWQ' as meta-llama/Llama-2-13b-chat-hf with AWQ 4-bit (a quantized re-upload, matched by name)")]
    [InlineData("neuralmagic/Meta-Llama-3.1-8B-Instruct-FP8", "resolved 'neuralmagic/Meta-Llama-3.1-8B-Instruct-FP8' as meta-llama/Llama-3.1-8B-Instruct with FP8 (a quantized re-upload, matched by name)")]
    [InlineData("unsloth/Qwen2.5-7B-Instruct-bnb-4bit", "resolved 'unsloth/Qwen2.5-7B-Instruct-bnb-4bit' as Qwen/Qwen2.5-7B-Instruct with bitsandbytes 4-bit (a quantized re-upload, matched by name)")]
    [InlineData("acme/Qwen2.5-7B-Instruct-W4A16", "resolved 'acme/Qwen2.5-7B-Instruct-W4A16' as Qwen/Qwen2.5-7B-Instruct with W4A16 (a quantized re-upload, matched by name)")]
    [InlineData("acme/Llama-3.1-8B-Instruct-abliterated", "resolved 'acme/Llama-3.1-8B-Instruct-abliterated' as meta-llama/Llama-3.1-8B-Instruct (a fine-tune of it, matched by name)")]
    [InlineData("Qwen/Qwen3-8B-Base", "resolved 'Qwen/Qwen3-8B-Base' as Qwen/Qwen3-8B (the same architecture under another variant name, matched by name)")]
    [InlineData("acme/Qwen2.5-7B-Instruct-AWQ", "resolved 'acme/Qwen2.5-7B-Instruct-AWQ' as Qwen/Qwen2.5-7B-Instruct-AWQ with AWQ 4-bit (the same repository name under another organisation, matched by name)")]
    [InlineData("/models/qwen2.5-32b-instruct-awq", "resolved local path '/models/qwen2.5-32b-instruct-awq' as Qwen/Qwen2.5-32B-Instruct-AWQ with AWQ 4-bit by its folder name")]
    [InlineData("./Meta-Llama-3.1-70B-Instruct", "resolved local path './Meta-Llama-3.1-70B-Instruct' as meta-llama/Meta-Llama-3.1-70B-Instruct by its folder name")]
    [InlineData("/srv/llama-2-13b-chat-gptq", "resolved local path '/srv/llama-2-13b-chat-gptq' as TheBloke/Llama-2-13B-chat-GPTQ with GPTQ-Int4 by its folder name")]
    [InlineData("/srv/acme-llama-2-13b-chat-awq", "resolved local path '/srv/acme-llama-2-13b-chat-awq' as meta-llama/Llama-2-13b-chat-hf with AWQ 4-bit by its folder name, a quantized re-upload")]
    public void Vram006_states_what_was_matched_and_how(string served, string statement) =>
        Assert.Equal(HasOwnRecord(served) ? null : statement, ResolutionStatement.For(ModelResolver.Resolve(served)));

    /// <summary>
    /// Folders and mirrors that write the version without its dot (the corpus's KServe run served "qwen25-vl-7b-instruct";
    /// ModelScope writes "Qwen2___5"): the dot is put back, and the statement says how the name was read.
    /// </summary>
    [Theory]
    [InlineData("/models/qwen25-vl-7b-instruct", "Qwen/Qwen2.5-VL-7B-Instruct", "resolved local path '/models/qwen25-vl-7b-instruct' as Qwen/Qwen2.5-VL-7B-Instruct by its folder name, read as 'qwen2.5-vl-7b-instruct' with the version's dot put back")]
    [InlineData("/home/08_vllm/qwen/Qwen2___5-7B-Instruct", "Qwen/Qwen2.5-7B-Instruct", "resolved local path '/home/08_vllm/qwen/Qwen2___5-7B-Instruct' as Qwen/Qwen2.5-7B-Instruct by its folder name, read as 'qwen2.5-7b-instruct' with the version's dot put back")]
    [InlineData("/data/qwen2_5-7b-instruct", "Qwen/Qwen2.5-7B-Instruct", "resolved local path '/data/qwen2_5-7b-instruct' as Qwen/Qwen2.5-7B-Instruct by its folder name, read as 'qwen2.5-7b-instruct' with the version's dot put back")]
    [InlineData("/data/llama31-8b-instruct", "meta-llama/Llama-3.1-8B-Instruct", "resolved local path '/data/llama31-8b-instruct' as meta-llama/Llama-3.1-8B-Instruct by its folder name, read as 'llama-3.1-8b-instruct' with the version's dot put back")]
    [InlineData("/m/phi35-mini-instruct", "microsoft/Phi-3.5-mini-instruct", "resolved local path '/m/phi35-mini-instruct' as microsoft/Phi-3.5-mini-instruct by its folder name, read as 'phi-3.5-mini-instruct' with the version's dot put back")]
    [InlineData("/m/mistral-7b-instruct-v02", "mistralai/Mistral-7B-Instruct-v0.2", "resolved local path '/m/mistral-7b-instruct-v02' as mistralai/Mistral-7B-Instruct-v0.2 by its folder name, read as 'mistral-7b-instruct-v0.2' with the version's dot put back")]
    [InlineData("acme/qwen25-7b-instruct-awq", "Qwen/Qwen2.5-7B-Instruct-AWQ", "resolved 'acme/qwen25-7b-instruct-awq' as Qwen/Qwen2.5-7B-Instruct-AWQ with AWQ 4-bit (the same repository name under another organisation, matched by name, read as 'qwen2.5-7b-instruct-awq' with the version's dot put back)")]
    public void A_version_written_without_its_dot_is_read_with_it(string served, string matched, string statement)
    {
        var model = ModelResolver.Resolve(served);
        Assert.Equal(matched, model.MatchedId);
        Assert.Equal(ModelSource.Catalog, model.Source);
        Assert.Equal(statement, ResolutionStatement.For(model));
    }

    [Theory]
    [InlineData("/m/gemma_2_9b", "google/gemma-2-9b", null)] // "2_9b" is a version and a size, not "2.9": matched as written
    [InlineData("/m/yi-34", null, ModelMatch.Unknown)] // "yi-3.4" names nothing: no respelling is kept
    [InlineData("/m/frob25-7b", null, ModelMatch.NameOnly)]
    public void A_respelling_is_kept_only_when_the_catalog_knows_it(string served, string? matched, ModelMatch? match)
    {
        var model = ModelResolver.Resolve(served);
        Assert.Null(model.ReadAs);
        Assert.Equal(matched, model.MatchedId);
        if (match is { } expected)
        {
            Assert.Equal(expected, model.Match);
        }
    }

    [Fact]
    public void An_exact_match_states_nothing() => Assert.Null(ResolutionStatement.For(ModelResolver.Resolve("Qwen/Qwen2.5-7B-Instruct")));

    [Fact]
    public void When_nothing_matches_vram006_says_how_to_give_the_real_facts()
    {
        Assert.Equal(
            "model 'acme/Frobnicator-7B-Instruct-AWQ' is not in VramLint's catalog; the estimate uses the size in its name: 7.0B parameters, AWQ 4-bit; "
            + "to size it exactly, check in its config.json as .vramlint/models/acme/Frobnicator-7B-Instruct-AWQ/config.json or run 'vramlint models pull acme/Frobnicator-7B-Instruct-AWQ'",
            ResolutionStatement.For(ModelResolver.Resolve("acme/Frobnicator-7B-Instruct-AWQ")));
        Assert.Equal(
            "model 'acme/Frobnicator-mini-instruct' is not in VramLint's catalog and its name states no size, so no memory estimate was made; "
            + "to size it exactly, check in its config.json as .vramlint/models/acme/Frobnicator-mini-instruct/config.json or run 'vramlint models pull acme/Frobnicator-mini-instruct'",
            ResolutionStatement.For(ModelResolver.Resolve("acme/Frobnicator-mini-instruct")));
        Assert.Equal(
            "model '/mnt/weights/secret-v2' is not in VramLint's catalog and its name states no size, so no memory estimate was made; "
            + "to size it exactly, check in its config.json as .vramlint/models/<org>/secret-v2/config.json (matched by the folder name)",
            ResolutionStatement.For(ModelResolver.Resolve("/mnt/weights/secret-v2")));
    }

    [Theory]
    [InlineData("mistralai/Mistral-7B-Instruct-v0.2")] // v0.3 is in the catalog: another generation
    [InlineData("Qwen/Qwen1.5-14B-Chat")] // Qwen1.5-32B is: another size
    [InlineData("meta-llama/Llama-3.2-3B-Instruct")] // Llama-3.1 is: another generation
    [InlineData("Qwen/Qwen2.5-Coder-32B-Instruct")] // Qwen2.5-32B is: another model
    [InlineData("Qwen/Qwen3-4B-Instruct-2507")] // Qwen3-4B is: a later release with another context
    [InlineData("Qwen/Qwen2-7B-Instruct-AWQ")] // Qwen2.5-7B is: another generation
    [InlineData("acme/Llama-3.1-13B-Instruct-AWQ")] // no such size
    [InlineData("Qwen/Qwen2.5-7B-Instruct-1M")] // another context length
    [InlineData("deepseek-ai/deepseek-coder-33b-instruct")]
    [InlineData("microsoft/Phi-4-mini-instruct")] // phi-4 is 14B
    [InlineData("teknium/OpenHermes-2.5-Mistral-7B")] // Mistral-7B v0.1, not the catalog's v0.3
    [InlineData("acme/DeepSeek-R1-Distill-Llama-3.1-8B")] // a distill word: not a plain fine-tune
    public void Never_matches_a_wrong_size_or_generation(string served)
    {
        var model = ModelResolver.Resolve(served);

        // Only the model's own record may answer (once the catalog holds it); nothing else of its family.
        if (HasOwnRecord(served))
        {
            Assert.Equal((ModelMatch.Exact, served), (model.Match, model.MatchedId!), new CaseInsensitiveMatch());
        }
        else
        {
            Assert.Null(model.Spec);
            Assert.Contains(model.Match, new[] { ModelMatch.NameOnly, ModelMatch.Unknown });
        }
    }

    private sealed class CaseInsensitiveMatch : IEqualityComparer<(ModelMatch, string)>
    {
        public bool Equals((ModelMatch, string) x, (ModelMatch, string) y) => x.Item1 == y.Item1 && string.Equals(x.Item2, y.Item2, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode((ModelMatch, string) obj) => obj.Item1.GetHashCode();
    }

    [Theory]
    [InlineData("QWEN/qwen2.5-7b-INSTRUCT", "Qwen/Qwen2.5-7B-Instruct")]
    [InlineData("meta-llama/Meta-Llama-3-8B", "meta-llama/Meta-Llama-3-8B")]
    [InlineData("meta-llama/Llama-2-13b-chat-hf", "meta-llama/Llama-2-13b-chat-hf")]
    public void Exact_ids_and_the_catalogs_same_architecture_twins_are_exact(string served, string id)
    {
        var model = ModelResolver.Resolve(served);

        Assert.Equal((ModelMatch.Exact, id), (model.Match, model.MatchedId));
        Assert.Null(ResolutionStatement.For(model));
    }

    [Fact]
    public void A_local_path_is_matched_by_its_last_segment()
    {
        var awq = ModelResolver.Resolve("/models/qwen2.5-32b-instruct-awq");
        Assert.Equal((ModelMatch.LocalPath, "Qwen/Qwen2.5-32B-Instruct-AWQ", QuantizationMethod.Awq), (awq.Match, awq.MatchedId, awq.Quantization.Method));

        var llama = ModelResolver.Resolve("./Meta-Llama-3.1-70B-Instruct");
        Assert.Equal((ModelMatch.LocalPath, 80 * 2 * 8 * 128 * 2.0), (llama.Match, KvBytesPerToken(llama)));

        Assert.True(ModelResolver.IsLocalPath("C:\\models\\x"));
        Assert.True(ModelResolver.IsLocalPath("~/models/x"));
        Assert.False(ModelResolver.IsLocalPath("Qwen/Qwen2.5-7B-Instruct"));
        Assert.False(ModelResolver.IsLocalPath("hf://Qwen/Qwen2.5-7B-Instruct"));
    }

    [Fact]
    public void Served_model_name_and_tokenizer_are_never_used_for_resolution()
    {
        var parsed = VramLint.Core.Arguments.VllmArgumentReader.Read(VramLint.Core.Arguments.ArgumentToken.FromWords(new[]
        {
            "serve", "acme/secret-model", "--served-model-name", "meta-llama/Llama-3.1-8B-Instruct", "--tokenizer", "meta-llama/Llama-3.1-8B-Instruct",
        }));

        var result = DeploymentChecker.Check(new DeploymentInput(parsed), VramLint.Core.Configuration.VramLintOptions.Default);

        Assert.StartsWith("model 'acme/secret-model' is not in VramLint's catalog and its name states no size", Assert.Single(result.Findings).Message);
        Assert.Null(result.Estimate);
    }

    [Fact]
    public void A_derivative_only_entry_matches_re_uploads_with_its_own_scheme_only()
    {
        var awq = new ModelSpec
        {
            Id = "acme/Foo-3-9B-Instruct-AWQ",
            BaseModel = "acme/Foo-3-9B-Instruct",
            Quantization = new QuantizationScheme { Method = QuantizationMethod.Awq, Bits = 4, GroupSize = 128, Label = "AWQ" },
        };

        var match = DerivativeMatcher.Match("other/foo-3-9b-instruct-awq-4bit", new[] { awq });

        Assert.Equal(("acme/Foo-3-9B-Instruct-AWQ", DerivativeKind.Quantized), (match!.BaseId, match.Kind));
        Assert.Null(DerivativeMatcher.Match("other/Foo-3-9B-Instruct-GPTQ-Int4", new[] { awq }));
        Assert.Null(DerivativeMatcher.Match("other/Foo-3-9B-Instruct", new[] { awq }));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("::")]
    [InlineData("hf://")]
    [InlineData("file://")]
    [InlineData("../..")]
    [InlineData("Q4_K_M")]
    [InlineData("-AWQ-GPTQ-Int4")]
    [InlineData("meta-llama/")]
    [InlineData("a/b/c/d/e/f")]
    [InlineData("Meta-Llama")]
    [InlineData("instruct-chat-it-base")]
    public void Odd_names_resolve_to_nothing_without_throwing(string served)
    {
        var model = ModelResolver.Resolve(served, hfOverrides: "{\"rope_scaling\": null, \"max_position_embeddings\": \"long\"}");

        Assert.Null(model.Spec);
        Assert.NotNull(ResolutionStatement.For(model));
    }

    [Fact]
    public void Overrides_of_the_wrong_type_leave_the_facts_unknown_rather_than_throw()
    {
        var model = ModelResolver.Resolve("Qwen/Qwen2.5-7B-Instruct", hfOverrides: "{\"num_hidden_layers\": \"many\", \"rope_scaling\": {\"rope_type\": \"linear\", \"factor\": -2}}");

        Assert.Null(model.Spec!.NumHiddenLayers);
        Assert.Equal(32768, model.Spec.DerivedMaxModelLen);

        var parsed = VramLint.Core.Arguments.VllmArgumentReader.Read(VramLint.Core.Arguments.ArgumentToken.FromWords(new[]
        {
            "serve", "Qwen/Qwen2.5-7B-Instruct", "--hf-overrides", "{\"num_hidden_layers\": \"many\"}",
        }));
        var result = DeploymentChecker.Check(new DeploymentInput(parsed), VramLint.Core.Configuration.VramLintOptions.Default with { GpuMemoryGiB = 22 });
        Assert.Equal(0, result.Estimate!.KvCache.BytesPerToken);
    }
}
