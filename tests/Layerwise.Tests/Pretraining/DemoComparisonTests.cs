using Layerwise.Analysis;
using Layerwise.Models.Backends;
using Layerwise.Pretraining;
using Layerwise.Study;
using Layerwise.Tests.Engine;
using Layerwise.Training;

namespace Layerwise.Tests.Pretraining;

[Collection("Engine")]
public class DemoComparisonTests
{
    [Fact]
    public void TheDemoStudiesBothModelsOverTheSeedsAndReportsThePretrainingCurves()
    {
        using var dir = new TempDir();
        using var ssl = new FakeSsl(layers: 2, seed: 7);
        using var random = new FakeSsl(layers: 2, seed: 8);
        var model = new SslModelInfo("test/pretrained", "sha256:x", RandomWeights: false, "fake", "tiny", 2, ssl.HiddenSize);
        var baseline = new SslModelInfo("test/random", "random:seed=8", RandomWeights: true, "fake-random", "tiny", 2, random.HiddenSize);
        var log = Enumerable.Range(1, 20).Select(s => new PretrainingStep(s, 4 - s * 0.05, 0.02 + s * 0.01, 0.57, 1e-3)).ToList();
        var pre = new PretrainedModelInfo("folder", "layerwise pretrain --steps 20", 20, 50, 3.0, 0.2, 0.08, 12, log);
        var inputs = new DemoInputs(ssl, model, TinyBackend.Create,
            SyntheticData.Make("T", 10, 10, ["A01", "A02"]), SyntheticData.Make("D", 5, 5, ["A01", "A02"]),
            SyntheticData.Make("E", 5, 8, ["A01", "A07"]), SyntheticData.Load, n => new FakeSsl(layers: n),
            new DemoBaseline(random, baseline), pre);
        var options = new DemoOptions(dir.Path, [1, 2], [BackendKind.Ffn], 1,
            StudySetup.Quick with { MaxEpochs = 2 }, Scenario.Demo with { FixedLength = SyntheticData.Samples })
        { TimingUtterances = 2, ComparisonSeeds = [1, 2, 3] };

        var result = DemoJob.Run(inputs, options, new DemoReportWriter(), context: StudySetup.Context);

        var runs = result.Comparison!.Runs;
        Assert.Equal(2 * 2 * 3, runs.Count); // models x depths x seeds
        Assert.Equal(6, runs.Count(r => r.RandomWeights));
        // The main model's seed-1 runs are the main sweep's, reused from disk: the same EERs.
        foreach (var main in result.Results.Runs)
            Assert.Equal(main.Metrics.Eval[0].EerPercent,
                runs.Single(r => !r.RandomWeights && r.Seed == 1 && r.NumLayers == main.Config.Spec.NumLayers).EvalEerPercent);
        var cells = result.Comparison.Cells();
        Assert.Equal(4, cells.Count);
        Assert.All(cells, c => Assert.InRange(c.Mean, c.Min, c.Max));
        Assert.Equal(1 + 12, File.ReadAllLines(Path.Combine(dir.Path, DemoComparison.FileName)).Length);
        Assert.Equal(2 * 3, result.Extraction.Count); // train, dev and eval of each model

        var page = File.ReadAllText(result.ReportPath);
        Assert.Contains("Random weights vs pretrained", page);
        Assert.Contains("Masked-frame target accuracy", page);
        Assert.Contains("layerwise pretrain --steps 20", page);
        Assert.Contains("pretrained by this project on SYNTHETIC speech", page);
    }
}
