using Layerwise.Data.Demo;

namespace Layerwise.Tests.Demo;

public class DemoRandomTests
{
    // Reference values from a separate Python implementation of SplitMix64 seeding + xoshiro256** (Blackman & Vigna).
    [Theory]
    [InlineData(0UL, 0x99ec5f36cb75f2b4UL, 0xbf6e1f784956452aUL, 0x1a5f849d4933e6e0UL)]
    [InlineData(2025UL, 0xc9fcbf65c046112fUL, 0x7b7b3399e150a198UL, 0x68f6f146f11e19c1UL)]
    public void Xoshiro256StarStar_MatchesReferenceStream(ulong seed, ulong a, ulong b, ulong c)
    {
        var rng = new DemoRandom(seed);
        Assert.Equal(a, rng.NextUInt64());
        Assert.Equal(b, rng.NextUInt64());
        Assert.Equal(c, rng.NextUInt64());
    }

    [Fact]
    public void NamedStreams_AreReproducibleAndDistinct()
    {
        Assert.Equal(DemoRandom.For(7, "utt/train", 3).NextUInt64(), DemoRandom.For(7, "utt/train", 3).NextUInt64());
        var values = new HashSet<ulong>
        {
            DemoRandom.For(7, "utt/train", 3).NextUInt64(),
            DemoRandom.For(7, "utt/train", 4).NextUInt64(),
            DemoRandom.For(7, "utt/dev", 3).NextUInt64(),
            DemoRandom.For(8, "utt/train", 3).NextUInt64(),
        };
        Assert.Equal(4, values.Count);
    }

    [Fact]
    public void Gaussian_HasUnitMomentsAndUniformStaysInRange()
    {
        var rng = new DemoRandom(1);
        const int n = 200_000;
        double sum = 0, sq = 0;
        for (int i = 0; i < n; i++)
        {
            double g = rng.Gaussian();
            sum += g;
            sq += g * g;
        }
        Assert.InRange(sum / n, -0.01, 0.01);
        Assert.InRange(sq / n, 0.98, 1.02);
        var counts = new int[5];
        for (int i = 0; i < 50_000; i++) counts[rng.Next(5)]++;
        Assert.All(counts, c => Assert.InRange(c, 9_500, 10_500));
    }
}
