using Layerwise.Features;
using Layerwise.Tests.Data;

namespace Layerwise.Tests.Hostile;

/// <summary>Issue 16, cache entries: corruption, swaps and non-finite values are caught on every read, not only by --verify.</summary>
[Collection("Engine")]
public class CacheEntryIntegrityTests
{
    static FeatureCacheKey Key(string rev = "rev1") => new("test/fake", rev, "mono;16k;raw", "fixed:6400", 2, false);

    static float[] Values(int seed) => Enumerable.Range(0, 2 * 3 * 4).Select(i => (float)(Half)(0.125f * i - seed)).ToArray();

    static FeatureCache Filled(string root, string rev = "rev1")
    {
        var cache = FeatureCache.OpenOrCreate(root, Key(rev), hiddenSize: 4);
        for (int u = 0; u < 3; u++)
            cache.Write("ds", $"u{u}", Values(u), frames: 3);
        return cache;
    }

    [Fact]
    public void AnEntryCopiedOverAnotherUtterancesIsRefusedOnReadAndByVerify()
    {
        using var dir = new TempDir();
        var cache = Filled(dir.Path);
        File.Copy(cache.EntryPath("ds", "u1"), cache.EntryPath("ds", "u0"), overwrite: true);

        var e = Assert.Throws<FeatureCacheException>(() => cache.Read("ds", "u0", 2));
        Assert.Contains("belongs to utterance 'u1'", e.Message);
        Assert.Contains(cache.EntryPath("ds", "u0"), e.Message);
        var report = cache.Verify();
        Assert.Equal(2, report.Good);
        Assert.Single(report.Bad);
    }

    [Fact]
    public void AnEntryFromAnotherKeysCacheIsRefused()
    {
        using var dir = new TempDir();
        var mine = Filled(dir.Path, "rev1");
        var other = Filled(dir.Path, "rev2");
        File.Copy(other.EntryPath("ds", "u0"), mine.EntryPath("ds", "u0"), overwrite: true);
        var e = Assert.Throws<FeatureCacheException>(() => mine.Read("ds", "u0", 1));
        Assert.Contains("not written for this cache key", e.Message);
        Assert.False(mine.Verify().Ok);
    }

    [Fact]
    public void FlippedPayloadBitsAreCaughtByAPlainRead()
    {
        using var dir = new TempDir();
        var cache = Filled(dir.Path);
        var path = cache.EntryPath("ds", "u2");
        var bytes = File.ReadAllBytes(path);
        bytes[^5] ^= 0x01; // the lowest mantissa bit of a value in layer 2
        File.WriteAllBytes(path, bytes);
        using (var first = cache.Read("ds", "u2", 1))
            Assert.Equal(Values(2)[..12], first.data<float>().ToArray()); // layer 1 is intact and still served
        var e = Assert.Throws<FeatureCacheException>(() => cache.Read("ds", "u2", 2));
        Assert.Contains("stored layer 1 of utterance 'u2' is corrupt", e.Message);
        // the fp16 path (CachedFeatureSource's in-memory copy) checks the same hashes
        e = Assert.Throws<FeatureCacheException>(() => cache.Read("ds", "u2", 2, dtype: TorchSharp.torch.ScalarType.Float16));
        Assert.Contains("stored layer 1 of utterance 'u2' is corrupt", e.Message);
    }

    [Fact]
    public void ValuesOverwrittenWithLargeFp16AreCaughtByAPlainRead()
    {
        using var dir = new TempDir();
        var cache = Filled(dir.Path);
        var path = cache.EntryPath("ds", "u0");
        var bytes = File.ReadAllBytes(path);
        var big = BitConverter.GetBytes((Half)60000f);
        for (int i = bytes.Length - 2 * 24; i < bytes.Length; i += 2)
            big.CopyTo(bytes, i);
        File.WriteAllBytes(path, bytes);
        Assert.Throws<FeatureCacheException>(() => cache.Read("ds", "u0", 1));
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(70000f)] // finite in float32, +Inf in fp16
    public void NonFiniteFeaturesAreNeverCached(float bad)
    {
        using var dir = new TempDir();
        var cache = FeatureCache.OpenOrCreate(dir.Path, Key(), hiddenSize: 4);
        var values = Values(0);
        values[7] = bad;
        var e = Assert.Throws<FeatureCacheException>(() => cache.Write("ds", "nan", values, frames: 3));
        Assert.Contains("'nan'", e.Message);
        Assert.False(cache.Contains("ds", "nan"));
    }

    /// <summary>Property (fixed seed, bounded): any mutation of an entry either reads back the exact stored values or
    /// fails with <see cref="FeatureCacheException"/>; never another exception, never different values.</summary>
    [Fact]
    public void MutatedEntriesReadExactlyOrFailWithTheTypedException()
    {
        using var dir = new TempDir();
        var cache = Filled(dir.Path);
        var path = cache.EntryPath("ds", "u1");
        var original = File.ReadAllBytes(path);
        using var expectedTensor = cache.Read("ds", "u1", 2);
        var expected = expectedTensor.data<float>().ToArray();
        var rng = new Random(1602);
        int rejected = 0, intact = 0;
        var failures = new List<string>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (int it = 0; it < 400 && clock.Elapsed < TimeSpan.FromSeconds(30); it++)
        {
            var bytes = (byte[])original.Clone();
            switch (rng.Next(3))
            {
                case 0: bytes[rng.Next(bytes.Length)] ^= (byte)(1 << rng.Next(8)); break;
                case 1: bytes = bytes[..rng.Next(bytes.Length)]; break;
                default: for (int k = rng.Next(1, 8); k > 0; k--) bytes[rng.Next(bytes.Length)] = (byte)rng.Next(256); break;
            }
            File.WriteAllBytes(path, bytes);
            try
            {
                using var t = cache.Read("ds", "u1", 2);
                if (t.data<float>().ToArray().SequenceEqual(expected)) intact++;
                else failures.Add($"iteration {it}: different values served without an error");
            }
            catch (FeatureCacheException) { rejected++; }
            catch (Exception e) { failures.Add($"iteration {it}: {e.GetType().Name}: {e.Message}"); }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)));
        Assert.True(rejected > 300, $"only {rejected} mutations rejected ({intact} intact)");
    }
}
