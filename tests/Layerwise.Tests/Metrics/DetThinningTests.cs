using Layerwise.Metrics;

namespace Layerwise.Tests.Metrics;

/// <summary>The DET curve as the charts and the demo report draw it: <see cref="DetCurve.Thin"/> and
/// <see cref="DetCurve.Subsample"/>, checked on hand-made curves.</summary>
public class DetThinningTests
{
    static bool Close(double a, double b) => Math.Abs(a - b) < 1e-12;

    [Fact]
    public void HandMadeScoreSet()
    {
        // Sorted: 0.1 s, 0.3 s, 0.4 b, 0.4 s (tie: bona fide first), 0.7 b, 0.8 s, 0.9 b.
        double[] bona = [0.9, 0.4, 0.7];
        double[] spoof = [0.1, 0.4, 0.8, 0.3];
        var det = DetCurve.Compute(bona, spoof);
        Assert.Equal([0.099, 0.1, 0.3, 0.4, 0.4, 0.7, 0.8, 0.9], det.Thresholds, Close);
        Assert.Equal([0, 0, 0, 1 / 3.0, 1 / 3.0, 2 / 3.0, 2 / 3.0, 1], det.Frr, Close);
        Assert.Equal([1, 0.75, 0.5, 0.5, 0.25, 0.25, 0, 0], det.Far, Close);

        // Every point changes a rate here, so thinning keeps them all.
        Assert.Equal(det.Far, det.Thin().Far);
    }

    [Fact]
    public void ThinKeepsCornersAndEnds()
    {
        var flat = new DetCurve([0, 1, 2, 3, 4, 5], [0, 0, 0, 0, 0.5, 1], [1, 0.75, 0.75, 0.75, 0.5, 0], EerMethod.Asvspoof);
        var thin = flat.Thin();
        Assert.Equal([1, 0.75, 0.5, 0], thin.Far);
        Assert.Equal([0, 0, 0.5, 1], thin.Frr);
        Assert.Equal([0, 1, 4, 5], thin.Thresholds); // each kept point keeps its threshold

        var many = Enumerable.Range(0, 5001).Select(i => i / 5000.0).ToArray();
        var big = new DetCurve(many, many, many.Reverse().ToArray(), EerMethod.Asvspoof).Thin(maxPoints: 100);
        Assert.Equal(100, big.Count); // 5001 corners, 100 evenly picked: indices round(k · 50.505...)
        Assert.Equal((1.0, 0.0), (big.Far[0], big.Frr[0]));
        Assert.Equal((0.0, 1.0), (big.Far[^1], big.Frr[^1]));
        Assert.Equal(Math.Round(50 * 5000 / 99.0) / 5000.0, big.Frr[50], 12);
    }

    [Fact]
    public void SubsampleTakesEveryKthPointAndTheLast()
    {
        var t = Enumerable.Range(0, 10).Select(i => (double)i).ToArray();
        var det = new DetCurve(t, t.Select(v => v / 9).ToArray(), t.Select(v => 1 - v / 9).ToArray(), EerMethod.Asvspoof);
        // 10 points, at most 4: k = 10 / 4 = 2 → indices 0, 2, 4, 6, 8 and the last, 9.
        Assert.Equal([0.0, 2, 4, 6, 8, 9], det.Subsample(4).Thresholds);
        Assert.Equal(t, det.Subsample(400).Thresholds); // fewer points than asked: all of them
    }

    [Fact]
    public void EmptyClassIsRejected() =>
        Assert.Throws<ArgumentException>(() => DetCurve.Compute([], [0.1]));
}
