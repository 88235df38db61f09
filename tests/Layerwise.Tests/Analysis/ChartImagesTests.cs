using Layerwise.Analysis;
using SkiaSharp;

namespace Layerwise.Tests.Analysis;

public class ChartImagesTests
{
    [Fact]
    public void EveryKindDrawsAChartAsAPng()
    {
        PngCheck.AssertDrawn(ChartImages.Lines("EER vs layers", "n_layers", "EER (%)", ["FFN", "AASIST"], [[1, 2, 4], [1, 2, 4]], [[10, 8, 9], [12, 7, 6]]), "lines");
        PngCheck.AssertDrawn(ChartImages.Lines("time", "n_layers", "s", ["median"], [[1, 2, 3]], [[0.01, 0.1, 1]], logY: true), "log lines");
        PngCheck.AssertDrawn(ChartImages.Scatter("trade-off", "s", "EER (%)", ["FFN"], [[0.1, 0.2]], [[10, 8]], [["n=1", "n=2"]]), "scatter");
        PngCheck.AssertDrawn(ChartImages.Bars("counts", "attack", "n", ["bonafide", "A01"], ["train", "eval"], [[3, 4], [5, 1]]), "bars");
        PngCheck.AssertDrawn(ChartImages.NumericHeatmap("spectrogram", "s", "Hz", [0, 0.1, 0.2], [0, 100], [[-80, -40, 0], [-20, -60, -10]]), "numeric heatmap");
    }

    [Fact]
    public void LayerWeightHeatmapPngPutsTheFirstRowOnTopAndLeavesMissingLayersEmpty()
    {
        // Row "a" = [0, 1] (n=2) over a 3-layer row "b" = [1, 0, 0.5]: the PNG's top half must differ from its bottom half,
        // and the top row's third cell (no layer 3) is left as background.
        var figure = StudyCharts.LayerWeightHeatmap(["a n=2", "b n=3"], [[0.2, 0.8], [0.9, 0.1, 0.5]]);
        byte[] png = figure.Png;
        PngCheck.AssertDrawn(png, "layer-weight heatmap");
        using var bitmap = SKBitmap.Decode(png);
        var plot = PlotArea(bitmap);
        // A quarter into each cell, off the grid lines that cross the cells' centres.
        int rowTop = plot.Top + plot.Height / 8, rowBottom = plot.Top + 5 * plot.Height / 8;
        int col(int k) => plot.Left + (4 * k + 1) * plot.Width / 12;
        // Viridis: low = dark purple, high = yellow. Top row "a": layer 1 low, layer 2 high; bottom row "b": layer 1 high.
        Assert.True(Brightness(bitmap.GetPixel(col(0), rowTop)) < Brightness(bitmap.GetPixel(col(1), rowTop)));
        Assert.True(Brightness(bitmap.GetPixel(col(0), rowBottom)) > Brightness(bitmap.GetPixel(col(1), rowBottom)));
        Assert.Equal(SKColors.White, bitmap.GetPixel(col(2), rowTop).WithAlpha(255));
        // The same figure's interactive form draws the same rows (bottom-up, Plotly's order).
        var html = new PlotlyJson(figure.Html);
        Assert.Equal("heatmap", html.Type(0));
        Assert.Equal(["b n=3", "a n=2"], html.Strings(0, "y"));
    }

    /// <summary>A single series gets no legend (ScottPlot would put one inside the data area, over the points): the image
    /// is the same whether the series is named or not.</summary>
    [Fact]
    public void ASingleSeriesDrawsNoLegend()
    {
        double[][] x = [[0.1, 0.2, 0.3]], y = [[10, 8, 2]]; // the last point in the lower right, where ScottPlot's legend goes
        Assert.Equal(ChartImages.Scatter("trade-off", "s", "EER (%)", [""], x, y), ChartImages.Scatter("trade-off", "s", "EER (%)", ["FFN"], x, y));
        Assert.Equal(ChartImages.Lines("curve", "n", "EER (%)", [""], x, y), ChartImages.Lines("curve", "n", "EER (%)", ["FFN"], x, y));
        Assert.NotEqual(ChartImages.Scatter("t", "s", "e", ["", ""], [x[0], x[0]], [y[0], [9, 7, 3]]),
            ChartImages.Scatter("t", "s", "e", ["FFN", "AASIST"], [x[0], x[0]], [y[0], [9, 7, 3]]));
    }

    [Theory]
    [InlineData(1, 4)]
    [InlineData(3, 1)]
    [InlineData(1, 1)]
    public void HeatmapsOneCellHighOrWideAreDrawn(int rows, int columns)
    {
        // ScottPlot alone draws an empty frame for these (a single layer-weight row is the common case).
        var z = Enumerable.Range(0, rows).Select(r => Enumerable.Range(0, columns).Select(c => (double)(r + c)).ToArray()).ToArray();
        using var bitmap = SKBitmap.Decode(ChartImages.Heatmap("one row", "layer", "", Enumerable.Range(1, columns).Select(c => $"{c}").ToArray(),
            Enumerable.Range(1, rows).Select(r => $"r{r}").ToArray(), z));
        var plot = PlotArea(bitmap);
        Assert.True(plot.Width > ChartImages.Width / 3 && plot.Height > ChartImages.Height / 2, $"cells drawn over {plot}, expected most of the plot");
    }

    static double Brightness(SKColor c) => c.Red + c.Green + (double)c.Blue;

    /// <summary>The heatmap's cells: top, bottom and left from the coloured (non-grey) pixels left of the colour bar; the
    /// right edge where the bottom row (all layers present) ends.</summary>
    static SKRectI PlotArea(SKBitmap b)
    {
        bool Coloured(int x, int y)
        {
            var c = b.GetPixel(x, y);
            return Math.Max(c.Red, Math.Max(c.Green, c.Blue)) - Math.Min(c.Red, Math.Min(c.Green, c.Blue)) > 40;
        }
        int left = int.MaxValue, top = int.MaxValue, bottom = 0;
        for (int y = 0; y < b.Height; y++)
            for (int x = 0; x < b.Width / 2; x++)
                if (Coloured(x, y))
                {
                    left = Math.Min(left, x); top = Math.Min(top, y); bottom = Math.Max(bottom, y);
                }
        int right = left;
        while (right + 1 < b.Width && Coloured(right + 1, bottom - 5))
            right++;
        return new SKRectI(left, top, right + 1, bottom + 1);
    }
}
