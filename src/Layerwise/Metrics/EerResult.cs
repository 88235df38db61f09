namespace Layerwise.Metrics;

/// <summary>An equal error rate (fraction, not percent) and the score threshold where it is reached.
/// Scores: higher = more bona fide.</summary>
public sealed record EerResult(double Eer, double Threshold);
