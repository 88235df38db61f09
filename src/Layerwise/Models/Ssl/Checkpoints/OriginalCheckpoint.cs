using System.Globalization;

namespace Layerwise.Models.Ssl.Checkpoints;

/// <summary>
/// A research checkpoint as its authors released it: a fairseq wav2vec2 / XLS-R / HuBERT .pt (architecture in
/// <c>cfg.model</c>, a pickled omegaconf DictConfig or plain dict, or in <c>args</c>, a pickled argparse.Namespace,
/// in older files) or a unilm WavLM .pt (<c>cfg</c> a plain dict). The architecture is read from the checkpoint
/// and converted to an <see cref="SslConfig"/> as Hugging Face's conversion scripts do; the state dict stays
/// unread (<see cref="TensorRef"/>s) until the loader asks for the tensors it needs.
/// </summary>
public sealed class OriginalCheckpoint
{
    public required string Path { get; init; }
    public required SslConfig Config { get; init; }
    /// <summary>"fairseq cfg (DictConfig)", "fairseq args (argparse.Namespace)", "unilm WavLM cfg (dict)", ...</summary>
    public required string ConfigSource { get; init; }
    /// <summary>The checkpoint's own state-dict keys and tensors, unread.</summary>
    public required IReadOnlyDictionary<string, TensorRef> StateDict { get; init; }
    /// <summary>Whether the model was trained on normalised waveforms (fairseq task.normalize, WavLM cfg normalize); false when not recorded.</summary>
    public required bool Normalize { get; init; }

    /// <summary>Reads the config and the state dict's index from an opened archive.</summary>
    public static OriginalCheckpoint From(TorchArchive archive)
    {
        string path = archive.Path;
        var root = PickleData.Dict(archive.Root)
            ?? throw new SslInputException($"{path}: not a fairseq or unilm checkpoint (the pickle is not a dict; a plain state dict needs a config.json next to it)");
        if (!root.TryGetValue("model", out var modelObj) || modelObj is not Dictionary<object, object?> model)
            throw new SslInputException($"{path}: no 'model' state dict in the checkpoint (keys: {string.Join(", ", root.Keys)})");
        var state = new Dictionary<string, TensorRef>(StringComparer.Ordinal);
        foreach (var (k, v) in model)
            if (k is string key && v is TensorRef t)
                state[key] = t;

        var (fields, configSource, task) = ReadFields(root, path);
        var family = Family(fields, state.Keys, path, configSource);
        var config = ToConfig(fields, family, path, configSource);
        bool normalize = Bool(task, "normalize", false, path, configSource);
        return new OriginalCheckpoint { Path = path, Config = config, ConfigSource = configSource, StateDict = state, Normalize = normalize };
    }

    static (Dictionary<string, object?> Fields, string Source, Dictionary<string, object?> Task) ReadFields(Dictionary<string, object?> root, string path)
    {
        root.TryGetValue("cfg", out var cfgRaw);
        root.TryGetValue("args", out var argsRaw);
        if (cfgRaw is not null)
        {
            string kind = cfgRaw is PyObject o ? $"{o.Type.Name}" : "dict";
            var cfg = PickleData.Dict(PickleData.Plain(cfgRaw))
                ?? throw new SslInputException($"{path}: 'cfg' is a {kind}, not a config");
            if (cfg.TryGetValue("model", out var m) && PickleData.Dict(m) is { } modelCfg)
            {
                if (modelCfg.Count == 0 && argsRaw is not null)
                    return FromArgs(argsRaw, path);
                var task = cfg.TryGetValue("task", out var t) && PickleData.Dict(t) is { } taskCfg ? taskCfg : [];
                return (modelCfg, $"fairseq cfg.model ({kind})", task);
            }
            // unilm WavLM: cfg is the model config itself
            return (cfg, $"cfg ({kind})", cfg);
        }
        if (argsRaw is not null)
            return FromArgs(argsRaw, path);
        throw new SslInputException($"{path}: the checkpoint has neither 'cfg' nor 'args', so its architecture is unknown");
    }

    static (Dictionary<string, object?>, string, Dictionary<string, object?>) FromArgs(object argsRaw, string path)
    {
        var args = PickleData.Dict(PickleData.Plain(argsRaw))
            ?? throw new SslInputException($"{path}: 'args' is not an argparse.Namespace");
        return (args, "fairseq args (argparse.Namespace)", args);
    }

