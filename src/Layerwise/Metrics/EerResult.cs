namespace Layerwise.Metrics;

/// <summary>An equal error rate (fraction, not percent) and the score threshold where it is reached.
/// Scores: higher = more bona fide. <see cref="Frr"/> and <see cref="Far"/> are the two rates at the chosen
/// DET point (the EER is their mean; neither method interpolates to the exact crossing).</summary>
public sealed record EerResult(double Eer, double Threshold)
{
    /// <summary>Bona fide rejection rate (miss rate) at the EER point.</summary>
    public double Frr { get; init; } = double.NaN;

    /// <summary>Spoof acceptance rate (false alarm rate) at the EER point.</summary>
    public double Far { get; init; } = double.NaN;
}
