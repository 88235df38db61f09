using Layerwise.Features;
using Layerwise.Tests.Engine;
using static TorchSharp.torch;

namespace Layerwise.Tests.Engine;

[Collection("Engine")]
public class FeatureCacheTests
{
    static FeatureCacheKey Key(int layers = 3, bool h0 = false) =>
        new("test/fake", "rev1", "mono;16k;raw", "fixed:6400", layers, h0);

    [Fact]
    public void KeyDigestChangesWithEveryField()
    {
        var k = Key();
        var variants = new[]
        {
            k with { ModelId = "x" }, k with { Revision = "rev2" }, k with { Preprocessing = "norm" },
            k with { InputPolicy = "full" }, k with { Layers = 4 }, k with { IncludeHidden0 = true },
        };
        Assert.All(variants, v => Assert.NotEqual(k.Digest(), v.Digest()));
        Assert.Equal(k.Digest(), Key().Digest());
    }

    [Fact]
    public void EntryRoundTripsThroughFp16AndServesTheFirstNLayers()
    {
        using var dir = new TempDir();
        var cache = FeatureCache.OpenOrCreate(dir.Path, Key(3, h0: true), hiddenSize: 2);
        // stored layers: hidden_0, 1, 2, 3; frames 2; hidden 2
        float[] values = [0.1f, 0.2f, 0.3f, 0.4f, 1, 2, 3, 4, 10, 20, 30, 40, 1e-3f, -65504f, 0.333333f, 7];
        cache.Write("ds", "utt/1 weird", values, frames: 2);
        Assert.True(cache.Contains("ds", "utt/1 weird"));

        using var two = cache.Read("ds", "utt/1 weird", 2);
        Assert.Equal(new long[] { 2, 2, 2 }, two.shape);
        var expected = values[4..12].Select(v => (float)(Half)v).ToArray();
        Assert.Equal(expected, two.data<float>().ToArray());
        using var three = cache.Read("ds", "utt/1 weird", 3);
        Assert.Equal((float)(Half)0.333333f, three[2, 1, 0].item<float>());
        Assert.Equal(-65504f, three[2, 0, 1].item<float>()); // fp16's largest magnitude survives exactly
        using var h0 = cache.ReadHidden0("ds", "utt/1 weird");
        Assert.Equal(new[] { 0.1f, 0.2f, 0.3f, 0.4f }.Select(v => (float)(Half)v), h0.data<float>().ToArray());
        Assert.Throws<ArgumentException>(() => cache.Read("ds", "utt/1 weird", 4));
        // file size = 100 fixed header bytes + "ds\0utt/1 weird" + one 8-byte hash per stored layer + 2 bytes per value
        Assert.Equal(100 + 14 + 8 * 4 + 2 * values.Length, new FileInfo(cache.EntryPath("ds", "utt/1 weird")).Length);
    }

    [Fact]
    public void StoredValuesAreTheScalarFp16RoundingOfEveryMagnitude()
    {
        // The write converts with SIMD; the truth is .NET's scalar IEEE conversion, value by value: random values
        // over fp16's whole range (subnormals, ties, the largest finite magnitudes), both signs.
        using var dir = new TempDir();
        var cache = FeatureCache.OpenOrCreate(dir.Path, Key(1), hiddenSize: 64);
        var rng = new Random(17);
        var values = new float[64 * 100];
        for (int i = 0; i < values.Length; i++)
            values[i] = (rng.Next(2) == 0 ? -1 : 1) * MathF.Pow(2, rng.Next(-26, 16)) * (1 + rng.NextSingle());
        values[0] = MathF.BitDecrement(65520f); // the largest float32 that fp16 still rounds to 65504
        values[1] = -MathF.BitDecrement(65520f);
        values[2] = 65512f; // between 65504 and the overflow point: rounds down
        values[3] = 1f + MathF.Pow(2, -11); // a tie between 1 and 1 + 2⁻¹⁰: to even, 1
        values[4] = -0f;
        values[5] = 2.98e-8f; // half of fp16's smallest subnormal: rounds to zero
        values[6] = 6.0e-8f;  // fp16's smallest subnormal (5.96e-8)
        for (int i = 0; i < values.Length; i++)
            values[i] = Math.Clamp(values[i], -MathF.BitDecrement(65520f), MathF.BitDecrement(65520f));
        cache.Write("ds", "u", values, frames: 100);
        using var back = cache.Read("ds", "u", 1);
        var read = back.data<float>().ToArray();
        for (int i = 0; i < values.Length; i++)
            Assert.True(BitConverter.SingleToInt32Bits((float)(Half)values[i]) == BitConverter.SingleToInt32Bits(read[i]),
                $"value {i}: {values[i]:R} stored as {read[i]:R}, scalar fp16 gives {(float)(Half)values[i]:R}");
        Assert.Equal(65504f, read[0]);
        Assert.Equal(-65504f, read[1]);
    }

