using Layerwise.Data;
using Layerwise.Features;

namespace Layerwise.Tests.Engine;

[Collection("Engine")]
public class ExtractionTests
{
    static readonly FeatureCacheKey Key = new("test/fake-ssl", "seed7", "mono;16k;raw", "fixed:6400", 3);
    static readonly List<Utterance> Utts = SyntheticData.Make("T", 7, 7, ["A01", "A02"]);

    [Fact]
    public void InterruptedExtractionResumesComputingOnlyMissingEntriesAndMatchesAnUninterruptedOne()
    {
        using var dir = new TempDir();
        using var ssl = new FakeSsl(layers: 4);
        var counting = new CountingSslFrontEnd(ssl);

        // Reference: one uninterrupted extraction into its own root.
        var whole = FeatureCache.OpenOrCreate(dir.Sub("whole"), Key, ssl.HiddenSize);
        var full = HiddenStateExtractor.Extract(ssl, whole, "ds", Utts, SyntheticData.Load);
        Assert.Equal(Utts.Count, full.Computed);

        // Interrupted: cancel once 5 entries are written (the token fires inside the loop, mid-list).
        var cache = FeatureCache.OpenOrCreate(dir.Sub("resumed"), Key, ssl.HiddenSize);
        using var cts = new CancellationTokenSource();
        var progress = new SyncProgress<ExtractionProgress>(p => { if (p.Computed == 5) cts.Cancel(); });
        Assert.Throws<OperationCanceledException>(() =>
            HiddenStateExtractor.Extract(counting, cache, "ds", Utts, SyntheticData.Load, null, progress, cts.Token));
        Assert.Equal(5, cache.Count("ds"));
        Assert.Equal(5, counting.Calls);

        // A failure (e.g. an unreadable file) after 3 more entries: nothing written so far is lost.
        int loads = 0;
        WaveformLoader failing = u => ++loads > 3 ? throw new IOException("disk gone") : SyntheticData.Load(u);
        Assert.Throws<IOException>(() => HiddenStateExtractor.Extract(counting, cache, "ds", Utts, failing));
        Assert.Equal(8, cache.Count("ds"));

        long before = counting.Calls;
        var rerun = HiddenStateExtractor.Extract(counting, cache, "ds", Utts, SyntheticData.Load);
        Assert.Equal(Utts.Count - 8, rerun.Computed);
        Assert.Equal(8, rerun.Skipped);
        Assert.Equal(Utts.Count - 8, counting.Calls - before);
        Assert.Equal(Utts.Count - 8, rerun.SslForwardPasses);

        // A third run has nothing to do.
        var again = HiddenStateExtractor.Extract(counting, cache, "ds", Utts, SyntheticData.Load);
        Assert.Equal(0, again.Computed);
        Assert.True(cache.Verify().Ok);
        foreach (var u in Utts)
            Assert.Equal(File.ReadAllBytes(whole.EntryPath("ds", u.Id)), File.ReadAllBytes(cache.EntryPath("ds", u.Id)));
    }

    [Fact]
    public void StoredLayersEqualTheSslHiddenStatesRoundedToFp16()
    {
        using var dir = new TempDir();
        using var ssl = new FakeSsl(layers: 4);
        var cache = FeatureCache.OpenOrCreate(dir.Path, Key, ssl.HiddenSize);
        HiddenStateExtractor.Extract(ssl, cache, "ds", Utts.Take(2).ToList(), SyntheticData.Load, new ExtractionOptions(BatchSize: 2));
        var w = SyntheticData.Load(Utts[1]);
        using var output = ssl.Forward(TorchSharp.torch.tensor(w, [1, w.Length]));
        using var cached = cache.Read("ds", Utts[1].Id, 3);
        for (int k = 1; k <= 3; k++)
        {
            // The cache ran a batch of two, this forward a batch of one: float results may differ in the last bits
            // (BLAS blocking), which can move a value across an fp16 rounding boundary. So each stored value must be
            // an fp16 value within half an fp16 step (plus float noise) of the hidden state, not bit-equal to it.
            float[] hidden = output.Hidden[k][0].data<float>().ToArray();
            float[] stored = cached[k - 1].data<float>().ToArray();
            Assert.Equal(hidden.Length, stored.Length);
            double noise = 1e-6 * Math.Max(1, hidden.Max(Math.Abs)); // float noise is relative to the layer's scale
            for (int i = 0; i < hidden.Length; i++)
            {
                Assert.Equal(stored[i], (float)(Half)stored[i]);
                double halfStep = Fp16Step(hidden[i]) / 2;
                Assert.InRange(Math.Abs(stored[i] - hidden[i]), 0, halfStep * (1 + 1e-3) + noise);
            }
        }
    }

