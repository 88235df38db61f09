namespace Layerwise.Metrics;

/// <summary>
/// Minimum normalised tandem detection cost function of a countermeasure (CM) in front of a fixed ASV system, as the
/// ASVspoof 2019 (legacy) and 2021 (revised) evaluation packages compute it: the CM miss/false-alarm rates run over
/// the official per-trial DET curve (see <see cref="Eer.Compute(IReadOnlyList{double}, IReadOnlyList{double})"/>),
/// the ASV rates are fixed at the ASV EER threshold. Higher CM score = more bona fide. O(n log n).
/// </summary>
public static class Tdcf
{
    public static TdcfResult MinTdcf(
        IReadOnlyList<double> bonafide,
        IReadOnlyList<double> spoof,
        AsvErrorRates asv,
        TdcfFormulation formulation,
        TdcfCostModel? cost = null)
    {
        ArgumentNullException.ThrowIfNull(asv);
        cost ??= TdcfCostModel.Official;
        if (cost.Ptar < 0 || cost.Pnon < 0 || cost.Pspoof < 0 || Math.Abs(cost.Ptar + cost.Pnon + cost.Pspoof - 1) > 1e-10)
            throw new ArgumentException("t-DCF priors must be non-negative and sum to one");
        var ranked = RankedScores.From(bonafide, spoof);
        if (double.IsInfinity(ranked.Scores[0]) || double.IsInfinity(ranked.Scores[^1]))
            throw new ArgumentException("t-DCF: CM scores contain an infinity");
        if (CountDistinct(ranked.Scores, 3) < 3)
            throw new ArgumentException("t-DCF needs soft CM scores, not binary decisions (fewer than 3 distinct scores)");

        double c0, c1, c2, norm;
        if (formulation == TdcfFormulation.Asvspoof2019Legacy)
        {
            c0 = 0;
            c1 = cost.Ptar * (cost.CmissCm - cost.CmissAsv * asv.PmissAsv) - cost.Pnon * cost.CfaAsv * asv.PfaAsv;
            c2 = cost.CfaCm * cost.Pspoof * (1 - asv.PmissSpoofAsv);
            norm = Math.Min(c1, c2);
        }
        else if (formulation == TdcfFormulation.Asvspoof2021Revised)
        {
            c0 = cost.Ptar * cost.Cmiss * asv.PmissAsv + cost.Pnon * cost.Cfa * asv.PfaAsv;
            c1 = cost.Ptar * cost.Cmiss - (cost.Ptar * cost.Cmiss * asv.PmissAsv + cost.Pnon * cost.Cfa * asv.PfaAsv);
            c2 = cost.Pspoof * cost.CfaSpoof * asv.PfaSpoofAsv;
            norm = c0 + Math.Min(c1, c2);
        }
        else
        {
            throw new ArgumentOutOfRangeException(nameof(formulation));
        }
        if (c0 < 0 || c1 < 0 || c2 < 0)
            throw new ArgumentException(
                $"t-DCF weights are negative (C0={c0}, C1={c1}, C2={c2}); are the ASV error rates right?");

        bool legacy = formulation == TdcfFormulation.Asvspoof2019Legacy;
        double Curve(double pmiss, double pfa) => legacy ? (c1 * pmiss + c2 * pfa) / norm : (c0 + c1 * pmiss + c2 * pfa) / norm;

        // Official DET curve: start (Pmiss 0, Pfa 1), then one point per trial; first minimum wins.
        double best = Curve(0, 1), bestThr = ranked.Scores[0] - 0.001;
        long bona = 0, spoofSoFar = 0;
        for (int i = 0; i < ranked.Scores.Length; i++)
        {
            if (ranked.IsBonafide[i]) bona++; else spoofSoFar++;
            double v = Curve(bona / (double)ranked.NBonafide, (ranked.NSpoof - spoofSoFar) / (double)ranked.NSpoof);
            if (v < best) { best = v; bestThr = ranked.Scores[i]; }
        }
        return new TdcfResult(formulation, best, bestThr, c0, c1, c2, norm);
    }

    static int CountDistinct(double[] sorted, int cap)
    {
        int n = 1;
        for (int i = 1; i < sorted.Length && n < cap; i++)
            if (sorted[i] != sorted[i - 1]) n++;
        return n;
    }
}
