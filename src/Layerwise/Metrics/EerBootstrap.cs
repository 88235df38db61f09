namespace Layerwise.Metrics;

/// <summary>
/// Percentile bootstrap confidence interval of the EER. Each resample draws N_bona bona fide and N_spoof spoof
/// trials with replacement from their own class (class sizes fixed, as in a fixed evaluation protocol) and computes
/// the EER; the interval is the (1 − level)/2 and (1 + level)/2 quantiles of those EERs (linear interpolation, numpy's
/// default). Seeded (System.Random with a seed is reproducible across runs and platforms). The trials are sorted once
/// and each resample is a vector of copy counts, so one resample costs O(n), not O(n log n).
/// </summary>
public static class EerBootstrap
{
    public static ConfidenceInterval Compute(
        IReadOnlyList<double> bonafide,
        IReadOnlyList<double> spoof,
        int resamples = 1000,
        int seed = 0,
        double level = 0.95,
        EerMethod method = EerMethod.Asvspoof)
    {
        if (resamples < 1)
            throw new ArgumentOutOfRangeException(nameof(resamples), resamples, "at least one resample");
        if (!(level > 0 && level < 1))
            throw new ArgumentOutOfRangeException(nameof(level), level, "must be in (0, 1)");
        ArgumentNullException.ThrowIfNull(bonafide);
        ArgumentNullException.ThrowIfNull(spoof);
        if (bonafide.Count == 0 || spoof.Count == 0)
            throw new ArgumentException(
                $"EER needs both classes (got {bonafide.Count} bona fide and {spoof.Count} spoof scores)");
        var b = RankedScores.Sorted(bonafide, "bona fide");
        var s = RankedScores.Sorted(spoof, "spoof");
        var ranked = RankedScores.FromSorted(b, s);

        // Position in the merged order of the i-th sorted bona fide / spoof score.
        var bonaPos = new int[b.Length];
        var spoofPos = new int[s.Length];
        for (int k = 0, ib = 0, js = 0; k < ranked.Scores.Length; k++)
            if (ranked.IsBonafide[k]) bonaPos[ib++] = k; else spoofPos[js++] = k;

        var rng = new Random(seed);
        var counts = new int[ranked.Scores.Length];
        var eers = new double[resamples];
        for (int r = 0; r < resamples; r++)
        {
            Array.Clear(counts);
            for (int i = 0; i < b.Length; i++) counts[bonaPos[rng.Next(b.Length)]]++;
            for (int i = 0; i < s.Length; i++) counts[spoofPos[rng.Next(s.Length)]]++;
            eers[r] = method == EerMethod.Sklearn
                ? ranked.SklearnEer(counts, b.Length, s.Length).Eer
                : ranked.OfficialEer(counts, b.Length, s.Length).Eer;
        }
        Array.Sort(eers);
        double alpha = (1 - level) / 2;
        return new ConfidenceInterval(Quantile(eers, alpha), Quantile(eers, 1 - alpha), level, resamples, seed);
    }

    /// <summary>numpy.percentile's default ("linear") quantile of an ascending array.</summary>
    internal static double Quantile(double[] sorted, double q)
    {
        double pos = q * (sorted.Length - 1);
        int lo = (int)Math.Floor(pos);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        double frac = pos - lo;
        return sorted[lo] + (sorted[hi] - sorted[lo]) * frac;
    }
}
