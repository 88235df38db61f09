using Layerwise.Data;
using Layerwise.Features;
using Layerwise.Models.Ssl;
using Layerwise.Tests.Ssl;
using static TorchSharp.torch;

namespace Layerwise.Tests.Engine;

/// <summary>Extraction batched by length: variable-length utterances padded together only where that is exact.</summary>
[Collection("Engine")]
public class ByLengthExtractionTests
{
    static readonly FeatureCacheKey Key = new("test/tiny", "fixture", "mono;16k;raw", "full", 4);
    static readonly List<Utterance> Utts = SyntheticData.Make("V", 6, 6, ["A01"]);

    /// <summary>0.5–1.1 s, different for every utterance, deterministic per id.</summary>
    static float[] Load(Utterance u)
    {
        int seed = u.Id.Aggregate(17, (h, c) => h * 31 + c) & 0x7fffffff;
        var rng = new Random(seed);
        var w = new float[8000 + rng.Next(9600)];
        for (int i = 0; i < w.Length; i++)
            w[i] = (float)(rng.NextDouble() - 0.5) * 0.2f;
        return w;
    }

    [Fact]
    public void LayerNormModelsPadSimilarLengthsAndStoreWhatEachGivesAlone()
    {
        using var dir = new TempDir();
        using var ssl = SslModels.Load(SslFixtures.Folder("wav2vec2-large-tiny"));
        Assert.True(ssl.PaddingIsExact);
        var counting = new CountingSslFrontEnd(ssl);
        var alone = FeatureCache.OpenOrCreate(dir.Sub("alone"), Key, ssl.HiddenSize);
        var single = HiddenStateExtractor.Extract(counting, alone, "ds", Utts, Load, new ExtractionOptions(BatchSize: 1));
        Assert.Equal(Utts.Count, single.SslForwardPasses);

        var batched = FeatureCache.OpenOrCreate(dir.Sub("batched"), Key, ssl.HiddenSize);
        var report = HiddenStateExtractor.Extract(counting, batched, "ds", Utts, Load, new ExtractionOptions(BatchSize: 4, ByLength: true));
        Assert.Equal(Utts.Count, report.Computed);
        // Lengths differ, so equal-length batching would run once per utterance; by length it packs them.
        Assert.True(report.SslForwardPasses < Utts.Count, $"{report.SslForwardPasses} forwards for {Utts.Count} utterances");
        Assert.True(batched.Verify().Ok);
        foreach (var u in Utts)
        {
            using var a = alone.Read("ds", u.Id, 4);
            using var b = batched.Read("ds", u.Id, 4);
            Assert.Equal(HiddenStateExtractor.Wav2Vec2Frames(Load(u).Length), (int)b.shape[1]); // valid frames only, no padding stored
            Assert.Equal(a.shape, b.shape);
            // fp16 entries: padded and alone runs differ by float noise, which may cross one fp16 rounding step.
            double scale = a.abs().max().item<float>();
            Assert.True(SslFixtures.MaxAbsDiff(a, b) <= scale / 1024 + 1e-4, $"{u.Id}: {SslFixtures.MaxAbsDiff(a, b)}");
        }
    }

    [Fact]
    public void GroupNormModelsStillBatchEqualLengthsOnly()
    {
        using var dir = new TempDir();
        using var ssl = SslModels.Load(SslFixtures.Folder("wav2vec2-base-tiny"));
        Assert.False(ssl.PaddingIsExact); // its conv stack normalises each channel over time, padding included
        var counting = new CountingSslFrontEnd(ssl);
        var cache = FeatureCache.OpenOrCreate(dir.Path, Key, ssl.HiddenSize);
        // Two utterances share a length: sorting the window brings them into one batch, the rest run alone.
        var twin = Utts[0];
        WaveformLoader load = u => u.Id == Utts[^1].Id ? Load(twin) : Load(u);
        var report = HiddenStateExtractor.Extract(counting, cache, "ds", Utts, load, new ExtractionOptions(BatchSize: 4, ByLength: true));
        Assert.Equal(Utts.Count, report.Computed);
        Assert.Equal(Utts.Select(u => load(u).Length).Distinct().Count(), report.SslForwardPasses);
    }

    [Fact]
    public void BatchesHoldSimilarLengthsUpToTheBatchSize()
    {
        var items = new[] { 100, 110, 120, 124, 126, 200, 240, 251 }
            .Select((n, i) => (U: new Utterance($"u{i}", "x", Label.Bonafide, "-", "spk", "x"), W: new float[n])).ToList();
        var padded = HiddenStateExtractor.ByLength(items, 3, pad: true).Select(b => b.Select(p => p.W.Length).ToArray()).ToList();
        Assert.Equal([[100, 110, 120], [124, 126], [200, 240], [251]], padded);
        var equal = HiddenStateExtractor.ByLength(items, 3, pad: false).Count();
        Assert.Equal(items.Count, equal);
    }
}
