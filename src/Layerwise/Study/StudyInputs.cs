using Layerwise.Features;
using Layerwise.Models.Ssl;
using Layerwise.Training;

namespace Layerwise.Study;

/// <summary>What a <see cref="StudySession"/> is assembled from.</summary>
/// <param name="Model">The SSL model's identity (<see cref="SslCheckpoint"/>): its id and revision make the cache key.</param>
/// <param name="Scenario">Class weights and input policy, as the study applies them.</param>
/// <param name="CacheDir">Root of the feature caches (one folder per cache key).</param>
/// <param name="RunsDir">Root of the studies' runs and tables (one folder per study).</param>
/// <param name="CacheDataset">Dataset name of the cache entries unless a set names another.</param>
/// <param name="DemoData">The data is the synthetic demo corpus (it has the demo's training budget).</param>
/// <param name="Quick">Smaller grids and epoch budgets.</param>
/// <param name="Device">"auto", "cpu" or "cuda".</param>
/// <param name="LoadModel">Builds the SSL front-end; called on the first extraction only.</param>
public sealed record StudyInputs(
    SslModelInfo Model,
    Scenario Scenario,
    string CacheDir,
    string RunsDir,
    string CacheDataset,
    bool DemoData,
    bool Quick,
    string Device,
    Func<ISslFrontEnd> LoadModel)
{
    /// <summary>Builds the sweeps' back-ends (default the real FFN and AASIST; tests plug in small ones).</summary>
    public BackendFactory Backends { get; init; } = StudyWiring.CreateBackend;

    /// <summary>Reads a waveform as the scenario feeds it; null = <see cref="StudyWiring.LoadWave"/>.</summary>
    public WaveformLoader? LoadWave { get; init; }

    /// <summary>What every run starts from (EER definition, epoch progress, cancellation); the session adds its model and cache key.</summary>
    public RunContext Context { get; init; } = RunContext.Default;

    /// <summary>Whether the session disposes the model <see cref="LoadModel"/> returned (false when the caller lends its own).</summary>
    public bool OwnsModel { get; init; } = true;
}
