using Layerwise.Audio;
using Layerwise.Data;
using Layerwise.Data.Demo;
using Layerwise.Models.Backends;
using Layerwise.Models.Ssl;
using Layerwise.Runtime;
using Layerwise.Training;

namespace Layerwise.Cli.Commands;

/// <summary>
/// Where the engine commands meet the other modules: which SSL to build, which back-ends, how audio is read
/// and cropped, the demo corpus. The engine itself (Layerwise.Features/Training) only sees the contract types.
/// </summary>
internal static class EngineWiring
{
    /// <summary>"tiny-random" (alias "tiny", or null): a random-weight tiny model. Otherwise a model folder (config.json +
    /// weights), "pretrained-demo" (the embedded model), a Hugging Face repo id (through the hub cache) or, with
    /// <paramref name="random"/>, a preset name built with random weights.
    /// <paramref name="numLayers"/> truncates the model (blocks above it are never built).</summary>
    public static (ISslFrontEnd Ssl, SslModelInfo Info) OpenSsl(string? model, int? numLayers, int randomSeed, string device, bool random = false)
    {
        var dev = Devices.Resolve(device);
        string name = model ?? EmbeddedModels.TinyRandom;
        if (random || EmbeddedModels.IsTinyRandom(name))
        {
            var config = SslConfig.Preset(name) ?? throw new LayerwiseInputException(
                $"--model '{name}': random weights need a preset name ({string.Join(", ", SslConfig.PresetNames)})");
            var ssl = SslModels.CreateRandom(config, numLayers, randomSeed, dev);
            return (ssl, new SslModelInfo(name, $"random:seed={randomSeed}", true, Family(config.ModelType),
                EmbeddedModels.IsTinyRandom(name) ? "tiny" : Size(config), config.NumHiddenLayers, config.HiddenSize));
        }
        bool local = Directory.Exists(name) || File.Exists(name); // a model folder or a fairseq/unilm .pt
        string folder = local ? name : Hub.ModelHub.GetModelFolder(name);
        var loaded = SslModels.Load(folder, numLayers, dev);
        bool shipped = EmbeddedModels.IsEmbedded(name);
        string id = local ? Path.GetFullPath(name) : shipped ? EmbeddedModels.PretrainedDemo : name;
        return (loaded, new SslModelInfo(id, WeightsRevision(folder), false,
            Family(loaded.ModelType), shipped ? "tiny" : Size(loaded.Config), loaded.Config.NumHiddenLayers, loaded.HiddenSize));
    }

    static string Family(SslFamily f) => f switch
    {
        SslFamily.Wav2Vec2 => "wav2vec2",
        SslFamily.Hubert => "hubert",
        SslFamily.WavLM => "wavlm",
        _ => f.ToString().ToLowerInvariant(),
    };

    static string Size(SslConfig c) => c.NumHiddenLayers >= 24 ? "large" : "small";

    /// <summary>A revision for the cache key: SHA-256 over config.json and the weight files' names, sizes and first MiB.</summary>
    static string WeightsRevision(string folder)
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

    public static LayerwiseBackend CreateBackend(BackendKind kind, int hiddenSize, int numLayers) => Backends.Create(kind, hiddenSize, numLayers);

    public static BackendKind ParseBackend(string text) => text.Trim().ToLowerInvariant() switch
    {
        "ffn" => BackendKind.Ffn,
        "aasist" => BackendKind.Aasist,
        _ => throw new LayerwiseInputException($"unknown back-end '{text}' (expected ffn or aasist)"),
    };

    /// <summary>Mono 16 kHz waveform after the scenario's input policy (head crop / tile to the fixed length, or the full clip).</summary>
    public static float[] LoadWave(Utterance utterance, Scenario scenario)
    {
        var x = AudioFile.ReadMono(utterance.AudioPath);
        return scenario.FixedLength is int n ? ApplyFixedLength(x, n, utterance.AudioPath) : x;
    }

    /// <summary>The paper's fixed-length policy (Layerwise.Audio.InputPolicy): head crop, or tile a short clip.</summary>
    public static float[] ApplyFixedLength(float[] x, int length, string path) =>
        x.Length == 0 ? throw new LayerwiseInputException($"{path}: empty audio") : InputPolicy.FixedLength(x, length);

    /// <summary>Creates (or reuses) the synthetic demo corpus at <paramref name="root"/>; returns a one-line description.</summary>
    public static string EnsureDemoCorpus(string root, bool quick)
    {
        // One corpus for both modes (--quick trims the grid and epochs, not the data), so they share a cache.
        _ = quick;
        var info = DemoCorpus.EnsureCreated(root, new DemoCorpusOptions());
        return $"{info.Root} ({(info.Reused ? "reused" : "created")}; " +
               string.Join(", ", info.Splits.Select(s => $"{s.Split} {s.Utterances} ({s.Bonafide} bona fide, attacks {string.Join("/", s.Attacks.Keys)})")) + ")";
    }
}
