namespace Layerwise.Metrics;

/// <summary>
/// ASV error rates at the ASV's own EER threshold (official EER of target vs non-target scores), as both ASVspoof
/// packages compute them: a trial is accepted when its score is ≥ the threshold.
/// </summary>
public sealed record AsvErrorRates(
    double Threshold,
    double Eer,
    double PfaAsv,
    double PmissAsv,
    double PmissSpoofAsv,
    double PfaSpoofAsv)
{
    public static AsvErrorRates From(AsvScores asv)
    {
        ArgumentNullException.ThrowIfNull(asv);
        if (asv.Spoof.Count == 0)
            throw new ArgumentException("t-DCF needs ASV scores of spoof trials (none given)");
        var eer = Metrics.Eer.Compute(asv.Target, asv.Nontarget);
        double t = eer.Threshold;
        return new AsvErrorRates(
            t,
            eer.Eer,
            PfaAsv: CountAtLeast(asv.Nontarget, t) / (double)asv.Nontarget.Count,
            PmissAsv: (asv.Target.Count - CountAtLeast(asv.Target, t)) / (double)asv.Target.Count,
            PmissSpoofAsv: (asv.Spoof.Count - CountAtLeast(asv.Spoof, t)) / (double)asv.Spoof.Count,
            PfaSpoofAsv: CountAtLeast(asv.Spoof, t) / (double)asv.Spoof.Count);
    }

    static long CountAtLeast(IReadOnlyList<double> scores, double threshold)
    {
        long n = 0;
        foreach (var s in scores)
            if (s >= threshold) n++;
        return n;
    }
}