    [Fact]
    public void ShardsPartitionTheListAndMergeIntoOneCache()
    {
        using var dir = new TempDir();
        using var ssl = new FakeSsl(layers: 4);
        var shards = Enumerable.Range(1, 3).Select(k =>
        {
            var c = FeatureCache.OpenOrCreate(dir.Sub($"node{k}"), Key, ssl.HiddenSize);
            var r = HiddenStateExtractor.Extract(ssl, c, "ds", Utts, SyntheticData.Load, new ExtractionOptions(Shard: new ShardSpec(k, 3)));
            Assert.Equal(r.InShard, r.Computed);
            return c;
        }).ToList();
        Assert.Equal(Utts.Count, shards.Sum(c => c.Count("ds")));
        Assert.All(shards, c => Assert.InRange(c.Count("ds"), Utts.Count / 3, Utts.Count / 3 + 1));

        var merged = FeatureCache.OpenOrCreate(dir.Sub("merged"), Key, ssl.HiddenSize);
        foreach (var s in shards)
            Assert.Empty(merged.MergeFrom(s).Bad);
        Assert.Equal(Utts.Count, merged.Count("ds"));
        Assert.Equal(0, HiddenStateExtractor.Extract(ssl, merged, "ds", Utts, SyntheticData.Load).Computed);

        var other = FeatureCache.OpenOrCreate(dir.Sub("other"), Key with { Revision = "x" }, ssl.HiddenSize);
        Assert.Throws<FeatureCacheException>(() => merged.MergeFrom(other));
    }

    [Fact]
    public void SizeEstimateMatchesTheBytesWritten()
    {
        using var dir = new TempDir();
        using var ssl = new FakeSsl(layers: 4, hidden: 8);
        var cache = FeatureCache.OpenOrCreate(dir.Path, Key, ssl.HiddenSize);
        int frames = HiddenStateExtractor.Wav2Vec2Frames(SyntheticData.Samples); // the fake SSL frames like wav2vec2 for this length
        var estimate = HiddenStateExtractor.Estimate(cache, "ds", Utts, _ => frames);
        Assert.Equal(Utts.Count, estimate.Missing);
        HiddenStateExtractor.Extract(ssl, cache, "ds", Utts, SyntheticData.Load);
        // independent truth: (6400-400)/320+1 = 19 frames; 3 layers x 19 x 8 fp16 values + a 100-byte header,
        // the ids "ds\0<utt id>" and one 8-byte hash per layer
        Assert.Equal(19, frames);
        Assert.Equal(Utts.Sum(u => 100L + 3 + u.Id.Length + 8 * 3 + 2 * 3 * 19 * 8), cache.SizeOnDisk());
        Assert.Equal(cache.SizeOnDisk(), estimate.TotalBytes);
        Assert.Equal(0, HiddenStateExtractor.Estimate(cache, "ds", Utts, _ => frames).MissingBytes);
    }

    /// <summary>Distance between adjacent fp16 values around <paramref name="v"/> (subnormal step below 2^-14).</summary>
    static double Fp16Step(float v)
    {
        double a = Math.Abs((double)v);
        if (a < Math.Pow(2, -14)) return Math.Pow(2, -24);
        return Math.Pow(2, Math.Floor(Math.Log2(a)) - 10);
    }
}

/// <summary>IProgress that reports synchronously (Progress&lt;T&gt; posts to the thread pool).</summary>
internal sealed class SyncProgress<T>(Action<T> action) : IProgress<T>
{
    public void Report(T value) => action(value);
}
