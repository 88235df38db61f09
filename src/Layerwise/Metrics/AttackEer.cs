namespace Layerwise.Metrics;

/// <summary>The EER of one attack's spoof trials against all bona fide trials, by both methods.</summary>
public sealed record AttackEer(string Attack, int NSpoof, EerResult Eer, EerResult EerSklearn);
