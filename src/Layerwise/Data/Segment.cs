namespace Layerwise.Data;

/// <summary>A labelled time span of a partially spoofed utterance (seconds).</summary>
public sealed record Segment(double Start, double End, Label Label);
