using VramLint.Core.Json;
using VramLint.Core.Settings;

namespace VramLint.Core.Models;

/// <summary>
/// A multimodal model's vision tower as its config.json's <c>vision_config</c> states it: what it weighs and how many
/// patches the encoder runs over for the largest image. vLLM loads the tower with the language model and profiles it
/// with dummy images of the largest size before it sizes the KV cache.
/// </summary>
public sealed record VisionEncoder
{
    /// <summary>Parameters of the tower and its projector into the language model (stated, or computed from the shape).</summary>
    public long Parameters { get; init; }

    public int HiddenSize { get; init; }

    /// <summary>Patches one image of the largest size becomes inside the encoder; null when the largest size is unknown (a processor setting).</summary>
    public long? PatchesPerImage { get; init; }

    /// <summary>
    /// Width of the embeddings the tower hands the language model per token: the projector's output (out_hidden_size, else
    /// the language model's width), once more for each Qwen3-VL deepstack layer; 0 when unknown or not merged into the
    /// input (cross-attention towers, Whisper).
    /// </summary>
    public int EmbeddingWidth { get; init; }

    /// <summary>Patches merged into one language-model token (Qwen-VL: spatial_merge_size squared).</summary>
    public int PatchesPerToken { get; init; } = 1;

    /// <summary>Language-model tokens one image of the largest size takes (vLLM's <c>get_max_tokens_per_item</c>).</summary>
    public long? TokensPerImage => PatchesPerImage is { } p ? Math.Max(1, p / Math.Max(1, PatchesPerToken)) : null;

    /// <summary>The side in pixels of one patch, to turn a <c>max_pixels</c> processor setting into patches.</summary>
    public int PatchSize { get; init; } = 14;

    /// <summary>Model types whose largest image is a processor setting: max_pixels / patch^2 patches.</summary>
    public bool SizedByMaxPixels { get; init; }

    /// <summary>
    /// The processor's max_pixels when --mm-processor-kwargs does not set it: 12845056 for Qwen2-VL and Qwen2.5-VL, 16777216
    /// (size.longest_edge, 4096 x 4096) for Qwen3-VL (their preprocessor_config.json); null when the catalog does not know it
    /// or, for Qwen3.5, does not use it.
    /// </summary>
    public long? DefaultMaxPixels { get; init; }

    /// <summary>Encoder-decoder (cross-attention) models such as Llama-3.2-Vision: V0 profiled one image for every sequence.</summary>
    public bool CrossAttention { get; init; }

    /// <summary>The modality of one profiled item, as --limit-mm-per-prompt names it: "image", or "audio" for Whisper's encoder.</summary>
    public string Modality { get; init; } = "image";

    /// <summary>Qwen2-VL and Qwen2.5-VL towers also take videos: frames of the largest image size, merged in groups of <see cref="TemporalPatchSize"/>.</summary>
    public bool TakesVideo { get; init; }

    /// <summary>
    /// Qwen3-VL and Qwen3.5 towers: their video processor spreads one pixel budget over all frames, and vLLM sizes their
    /// dummy video with it (<see cref="Estimation.Qwen3VlDummyVideo"/>).
    /// </summary>
    public bool VideoSpreadsPixelBudget { get; init; }

    /// <summary>
    /// Towers that take videos whose dummy video vLLM sizes its own way (Gemma 4, LLaVA-OneVision, GLM-4.xV), which VramLint
    /// does not reproduce.
    /// </summary>
    public bool VideoUnmodelled { get; init; }

    /// <summary>
    /// The first release that leaves the tower out when --limit-mm-per-prompt sets every modality it takes to 0 (text-only
    /// mode): vLLM PR 22299 (Qwen2-VL, Qwen2.5-VL), merged 2025-08-06, first released in 0.10.1, which a major.minor
    /// release cannot tell from 0.10.0, so 0.11; Qwen3-VL from PR 26000 (2025-10-01), so 0.12. Null where VramLint does
    /// not know that the tower is left out.
    /// </summary>
    public VllmVersion? TextOnlyFrom { get; init; }

    /// <summary>Frames merged into one temporal patch (config temporal_patch_size; 2 for Qwen2-VL, Qwen2.5-VL and Qwen3-VL).</summary>
    public int TemporalPatchSize { get; init; } = 2;

