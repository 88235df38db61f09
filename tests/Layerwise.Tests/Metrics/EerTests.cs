using Layerwise.Metrics;

namespace Layerwise.Tests.Metrics;

/// <summary>Both EER definitions against make_golden.py: the official ASVspoof formula re-implemented in numpy and
/// scikit-learn's det_curve. The same IEEE operations in the same order give bit-identical results.</summary>
public class EerTests
{
    public static IEnumerable<object[]> Sets => Golden.SetNames();

    [Theory]
    [MemberData(nameof(Sets))]
    public void Official_eer_and_threshold_match_the_reference(string set)
    {
        var (bona, spoof) = Golden.Scores(set);
        var g = Golden.Set(set);
        var r = Eer.Compute(bona, spoof);
        Assert.Equal(g.GetProperty("eer").GetDouble(), r.Eer);
        Assert.Equal(g.GetProperty("eer_threshold").GetDouble(), r.Threshold);
        Assert.Equal(r.Eer, (r.Frr + r.Far) / 2);
        Assert.Equal(g.GetProperty("n_bonafide").GetInt32(), bona.Count);
        Assert.Equal(g.GetProperty("n_spoof").GetInt32(), spoof.Count);
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void Sklearn_eer_and_threshold_match_sklearn_det_curve(string set)
    {
        var (bona, spoof) = Golden.Scores(set);
        var g = Golden.Set(set);
        var r = Eer.ComputeSklearn(bona, spoof);
        Assert.Equal(g.GetProperty("eer_sklearn").GetDouble(), r.Eer);
        Assert.Equal(g.GetProperty("eer_sklearn_threshold").GetDouble(), r.Threshold);
        Assert.Equal(r, Eer.Compute(bona, spoof, EerMethod.Sklearn));
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void Negating_scores_and_swapping_classes_matches_the_reference(string set)
    {
        var (bona, spoof) = Golden.Scores(set);
        var r = Eer.Compute(spoof.Select(s => -s).ToList(), bona.Select(s => -s).ToList());
        Assert.Equal(Golden.Set(set).GetProperty("eer_negated").GetDouble(), r.Eer);
    }

    [Fact]
    public void Heavy_ties_separate_the_two_definitions()
    {
        var (bona, spoof) = Golden.Scores("ties");
        double official = Eer.Compute(bona, spoof).Eer, sklearn = Eer.ComputeSklearn(bona, spoof).Eer;
        Assert.Equal(0.45, official, 15);                 // values from sklearn / numpy, see golden.json
        Assert.Equal(0.3416666666666667, sklearn, 15);
    }

    [Fact]
    public void All_tied_scores_give_one_for_official_and_one_half_for_sklearn()
    {
        // Official: bona fide first among ties, so the points run (0,1) … (1,1) … (1,0) and |FRR−FAR| = 0 only at (1,1).
        // sklearn: one distinct score → one point, FPR 1 and FNR 0.
        double[] bona = [0, 0, 0, 0], spoof = [0, 0, 0, 0, 0, 0];
        Assert.Equal(1.0, Eer.Compute(bona, spoof).Eer);
        Assert.Equal(0.5, Eer.ComputeSklearn(bona, spoof).Eer);
    }

    [Fact]
    public void Perfect_separation_gives_zero_and_a_threshold_between_the_classes()
    {
        var (bona, spoof) = Golden.Scores("separated");
        var r = Eer.Compute(bona, spoof);
        Assert.Equal(0.0, r.Eer);
        Assert.True(r.Threshold >= spoof.Max() && r.Threshold < bona.Min());
        Assert.Equal(0.0, Eer.ComputeSklearn(bona, spoof).Eer);
    }

    [Fact]
    public void Tiny_case_by_hand()
    {
        // sorted: 0.1 s, 0.2 b, 0.3 s, 0.4 b → points (FRR, FAR): (0,1) (0,½) (½,½) (½,0) (1,0): EER ½ at threshold 0.2.
        var r = Eer.Compute([0.2, 0.4], [0.1, 0.3]);
        Assert.Equal(0.5, r.Eer);
        Assert.Equal(0.2, r.Threshold);
        // sklearn: thresholds 0.2 (FPR ½, FNR 0), 0.3 (½, ½), 0.4 (0, ½): first |diff| minimum at 0.3.
        var s = Eer.ComputeSklearn([0.2, 0.4], [0.1, 0.3]);
        Assert.Equal(0.5, s.Eer);
        Assert.Equal(0.3, s.Threshold);
    }

    [Fact]
    public void Rejects_empty_classes_and_nan()
    {
        Assert.Throws<ArgumentException>(() => Eer.Compute([], [1.0]));
        Assert.Throws<ArgumentException>(() => Eer.ComputeSklearn([1.0], []));
        Assert.Throws<ArgumentException>(() => Eer.Compute([1.0, double.NaN], [0.0]));
    }
}

/// <summary>300 small random sets with few score levels (ties everywhere), 1–11 trials per class.</summary>
public class EerFuzzTests
{
    [Fact]
    public void Small_random_sets_match_numpy_and_sklearn()
    {
        int i = 0;
        foreach (var c in Golden.Json.GetProperty("fuzz").EnumerateArray())
        {
            var bona = Golden.Doubles(c.GetProperty("bona"));
            var spoof = Golden.Doubles(c.GetProperty("spoof"));
            var o = Eer.Compute(bona, spoof);
            var s = Eer.ComputeSklearn(bona, spoof);
            string where = $"case {i}";
            Assert.True(c.GetProperty("eer").GetDouble() == o.Eer, $"{where}: official {o.Eer}");
            Assert.True(c.GetProperty("eer_threshold").GetDouble() == o.Threshold, $"{where}: official threshold {o.Threshold}");
            Assert.True(c.GetProperty("eer_sklearn").GetDouble() == s.Eer, $"{where}: sklearn {s.Eer}");
            Assert.True(c.GetProperty("eer_sklearn_threshold").GetDouble() == s.Threshold, $"{where}: sklearn threshold {s.Threshold}");
            Assert.True(Math.Abs(c.GetProperty("roc_auc").GetDouble() - RocAuc.Compute(bona, spoof)) < 1e-12, $"{where}: auc");
            i++;
        }
        Assert.Equal(300, i);
    }
}
