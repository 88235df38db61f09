using Layerwise.Audio;
using Layerwise.Data;
using Layerwise.Models.Backends;
using Layerwise.Models.Ssl;
using Layerwise.Training;

namespace Layerwise.Cli.Commands;

/// <summary>
/// Where the engine commands meet the other modules: which SSL to build, which back-ends, how audio is read
/// and cropped, the demo corpus. The engine itself (Layerwise.Features/Training) only sees the contract types.
/// </summary>
internal static class EngineWiring
{
    /// <summary>"tiny" (or null): a random-weight tiny model. Otherwise a model folder (config.json + weights) or,
    /// with <paramref name="random"/>, a preset name built with random weights.</summary>
    public static (ISslFrontEnd Ssl, SslModelInfo Info) OpenSsl(string? model, int? numLayers, int randomSeed, string device, bool random = false)
    {
        throw new NotImplementedException("the SSL module (SslModels) is not merged yet");
    }

    public static LayerwiseBackend CreateBackend(BackendKind kind, int hiddenSize, int numLayers) =>
        throw new NotImplementedException("the back-end module (Backends.Create) is not merged yet");

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

    public static float[] ApplyFixedLength(float[] x, int length, string path)
    {
        if (x.Length == 0)
            throw new LayerwiseInputException($"{path}: empty audio");
        var y = new float[length];
        for (int i = 0; i < length; i++)
            y[i] = x[i % x.Length];
        return y;
    }

    /// <summary>Creates (or reuses) the synthetic demo corpus at <paramref name="root"/>; returns a one-line description.</summary>
    public static string EnsureDemoCorpus(string root, bool quick) =>
        throw new NotImplementedException("the demo corpus module (DemoCorpus) is not merged yet");
}
