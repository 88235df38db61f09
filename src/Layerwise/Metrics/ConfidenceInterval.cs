namespace Layerwise.Metrics;

/// <summary>A two-sided confidence interval [Lower, Upper] at <see cref="Level"/> (e.g. 0.95), from
/// <see cref="Resamples"/> bootstrap resamples drawn with <see cref="Seed"/>.</summary>
public sealed record ConfidenceInterval(double Lower, double Upper, double Level, int Resamples, int Seed);
