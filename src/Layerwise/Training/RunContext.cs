using Layerwise.Features;
using Layerwise.Metrics;

namespace Layerwise.Training;

/// <summary>Everything a run needs besides its spec and data: the EER (official by default), provenance for
/// config.json, progress, cancellation, and whether a completed run directory is reused.</summary>
public sealed record RunContext
{
    public EerFunction Eer { get; init; } = (b, s) => Layerwise.Metrics.Eer.Compute(b, s);
    public SslModelInfo? SslModel { get; init; }
    public FeatureCacheKey? CacheKey { get; init; }
    public IProgress<EpochRecord>? Progress { get; init; }
    public CancellationToken CancellationToken { get; init; }

    /// <summary>Return a finished run (metrics.json present) without retraining.</summary>
    public bool ReuseCompleted { get; init; } = true;

    public static RunContext Default { get; } = new();
}
