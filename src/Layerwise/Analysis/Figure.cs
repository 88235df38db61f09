namespace Layerwise.Analysis;

/// <summary>
/// One chart in both forms, drawn from the same data: the interactive Plotly HTML fragment (<see cref="Charts"/>;
/// reports, VS Code) and a static PNG (<see cref="ChartImages"/>; GitHub's notebook viewer and offline viewers,
/// which run no scripts). Each form is rendered on first use. A figure converts to its HTML fragment, so it goes
/// wherever a fragment does (<see cref="HtmlReport.Chart"/>, a string). The data both forms draw is public
/// (<see cref="Kind"/>, titles, <see cref="Series"/>, axis labels and values, <see cref="Z"/>), so a chart can be
/// checked by its data rather than by its HTML.
/// </summary>
public sealed class Figure
{
    readonly Lazy<string> html;
    readonly Lazy<byte[]> png;

    Figure(FigureKind kind, string title, string xTitle, string yTitle, Func<string> html, Func<byte[]> png)
    {
        Kind = kind;
        Title = title;
        XTitle = xTitle;
        YTitle = yTitle;
        this.html = new(html);
        this.png = new(png);
    }

    public FigureKind Kind { get; }
    public string Title { get; }
    public string XTitle { get; }
    public string YTitle { get; }
    /// <summary>A logarithmic y axis (lines).</summary>
    public bool LogY { get; private init; }
    /// <summary>Lines, scatter and bars: one series per name, in drawing order; empty for heatmaps.</summary>
    public IReadOnlyList<FigureSeries> Series { get; private init; } = [];
    /// <summary>Bar categories, or a heatmap's column labels.</summary>
    public IReadOnlyList<string> XLabels { get; private init; } = [];
    /// <summary>A heatmap's row labels, bottom-up (Plotly's order: the first row is drawn at the bottom).</summary>
    public IReadOnlyList<string> YLabels { get; private init; } = [];
    /// <summary>A numeric heatmap's column and row coordinates.</summary>
    public IReadOnlyList<double> XValues { get; private init; } = [];
    public IReadOnlyList<double> YValues { get; private init; } = [];
    /// <summary>A heatmap's cells, Z[row][column], rows in <see cref="YLabels"/>' (or <see cref="YValues"/>') order; NaN = empty.</summary>
    public IReadOnlyList<IReadOnlyList<double>> Z { get; private init; } = [];

    /// <summary>The Plotly HTML fragment (a div and its script; see <see cref="HtmlReport.ToNotebookHtml"/>).</summary>
    public string Html => html.Value;

    /// <summary>The static chart as PNG bytes.</summary>
    public byte[] Png => png.Value;

    public static implicit operator string(Figure figure) => figure.Html;

    public override string ToString() => Html;

    /// <summary>See <see cref="Charts.Heatmap"/>: rows are <paramref name="yLabels"/> bottom-up (Plotly's order).</summary>
    public static Figure Heatmap(string title, string xTitle, string yTitle, string[] xLabels, string[] yLabels, double[][] z) => new(
        FigureKind.Heatmap, title, xTitle, yTitle,
        () => Charts.Heatmap(title, xTitle, yTitle, xLabels, yLabels, z),
        () => ChartImages.Heatmap(title, xTitle, yTitle, xLabels, yLabels.Reverse().ToArray(), z.Reverse().ToArray()))
    { XLabels = xLabels, YLabels = yLabels, Z = z };

    /// <summary>See <see cref="Charts.NumericHeatmap"/>.</summary>
    public static Figure NumericHeatmap(string title, string xTitle, string yTitle, double[] x, double[] y, double[][] z) => new(
        FigureKind.NumericHeatmap, title, xTitle, yTitle,
        () => Charts.NumericHeatmap(title, xTitle, yTitle, x, y, z),
        () => ChartImages.NumericHeatmap(title, xTitle, yTitle, x, y, z))
    { XValues = x, YValues = y, Z = z };

    /// <summary>See <see cref="Charts.Lines"/>.</summary>
    public static Figure Lines(string title, string xTitle, string yTitle, string[] names, double[][] xs, double[][] ys, bool logY = false) => new(
        FigureKind.Lines, title, xTitle, yTitle,
        () => Charts.Lines(title, xTitle, yTitle, names, xs, ys, logY),
        () => ChartImages.Lines(title, xTitle, yTitle, names, xs, ys, logY))
    { LogY = logY, Series = SeriesOf(names, xs, ys, null) };

    /// <summary>See <see cref="Charts.Scatter"/>.</summary>
    public static Figure Scatter(string title, string xTitle, string yTitle, string[] names, double[][] xs, double[][] ys, string[][]? pointLabels = null) => new(
        FigureKind.Scatter, title, xTitle, yTitle,
        () => Charts.Scatter(title, xTitle, yTitle, names, xs, ys, pointLabels),
        () => ChartImages.Scatter(title, xTitle, yTitle, names, xs, ys, pointLabels))
    { Series = SeriesOf(names, xs, ys, pointLabels) };

    /// <summary>See <see cref="Charts.Bars"/>.</summary>
    public static Figure Bars(string title, string xTitle, string yTitle, string[] categories, string[] names, double[][] values) => new(
        FigureKind.Bars, title, xTitle, yTitle,
        () => Charts.Bars(title, xTitle, yTitle, categories, names, values),
        () => ChartImages.Bars(title, xTitle, yTitle, categories, names, values))
    { XLabels = categories, Series = SeriesOf(names, null, values, null) };

    static FigureSeries[] SeriesOf(string[] names, double[][]? xs, double[][] ys, string[][]? labels) =>
        names.Select((n, i) => new FigureSeries(n, xs is null || i >= xs.Length ? [] : xs[i], i < ys.Length ? ys[i] : [],
            labels is null || i >= labels.Length ? null : labels[i])).ToArray();
}
