namespace Layerwise.Analysis;

/// <summary>
/// One chart in both forms, drawn from the same data: the interactive Plotly HTML fragment (<see cref="Charts"/>;
/// reports, VS Code) and a static PNG (<see cref="ChartImages"/>; GitHub's notebook viewer and offline viewers,
/// which run no scripts). Each form is rendered on first use. A figure converts to its HTML fragment, so it goes
/// wherever a fragment does (<see cref="HtmlReport.Chart"/>, a string).
/// </summary>
public sealed class Figure
{
    readonly Lazy<string> html;
    readonly Lazy<byte[]> png;

    Figure(Func<string> html, Func<byte[]> png)
    {
        this.html = new(html);
        this.png = new(png);
    }

    /// <summary>The Plotly HTML fragment (a div and its script; see <see cref="HtmlReport.ToNotebookHtml"/>).</summary>
    public string Html => html.Value;

    /// <summary>The static chart as PNG bytes.</summary>
    public byte[] Png => png.Value;

    public static implicit operator string(Figure figure) => figure.Html;

    public override string ToString() => Html;

    /// <summary>See <see cref="Charts.Heatmap"/>: rows are <paramref name="yLabels"/> bottom-up (Plotly's order).</summary>
    public static Figure Heatmap(string title, string xTitle, string yTitle, string[] xLabels, string[] yLabels, double[][] z) => new(
        () => Charts.Heatmap(title, xTitle, yTitle, xLabels, yLabels, z),
        () => ChartImages.Heatmap(title, xTitle, yTitle, xLabels, yLabels.Reverse().ToArray(), z.Reverse().ToArray()));

    /// <summary>See <see cref="Charts.NumericHeatmap"/>.</summary>
    public static Figure NumericHeatmap(string title, string xTitle, string yTitle, double[] x, double[] y, double[][] z) => new(
        () => Charts.NumericHeatmap(title, xTitle, yTitle, x, y, z),
        () => ChartImages.NumericHeatmap(title, xTitle, yTitle, x, y, z));

    /// <summary>See <see cref="Charts.Lines"/>.</summary>
    public static Figure Lines(string title, string xTitle, string yTitle, string[] names, double[][] xs, double[][] ys, bool logY = false) => new(
        () => Charts.Lines(title, xTitle, yTitle, names, xs, ys, logY),
        () => ChartImages.Lines(title, xTitle, yTitle, names, xs, ys, logY));

    /// <summary>See <see cref="Charts.Scatter"/>.</summary>
    public static Figure Scatter(string title, string xTitle, string yTitle, string[] names, double[][] xs, double[][] ys, string[][]? pointLabels = null) => new(
        () => Charts.Scatter(title, xTitle, yTitle, names, xs, ys, pointLabels),
        () => ChartImages.Scatter(title, xTitle, yTitle, names, xs, ys, pointLabels));

    /// <summary>See <see cref="Charts.Bars"/>.</summary>
    public static Figure Bars(string title, string xTitle, string yTitle, string[] categories, string[] names, double[][] values) => new(
        () => Charts.Bars(title, xTitle, yTitle, categories, names, values),
        () => ChartImages.Bars(title, xTitle, yTitle, categories, names, values));
}
