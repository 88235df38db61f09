using Layerwise.Metrics;

namespace Layerwise.Training;

/// <summary>An EER over bona fide and spoof scores (higher = more bona fide). The engine uses
/// <see cref="Eer.Compute"/>, the official ASVspoof EER (reference section 5.2), unless told otherwise.</summary>
public delegate EerResult EerFunction(IReadOnlyList<double> bonafide, IReadOnlyList<double> spoof);
