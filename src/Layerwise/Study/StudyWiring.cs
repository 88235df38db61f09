using Layerwise.Audio;
using Layerwise.Data;
using Layerwise.Data.Demo;
using Layerwise.Models.Backends;
using Layerwise.Models.Ssl;
using Layerwise.Study;
using Layerwise.Training;

namespace Layerwise.Study;

/// <summary>
/// Where a study meets the other modules: which SSL to build, which back-ends, how audio is read and cropped, the
/// demo corpus. The engine itself (Layerwise.Features/Training) only sees the contract types; the CLI commands, the
/// notebooks' <see cref="StudySession"/> and the demo job get the real modules from here.
/// </summary>
public static class StudyWiring
{
    /// <summary>"tiny-random" (alias "tiny", or null): a random-weight tiny model. Otherwise a model folder (config.json +
    /// weights), "pretrained-demo" (the embedded model), a Hugging Face repo id (through the hub cache) or, with
    /// <paramref name="random"/>, a preset name built with random weights.
    /// <paramref name="numLayers"/> truncates the model (blocks above it are never built).</summary>
    public static (ISslFrontEnd Ssl, SslModelInfo Info) OpenSsl(string? model, int? numLayers, int randomSeed, string device, bool random = false,
        TorchSharp.torch.ScalarType dtype = TorchSharp.torch.ScalarType.Float32) =>
        SslCheckpoint.Open(model, numLayers, randomSeed, device, random, dtype);

    public static LayerwiseBackend CreateBackend(BackendKind kind, int hiddenSize, int numLayers) => BackendCatalog.Create(kind, hiddenSize, numLayers);

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
