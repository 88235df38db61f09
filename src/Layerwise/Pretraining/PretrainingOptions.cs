namespace Layerwise.Pretraining;

/// <summary>
/// Settings of one pretraining run (the defaults made the embedded model <c>pretrained-demo</c>). The run is bounded
/// by <see cref="Steps"/>, so it is deterministic; <see cref="MaxMinutes"/> is an extra wall-clock cap whose result
/// depends on the machine's speed (never used for the embedded model).
/// </summary>
public sealed record PretrainingOptions
{
    public int Seed { get; init; } = 1;
    public int Steps { get; init; } = 1200;
    public int BatchSize { get; init; } = 8;
    /// <summary>Random crops of this many seconds (starting on a frame boundary) make the batch.</summary>
    public double CropSeconds { get; init; } = 2.0;
    public int Clusters { get; init; } = 50;
    /// <summary>MFCC frames the k-means sees (a seeded sample of all frames).</summary>
    public int KMeansFrames { get; init; } = 30000;
    public int KMeansIterations { get; init; } = 100;
    public double LearningRate { get; init; } = 2e-3;
    /// <summary>Linear warm-up over this fraction of the steps, then linear decay to 0.</summary>
    public double WarmupFraction { get; init; } = 0.08;
    public double ClipNorm { get; init; } = 10.0;
    public int ProjectionDim { get; init; } = 32;
    public SpanMask Mask { get; init; } = new();
    public double? MaxMinutes { get; init; }
    /// <summary>Torch intra-op threads. One by default: the tiny model gains little from more, a shared machine loses
    /// much (2 threads on 2 busy cores ran 10x slower here), and the bytes then do not depend on the core count.</summary>
    public int Threads { get; init; } = 1;
    /// <summary>The command line that made the run, kept in pretraining.json.</summary>
    public string Command { get; init; } = "";

    public void Validate()
    {
        void Check(bool ok, string what)
        {
            if (!ok) throw new PretrainingInputException($"pretraining options: {what}");
        }
        Check(Steps >= 1, "--steps must be >= 1");
        Check(BatchSize >= 1, "batch size must be >= 1");
        Check(CropSeconds >= 0.5, "crop must be at least 0.5 s");
        Check(Clusters >= 2, "at least 2 clusters");
        Check(KMeansFrames >= Clusters, "k-means needs at least as many frames as clusters");
        Check(LearningRate > 0, "learning rate must be positive");
        Check(MaxMinutes is null or > 0, "--minutes must be positive");
        Check(Threads >= 1, "threads must be >= 1");
    }
}
