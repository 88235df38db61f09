using Layerwise.Models.Ssl;
using Layerwise.Runtime;
using Layerwise.Training;

namespace Layerwise.Study;

/// <summary>
/// Opens an SSL front-end from a model folder, a Hugging Face repo id (through the hub cache) or, with random
/// weights, a preset name; and says what it is (family and size from the checkpoint's config, a revision hash for
/// the cache key). The CLI's engine commands and the replication runner share this one implementation.
/// </summary>
public static class SslCheckpoint
{
    /// <summary>"tiny-random" (alias "tiny", or null): a random-weight tiny model. Otherwise a model folder, a
    /// fairseq/unilm .pt file, "pretrained-demo" (the embedded model), a hub repo id or, with <paramref name="random"/>,
    /// a preset built with random weights. <paramref name="numLayers"/> truncates the model; <paramref name="dtype"/> is
    /// its compute dtype (outputs are float32 whatever it is).</summary>
    public static (ISslFrontEnd Ssl, SslModelInfo Info) Open(string? model, int? numLayers, int randomSeed, string device, bool random = false,
        TorchSharp.torch.ScalarType dtype = TorchSharp.torch.ScalarType.Float32)
    {
        var dev = Devices.Resolve(device);
        string name = model ?? EmbeddedModels.TinyRandom;
        if (random || EmbeddedModels.IsTinyRandom(name))
        {
            var config = RandomConfig(name);
            var ssl = SslModels.CreateRandom(config, numLayers, randomSeed, dev, dtype: dtype);
            return (ssl, DescribeRandom(name, randomSeed, config));
        }
        string folder = Folder(name);
        var loaded = SslModels.Load(folder, numLayers, dev, dtype: dtype);
        return (loaded, Describe(name, folder, loaded.Config));
    }

    /// <summary>The identity of a checkpoint (<paramref name="model"/> as named, its <paramref name="folder"/> and
    /// full config), the one definition the CLI, the notebooks and the runner put in cache keys and results: the id or
    /// full path, a hash of the weight files, family and size from the config ("tiny" for the embedded model).</summary>
    public static SslModelInfo Describe(string model, string folder, SslConfig config) =>
        new(Identity(model), WeightsRevision(folder), false, Family(config.ModelType),
            EmbeddedModels.IsEmbedded(model) ? "tiny" : Size(config), config.NumHiddenLayers, config.HiddenSize);

    /// <summary>The identity of a random-weight model built from a preset: its name and seed.</summary>
    public static SslModelInfo DescribeRandom(string name, int seed, SslConfig config) =>
        new(name, $"random:seed={seed}", true, Family(config.ModelType),
            EmbeddedModels.IsTinyRandom(name) ? "tiny" : Size(config), config.NumHiddenLayers, config.HiddenSize);

    /// <summary>The model's name in cache keys and results: the full path of a local folder or file, else the id.</summary>
    public static string Identity(string model) =>
        IsLocal(model) ? Path.GetFullPath(model) : EmbeddedModels.IsEmbedded(model) ? EmbeddedModels.PretrainedDemo : model;

    static bool IsLocal(string model) => Directory.Exists(model) || File.Exists(model); // a model folder or a .pt

    /// <summary>The checkpoint's config without building the model: a folder's config.json; for a hub id the
    /// built-in preset of that checkpoint when there is one (so listing a matrix never downloads), else the hub cache's.</summary>
    public static SslConfig ReadConfig(string model, bool random = false)
    {
        if (random || EmbeddedModels.IsTinyRandom(model))
            return RandomConfig(model);
        if (!IsLocal(model) && SslConfig.Preset(model) is { } preset)
            return preset;
        return SslModels.ReadConfig(Folder(model));
    }

    /// <summary>The local folder or .pt file of a path, or the snapshot folder of a hub repo id or embedded model.</summary>
    public static string Folder(string model) => IsLocal(model) ? Path.GetFullPath(model) : Hub.ModelHub.GetModelFolder(model);

    static SslConfig RandomConfig(string name) => SslConfig.Preset(EmbeddedModels.IsTinyRandom(name) ? "tiny" : name) ?? throw new LayerwiseInputException(
        $"model '{name}': random weights need a preset name ({string.Join(", ", SslConfig.PresetNames)})");

    /// <summary>The results tables' family label: wav2vec2, hubert, wavlm.</summary>
    public static string Family(SslFamily f) => f switch
    {
        SslFamily.Wav2Vec2 => "wav2vec2",
        SslFamily.Hubert => "hubert",
        SslFamily.WavLM => "wavlm",
        _ => f.ToString().ToLowerInvariant(),
    };

    /// <summary>The paper's size from the checkpoint's architecture, never from a truncated depth: its Large models
    /// (XLS-R, HuBERT-Large, WavLM-Large) are pre-LN ("stable layer norm") with 24 blocks, its Small ones post-LN.</summary>
    public static string Size(SslConfig c) => c.DoStableLayerNorm ? "large" : SizeOfDepth(c.NumHiddenLayers);

    /// <summary>The paper's size label from a depth alone (its large models have 24 blocks, its small ones 12).</summary>
    public static string SizeOfDepth(int layers) => layers >= 24 ? "large" : "small";

    /// <summary>A revision for the cache key: SHA-256 over config.json and the weight files' names, sizes and first MiB.</summary>
    public static string WeightsRevision(string folder)
    {
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var f in (File.Exists(folder) ? [folder] : Directory.GetFiles(folder)).Order(StringComparer.Ordinal))
        {
            var fileName = Path.GetFileName(f);
            if (!(fileName == "config.json" || fileName.EndsWith(".safetensors", StringComparison.Ordinal) || fileName.EndsWith(".bin", StringComparison.Ordinal) || fileName.EndsWith(".pt", StringComparison.Ordinal)))
                continue;
            var info = new FileInfo(f);
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes($"{fileName}:{info.Length}\n"));
            using var s = File.OpenRead(f);
            var head = new byte[Math.Min(1 << 20, info.Length)];
            s.ReadExactly(head);
            sha.AppendData(head);
        }
        return "sha256:" + Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
    }
}
