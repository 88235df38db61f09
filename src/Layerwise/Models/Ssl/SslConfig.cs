using System.Text.Json;

namespace Layerwise.Models.Ssl;

/// <summary>
/// The architecture of a wav2vec2 / HuBERT / WavLM model, as in a Hugging Face <c>config.json</c>.
/// Missing fields take the defaults of the Hugging Face config classes; fields that only affect
/// training (dropouts, masking) are not read.
/// </summary>
public sealed record SslConfig
{
    public SslFamily ModelType { get; init; } = SslFamily.Wav2Vec2;
    public int HiddenSize { get; init; } = 768;
    public int NumHiddenLayers { get; init; } = 12;
    public int NumAttentionHeads { get; init; } = 12;
    public int IntermediateSize { get; init; } = 3072;
    /// <summary>Transformer feed-forward activation (gelu, relu, gelu_new, silu/swish).</summary>
    public string HiddenAct { get; init; } = "gelu";
    public double LayerNormEps { get; init; } = 1e-5;
    /// <summary>"group": GroupNorm after the first conv only (base models); "layer": LayerNorm after every conv (large models).</summary>
    public string FeatExtractNorm { get; init; } = "group";
    /// <summary>Activation of the conv stack and of the positional conv.</summary>
    public string FeatExtractActivation { get; init; } = "gelu";
    public IReadOnlyList<int> ConvDim { get; init; } = [512, 512, 512, 512, 512, 512, 512];
    public IReadOnlyList<int> ConvKernel { get; init; } = [10, 3, 3, 3, 3, 2, 2];
    public IReadOnlyList<int> ConvStride { get; init; } = [5, 2, 2, 2, 2, 2, 2];
    public bool ConvBias { get; init; }
    public int NumConvPosEmbeddings { get; init; } = 128;
    public int NumConvPosEmbeddingGroups { get; init; } = 16;
    /// <summary>True for pre-LN ("stable layer norm") transformers: large models, XLS-R.</summary>
    public bool DoStableLayerNorm { get; init; }
    /// <summary>HuBERT only (wav2vec2 and WavLM always have it): layer norm before the feature projection.</summary>
    public bool FeatProjLayerNorm { get; init; } = true;
    /// <summary>WavLM relative position buckets.</summary>
    public int NumBuckets { get; init; } = 320;
    /// <summary>WavLM maximum bucketed distance.</summary>
    public int MaxBucketDistance { get; init; } = 800;

    public int HeadDim => HiddenSize / NumAttentionHeads;

    /// <summary>Value equality, the conv lists compared element by element.</summary>
    public bool Equals(SslConfig? other) =>
        other is not null
        && (ModelType, HiddenSize, NumHiddenLayers, NumAttentionHeads, IntermediateSize, HiddenAct, LayerNormEps, FeatExtractNorm, FeatExtractActivation)
            == (other.ModelType, other.HiddenSize, other.NumHiddenLayers, other.NumAttentionHeads, other.IntermediateSize, other.HiddenAct, other.LayerNormEps, other.FeatExtractNorm, other.FeatExtractActivation)
        && (ConvBias, NumConvPosEmbeddings, NumConvPosEmbeddingGroups, DoStableLayerNorm, FeatProjLayerNorm, NumBuckets, MaxBucketDistance)
            == (other.ConvBias, other.NumConvPosEmbeddings, other.NumConvPosEmbeddingGroups, other.DoStableLayerNorm, other.FeatProjLayerNorm, other.NumBuckets, other.MaxBucketDistance)
        && ConvDim.SequenceEqual(other.ConvDim) && ConvKernel.SequenceEqual(other.ConvKernel) && ConvStride.SequenceEqual(other.ConvStride);

    public override int GetHashCode() =>
        HashCode.Combine(ModelType, HiddenSize, NumHiddenLayers, IntermediateSize, DoStableLayerNorm, FeatExtractNorm, ConvDim.Count, ConvDim.Sum());

    /// <summary>Channels of <c>extract_features</c> (last conv layer).</summary>
    public int ExtractFeaturesDim => ConvDim[^1];

