namespace Layerwise.Analysis;

/// <summary>
/// DET points for plotting: the official ASVspoof curve from <see cref="Layerwise.Metrics.DetCurve"/>
/// (one point per trial, ties bona fide first), and thinning to a drawable number of points.
/// </summary>
public static class DetPoints
{
    public static (double[] Thresholds, double[] Far, double[] Frr) Compute(IReadOnlyList<double> bonafide, IReadOnlyList<double> spoof)
    {
        var curve = Layerwise.Metrics.DetCurve.Compute(bonafide, spoof);
        return (curve.Thresholds.ToArray(), curve.Far.ToArray(), curve.Frr.ToArray());
    }

    /// <summary>At most <paramref name="maxPoints"/> points for plotting, always keeping the first and last, and
    /// only points where a rate changes (the curve's corners).</summary>
    public static (double[] Far, double[] Frr) Thin(double[] far, double[] frr, int maxPoints = 1000)
    {
        if (far.Length != frr.Length)
            throw new ArgumentException("FAR and FRR lengths differ");
        var keep = new List<int>();
        for (int i = 0; i < far.Length; i++)
            if (i == 0 || i == far.Length - 1 || far[i] != far[i - 1] || frr[i] != frr[i - 1])
                keep.Add(i);
        if (keep.Count > maxPoints && maxPoints >= 2)
        {
            double step = (keep.Count - 1) / (double)(maxPoints - 1);
            keep = Enumerable.Range(0, maxPoints).Select(k => keep[(int)Math.Round(k * step)]).Distinct().ToList();
        }
        return (keep.Select(i => far[i]).ToArray(), keep.Select(i => frr[i]).ToArray());
    }
}
