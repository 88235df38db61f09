using Layerwise.Analysis;
using Microsoft.Data.Analysis;
using Layerwise.Notebooks;

namespace Layerwise.Tests.Analysis;

public class HtmlReportTests
{
    [Fact]
    public void SavedReportIsOneOfflineFileWithBannerTablesAndCharts()
    {
        using var dir = new ScratchDir();
        var weights = new LayerWeightTable([new("demo-la", "wav2vec2", "FFN", [0.2, 0.9, 0.4])]);
        var df = new DataFrame(new StringDataFrameColumn("backend", ["FFN", "AASIST"]),
            new PrimitiveDataFrameColumn<double>("eer_percent", [12.3456, null]));
        string path = new HtmlReport("Demo <report>")
            .Banner(HtmlReport.DemoBanner)
            .Section("Layer weights")
            .Paragraph("Weights & biases < 1")
            .Chart(StudyCharts.LayerWeightHeatmap(weights, "weights demo"))
            .Table(df, caption: "EER")
            .Table(["a", "b"], [["<x>", "1"]])
            .Save(dir.File("out/report.html"));

        string html = File.ReadAllText(path);
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!)); // atomic write leaves no temporary file
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.DoesNotContain("<script src=", html);
        Assert.Contains("plotly.js v2.28.0", html);
        Assert.Contains("<div class=\"banner\"><strong>Synthetic demo corpus with a random-weight SSL model: numbers are NOT comparable to the paper.</strong></div>", html);
        Assert.Contains("<title>Demo &lt;report&gt;</title>", html);
        Assert.Contains("<h1>Demo &lt;report&gt;</h1>", html);
        Assert.Contains("<h2>Layer weights</h2>", html);
        Assert.Contains("<p>Weights &amp; biases &lt; 1</p>", html);
        Assert.Contains("weights demo", html);
        Assert.Contains("[0.0,1.0,0.2857]", html);
        Assert.Contains("<caption>EER</caption><thead><tr><th>backend</th><th>eer_percent</th></tr></thead>", html);
        Assert.Contains("<tr><td>FFN</td><td>12.35</td></tr><tr><td>AASIST</td><td></td></tr>", html);
        Assert.Contains("<td>&lt;x&gt;</td>", html);
    }

    [Fact]
    public void NotebookHtmlUsesTheCdnUnlessEmbedded()
    {
        string fragment = StudyCharts.EerVsLayers(["FFN"], [[2, 4]], [[10.0, 8.0]]);
        string small = HtmlReport.ToNotebookHtml(fragment);
        Assert.Contains("<script src=\"https://cdn.plot.ly/plotly-2.28.0.min.js\"", small);
        Assert.True(small.Length < 100_000);
        string offline = HtmlReport.ToNotebookHtml(fragment, embedPlotlyJs: true);
        Assert.DoesNotContain("<script src=", offline);
        Assert.True(offline.Length > 1_000_000);
    }

    [Fact]
    public void LongTablesAreCut()
    {
        var df = new DataFrame(new PrimitiveDataFrameColumn<int>("i", Enumerable.Range(0, 10)));
        string html = HtmlReport.TableHtml(df, maxRows: 3);
        Assert.Equal(3, html.Split("<tr><td>").Length - 1);
        Assert.Contains("7 more rows not shown", html);
    }
}
