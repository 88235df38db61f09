using Layerwise.Data;

namespace Layerwise.Metrics;

/// <summary>One protocol (key) line: utterance id, key and attack id ("-" or "bonafide" for bona fide, as written),
/// plus speaker and the ASVspoof 2021 phase when present. <see cref="Source"/>/<see cref="Line"/> locate it.</summary>
public sealed record ProtocolEntry(string UttId, Label Label, string Attack)
{
    public string? Speaker { get; init; }
    public string? Phase { get; init; }
    public string Source { get; init; } = "";
    public int Line { get; init; }
}
