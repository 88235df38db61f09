namespace Layerwise.Metrics;

/// <summary>Area under the ROC curve with bona fide as the positive class: the probability that a random bona fide
/// trial outscores a random spoof one, ties counting one half (Mann–Whitney U / (N_bona·N_spoof); equals
/// scikit-learn's <c>roc_auc_score</c>). O(n log n).</summary>
public static class RocAuc
{
    public static double Compute(IReadOnlyList<double> bonafide, IReadOnlyList<double> spoof)
    {
        var r = RankedScores.From(bonafide, spoof);
        var s = r.Scores;
        // Sum over bona fide of (#spoof strictly below + ½ #spoof tied).
        double pairs = 0;
        long spoofBelow = 0;
        int g = 0;
        while (g < s.Length)
        {
            int end = g;
            long bonaIn = 0, spoofIn = 0;
            for (; end < s.Length && s[end] == s[g]; end++)
                if (r.IsBonafide[end]) bonaIn++; else spoofIn++;
            pairs += bonaIn * (spoofBelow + 0.5 * spoofIn);
            spoofBelow += spoofIn;
            g = end;
        }
        return pairs / ((double)r.NBonafide * r.NSpoof);
    }
}
