namespace Layerwise.Analysis;

/// <summary>What a <see cref="Figure"/> draws.</summary>
public enum FigureKind
{
    /// <summary>Cells over categorical axes (<see cref="Figure.XLabels"/> × <see cref="Figure.YLabels"/>).</summary>
    Heatmap,
    /// <summary>Cells over numeric axes (<see cref="Figure.XValues"/> × <see cref="Figure.YValues"/>).</summary>
    NumericHeatmap,
    Lines,
    Scatter,
    /// <summary>Grouped bars: one <see cref="FigureSeries"/> per group over the shared <see cref="Figure.XLabels"/>.</summary>
    Bars,
}
