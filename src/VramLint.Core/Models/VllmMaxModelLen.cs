using VramLint.Core.Json;

namespace VramLint.Core.Models;

/// <summary>
/// The max-model-len vLLM derives from a model's (text) config, as <c>_get_and_verify_max_len</c> in vllm/config/model.py
/// does it (vllm-project/vllm@0052a5b8): the smallest of the max-length keys, <c>model_max_length</c> overriding them,
/// times the RoPE scaling factor unless the rope type is su, longrope or llama3 (yarn starts from
/// <c>original_max_position_embeddings</c>) or the model is a Gemma 3; 2048 when the config states no length.
/// The tokenizer's own <c>model_max_length</c> can lower it further; VramLint does not read tokenizer files.
/// </summary>
public static class VllmMaxModelLen
{
    /// <summary>The keys vLLM reads, in its order; the smallest present value wins.</summary>
    public static IReadOnlyList<string> LengthKeys { get; } = new[]
    {
        "max_position_embeddings", "n_positions", "max_seq_len", "seq_length", "model_max_length",
        "max_target_positions", "max_sequence_length", "max_seq_length", "seq_len",
    };

    /// <summary>vLLM's value when the config names no length.</summary>
    public const int Unstated = 2048;

    /// <summary>
    /// (Derived, Default): the longest max-model-len vLLM accepts, and the one it serves when none is written (the same,
    /// except for LongRoPE models, which vLLM serves at <c>original_max_position_embeddings</c>). A config that states no
    /// length gets vLLM's 2048 when <paramref name="unstatedIsDefault"/> (a whole config.json), else null (a partial record).
    /// </summary>
    public static (int Derived, int Default)? From(JsonNode config, bool unstatedIsDefault = true)
    {
        double derived = double.PositiveInfinity;
        foreach (var key in LengthKeys)
        {
            if (config[key]?.AsNumber is { } value)
            {
                derived = Math.Min(derived, value);
            }
        }

        // Command-R and Cohere2 state a longer model_max_length that wins over max_position_embeddings.
        if (config["model_max_length"]?.AsNumber is { } modelMax && modelMax > 0)
        {
            derived = modelMax;
        }

        if (double.IsPositiveInfinity(derived))
        {
            if (!unstatedIsDefault)
            {
                return null;
            }

            derived = Unstated;
        }

        var ropes = RopeParameters(config);
        var modelType = config["model_type"]?.AsString ?? "";
        if (ropes.Count > 0 && modelType.IndexOf("gemma3", StringComparison.Ordinal) < 0)
        {
            var factor = 1.0;
            foreach (var rope in ropes)
            {
                var type = RopeType(rope);
                if (type is "su" or "longrope" or "llama3")
                {
                    continue;
                }

                // A factor that is not a positive number would make every length invalid; vLLM would fail on it elsewhere.
                factor = rope["factor"]?.AsNumber is { } f && f > 0 ? f : factor;
                if (type == "yarn" && rope["original_max_position_embeddings"]?.AsNumber is { } original)
                {
                    derived = original;
                }
            }

            derived *= factor;
        }

        var longRope = ropes.Any(r => RopeType(r) == "longrope");
        var served = longRope && config["original_max_position_embeddings"]?.AsNumber is { } originalLength ? originalLength : derived;
        return (Clamp(derived), Clamp(served));
    }

    private static int Clamp(double value) => value >= int.MaxValue ? int.MaxValue : value <= 0 ? 0 : (int)value;

    /// <summary>rope_scaling (transformers 4) or rope_parameters (transformers 5, possibly one per layer type).</summary>
    private static IReadOnlyList<JsonNode> RopeParameters(JsonNode config)
    {
        if (config["rope_scaling"] is JsonObject scaling)
        {
            return new JsonNode[] { scaling };
        }

        if (config["rope_parameters"] is not JsonObject parameters)
        {
            return Array.Empty<JsonNode>();
        }

        var perLayerType = parameters.Properties.Select(p => p.Value).OfType<JsonObject>().ToList();
        return perLayerType.Count > 0 && parameters.Properties.All(p => p.Value is JsonObject) ? perLayerType : new JsonNode[] { parameters };
    }

    /// <summary>transformers renames the legacy "type" key to "rope_type" when it loads a config; vLLM sees the new name.</summary>
    private static string RopeType(JsonNode rope) => (rope["rope_type"]?.AsString ?? rope["type"]?.AsString ?? "default").ToLowerInvariant();
}
