using Layerwise.Models.Backends;
using Layerwise.Training;
using Layerwise.Training.Reports;

namespace Layerwise.Tests.Engine;

[Collection("Engine")]
public class DemoJobTests
{
    [Fact]
    public void DemoJobWritesTablesAndAReportAndNeverRunsTheSslDuringTheSweep()
    {
        using var dir = new TempDir();
        using var ssl = new FakeSsl(layers: 4);
        var model = new SslModelInfo("test/fake-ssl", "random:seed=7", RandomWeights: true, "fake", "tiny", 4, ssl.HiddenSize);
        var inputs = new DemoInputs(ssl, model, TinyBackend.Create,
            SyntheticData.Make("T", 10, 10, ["A01", "A02"]), SyntheticData.Make("D", 5, 5, ["A01", "A02"]),
            SyntheticData.Make("E", 5, 8, ["A01", "A07"]), SyntheticData.Load, n => new FakeSsl(layers: n));
        var options = new DemoOptions(dir.Path, [1, 2, 4], [BackendKind.Ffn, BackendKind.Aasist], 1,
            StudySetup.Quick with { MaxEpochs = 2 }, Scenario.Demo with { FixedLength = SyntheticData.Samples }) { TimingUtterances = 2 };

        var result = DemoJob.Run(inputs, options, new HtmlReportWriter(), context: StudySetup.Context);

        Assert.Equal(0, result.SslForwardPassesDuringSweep);
        Assert.Equal(6, result.Results.Runs.Count);
        Assert.Equal(3, result.Timing.Count);
        // Timing runs the truncated model: its parameter count grows with n (conv + n blocks).
        Assert.Equal(new[] { 1, 2, 4 }.Select(n => { using var f = new FakeSsl(layers: n); return f.ParameterCount; }), result.Timing.Select(t => t.SslParameters));
        Assert.Equal(2, result.Best.Count);
        foreach (var f in new[] { "results.csv", "runs.csv", "layer_weights.csv", "weights.txt", "timing.csv", "results.json", "report.html" })
            Assert.True(File.Exists(Path.Combine(dir.Path, f)), f);
        var html = File.ReadAllText(result.ReportPath);
        Assert.Contains("RANDOM weights", html);
        Assert.Equal(3, html.Split("<svg").Length - 1); // EER vs n, DET, time vs n (heatmaps are coloured tables)
        Assert.Equal(1 + 6 * 2, File.ReadAllLines(Path.Combine(dir.Path, "results.csv")).Length);

        // The Plotly report over the same data: offline page (plotly.js embedded) with the notice and all four charts.
        var plotly = Path.Combine(dir.Path, "report.plotly.html");
        new PlotlyReportWriter().Write(plotly, result.Report);
        var page = File.ReadAllText(plotly);
        Assert.Contains("RANDOM weights", page);
        Assert.Contains("Layer weights", page);
        Assert.Contains("Inference time per utterance", page);
        Assert.DoesNotMatch("<script[^>]*src=\"https?://", page); // offline: no script loaded from the network

        // Rerun: cache and runs are reused, nothing is computed again.
        var again = DemoJob.Run(inputs, options, new HtmlReportWriter(), context: StudySetup.Context);
        Assert.All(again.Extraction, e => Assert.Equal(0, e.Computed));
        Assert.All(again.Results.Runs, r => Assert.True(r.Reused));
    }

    [Theory]
    [InlineData(0.5, 0)]
    [InlineData(0.975, 1.959963985)]
    [InlineData(0.01, -2.326347874)]
    [InlineData(0.9999, 3.719016485)]
    public void ProbitMatchesNormalQuantiles(double p, double z) => Assert.Equal(z, HtmlReportWriter.Probit(p), 6);
}
