using Layerwise.Metrics;

namespace Layerwise.Tests.Engine;

/// <summary>Test-only EER written from the reference's description of the official ASVspoof EER (sort all scores,
/// one point per trial, FRR counts bona fide at or below the threshold): an independent check of the per-attack wiring.</summary>
internal static class TestEer
{
    public static EerResult Compute(IReadOnlyList<double> bona, IReadOnlyList<double> spoof)
    {
        var all = bona.Select(s => (s, bona: 1)).Concat(spoof.Select(s => (s, bona: 0))).OrderBy(p => p.s).ToList();
        double best = double.MaxValue, eer = 1, thr = all[0].s - 0.001;
        int bonaBelow = 0, spoofBelow = 0;
        Check(0, 1, all[0].s - 0.001);
        foreach (var (s, isBona) in all)
        {
            if (isBona == 1) bonaBelow++; else spoofBelow++;
            Check((double)bonaBelow / bona.Count, (double)(spoof.Count - spoofBelow) / spoof.Count, s);
        }
        return new EerResult(eer, thr);

        void Check(double frr, double far, double t)
        {
            if (Math.Abs(frr - far) < best)
            {
                best = Math.Abs(frr - far);
                eer = (frr + far) / 2;
                thr = t;
            }
        }
    }
}
