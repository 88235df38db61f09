using Layerwise.Features;
using Layerwise.Models.Backends;
using Layerwise.Models.Ssl;
using TorchSharp;

namespace Layerwise.Training;

/// <summary>The verdict on one waveform.</summary>
/// <param name="Score">Bona fide logit.</param>
/// <param name="Bonafide">Score above the run's dev-set EER threshold (the official EER's convention: a bona
/// fide trial at or below the threshold counts as rejected).</param>
public sealed record FileScore(double Score, bool Bonafide, int Samples, int Frames)
{
    public string Decision => Bonafide ? "bonafide" : "spoof";
}

/// <summary>
/// Single-file inference with a trained run: SSL (first n_layers blocks) → fp16 rounding, as the cache stores
/// features → the best checkpoint. Works on waveforms of any length (T varies; both back-ends pool over time);
/// the caller applies the run's input policy first if it wants the training-time crop.
/// </summary>
public sealed class RunScorer : IDisposable
{
    readonly ISslFrontEnd ssl;
    readonly LayerwiseBackend backend;

    RunScorer(ISslFrontEnd ssl, LayerwiseBackend backend, RunConfig config, RunMetrics metrics)
    {
        this.ssl = ssl;
        this.backend = backend;
        Config = config;
        Metrics = metrics;
    }

    public RunConfig Config { get; }
    public RunMetrics Metrics { get; }
    public int NumLayers => Config.Spec.NumLayers;
    public double Threshold => Metrics.DecisionThreshold;
    public IReadOnlyList<double> SoftmaxLayerWeights => Metrics.SoftmaxLayerWeights;

    /// <summary>Opens a finished run directory. <paramref name="ssl"/> must be the model the run's features came from
    /// (config.json's ssl_model / feature_cache_key), with at least n_layers blocks.</summary>
    public static RunScorer Open(string runDirectory, ISslFrontEnd ssl, BackendFactory factory)
    {
        var run = new RunDirectory(runDirectory);
        if (!File.Exists(run.ConfigPath) || !File.Exists(run.MetricsPath) || !File.Exists(run.BestModelPath))
            throw new LayerwiseInputException($"{runDirectory}: not a finished run (config.json, metrics.json and best.pt are needed)");
        var config = RunDirectory.ReadJson<RunConfig>(run.ConfigPath);
        var metrics = RunDirectory.ReadJson<RunMetrics>(run.MetricsPath);
        if (ssl.NumLayers < config.Spec.NumLayers)
            throw new LayerwiseInputException($"{run.ConfigPath}: the run uses {config.Spec.NumLayers} layers, the SSL model has {ssl.NumLayers}");
        if (ssl.HiddenSize != config.HiddenSize)
            throw new LayerwiseInputException($"{run.ConfigPath}: the run expects hidden size {config.HiddenSize}, the SSL model has {ssl.HiddenSize}");
        var backend = factory(config.Spec.Backend, config.HiddenSize, config.Spec.NumLayers);
        backend.load(run.BestModelPath);
        backend.to(ssl.Device);
        backend.eval();
        return new RunScorer(CountingSslFrontEnd.Wrap(ssl), backend, config, metrics);
    }

    public FileScore Score(float[] waveform)
    {
        if (waveform.Length == 0)
            throw new LayerwiseInputException("empty waveform");
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        using var output = ssl.Forward(torch.tensor(waveform, [1, waveform.Length]).to(ssl.Device));
        if (output.Hidden.Count <= NumLayers)
            throw new InvalidOperationException($"the SSL returned {output.Hidden.Count - 1} layers, {NumLayers} needed");
        var x = torch.stack(output.Hidden.Skip(1).Take(NumLayers), dim: 1).to(torch.float16).to(torch.float32);
        double score = backend.forward(x)[0, 1].item<float>();
        return new FileScore(score, score > Threshold, waveform.Length, (int)x.shape[2]);
    }

    public void Dispose() => backend.Dispose();
}
