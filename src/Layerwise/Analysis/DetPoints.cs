namespace Layerwise.Analysis;

/// <summary>
/// DET points as the official ASVspoof 2019/2021 code computes them (compute_det_curve): all scores sorted
/// ascending (a stable sort with the bona fide scores first, so ties put bona fide before spoof); a start point
/// (FRR 0, FAR 1), then one point per trial with FRR = bona fide scores ≤ threshold / bona fide count and
/// FAR = spoof scores above threshold / spoof count. Higher score = more bona fide.
/// TODO: switch to Layerwise.Metrics.DetCurve.Compute once the metrics module is merged (same definition).
/// </summary>
public static class DetPoints
{
    public static (double[] Thresholds, double[] Far, double[] Frr) Compute(IReadOnlyList<double> bonafide, IReadOnlyList<double> spoof)
    {
        if (bonafide.Count == 0 || spoof.Count == 0)
            throw new ArgumentException($"DET needs bona fide and spoof scores (got {bonafide.Count} bona fide, {spoof.Count} spoof)");
        var all = bonafide.Select(s => (Score: s, Bona: true)).Concat(spoof.Select(s => (Score: s, Bona: false)))
            .Select((t, i) => (t.Score, t.Bona, Index: i)).ToArray();
        if (all.Any(t => double.IsNaN(t.Score)))
            throw new ArgumentException("scores contain NaN");
        // Stable by score, then by original position: bona fide were concatenated first.
        Array.Sort(all, (a, b) => a.Score != b.Score ? a.Score.CompareTo(b.Score) : a.Index.CompareTo(b.Index));
        int n = all.Length;
        var thr = new double[n + 1];
        var far = new double[n + 1];
        var frr = new double[n + 1];
        thr[0] = all[0].Score - 0.001;
        far[0] = 1;
        frr[0] = 0;
        int bona = 0, sp = 0;
        for (int i = 0; i < n; i++)
        {
            if (all[i].Bona) bona++; else sp++;
            thr[i + 1] = all[i].Score;
            frr[i + 1] = bona / (double)bonafide.Count;
            far[i + 1] = (spoof.Count - sp) / (double)spoof.Count;
        }
        return (thr, far, frr);
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
