using Layerwise.Data.Demo;
using Layerwise.Pretraining;

namespace Layerwise.Tests.Pretraining;

public class SpanMaskTests
{
    /// <summary>Expected masked fraction, exactly: a frame t is unmasked iff none of the c_t starts covering it is
    /// drawn; with m starts drawn without replacement from P positions that has probability C(P − c_t, m) / C(P, m);
    /// m = ⌊pT/L + u⌋ takes the two values around pT/L with the fractional part as weight.</summary>
    static double ExpectedFraction(int frames, double p, int length)
    {
        int positions = frames - length;
        double mean = p * frames / length;
        int lo = (int)Math.Floor(mean);
        double wHi = mean - lo;
        double Unmasked(int m, int cover)
        {
            double prob = 1;
            for (int i = 0; i < m; i++) prob *= (double)(positions - cover - i) / (positions - i);
            return Math.Max(0, prob);
        }
        double total = 0;
        for (int t = 0; t < frames; t++)
        {
            int cover = Enumerable.Range(0, positions).Count(s => s <= t && t < s + length);
            total += 1 - ((1 - wHi) * Unmasked(Math.Max(2, lo), cover) + wHi * Unmasked(Math.Max(2, lo + 1), cover));
        }
        return total / frames;
    }

    [Theory]
    [InlineData(99)]   // a 2 s crop of the tiny model (the pretraining batches)
    [InlineData(249)]  // 5 s
    public void MaskedFractionMatchesTheHubertExpectation(int frames)
    {
        var mask = new SpanMask(); // HuBERT: p = 0.8, L = 10
        var rng = new DemoRandom(11);
        int draws = 3000;
        double sum = 0;
        for (int i = 0; i < draws; i++)
            sum += mask.Draw(frames, rng).Count(m => m);
        double fraction = sum / draws / frames;
        double expected = ExpectedFraction(frames, 0.8, 10);
        Assert.InRange(expected, 0.50, 0.62); // HuBERT's setting masks a little over half the frames
        Assert.Equal(expected, fraction, 0.005);
    }

    [Fact]
    public void MasksAreSpansOfTheGivenLength()
    {
        var rng = new DemoRandom(3);
        for (int i = 0; i < 200; i++)
        {
            var m = new SpanMask().Draw(99, rng);
            // Every maximal run of masked frames is at least one span long (spans may overlap and merge).
            int run = 0;
            foreach (bool b in m.Append(false))
            {
                if (b) run++;
                else
                {
                    Assert.True(run == 0 || run >= 10, $"a masked run of {run} frames");
                    run = 0;
                }
            }
            Assert.True(m.Count(b => b) >= 10);
        }
        Assert.DoesNotContain(true, new SpanMask().Draw(10, rng)); // no room for a span
    }
}
