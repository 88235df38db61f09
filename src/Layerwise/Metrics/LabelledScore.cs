using Layerwise.Data;

namespace Layerwise.Metrics;

/// <summary>A scored trial with its key: what every metric consumes. <see cref="Attack"/> is the attack/system id
/// of a spoof trial ("-" when unknown; for bona fide whatever the protocol says, e.g. "-" or "bonafide").
/// <see cref="Phase"/> is the ASVspoof 2021 phase column when the protocol has one.</summary>
public sealed record LabelledScore(string UttId, Label Label, double Score, string Attack)
{
    public string? Phase { get; init; }
}