    /// <summary>
    /// Towers vLLM also profiles with a dummy video of their own making that VramLint does not reproduce (catalog records
    /// name the text model's type): Gemma 4, LLaVA-OneVision, GLM-4.xV.
    /// </summary>
    private static bool VideoOwnWay(string type) =>
        type.StartsWith("gemma4", StringComparison.Ordinal) || type.StartsWith("llava_onevision", StringComparison.Ordinal) || type.StartsWith("glm4v", StringComparison.Ordinal);

    /// <summary>
    /// Qwen3-VL takes its processor's 16777216-pixel image by default. Qwen3.5's preprocessor_config.json states the same
    /// size, but its image stays unknown: on the one release that logs the peak for that family (club-3090 issue 1087,
    /// Qwen3.8-27B at TP 2) the whole activation was 1.59 GiB, where the per-patch term gives 2.66 GiB for the image alone.
    /// </summary>
    private static bool Qwen3VlImageKnown(string type) => type.StartsWith("qwen3_vl", StringComparison.Ordinal);

    /// <summary>Qwen3-VL and Qwen3.5 (vLLM's Qwen3_5ProcessingInfo is Qwen3VLProcessingInfo with its own config class).</summary>
    private static bool Qwen3Vision(string type) =>
        type.StartsWith("qwen3_vl", StringComparison.Ordinal) || type.StartsWith("qwen3_5", StringComparison.Ordinal);

    /// <summary>The patches of an image of at most <paramref name="maxPixels"/> pixels (--mm-processor-kwargs max_pixels).</summary>
    public long PatchesForPixels(long maxPixels) => Math.Max(1, maxPixels / ((long)PatchSize * PatchSize));

