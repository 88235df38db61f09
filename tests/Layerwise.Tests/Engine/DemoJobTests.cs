using Layerwise.Analysis;
using Layerwise.Models.Backends;
using Layerwise.Study;
using Layerwise.Training;

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

        var result = DemoJob.Run(inputs, options, new DemoReportWriter(), context: StudySetup.Context);

        Assert.Equal(0, result.SslForwardPassesDuringSweep);
        Assert.Equal(6, result.Results.Runs.Count);
        Assert.Equal(3, result.Timing.Count);
        // Timing runs the truncated model: its parameter count grows with n (conv + n blocks).
        Assert.Equal(new[] { 1, 2, 4 }.Select(n => { using var f = new FakeSsl(layers: n); return f.ParameterCount; }), result.Timing.Select(t => t.SslParameters));
        Assert.Equal(2, result.Best.Count);
        foreach (var f in new[] { "results.csv", "runs.csv", "layer_weights.csv", "weights.txt", "timing.csv", "results.json", "report.html" })
            Assert.True(File.Exists(Path.Combine(dir.Path, f)), f);
        Assert.Equal(1 + 6 * 2, File.ReadAllLines(Path.Combine(dir.Path, "results.csv")).Length);

        // One offline page (plotly.js embedded) with the notice and the four charts: EER vs n, heatmap, DET, time vs n.
        var page = File.ReadAllText(result.ReportPath);
        Assert.Contains("RANDOM weights", page);
        Assert.Contains("Layer weights", page);
        Assert.Contains("Inference time per utterance", page);
        Assert.Equal(4, System.Text.RegularExpressions.Regex.Matches(page, "var renderPlotly_").Count);
        Assert.Contains("\"type\":\"heatmap\"", page);
        Assert.DoesNotMatch("<script[^>]*src=\"https?://", page); // offline: no script loaded from the network

        // Rerun: cache and runs are reused, nothing is computed again.
        var again = DemoJob.Run(inputs, options, new DemoReportWriter(), context: StudySetup.Context);
        Assert.All(again.Extraction, e => Assert.Equal(0, e.Computed));
        Assert.All(again.Results.Runs, r => Assert.True(r.Reused));
    }
}