    static SslFamily Family(Dictionary<string, object?> f, IEnumerable<string> keys, string path, string source)
    {
        string? name = (f.GetValueOrDefault("_name") ?? f.GetValueOrDefault("arch")) as string;
        bool wavlmKeys = keys.Any(k => k.Contains(".self_attn.grep_linear.", StringComparison.Ordinal) || k.EndsWith(".self_attn.relative_attention_bias.weight", StringComparison.Ordinal));
        if (name is null)
        {
            if (wavlmKeys || f.ContainsKey("relative_position_embedding"))
                return SslFamily.WavLM;
            throw new SslInputException($"{path}: {source} names no model (_name / arch) and is not a WavLM config");
        }
        return name.ToLowerInvariant() switch
        {
            "wav2vec2" or "wav2vec2_large" or "wav2vec2_base" => wavlmKeys ? SslFamily.WavLM : SslFamily.Wav2Vec2,
            "hubert" or "hubert_base" or "hubert_large" => SslFamily.Hubert,
            "wavlm" => SslFamily.WavLM,
            var n when n.EndsWith("_ctc", StringComparison.Ordinal) || n.EndsWith("_seq2seq", StringComparison.Ordinal) =>
                throw new SslInputException($"{path}: a fine-tuned checkpoint ({source} _name '{name}'); load the pre-trained model it was fine-tuned from"),
            _ => throw new SslInputException($"{path}: model '{name}' in {source} is not a wav2vec2, HuBERT or WavLM model"),
        };
    }

    static SslConfig ToConfig(Dictionary<string, object?> f, SslFamily family, string path, string source)
    {
        string mode = Str(f, "extractor_mode", "default", path, source);
        if (mode is not ("default" or "layer_norm"))
            throw new SslInputException($"{path}: {source} extractor_mode '{mode}' is not supported (default or layer_norm)");
        var conv = ConvLayersExpression.Parse(Str(f, "conv_feature_layers", "[(512, 10, 5)] + [(512, 3, 2)] * 4 + [(512,2,2)] * 2", path, source), $"{path}: {source}");
        if (Int(f, "pos_conv_depth", 1, path, source) != 1)
            throw new SslInputException($"{path}: {source} pos_conv_depth {f["pos_conv_depth"]} is not supported (one positional conv, as the paper's models)");
        string layerType = Str(f, "layer_type", "transformer", path, source);
        if (layerType != "transformer")
            throw new SslInputException($"{path}: {source} layer_type '{layerType}' is not supported (transformer)");
        if (family == SslFamily.WavLM && (!Bool(f, "relative_position_embedding", true, path, source) || !Bool(f, "gru_rel_pos", true, path, source)))
            throw new SslInputException($"{path}: {source}: WavLM without the gated relative position bias (relative_position_embedding / gru_rel_pos false) is not supported");
        var config = new SslConfig
        {
            ModelType = family,
            HiddenSize = Int(f, "encoder_embed_dim", 768, path, source),
            NumHiddenLayers = Int(f, "encoder_layers", 12, path, source),
            NumAttentionHeads = Int(f, "encoder_attention_heads", 12, path, source),
            IntermediateSize = Int(f, "encoder_ffn_embed_dim", 3072, path, source),
            HiddenAct = Str(f, "activation_fn", "gelu", path, source),
            FeatExtractNorm = mode == "layer_norm" ? "layer" : "group",
            FeatExtractActivation = "gelu", // fairseq's conv stack and positional conv always use GELU
            ConvDim = conv.Select(c => c.Dim).ToList(),
            ConvKernel = conv.Select(c => c.Kernel).ToList(),
            ConvStride = conv.Select(c => c.Stride).ToList(),
            ConvBias = Bool(f, "conv_bias", false, path, source),
            NumConvPosEmbeddings = Int(f, "conv_pos", 128, path, source),
            NumConvPosEmbeddingGroups = Int(f, "conv_pos_groups", 16, path, source),
            DoStableLayerNorm = Bool(f, "layer_norm_first", false, path, source),
            FeatProjLayerNorm = true, // fairseq applies the top-level layer_norm to the conv features in all three families
            NumBuckets = Int(f, "num_buckets", 320, path, source),
            MaxBucketDistance = Int(f, "max_distance", 800, path, source),
        };
        config.Validate($"{path}: {source}");
        return config;
    }

    static SslInputException Bad(string path, string source, string name, object? v, string expected) =>
        new($"{path}: {source} field '{name}' is {PickleData.Text(v)}, expected {expected}");

    static int Int(Dictionary<string, object?> f, string name, int fallback, string path, string source) =>
        !f.TryGetValue(name, out var v) || v is null ? fallback
        : v is long l && l is >= int.MinValue and <= int.MaxValue ? (int)l
        : v is string s && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int i) ? i
        : throw Bad(path, source, name, v, "an integer");

    static bool Bool(Dictionary<string, object?> f, string name, bool fallback, string path, string source) =>
        !f.TryGetValue(name, out var v) || v is null ? fallback
        : v is bool b ? b
        : v is long l && l is 0 or 1 ? l == 1
        : throw Bad(path, source, name, v, "True or False");

    static string Str(Dictionary<string, object?> f, string name, string fallback, string path, string source) =>
        !f.TryGetValue(name, out var v) || v is null ? fallback
        : v is string s ? s
        : throw Bad(path, source, name, v, "a string");
}