    /// <summary>Whether the projection has its layer norm (always except HuBERT with feat_proj_layer_norm=false).</summary>
    public bool HasFeatureProjectionLayerNorm => ModelType != SslFamily.Hubert || FeatProjLayerNorm;

    /// <summary>Frames the conv stack produces for <paramref name="samples"/> input samples (0 when too short).</summary>
    public long FrameCount(long samples)
    {
        long n = samples;
        for (int i = 0; i < ConvKernel.Count; i++)
        {
            if (n < ConvKernel[i])
                return 0;
            n = (n - ConvKernel[i]) / ConvStride[i] + 1;
        }
        return n;
    }

    /// <summary>Fewest samples that give one frame (400 for the standard conv stack, 25 ms at 16 kHz).</summary>
    public long MinSamples
    {
        get
        {
            long need = 1;
            for (int i = ConvKernel.Count - 1; i >= 0; i--)
                need = (need - 1) * ConvStride[i] + ConvKernel[i];
            return need;
        }
    }

    /// <summary>Samples per frame (320 for the standard stack: 20 ms).</summary>
    public long Hop => ConvStride.Aggregate(1L, (a, s) => a * s);

    public static SslConfig FromFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SslInputException($"{path}: cannot read the model config: {e.Message}", e);
        }
        return FromJson(text, path);
    }

    /// <summary>Parses a Hugging Face config.json; <paramref name="source"/> names it in error messages.</summary>
    public static SslConfig FromJson(string json, string source = "config.json")
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new SslInputException($"{source}: not valid JSON (line {e.LineNumber + 1}): {e.Message}", e);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new SslInputException($"{source}: expected a JSON object");
            var r = new Reader(root, source);
            string modelType = r.String("model_type", "");
            var family = modelType.ToLowerInvariant() switch
            {
                "wav2vec2" => SslFamily.Wav2Vec2,
                "hubert" => SslFamily.Hubert,
                "wavlm" => SslFamily.WavLM,
                "" => throw new SslInputException($"{source}: no model_type (expected wav2vec2, hubert or wavlm)"),
                _ => throw new SslInputException($"{source}: unknown model_type '{modelType}' (expected wav2vec2, hubert or wavlm)"),
            };
            var d = new SslConfig();
            var config = new SslConfig
            {
                ModelType = family,
                HiddenSize = r.Int("hidden_size", d.HiddenSize),
                NumHiddenLayers = r.Int("num_hidden_layers", d.NumHiddenLayers),
                NumAttentionHeads = r.Int("num_attention_heads", d.NumAttentionHeads),
                IntermediateSize = r.Int("intermediate_size", d.IntermediateSize),
                HiddenAct = r.String("hidden_act", d.HiddenAct),
                LayerNormEps = r.Double("layer_norm_eps", d.LayerNormEps),
                FeatExtractNorm = r.String("feat_extract_norm", d.FeatExtractNorm),
                FeatExtractActivation = r.String("feat_extract_activation", d.FeatExtractActivation),
                ConvDim = r.Ints("conv_dim", d.ConvDim),
                ConvKernel = r.Ints("conv_kernel", d.ConvKernel),
                ConvStride = r.Ints("conv_stride", d.ConvStride),
                ConvBias = r.Bool("conv_bias", d.ConvBias),
                NumConvPosEmbeddings = r.Int("num_conv_pos_embeddings", d.NumConvPosEmbeddings),
                NumConvPosEmbeddingGroups = r.Int("num_conv_pos_embedding_groups", d.NumConvPosEmbeddingGroups),
                DoStableLayerNorm = r.Bool("do_stable_layer_norm", d.DoStableLayerNorm),
                FeatProjLayerNorm = r.Bool("feat_proj_layer_norm", d.FeatProjLayerNorm),
                NumBuckets = r.Int("num_buckets", d.NumBuckets),
                MaxBucketDistance = r.Int("max_bucket_distance", d.MaxBucketDistance),
            };
            config.Validate(source);
            return config;
        }
    }

    /// <summary>Checks the sizes are consistent; throws <see cref="SslInputException"/> naming <paramref name="source"/>.</summary>
    public void Validate(string source = "config")
    {
        void Fail(string what) => throw new SslInputException($"{source}: {what}");
        if (HiddenSize <= 0 || NumAttentionHeads <= 0 || HiddenSize % NumAttentionHeads != 0)
            Fail($"hidden_size {HiddenSize} is not a positive multiple of num_attention_heads {NumAttentionHeads}");
        if (NumHiddenLayers < 0 || IntermediateSize <= 0)
            Fail("num_hidden_layers and intermediate_size must be positive");
        if (ConvDim.Count == 0 || ConvDim.Count != ConvKernel.Count || ConvDim.Count != ConvStride.Count)
            Fail($"conv_dim, conv_kernel and conv_stride must have the same non-zero length (got {ConvDim.Count}, {ConvKernel.Count}, {ConvStride.Count})");
        if (ConvDim.Concat(ConvKernel).Concat(ConvStride).Any(v => v <= 0))
            Fail("conv_dim, conv_kernel and conv_stride must be positive");
        if (FeatExtractNorm is not ("group" or "layer"))
            Fail($"feat_extract_norm '{FeatExtractNorm}' is not supported (expected group or layer)");
        if (NumConvPosEmbeddings <= 0 || NumConvPosEmbeddingGroups <= 0 || HiddenSize % NumConvPosEmbeddingGroups != 0)
            Fail($"hidden_size {HiddenSize} is not a multiple of num_conv_pos_embedding_groups {NumConvPosEmbeddingGroups}");
        if (ModelType == SslFamily.WavLM && (NumBuckets < 4 || MaxBucketDistance <= NumBuckets / 4))
            Fail($"num_buckets {NumBuckets} / max_bucket_distance {MaxBucketDistance} are not usable");
        foreach (var (name, act) in new[] { ("hidden_act", HiddenAct), ("feat_extract_activation", FeatExtractActivation) })
            if (!Activations.IsKnown(act))
                Fail($"{name} '{act}' is not supported (expected gelu, gelu_new, relu, silu or swish)");
    }

    // Presets with the sizes of the published checkpoints (Hugging Face config.json values).

    static SslConfig Base(SslFamily family) => new() { ModelType = family };

    static SslConfig Large(SslFamily family, int hidden = 1024, int layers = 24, int ff = 4096) => new()
    {
        ModelType = family,
        HiddenSize = hidden,
        NumHiddenLayers = layers,
        NumAttentionHeads = 16,
        IntermediateSize = ff,
        FeatExtractNorm = "layer",
        ConvBias = true,
        DoStableLayerNorm = true,
    };

    /// <summary>facebook/wav2vec2-base: 12 × 768.</summary>
    public static SslConfig Wav2Vec2Base => Base(SslFamily.Wav2Vec2);
    /// <summary>facebook/wav2vec2-xls-r-300m: 24 × 1024, pre-LN.</summary>
    public static SslConfig XlsR300M => Large(SslFamily.Wav2Vec2);
    /// <summary>facebook/wav2vec2-xls-r-1b: 48 × 1280.</summary>
    public static SslConfig XlsR1B => Large(SslFamily.Wav2Vec2, 1280, 48, 5120);
    /// <summary>facebook/wav2vec2-xls-r-2b: 48 × 1920.</summary>
    public static SslConfig XlsR2B => Large(SslFamily.Wav2Vec2, 1920, 48, 7680);
    /// <summary>facebook/hubert-base-ls960: 12 × 768.</summary>
    public static SslConfig HubertBase => Base(SslFamily.Hubert);
    /// <summary>facebook/hubert-large-ll60k: 24 × 1024, pre-LN.</summary>
    public static SslConfig HubertLarge => Large(SslFamily.Hubert);
    /// <summary>microsoft/wavlm-base-plus: 12 × 768.</summary>
    public static SslConfig WavLMBasePlus => Base(SslFamily.WavLM);
    /// <summary>microsoft/wavlm-large: 24 × 1024, pre-LN.</summary>
    public static SslConfig WavLMLarge => Large(SslFamily.WavLM);

    /// <summary>
    /// A tiny model shaped like the test fixtures: 7 conv layers of 32 channels (real kernels and strides),
    /// hidden 64, 4 heads, feed-forward 96, 4 layers, positional conv 16 with 4 groups. For demos and tests.
    /// </summary>
    public static SslConfig Tiny(SslFamily family = SslFamily.Wav2Vec2, bool stableLayerNorm = false) => new()
    {
        ModelType = family,
        HiddenSize = 64,
        NumHiddenLayers = 4,
        NumAttentionHeads = 4,
        IntermediateSize = 96,
        FeatExtractNorm = stableLayerNorm ? "layer" : "group",
        ConvBias = stableLayerNorm,
        ConvDim = [32, 32, 32, 32, 32, 32, 32],
        NumConvPosEmbeddings = 16,
        NumConvPosEmbeddingGroups = 4,
        DoStableLayerNorm = stableLayerNorm,
    };

    /// <summary>Preset names (Hugging Face repo ids of the paper's checkpoints and the XLS-R family, plus "tiny-random" and its alias "tiny").</summary>
    public static IReadOnlyList<string> PresetNames { get; } =
    [
        "facebook/wav2vec2-base", "facebook/wav2vec2-xls-r-300m", "facebook/wav2vec2-xls-r-1b", "facebook/wav2vec2-xls-r-2b",
        "facebook/hubert-base-ls960", "facebook/hubert-large-ll60k", "microsoft/wavlm-base-plus", "microsoft/wavlm-large", "tiny-random", "tiny",
    ];

    /// <summary>The preset for a repo id of <see cref="PresetNames"/> (case-insensitive), or null.</summary>
    public static SslConfig? Preset(string name) => name.Trim().ToLowerInvariant() switch
    {
        "facebook/wav2vec2-base" or "wav2vec2-base" => Wav2Vec2Base,
        "facebook/wav2vec2-xls-r-300m" or "xls-r-300m" => XlsR300M,
        "facebook/wav2vec2-xls-r-1b" or "xls-r-1b" => XlsR1B,
        "facebook/wav2vec2-xls-r-2b" or "xls-r-2b" => XlsR2B,
        "facebook/hubert-base-ls960" or "hubert-base" => HubertBase,
        "facebook/hubert-large-ll60k" or "hubert-large" => HubertLarge,
        "microsoft/wavlm-base-plus" or "wavlm-base-plus" => WavLMBasePlus,
        "microsoft/wavlm-large" or "wavlm-large" => WavLMLarge,
        "tiny" or "tiny-random" => Tiny(),
        _ => null,
    };

    /// <summary>Typed access to config.json fields with errors that name the file and the field.</summary>
    readonly struct Reader(JsonElement root, string source)
    {
        bool TryGet(string name, out JsonElement value) =>
            root.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

        SslInputException Bad(string name, string expected) => new($"{source}: field '{name}' should be {expected}");

        public string String(string name, string fallback) =>
            !TryGet(name, out var v) ? fallback : v.ValueKind == JsonValueKind.String ? v.GetString()! : throw Bad(name, "a string");

        public int Int(string name, int fallback) =>
            !TryGet(name, out var v) ? fallback : v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) ? i : throw Bad(name, "an integer");

        public double Double(string name, double fallback) =>
            !TryGet(name, out var v) ? fallback : v.ValueKind == JsonValueKind.Number ? v.GetDouble() : throw Bad(name, "a number");

        public bool Bool(string name, bool fallback) =>
            !TryGet(name, out var v) ? fallback : v.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Bad(name, "true or false"),
            };

        public IReadOnlyList<int> Ints(string name, IReadOnlyList<int> fallback)
        {
            if (!TryGet(name, out var v))
                return fallback;
            if (v.ValueKind != JsonValueKind.Array)
                throw Bad(name, "an array of integers");
            var list = new List<int>();
            foreach (var e in v.EnumerateArray())
                list.Add(e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out int i) ? i : throw Bad(name, "an array of integers"));
            return list;
        }
    }
}
