namespace Layerwise.Metrics;

/// <summary>
/// Equal error rates (fractions). Higher score = more bona fide; a sign flip of all scores changes nothing but the
/// sign of the threshold. O(n log n). The two methods agree within about one trial step, 1/min(N_bona, N_spoof),
/// for continuous scores, and can differ a lot on heavy ties: the official one splits tied trials one DET point per
/// trial with bona fide first, sklearn keeps a tie group together (e.g. all scores equal: official EER 1, sklearn 0.5).
/// </summary>
public static class Eer
{
    /// <summary>The official ASVspoof 2019/2021 EER (one DET point per trial) and its threshold
    /// (bona fide with score ≤ threshold are rejected).</summary>
    public static EerResult Compute(IReadOnlyList<double> bonafide, IReadOnlyList<double> spoof) =>
        RankedScores.From(bonafide, spoof).OfficialEer();

    /// <summary>The paper's EER (scikit-learn <c>det_curve</c> + <c>nanargmin</c>) and its threshold
    /// (trials with score ≥ threshold are accepted).</summary>
    public static EerResult ComputeSklearn(IReadOnlyList<double> bonafide, IReadOnlyList<double> spoof) =>
        RankedScores.From(bonafide, spoof).SklearnEer();

    public static EerResult Compute(IReadOnlyList<double> bonafide, IReadOnlyList<double> spoof, EerMethod method) =>
        method switch
        {
            EerMethod.Asvspoof => Compute(bonafide, spoof),
            EerMethod.Sklearn => ComputeSklearn(bonafide, spoof),
            _ => throw new ArgumentOutOfRangeException(nameof(method)),
        };
}
