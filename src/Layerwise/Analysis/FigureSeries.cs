namespace Layerwise.Analysis;

/// <summary>One named series of a line, scatter or bar <see cref="Figure"/>: its points (x, y) and, for a scatter,
/// a label per point. A bar series has no x values: its y values go with the figure's <see cref="Figure.XLabels"/>.</summary>
public sealed record FigureSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y, IReadOnlyList<string>? PointLabels = null);
