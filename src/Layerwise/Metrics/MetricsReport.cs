using Layerwise.Data;

namespace Layerwise.Metrics;

/// <summary>
/// Everything `layerwise metrics` reports for one scored set: both EERs, ROC AUC, the per-attack breakdown, and,
/// when asked, ASV-based min t-DCF (both formulations) and a bootstrap CI of the official EER.
/// </summary>
public sealed record MetricsReport(
    int NBonafide,
    int NSpoof,
    EerResult Eer,
    EerResult EerSklearn,
    double RocAuc,
    IReadOnlyList<AttackEer> PerAttack)
{
    /// <summary>ASV error rates at the ASV EER threshold (null without ASV scores).</summary>
    public AsvErrorRates? Asv { get; init; }
    public TdcfResult? MinTdcfLegacy { get; init; }
    public TdcfResult? MinTdcfRevised { get; init; }

    /// <summary>Percentile bootstrap CI of the official EER (null without resamples).</summary>
    public ConfidenceInterval? EerCi { get; init; }

    public static MetricsReport Compute(
        IReadOnlyList<LabelledScore> scores, AsvScores? asv = null, int bootstrapResamples = 0, int seed = 0, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var bona = new List<double>();
        var spoof = new List<double>();
        foreach (var s in scores)
            (s.Label == Label.Bonafide ? bona : spoof).Add(s.Score);
        if (bona.Count == 0 || spoof.Count == 0)
            throw new ArgumentException($"need both classes, got {bona.Count} bona fide and {spoof.Count} spoof scores");

        var report = new MetricsReport(
            bona.Count,
            spoof.Count,
            Metrics.Eer.Compute(bona, spoof),
            Metrics.Eer.ComputeSklearn(bona, spoof),
            Metrics.RocAuc.Compute(bona, spoof),
            PerAttackEer.Compute(scores));
        if (asv is not null)
        {
            var rates = AsvErrorRates.From(asv);
            report = report with
            {
                Asv = rates,
                MinTdcfLegacy = Tdcf.MinTdcf(bona, spoof, rates, TdcfFormulation.Asvspoof2019Legacy),
                MinTdcfRevised = Tdcf.MinTdcf(bona, spoof, rates, TdcfFormulation.Asvspoof2021Revised),
            };
        }
        if (bootstrapResamples > 0)
            report = report with { EerCi = EerBootstrap.Compute(bona, spoof, bootstrapResamples, seed, level) };
        return report;
    }
}
