using Layerwise.Metrics;

namespace Layerwise.Tests.Metrics;

public class CurveTests
{
    [Theory]
    [InlineData("continuous")]
    [InlineData("ties")]
    [InlineData("separated")]
    [InlineData("inverted")]
    [InlineData("all_equal")]
    public void Det_curves_match_the_reference_point_for_point(string set)
    {
        var (bona, spoof) = Golden.Scores(set);
        var g = Golden.Set(set);
        foreach (var (method, key) in new[] { (EerMethod.Asvspoof, "det_official"), (EerMethod.Sklearn, "det_sklearn") })
        {
            var curve = DetCurve.Compute(bona, spoof, method);
            var expected = g.GetProperty(key);
            Assert.Equal(Golden.Doubles(expected.GetProperty("thresholds")), curve.Thresholds);
            Assert.Equal(Golden.Doubles(expected.GetProperty("frr")), curve.Frr);
            Assert.Equal(Golden.Doubles(expected.GetProperty("far")), curve.Far);
        }
    }

    [Theory]
    [MemberData(nameof(EerTests.Sets), MemberType = typeof(EerTests))]
    public void Roc_auc_matches_sklearn(string set)
    {
        var (bona, spoof) = Golden.Scores(set);
        Assert.Equal(Golden.Set(set).GetProperty("roc_auc").GetDouble(), RocAuc.Compute(bona, spoof), 12);
    }

    [Fact]
    public void Probit_matches_scipy_norm_ppf()
    {
        foreach (var pair in Golden.Json.GetProperty("probit").EnumerateArray())
        {
            double p = pair[0].GetDouble(), expected = pair[1].GetDouble();
            double actual = Probit.Inverse(p);
            Assert.True(Math.Abs(actual - expected) <= 1e-14 * Math.Max(1, Math.Abs(expected)),
                $"probit({p}) = {actual:R}, scipy {expected:R}");
        }
        Assert.Equal(double.NegativeInfinity, Probit.Inverse(0));
        Assert.Equal(double.PositiveInfinity, Probit.Inverse(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Probit.Inverse(1.5));
    }

    [Fact]
    public void Probit_points_are_clipped_and_monotone()
    {
        var (bona, spoof) = Golden.Scores("continuous");
        var curve = DetCurve.Compute(bona, spoof);
        var (x, y) = curve.ToProbit(1e-4);
        Assert.Equal(Probit.Inverse(1 - 1e-4), x[0], 12);     // FAR 1 at the start point, clipped
        Assert.Equal(Probit.Inverse(1e-4), y[0], 12);         // FRR 0
        for (int i = 1; i < x.Length; i++)
        {
            Assert.True(x[i] <= x[i - 1]);
            Assert.True(y[i] >= y[i - 1]);
        }
    }

    [Fact]
    public void Bootstrap_ci_agrees_with_a_numpy_bootstrap_within_monte_carlo_error()
    {
        var (bona, spoof) = Golden.Scores("continuous");
        var g = Golden.Json.GetProperty("bootstrap_continuous");
        var expected = Golden.Doubles(g.GetProperty("ci95"));
        var ci = EerBootstrap.Compute(bona, spoof, resamples: 2000, seed: 3);
        // Different generators: endpoints agree to a few 1e-3 (EER steps here are 1/300 and 1/700).
        Assert.InRange(ci.Lower, expected[0] - 0.007, expected[0] + 0.007);
        Assert.InRange(ci.Upper, expected[1] - 0.007, expected[1] + 0.007);
        double eer = Eer.Compute(bona, spoof).Eer;
        Assert.InRange(eer, ci.Lower, ci.Upper);
    }

    [Fact]
    public void Bootstrap_is_reproducible_per_seed()
    {
        var (bona, spoof) = Golden.Scores("ties");
        var a = EerBootstrap.Compute(bona, spoof, 200, seed: 11);
        var b = EerBootstrap.Compute(bona, spoof, 200, seed: 11);
        var c = EerBootstrap.Compute(bona, spoof, 200, seed: 12);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.True(a.Lower <= a.Upper);
    }

    [Fact]
    public void Bootstrap_resample_counts_reproduce_the_plain_eer()
    {
        // With every count 1 the count-based sweeps must equal the direct computation (ties included).
        foreach (var set in new[] { "ties", "continuous", "all_equal" })
        {
            var (b, s) = Golden.Scores(set);
            var ranked = RankedScores.From(b, s);
            var ones = Enumerable.Repeat(1, b.Count + s.Count).ToArray();
            Assert.Equal(Eer.Compute(b, s), ranked.OfficialEer(ones, b.Count, s.Count));
            Assert.Equal(Eer.ComputeSklearn(b, s), ranked.SklearnEer(ones, b.Count, s.Count));
        }
    }

    [Theory]
    [InlineData("ties")]
    [InlineData("continuous")]
    public void Resample_counts_equal_the_eer_of_the_expanded_resample(string set)
    {
        // A bootstrap resample as counts (zeros included) must give the EER of the explicit multiset.
        var (bona, spoof) = Golden.Scores(set);
        var ranked = RankedScores.From(bona, spoof);
        var rng = new Random(5);
        for (int trial = 0; trial < 20; trial++)
        {
            var counts = new int[ranked.Scores.Length];
            var b = new List<double>();
            var s = new List<double>();
            for (int i = 0; i < counts.Length; i++)
            {
                counts[i] = rng.Next(3);
                for (int c = 0; c < counts[i]; c++)
                    (ranked.IsBonafide[i] ? b : s).Add(ranked.Scores[i]);
            }
            Assert.Equal(Eer.Compute(b, s), ranked.OfficialEer(counts, b.Count, s.Count));
            Assert.Equal(Eer.ComputeSklearn(b, s), ranked.SklearnEer(counts, b.Count, s.Count));
        }
    }

    [Fact]
    public void Bootstrap_with_doubled_counts_equals_the_eer_of_duplicated_data()
    {
        var (bona, spoof) = Golden.Scores("ties");
        var ranked = RankedScores.From(bona, spoof);
        var twos = Enumerable.Repeat(2, bona.Count + spoof.Count).ToArray();
        var doubledB = bona.Concat(bona).ToList();
        var doubledS = spoof.Concat(spoof).ToList();
        Assert.Equal(Eer.Compute(doubledB, doubledS), ranked.OfficialEer(twos, doubledB.Count, doubledS.Count));
        Assert.Equal(Eer.ComputeSklearn(doubledB, doubledS), ranked.SklearnEer(twos, doubledB.Count, doubledS.Count));
    }
}
