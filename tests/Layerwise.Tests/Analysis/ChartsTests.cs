using System.Runtime.Loader;
using Layerwise.Analysis;

namespace Layerwise.Tests.Analysis;

public class ChartsTests
{
    [Fact]
    public void HeatmapCarriesTheDataAndLabels()
    {
        string html = Charts.Heatmap("Layer weights", "layer", "dataset", ["1", "2", "3"], ["LA19", "ADD23"], [[0.1, 0.5, 0.4], [0.2, 0.2, 0.6]]);
        var plot = new PlotlyJson(html);
        Assert.Equal("heatmap", plot.Type(0));
        Assert.Equal(["1", "2", "3"], plot.Strings(0, "x"));
        Assert.Equal(["LA19", "ADD23"], plot.Strings(0, "y"));
        var z = plot.Z(0);
        Assert.Equal([0.1, 0.5, 0.4], z[0]);
        Assert.Equal([0.2, 0.2, 0.6], z[1]);
        Assert.Equal(("Layer weights", "layer", "dataset"), (plot.Title, plot.AxisTitle("xaxis"), plot.AxisTitle("yaxis")));
        Assert.DoesNotContain("cdn.plot.ly", html);
    }

    [Fact]
    public void EachFigureDrawsItsOwnData()
    {
        // The figure model's series are what the Plotly fragment holds: names, x and y, in order.
        var figures = new[]
        {
            Figure.Lines("EER vs layers", "n_layers", "EER (%)", ["FFN", "AASIST"], [[1, 2, 4], [1, 2]], [[10, 8, 9], [12.5, 7.25]]),
            Figure.Scatter("trade-off", "s", "EER (%)", ["FFN"], [[0.1, 0.2]], [[12.5, 10]], [["n=2", "n=4"]]),
        };
        foreach (var f in figures)
        {
            var plot = new PlotlyJson(f.Html);
            Assert.Equal(f.Series.Count, plot.Traces.Count);
            for (int i = 0; i < f.Series.Count; i++)
            {
                Assert.Equal(f.Series[i].Name, plot.Name(i));
                Assert.Equal(f.Series[i].X, plot.Numbers(i, "x"));
                Assert.Equal(f.Series[i].Y, plot.Numbers(i, "y"));
            }
            Assert.Equal((f.Title, f.XTitle, f.YTitle), (plot.Title, plot.AxisTitle("xaxis"), plot.AxisTitle("yaxis")));
        }
        Assert.Equal(["n=2", "n=4"], new PlotlyJson(figures[1].Html).Strings(0, "text"));

        var bars = Figure.Bars("counts", "attack", "n", ["A01", "A02"], ["train", "eval"], [[3, 4], [1, 0]]);
        var b = new PlotlyJson(bars.Html);
        Assert.Equal(["train", "eval"], [b.Name(0)!, b.Name(1)!]);
        Assert.All(Enumerable.Range(0, 2), i => Assert.Equal(bars.XLabels, b.Strings(i, "x")));
        Assert.Equal([3.0, 4], b.Numbers(0, "y"));
        Assert.Equal([1.0, 0], b.Numbers(1, "y"));
    }

    [Fact]
    public void DetAxesAreProbitScaled()
    {
        var plot = new PlotlyJson(Charts.Det("DET", ["ffn"], [[0.01, 0.1, 0.5]], [[0.5, 0.1, 0.01]]));
        // probit(0.01) = -2.3263478740408408, probit(0.1) = -1.2815515655446004, probit(0.5) = 0
        double[] p = [-2.3263478740408408, -1.2815515655446004, 0];
        Assert.Equal(p, plot.Numbers(0, "x"), (a, b) => Math.Abs(a - b) < 1e-8);
        Assert.Equal(p.Reverse(), plot.Numbers(0, "y"), (a, b) => Math.Abs(a - b) < 1e-8);
        Assert.Equal("ffn", plot.Name(0));
        Assert.Equal("0.1%", plot.Layout.GetProperty("xaxis").GetProperty("ticktext")[0].GetString());
        Assert.Equal("False rejection rate (bona fide rejected)", plot.AxisTitle("yaxis"));
    }

    [Fact]
    public void DetRangeWidensForWeakSystemsOnly()
    {
        static double[] Upper(string html)
        {
            var layout = new PlotlyJson(html).Layout;
            return new[] { "xaxis", "yaxis" }.Select(a => layout.GetProperty(a).GetProperty("range")[1].GetDouble()).ToArray();
        }
        static string[] Ticks(string html) =>
            new PlotlyJson(html).Layout.GetProperty("xaxis").GetProperty("ticktext").EnumerateArray().Select(e => e.GetString()!).ToArray();

        // EER 10 %: the usual 0.05 %–50 % range; probit(0.5) = 0 is the upper bound of both axes.
        string good = Charts.Det("DET", ["good"], [[1, 0.3, 0.1, 0.02, 0]], [[0, 0.01, 0.1, 0.4, 1]]);
        Assert.Equal([0.0, 0.0], Upper(good).Select(u => Math.Round(u, 6)));
        Assert.Equal("40%", Ticks(good)[^1]);
        // EER 45 %: widened to 72 %, probit(0.72) = 0.582842, so that the equal-error region is inside the plot.
        string weak = Charts.Det("DET", ["weak"], [[1, 0.6, 0.45, 0.3, 0]], [[0, 0.3, 0.45, 0.6, 1]]);
        Assert.All(Upper(weak), u => Assert.Equal(0.582842, u, 5));
        Assert.Equal("60%", Ticks(weak)[^1]);
    }

    [Fact]
    public void PageEmbedsPlotlyJsForOfflineViewing()
    {
        string fragment = Charts.Lines("EER vs layers", "n_layers", "EER (%)", ["FFN"], [[1, 2, 4]], [[10, 8, 9]]);
        string page = Charts.Page("Report", fragment);
        Assert.StartsWith("<!DOCTYPE html>", page);
        Assert.Contains("plotly.js v2.28.0", page); // the library's own banner comment
        Assert.DoesNotContain("<script src=", page);
        Assert.True(page.Length > 1_000_000);
    }

    [Fact]
    public void PlotlyLivesInAnIsolatedLoadContext()
    {
        Charts.Bars("counts", "attack", "n", ["A01", "A02"], ["train"], [[3, 4]]);
        Assert.DoesNotContain(AssemblyLoadContext.Default.Assemblies, a => a.GetName().Name == "Plotly.NET");
        Assert.Contains(AssemblyLoadContext.All, c => c.Name == "layerwise-charts" && c.Assemblies.Any(a => a.GetName().Name == "Plotly.NET"));
    }
}