    [Fact]
    public void AFloat16ReadServesTheStoredHalvesAndTheInMemorySourceMatchesTheDisk()
    {
        // keepInMemory holds entries as fp16 read without conversion: its bits must be .NET's scalar fp16 of what was
        // written, and what it serves (float32) must equal a plain float32 read, layer prefix by layer prefix.
        using var dir = new TempDir();
        var cache = FeatureCache.OpenOrCreate(dir.Path, Key(3), hiddenSize: 8);
        var rng = new Random(5);
        var values = Enumerable.Range(0, 3 * 10 * 8).Select(_ => (rng.NextSingle() - 0.5f) * 300f).ToArray();
        cache.Write("ds", "u", values, frames: 10);
        using (var half = cache.Read("ds", "u", 3, dtype: TorchSharp.torch.ScalarType.Float16))
        {
            Assert.Equal(new long[] { 3, 10, 8 }, half.shape);
            Assert.Equal(TorchSharp.torch.ScalarType.Float16, half.dtype);
            var bits = half.data<Half>().ToArray();
            for (int i = 0; i < values.Length; i++)
                Assert.Equal(BitConverter.HalfToInt16Bits((Half)values[i]), BitConverter.HalfToInt16Bits(bits[i]));
        }
        using var source = new CachedFeatureSource(cache, "ds", keepInMemory: true);
        var utt = new Layerwise.Data.Utterance("u", "x.wav", Layerwise.Data.Label.Bonafide, "-", "spk", "train");
        foreach (int n in new[] { 3, 1, 2 })
        {
            using var served = source.Load(utt, n);
            using var plain = cache.Read("ds", "u", n);
            Assert.Equal(TorchSharp.torch.ScalarType.Float32, served.dtype);
            Assert.Equal(plain.data<float>().ToArray(), served.data<float>().ToArray());
        }
        Assert.Throws<ArgumentException>(() => cache.Read("ds", "u", 1, dtype: TorchSharp.torch.ScalarType.BFloat16));
    }

    [Theory]
    [InlineData(65520f)]
    [InlineData(-65520f)]
    public void TheFirstMagnitudeThatFp16RoundsToInfinityIsRefused(float bad)
    {
        Assert.True(Half.IsInfinity((Half)bad)); // the boundary is where .NET's scalar conversion puts it
        using var dir = new TempDir();
        var cache = FeatureCache.OpenOrCreate(dir.Path, Key(1), hiddenSize: 2);
        var e = Assert.Throws<FeatureCacheException>(() => cache.Write("ds", "big", [1f, 2f, bad, 3f], frames: 2));
        Assert.Contains("not finite in fp16", e.Message);
        Assert.False(cache.Contains("ds", "big"));
    }

    [Fact]
    public void ATensorEntryIsStoredAsItsValues()
    {
        // Write(tensor) reads the tensor's memory in place; a strided view (a padded item's valid frames) too.
        using var dir = new TempDir();
        var cache = FeatureCache.OpenOrCreate(dir.Path, Key(2), hiddenSize: 3);
        using var full = randn(2, 5, 3);
        using var view = full.narrow(1, 0, 4); // not contiguous
        cache.Write("ds", "view", view);
        cache.Write("ds", "array", view.contiguous().data<float>().ToArray(), frames: 4);
        using var a = cache.Read("ds", "view", 2);
        using var b = cache.Read("ds", "array", 2);
        Assert.Equal(new long[] { 2, 4, 3 }, a.shape);
        Assert.Equal(b.data<float>().ToArray(), a.data<float>().ToArray());
        Assert.Throws<ArgumentException>(() => cache.Write("ds", "wrong", randn(3, 4, 3)));
        Assert.Throws<ArgumentException>(() => cache.Write("ds", "wrong", randn(2, 4, 3, dtype: ScalarType.Float64)));
    }