    /// <summary>The tower of a config.json (or a catalog record with the same keys): a vision tower, or Whisper's audio encoder; null for a text-only model.</summary>
    public static VisionEncoder? From(JsonNode root)
    {
        if (root["vision_config"] is not JsonObject vision)
        {
            return WhisperEncoder.From(root);
        }

        var type = root["model_type"]?.AsString ?? "";

        // Qwen2-VL and Qwen2.5-VL configs leave most of the tower to transformers' class defaults (their official
        // config.json states only hidden_size and in_chans); an absent key takes the default, as transformers reads it.
        var defaults = QwenVisionDefaults.For(type);
        var qwenVl = defaults is not null; // Qwen2-VL and Qwen2.5-VL: videos, a max_pixels default, text-only mode from 0.11

        // Pixtral (Mistral-Small 3.x, Ministral 3, Pixtral-12B): keys the config leaves out take PixtralVisionConfig's defaults.
        var pixtral = PixtralTower.ProjectorOf(root, type, vision);
        int? Int(string key) => vision[key]?.AsInt ?? defaults?.Value(key) ?? (pixtral is not null ? PixtralTower.Default(key) : null);

        // Kimi-K2.5's MoonViT names its sizes vt_*.
        var moonVit = MoonVitTower.Is(vision);

        // Qwen2-VL's vision hidden_size is the language model's width; its tower is embed_dim wide.
        var hidden = moonVit ? Int("vt_hidden_size") : type == "qwen2_vl" ? Int("embed_dim") : Int("hidden_size") ?? Int("embed_dim") ?? Int("width");
        var depth = moonVit ? Int("vt_num_hidden_layers") ?? 0 : (Int("depth") ?? Int("num_hidden_layers") ?? Int("layers") ?? 0) + (Int("num_global_layers") ?? 0);

        // Towers that are not a ViT stack (Gemma 3n's MobileNetV5 and audio encoder): their stated or computed count, no
        // known profile size.
        if (depth <= 0 && hidden is > 0 && (root["vision_parameters"]?.AsLong ?? Gemma3nTowers.Parameters(root)) is { } stated)
        {
            return new VisionEncoder { Parameters = stated, HiddenSize = hidden.Value, PatchesPerImage = root["vision_max_patches"]?.AsLong };
        }

        if (hidden is not > 0 || depth <= 0)
        {
            return null;
        }

        long h = hidden.Value;
        long intermediate = Int("intermediate_size") ?? (long)((vision["mlp_ratio"]?.AsNumber ?? defaults?.Value("mlp_ratio") ?? 4) * h);
        var gated = type.StartsWith("qwen2_5_vl", StringComparison.Ordinal);
        var mlp = (gated ? 3 : 2) * h * intermediate;
        var merge = Int("spatial_merge_size") ?? 1;
        var textHidden = (root["text_config"]?["hidden_size"] ?? root["hidden_size"])?.AsInt ?? (int)h;
        var outHidden = Int("out_hidden_size") ?? (type == "qwen2_vl" ? vision["hidden_size"]?.AsInt : null) ?? textHidden;

        // Projector: the merged patch (h x merge^2) through one hidden layer into the language model's width.
        var projector = ((h * merge * merge) * (h * merge * merge)) + (h * merge * merge * outHidden);

        // Qwen3-VL: one more merger of the same shape for every deepstack layer (deepstack_visual_indexes), whose features
        // go to the language model's first layers, and learned position embeddings (num_position_embeddings x width).
        var deepstack = vision["deepstack_visual_indexes"] is JsonArray stack ? stack.Items.Count : 0;
        var positions = (vision["num_position_embeddings"]?.AsLong ?? 0) * h;
        var patch = Int("patch_size") ?? 14;
        var imageSize = Int("image_size");
        long? patches = imageSize is > 0 ? (((long)(imageSize.Value / patch) * (imageSize.Value / patch)) + 1) * (Int("max_num_tiles") ?? 1) : null;
        var qwen3 = Qwen3Vision(type);
        var sizedByPixels = type.StartsWith("qwen2", StringComparison.Ordinal) || qwen3;
        var mllama = type.StartsWith("mllama", StringComparison.Ordinal); // the wrapper (a config.json) or its text model (a catalog record)

        // Pixtral: Mistral3's spatial_merge_size sits beside vision_config (Mistral3Config: 2); LLaVA merges no patches.
        if (pixtral is { } pixtralProjector)
        {
            merge = pixtralProjector == PixtralProjector.Llava ? 1 : root["spatial_merge_size"]?.AsInt ?? 2;
            patches = imageSize is > 0 ? PixtralTower.PatchesPerImage(imageSize.Value, patch) : null;
        }

        // MoonViT: merge_kernel_size patches per token; its largest image is a processor setting (no image_size) VramLint does not know.
        var patchesPerToken = moonVit ? MoonVitTower.PatchesPerToken(vision) : merge * merge;

        var computed = mllama && imageSize is > 0
            ? MllamaTower.Parameters(h, intermediate, Int("num_hidden_layers") ?? 0, Int("num_global_layers") ?? 0, patch, imageSize.Value, Int("max_num_tiles") ?? 1, Int("vision_output_dim"), textHidden)
            : pixtral is { } layout
            ? PixtralTower.Parameters(layout, h, intermediate, depth, patch, Int("num_channels") ?? 3, merge, textHidden, root["multimodal_projector_bias"]?.AsBool ?? PixtralTower.DefaultProjectorBias(layout))
            : moonVit
            ? MoonVitTower.Parameters(vision, textHidden)
            : (depth * ((4 * h * h) + mlp)) + ((1 + deepstack) * projector) + positions;

        return new VisionEncoder
        {
            Parameters = root["vision_parameters"]?.AsLong ?? computed,
            HiddenSize = hidden.Value,
            PatchesPerImage = sizedByPixels ? root["vision_max_patches"]?.AsLong : root["vision_max_patches"]?.AsLong ?? patches,
            PatchesPerToken = patchesPerToken,
            PatchSize = patch,
            SizedByMaxPixels = sizedByPixels,
            DefaultMaxPixels = root["vision_max_pixels"]?.AsLong ?? (qwenVl ? 12845056 : Qwen3VlImageKnown(type) ? 16777216 : null),
            CrossAttention = mllama,
            TakesVideo = qwenVl,
            TextOnlyFrom = qwenVl ? new VllmVersion(0, 11) : type.StartsWith("qwen3_vl", StringComparison.Ordinal) ? new VllmVersion(0, 12) : null,
            VideoSpreadsPixelBudget = qwen3,
            EmbeddingWidth = mllama ? 0 : outHidden * (1 + deepstack),
            VideoUnmodelled = VideoOwnWay(type),
            TemporalPatchSize = Int("temporal_patch_size") ?? 2,
        };
    }
}
