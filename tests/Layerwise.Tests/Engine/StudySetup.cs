using Layerwise.Features;
using Layerwise.Training;

namespace Layerwise.Tests.Engine;

/// <summary>Extracts small train/dev/eval sets with the fake SSL into a cache under a temp folder.</summary>
internal sealed class StudySetup : IDisposable
{
    public static readonly FeatureCacheKey Key = new("test/fake-ssl", "seed7", "mono;16k;raw", "fixed:6400", 4);

    public TempDir Dir { get; } = new();
    public FeatureCache Cache { get; }
    public FeatureSet Train { get; }
    public FeatureSet Dev { get; }
    public FeatureSet Eval { get; }
    public FakeSsl Ssl { get; } = new(layers: 4);

    public static RunContext Context => new() { CacheKey = Key }; // EER: Layerwise.Metrics.Eer.Compute (official)

    public static TrainingOptions Quick => new() { BatchSize = 8, MaxEpochs = 4, Patience = 10, KeepEpochCheckpoints = false };

    public StudySetup()
    {
        Cache = FeatureCache.OpenOrCreate(Dir.Sub("cache"), Key, Ssl.HiddenSize);
        var train = SyntheticData.Make("T", 12, 12, ["A01", "A02"]);
        var dev = SyntheticData.Make("D", 6, 6, ["A01", "A02"]);
        var eval = SyntheticData.Make("E", 6, 9, ["A01", "A07", "A08"]);
        foreach (var list in new[] { train, dev, eval })
            HiddenStateExtractor.Extract(Ssl, Cache, "demo", list, SyntheticData.Load, new ExtractionOptions(BatchSize: 8));
        Train = new FeatureSet("train", train, new CachedFeatureSource(Cache, "demo"));
        Dev = new FeatureSet("dev", dev, new CachedFeatureSource(Cache, "demo"));
        Eval = new FeatureSet("eval", eval, new CachedFeatureSource(Cache, "demo", keepInMemory: true));
    }

    public void Dispose()
    {
        Ssl.Dispose();
        Dir.Dispose();
    }
}
