namespace Layerwise.Metrics;

/// <summary>
/// Bona fide and spoof scores merged in ascending order, bona fide first among equal scores. This is exactly the
/// label order a stable mergesort of the concatenation [bona fide, spoof] gives (what the ASVspoof package sorts),
/// built in O(n log n) by sorting each class and merging. Optional per-position counts let the bootstrap reuse one
/// ordering for every resample (a count of k means k copies of that trial).
/// </summary>
internal sealed class RankedScores
{
    public double[] Scores { get; }
    public bool[] IsBonafide { get; }
    public int NBonafide { get; }
    public int NSpoof { get; }

    RankedScores(double[] scores, bool[] isBonafide, int nBonafide, int nSpoof)
    {
        Scores = scores;
        IsBonafide = isBonafide;
        NBonafide = nBonafide;
        NSpoof = nSpoof;
    }

    public static RankedScores From(IReadOnlyList<double> bonafide, IReadOnlyList<double> spoof)
    {
        ArgumentNullException.ThrowIfNull(bonafide);
        ArgumentNullException.ThrowIfNull(spoof);
        if (bonafide.Count == 0 || spoof.Count == 0)
            throw new ArgumentException(
                $"EER needs both classes (got {bonafide.Count} bona fide and {spoof.Count} spoof scores)");
        var b = Sorted(bonafide, "bona fide");
        var s = Sorted(spoof, "spoof");
        return FromSorted(b, s);
    }

    /// <summary>Merges two already ascending arrays.</summary>
    public static RankedScores FromSorted(double[] bonafide, double[] spoof)
    {
        int n = bonafide.Length + spoof.Length;
        var scores = new double[n];
        var isBona = new bool[n];
        int i = 0, j = 0, k = 0;
        while (i < bonafide.Length && j < spoof.Length)
        {
            // Ties go to bona fide first: bona fide entries precede spoof ones in the concatenation.
            if (spoof[j] < bonafide[i]) { scores[k] = spoof[j++]; isBona[k++] = false; }
            else { scores[k] = bonafide[i++]; isBona[k++] = true; }
        }
        while (i < bonafide.Length) { scores[k] = bonafide[i++]; isBona[k++] = true; }
        while (j < spoof.Length) { scores[k] = spoof[j++]; isBona[k++] = false; }
        return new RankedScores(scores, isBona, bonafide.Length, spoof.Length);
    }

    public static double[] Sorted(IReadOnlyList<double> values, string what)
    {
        var a = new double[values.Count];
        for (int i = 0; i < a.Length; i++)
        {
            double v = values[i];
            if (double.IsNaN(v))
                throw new ArgumentException($"{what} score #{i} is NaN");
            a[i] = v;
        }
        Array.Sort(a);
        return a;
    }

    /// <summary>
    /// Official ASVspoof 2019/2021 EER: one DET point per trial after the (FRR 0, FAR 1) start point, where the
    /// threshold is the trial's score and FRR counts bona fide trials ranked at or below it; argmin |FRR − FAR|
    /// (first minimum), EER = mean of the two rates. <paramref name="counts"/> (bootstrap) repeats trials.
    /// </summary>
    public EerResult OfficialEer(int[]? counts = null, int nBonafide = -1, int nSpoof = -1)
    {
        double nb = counts is null ? NBonafide : nBonafide;
        double ns = counts is null ? NSpoof : nSpoof;
        long bonaSoFar = 0, spoofSoFar = 0;
        // Start point: threshold just below the lowest score, nothing rejected.
        double bestFrr = 0, bestFar = 1, bestDiff = 1, bestThr = Scores[0] - 0.001;
        for (int i = 0; i < Scores.Length; i++)
        {
            int copies = counts is null ? 1 : counts[i];
            for (int c = 0; c < copies; c++)
            {
                if (IsBonafide[i]) bonaSoFar++; else spoofSoFar++;
                double frr = bonaSoFar / nb;
                double far = (ns - spoofSoFar) / ns;
                double diff = Math.Abs(frr - far);
                if (diff < bestDiff)
                {
                    bestDiff = diff; bestFrr = frr; bestFar = far; bestThr = Scores[i];
                }
            }
        }
        return new EerResult((bestFrr + bestFar) / 2, bestThr) { Frr = bestFrr, Far = bestFar };
    }

    /// <summary>
    /// The paper's variant: scikit-learn (1.2–1.6) <c>det_curve</c> over distinct scores, where a trial is accepted
    /// when its score is ≥ the threshold, the curve trimmed to [lowest bona fide score, first threshold at which the
    /// false-positive count reaches its minimum], then <c>nanargmin |FNR − FPR|</c> scanning thresholds upwards.
    /// </summary>
    public EerResult SklearnEer(int[]? counts = null, int nBonafide = -1, int nSpoof = -1)
    {
        double nb = counts is null ? NBonafide : nBonafide;
        long nsCount = counts is null ? NSpoof : nSpoof;
        double ns = nsCount;
        // False positives at the top distinct score: spoof trials tied with the highest score present.
        int top = Scores.Length - 1;
        while (top >= 0 && counts is not null && counts[top] == 0) top--;
        long fpsTop = 0;
        for (int i = top; i >= 0 && Scores[i] == Scores[top]; i--)
            if (!IsBonafide[i]) fpsTop += Count(counts, i);

        long bonaBelow = 0, spoofBelow = 0;
        double bestDiff = double.PositiveInfinity, bestFpr = double.NaN, bestFnr = double.NaN, bestThr = double.NaN;
        int g = 0;
        while (g < Scores.Length)
        {
            // One distinct score present in the (re)sample: [g, end).
            int end = g;
            long bonaIn = 0, spoofIn = 0;
            while (end < Scores.Length && Scores[end] == Scores[g])
            {
                if (IsBonafide[end]) bonaIn += Count(counts, end); else spoofIn += Count(counts, end);
                end++;
            }
            if (bonaIn + spoofIn > 0 && bonaBelow + bonaIn > 0)
            {
                long fps = nsCount - spoofBelow;
                double fpr = fps / ns;
                double fnr = bonaBelow / nb;
                double diff = Math.Abs(fnr - fpr);
                if (diff < bestDiff)
                {
                    bestDiff = diff; bestFpr = fpr; bestFnr = fnr; bestThr = Scores[g];
                }
                if (fps == fpsTop)
                    break;
            }
            bonaBelow += bonaIn;
            spoofBelow += spoofIn;
            g = end;
        }
        return new EerResult((bestFpr + bestFnr) / 2, bestThr) { Frr = bestFnr, Far = bestFpr };
    }

    static long Count(int[]? counts, int i) => counts is null ? 1 : counts[i];
}
