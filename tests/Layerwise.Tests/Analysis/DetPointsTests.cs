using Layerwise.Analysis;

namespace Layerwise.Tests.Analysis;

public class DetPointsTests
{
    [Fact]
    public void HandMadeScoreSet()
    {
        // Sorted: 0.1 s, 0.3 s, 0.4 b, 0.4 s (tie: bona fide first), 0.7 b, 0.8 s, 0.9 b.
        double[] bona = [0.9, 0.4, 0.7];
        double[] spoof = [0.1, 0.4, 0.8, 0.3];
        var (thr, far, frr) = DetPoints.Compute(bona, spoof);
        Assert.Equal([0.099, 0.1, 0.3, 0.4, 0.4, 0.7, 0.8, 0.9], thr, (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal([0, 0, 0, 1 / 3.0, 1 / 3.0, 2 / 3.0, 2 / 3.0, 1], frr, (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal([1, 0.75, 0.5, 0.5, 0.25, 0.25, 0, 0], far, (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void ThinKeepsCornersAndEnds()
    {
        double[] far = [1, 0.75, 0.75, 0.75, 0.5, 0];
        double[] frr = [0, 0, 0, 0, 0.5, 1];
        var (f, r) = DetPoints.Thin(far, frr);
        Assert.Equal([1, 0.75, 0.5, 0], f);
        Assert.Equal([0, 0, 0.5, 1], r);
        var many = Enumerable.Range(0, 5001).Select(i => i / 5000.0).ToArray();
        var (f2, r2) = DetPoints.Thin(many.Reverse().ToArray(), many, maxPoints: 100);
        Assert.InRange(f2.Length, 2, 100);
        Assert.Equal((1.0, 0.0), (f2[0], r2[0]));
        Assert.Equal((0.0, 1.0), (f2[^1], r2[^1]));
    }

    [Fact]
    public void EmptyClassIsRejected() =>
        Assert.Throws<ArgumentException>(() => DetPoints.Compute([], [0.1]));
}
