namespace Layerwise.Metrics;

/// <summary>
/// DET curve points in ascending threshold order: <see cref="Frr"/> (bona fide rejected, miss rate) rises and
/// <see cref="Far"/> (spoof accepted, false alarm rate) falls. <see cref="EerMethod.Asvspoof"/> gives n + 1 points
/// (the (0, 1) start, then one per trial; bona fide with score ≤ threshold rejected), <see cref="EerMethod.Sklearn"/>
/// the trimmed distinct-score curve of scikit-learn's <c>det_curve</c> (score ≥ threshold accepted).
/// For the usual probit-scale plot use <see cref="ToProbit"/>.
/// </summary>
public sealed record DetCurve(IReadOnlyList<double> Thresholds, IReadOnlyList<double> Frr, IReadOnlyList<double> Far, EerMethod Method)
{
    public int Count => Thresholds.Count;

    public static DetCurve Compute(IReadOnlyList<double> bonafide, IReadOnlyList<double> spoof, EerMethod method = EerMethod.Asvspoof)
    {
        var ranked = RankedScores.From(bonafide, spoof);
        return method switch
        {
            EerMethod.Asvspoof => Official(ranked),
            EerMethod.Sklearn => Sklearn(ranked),
            _ => throw new ArgumentOutOfRangeException(nameof(method)),
        };
    }

    static DetCurve Official(RankedScores r)
    {
        int n = r.Scores.Length;
        var thr = new double[n + 1];
        var frr = new double[n + 1];
        var far = new double[n + 1];
        thr[0] = r.Scores[0] - 0.001;
        frr[0] = 0;
        far[0] = 1;
        long bona = 0, spoof = 0;
        for (int i = 0; i < n; i++)
        {
            if (r.IsBonafide[i]) bona++; else spoof++;
            thr[i + 1] = r.Scores[i];
            frr[i + 1] = bona / (double)r.NBonafide;
            far[i + 1] = (r.NSpoof - spoof) / (double)r.NSpoof;
        }
        return new DetCurve(thr, frr, far, EerMethod.Asvspoof);
    }

    static DetCurve Sklearn(RankedScores r)
    {
        var s = r.Scores;
        long fpsTop = 0;
        for (int i = s.Length - 1; i >= 0 && s[i] == s[^1]; i--)
            if (!r.IsBonafide[i]) fpsTop++;
        var thr = new List<double>();
        var frr = new List<double>();
        var far = new List<double>();
        long bonaBelow = 0, spoofBelow = 0;
        int g = 0;
        while (g < s.Length)
        {
            int end = g;
            long bonaIn = 0, spoofIn = 0;
            for (; end < s.Length && s[end] == s[g]; end++)
                if (r.IsBonafide[end]) bonaIn++; else spoofIn++;
            if (bonaBelow + bonaIn > 0)
            {
                long fps = r.NSpoof - spoofBelow;
                thr.Add(s[g]);
                frr.Add(bonaBelow / (double)r.NBonafide);
                far.Add(fps / (double)r.NSpoof);
                if (fps == fpsTop)
                    break;
            }
            bonaBelow += bonaIn;
            spoofBelow += spoofIn;
            g = end;
        }
        return new DetCurve(thr, frr, far, EerMethod.Sklearn);
    }

    /// <summary>At most <paramref name="maxPoints"/> points for plotting: the first and last, and only points where a
    /// rate changes (the curve's corners), evenly picked among those when there are more.</summary>
    public DetCurve Thin(int maxPoints = 1000)
    {
        var keep = new List<int>();
        for (int i = 0; i < Count; i++)
            if (i == 0 || i == Count - 1 || Far[i] != Far[i - 1] || Frr[i] != Frr[i - 1])
                keep.Add(i);
        if (keep.Count > maxPoints && maxPoints >= 2)
        {
            double step = (keep.Count - 1) / (double)(maxPoints - 1);
            keep = Enumerable.Range(0, maxPoints).Select(k => keep[(int)Math.Round(k * step)]).Distinct().ToList();
        }
        return Select(keep);
    }

    /// <summary>Every k-th point (k = ⌊<see cref="Count"/> / <paramref name="maxPoints"/>⌋, at least 1) and the last:
    /// a regular subsample of about <paramref name="maxPoints"/> points (the demo report's stored curves).</summary>
    public DetCurve Subsample(int maxPoints)
    {
        int step = Math.Max(1, Count / maxPoints);
        return Select(Enumerable.Range(0, Count).Where(i => i % step == 0 || i == Count - 1).ToList());
    }

    DetCurve Select(IReadOnlyList<int> keep) =>
        new(keep.Select(i => Thresholds[i]).ToArray(), keep.Select(i => Frr[i]).ToArray(), keep.Select(i => Far[i]).ToArray(), Method);

    /// <summary>Probit (inverse standard normal CDF) of both rates, clipped to [ε, 1 − ε] so that rates of 0 and 1
    /// stay plottable: X = probit(FAR), Y = probit(FRR), as in scikit-learn's DetCurveDisplay.</summary>
    public (double[] X, double[] Y) ToProbit(double epsilon = 1e-6)
    {
        if (!(epsilon > 0 && epsilon < 0.5))
            throw new ArgumentOutOfRangeException(nameof(epsilon), "must be in (0, 0.5)");
        var x = new double[Count];
        var y = new double[Count];
        for (int i = 0; i < Count; i++)
        {
            x[i] = Probit.Inverse(Math.Clamp(Far[i], epsilon, 1 - epsilon));
            y[i] = Probit.Inverse(Math.Clamp(Frr[i], epsilon, 1 - epsilon));
        }
        return (x, y);
    }
}