    [Fact]
    public void ReopeningWithAnotherHiddenSizeIsRefused()
    {
        using var dir = new TempDir();
        FeatureCache.OpenOrCreate(dir.Path, Key(), 8);
        Assert.Throws<FeatureCacheException>(() => FeatureCache.OpenOrCreate(dir.Path, Key(), 16));
        Assert.Equal(8, FeatureCache.Open(Path.Combine(dir.Path, Key().FolderName())).HiddenSize);
    }

    [Fact]
    public void VerifyFindsFlippedBytesAndTruncationAndRemovesThem()
    {
        using var dir = new TempDir();
        var cache = FeatureCache.OpenOrCreate(dir.Path, Key(1), 4);
        for (int i = 0; i < 3; i++)
            cache.Write("ds", $"u{i}", Enumerable.Range(0, 12).Select(v => v * 0.25f + i).ToArray(), frames: 3);
        Assert.True(cache.Verify().Ok);

        var flipped = cache.EntryPath("ds", "u0");
        var bytes = File.ReadAllBytes(flipped);
        bytes[^3] ^= 0x10;
        File.WriteAllBytes(flipped, bytes);
        var truncated = cache.EntryPath("ds", "u1");
        File.WriteAllBytes(truncated, File.ReadAllBytes(truncated)[..70]);

        Assert.Throws<FeatureCacheException>(() => cache.Read("ds", "u1", 1)); // size check on every read
        Assert.Throws<FeatureCacheException>(() => cache.Read("ds", "u0", 1, verifyHash: true));
        var report = cache.Verify(removeBad: true);
        Assert.Equal(1, report.Good);
        Assert.Equal(2, report.Bad.Count);
        Assert.False(cache.Contains("ds", "u0"));
        Assert.False(cache.Contains("ds", "u1"));
        Assert.True(cache.Contains("ds", "u2"));
    }

    [Fact]
    public void StaleTemporaryFilesAreCleanedFreshOnesKept()
    {
        using var dir = new TempDir();
        var cache = FeatureCache.OpenOrCreate(dir.Path, Key(1), 1);
        cache.Write("ds", "a", [1f], 1);
        var folder = Path.GetDirectoryName(cache.EntryPath("ds", "a"))!;
        var old = Path.Combine(folder, "b.lwf.tmp-1-x");
        var fresh = Path.Combine(folder, "c.lwf.tmp-2-y");
        File.WriteAllText(old, "partial");
        File.WriteAllText(fresh, "partial");
        File.SetLastWriteTimeUtc(old, DateTime.UtcNow.AddHours(-1));
        Assert.Equal(1, cache.CleanTemporaryFiles());
        Assert.False(File.Exists(old));
        Assert.True(File.Exists(fresh));
        Assert.Single(cache.EntryFiles()); // temporaries never count as entries
    }

    [Theory]
    [InlineData(64600, 201)] // the paper's crop gives 201 frames (reference 2.4)
    [InlineData(16000, 49)]
    [InlineData(400, 1)]
    [InlineData(399, 0)]
    public void Wav2Vec2FrameCountsMatchTheCnnArithmetic(int samples, int frames) =>
        Assert.Equal(frames, HiddenStateExtractor.Wav2Vec2Frames(samples));

    [Theory]
    [InlineData("1/1", 1, 1)]
    [InlineData("3/8", 3, 8)]
    public void ShardSpecsParse(string text, int k, int n) => Assert.Equal(new ShardSpec(k, n), ShardSpec.Parse(text));

    [Theory]
    [InlineData("0/4")]
    [InlineData("5/4")]
    [InlineData("2")]
    [InlineData("a/b")]
    [InlineData("-1/2")]
    public void BadShardSpecsAreInputErrors(string text) => Assert.Throws<LayerwiseInputException>(() => ShardSpec.Parse(text));
}
