using System.Runtime.Loader;
using System.Text.RegularExpressions;
using Layerwise.Analysis;

namespace Layerwise.Tests.Analysis;

public class ChartsTests
{
    [Fact]
    public void HeatmapCarriesTheDataAndLabels()
    {
        string html = Charts.Heatmap("Layer weights", "layer", "dataset", ["1", "2", "3"], ["LA19", "ADD23"], [[0.1, 0.5, 0.4], [0.2, 0.2, 0.6]]);
        Assert.Contains("\"type\":\"heatmap\"", html);
        Assert.Contains("[0.1,0.5,0.4]", html);
        Assert.Contains("\"LA19\"", html);
        Assert.Contains("Layer weights", html);
        Assert.DoesNotContain("cdn.plot.ly", html);
    }

    [Fact]
    public void DetAxesAreProbitScaled()
    {
        string html = Charts.Det("DET", ["ffn"], [[0.01, 0.1, 0.5]], [[0.5, 0.1, 0.01]]);
        // probit(0.1) = -1.2815515655446004, probit(0.5) = 0
        Assert.Matches(new Regex(@"-1\.28155156"), html);
        Assert.Contains("\"ticktext\":[\"0.1%\"", html);
    }

    [Fact]
    public void DetRangeWidensForWeakSystemsOnly()
    {
        static double[] Upper(string html) => Regex.Matches(html, @"""range"":\[(-?[0-9.eE+-]+),(-?[0-9.eE+-]+)\]")
            .Select(m => double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        // EER 10 %: the usual 0.05 %–50 % range; probit(0.5) = 0 is the upper bound of both axes.
        string good = Charts.Det("DET", ["good"], [[1, 0.3, 0.1, 0.02, 0]], [[0, 0.01, 0.1, 0.4, 1]]);
        Assert.Equal([0.0, 0.0], Upper(good).Select(u => Math.Round(u, 6)));
        Assert.DoesNotContain("\"60%\"", good);
        // EER 45 %: widened to 72 %, probit(0.72) = 0.582842, so that the equal-error region is inside the plot.
        string weak = Charts.Det("DET", ["weak"], [[1, 0.6, 0.45, 0.3, 0]], [[0, 0.3, 0.45, 0.6, 1]]);
        Assert.Equal(2, Upper(weak).Length);
        Assert.All(Upper(weak), u => Assert.Equal(0.582842, u, 5));
        Assert.Contains("\"60%\"", weak);
        Assert.DoesNotContain("\"80%\"", weak);
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
