using Layerwise.Analysis;
using ScottPlot;

namespace Layerwise.LayerAnalysis;

/// <summary>
/// Static PNG charts of the toolbox, written to files: curves with seed error bars, heatmaps, grouped bars,
/// histograms. The drawing is <see cref="ChartImages"/>' (ScottPlot 5 on SkiaSharp), shared with the notebooks'
/// static charts. Static images, unlike the Plotly HTML charts, go into papers and stay readable without a browser.
/// </summary>
public static class AnalysisImages
{
    public const int Width = ChartImages.Width, Height = ChartImages.Height;

    /// <summary>One line per series over shared or own x values, with optional ± error bars.</summary>
    public static void Lines(string path, string title, string xTitle, string yTitle, string[] names, double[][] xs, double[][] ys,
        double[][]? errors = null, int[]? xTicks = null) =>
        Write(path, ChartImages.Lines(title, xTitle, yTitle, names, xs, ys, errors: errors, xTicks: xTicks));

    /// <summary>A heatmap of z[row, column] with labelled rows (top to bottom) and columns, and a colour bar.</summary>
    public static void Heatmap(string path, string title, string xTitle, string yTitle, string[] columns, string[] rows, double[,] z,
        double? min = null, double? max = null) =>
        Write(path, ChartImages.Heatmap(title, xTitle, yTitle, columns, rows,
            Enumerable.Range(0, z.GetLength(0)).Select(r => Enumerable.Range(0, z.GetLength(1)).Select(c => z[r, c]).ToArray()).ToArray(), min, max));

    /// <summary>Grouped bars over categories (e.g. layers), one colour per series, optional ± error bars.</summary>
    public static void Bars(string path, string title, string xTitle, string yTitle, string[] categories, string[] names, double[][] values,
        double[][]? errors = null) =>
        Write(path, ChartImages.Bars(title, xTitle, yTitle, categories, names, values, errors));

    /// <summary>Histogram series as step outlines over shared bins.</summary>
    public static void Histogram(string path, ScoreHistogram histogram, string xTitle = "score (bona fide logit)")
    {
        var plot = ChartImages.New(histogram.Title, xTitle, "utterances");
        var e = histogram.Edges;
        for (int s = 0; s < histogram.Series.Count; s++)
        {
            var counts = histogram.Series[s].Counts;
            var xs = new List<double>();
            var ys = new List<double>();
            for (int b = 0; b < counts.Length; b++)
            {
                xs.Add(e[b]); ys.Add(counts[b]);
                xs.Add(e[b + 1]); ys.Add(counts[b]);
            }
            var line = plot.Add.Scatter(xs.ToArray(), ys.ToArray(), plot.Add.Palette.GetColor(s));
            line.MarkerSize = 0;
            line.LineWidth = 2;
            line.LegendText = histogram.Series[s].Group;
        }
        plot.ShowLegend(Alignment.UpperRight);
        Write(path, ChartImages.Encode(plot));
    }

    static void Write(string path, byte[] png) => IO.AtomicFile.Write(path, temp => File.WriteAllBytes(temp, png));
}
