using Layerwise.Data;

namespace Layerwise.Metrics;

/// <summary>One line of a CM score file. <see cref="Label"/> is null for the two-column format; <see cref="Attack"/>
/// is set only by the four-column ASVspoof 2019 format. <see cref="Source"/>/<see cref="Line"/> locate the line for
/// error messages (empty/0 for scores made in memory).</summary>
public sealed record ScoreLine(string UttId, Label? Label, double Score)
{
    public string? Attack { get; init; }
    public string Source { get; init; } = "";
    public int Line { get; init; }
}
