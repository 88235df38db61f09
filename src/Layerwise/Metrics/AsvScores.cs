namespace Layerwise.Metrics;

/// <summary>The organisers' ASV scores split by trial key: target (bona fide, same speaker), non-target (bona fide,
/// other speaker, zero-effort impostor) and spoof. Higher = more likely the claimed speaker.</summary>
public sealed record AsvScores(IReadOnlyList<double> Target, IReadOnlyList<double> Nontarget, IReadOnlyList<double> Spoof);
