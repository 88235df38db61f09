using Layerwise.Analysis;
using Layerwise.Models.Backends;
using Layerwise.Notebooks;
using Layerwise.Training;

namespace Layerwise.Tests.Analysis;

public sealed class NotebookStudyTests : IDisposable
{
    readonly string temp = Directory.CreateTempSubdirectory("lw-nbstudy-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    RunOutcome Run(BackendKind backend, int n, int seed, double eer)
    {
        var spec = new RunSpec(backend, n, Scenario.La19, new TrainingOptions { Seed = seed });
        var set = new SetMetrics("LA19", 10, 5, 5, eer, 0, []);
        var dev = new SetMetrics("dev", 10, 5, 5, 0, 0, []);
        var config = new RunConfig(RunConfig.CurrentFormat, spec, spec.ClassWeights, 8, new SetInfo("train", 1, ""), new SetInfo("dev", 1, ""),
            [new SetInfo("LA19", 1, "")], null, null, []);
        var metrics = new RunMetrics("official", 1, 1, null, 0, dev, [set], 0, new double[n], new double[n], 0, 0, 0, 0);
        return new RunOutcome(new RunDirectory(Path.Combine(temp, spec.Name)), config, metrics, false);
    }

    SweepResults Results(params RunOutcome[] runs) => new(
        new SweepSpec("wav2vec2", "tiny", runs.Select(r => r.Config.Spec.NumLayers).Distinct().ToList(),
            runs.Select(r => r.Config.Spec.Backend).Distinct().ToList(), [1], Scenario.La19, new TrainingOptions()), runs);

    [Fact]
    public void RecommendedDepthIsTheSmallestWithinToleranceOfTheBestBackend()
    {
        var results = Results(
            Run(BackendKind.Ffn, 1, 1, 9.0), Run(BackendKind.Ffn, 2, 1, 5.5), Run(BackendKind.Ffn, 4, 1, 5.0),
            Run(BackendKind.Aasist, 1, 1, 20), Run(BackendKind.Aasist, 4, 1, 7));

        var rec = NotebookStudy.RecommendDepth(results, "LA19", tolerancePoints: 1.0);
        Assert.Equal(("FFN", 2, 5.5, 4, 5.0), (rec.Backend, rec.NumLayers, rec.EerPercent, rec.BestNumLayers, rec.BestEerPercent));
        Assert.Equal(4, NotebookStudy.RecommendDepth(results, "LA19", tolerancePoints: 0).NumLayers);
        Assert.Equal(1, NotebookStudy.RecommendDepth(results, "LA19", tolerancePoints: 4).NumLayers);
    }

    [Fact]
    public void TradeOffPairsEachDepthsSeedMeanEerWithItsMedianTime()
    {
        // FFN n=1: seeds 10 and 20 → 15; n=2: 8; AASIST is not drawn. The cost table has n=1, 2 and an untrained n=3.
        var results = Results(Run(BackendKind.Ffn, 1, 1, 10), Run(BackendKind.Ffn, 1, 42, 20), Run(BackendKind.Ffn, 2, 1, 8), Run(BackendKind.Aasist, 1, 1, 30));
        var cost = new Microsoft.Data.Analysis.DataFrame(
            new Microsoft.Data.Analysis.Int32DataFrameColumn("n_layers", [1, 2, 3]),
            new Microsoft.Data.Analysis.DoubleDataFrameColumn("seconds_per_utterance", [0.5, 0.75, 1.0]));

        var figure = NotebookCharts.TradeOff(results, cost, BackendKind.Ffn);

        var series = Assert.Single(figure.Series);
        Assert.Equal("FFN", series.Name);
        Assert.Equal([0.5, 0.75], series.X);
        Assert.Equal([15.0, 8.0], series.Y);
        Assert.Equal(["n=1", "n=2"], series.PointLabels!);
        Assert.Contains("FFN", figure.Title);
    }

    [Fact]
    public void EerPerSetChartHasOneSeriesPerEvalSetOfOneBackend()
    {
        var a = Run(BackendKind.Ffn, 1, 1, 10);
        var b = Run(BackendKind.Ffn, 2, 1, 6);
        var withItw = (RunOutcome r, double itw) => r with { Metrics = r.Metrics with { Eval = [.. r.Metrics.Eval, new SetMetrics("ITW", 10, 5, 5, itw, 0, [])] } };
        var results = Results(withItw(a, 30), withItw(b, 25), Run(BackendKind.Aasist, 1, 1, 99));

        var figure = NotebookStudy.EerPerSetChart(results, BackendKind.Ffn, "cross");

        Assert.Equal(["LA19", "ITW"], figure.Series.Select(s => s.Name));
        Assert.All(figure.Series, s => Assert.Equal([1.0, 2.0], s.X));
        Assert.Equal([10.0, 6.0], figure.Series[0].Y);
        Assert.Equal([30.0, 25.0], figure.Series[1].Y);
    }

    [Fact]
    public void RecommendedDepthAveragesSeeds()
    {
        // n=2: seeds 4 and 8 → 6; n=4: 5 → best 5; within 0.5 points only n=4, within 1 point n=2.
        var results = Results(Run(BackendKind.Ffn, 2, 1, 4), Run(BackendKind.Ffn, 2, 42, 8), Run(BackendKind.Ffn, 4, 1, 5));
        Assert.Equal(4, NotebookStudy.RecommendDepth(results, "LA19", 0.5).NumLayers);
        Assert.Equal(2, NotebookStudy.RecommendDepth(results, "LA19", 1.0).NumLayers);
    }

    [Fact]
    public void CombineKeepsEveryRunAndTheUnionOfTheGrid()
    {
        var a = Results(Run(BackendKind.Ffn, 4, 1, 5));
        var b = Results(Run(BackendKind.Aasist, 2, 1, 6));
        var both = NotebookStudy.Combine(a, b);
        Assert.Equal(2, both.Runs.Count);
        Assert.Equal([2, 4], both.Spec.NumLayers);
        Assert.Equal([BackendKind.Ffn, BackendKind.Aasist], both.Spec.Backends);
    }
}

public sealed class NotebookStudyCollectTests : IDisposable
{
    readonly string temp = Directory.CreateTempSubdirectory("lw-nbcollect-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    [Fact]
    public void CollectedResultsKeepEachCellOnceAndDropPerStudyAverages()
    {
        var ctx = new NotebookContext
        {
            RequestedDatasetId = "demo", DatasetId = "demo", DataRoot = temp, IsDemoData = true, RequestedModel = "tiny",
            Device = "cpu", Quick = true, WorkDir = temp,
        };
        Assert.Equal(0, NotebookStudy.CollectResults(ctx).Count);
        void Write(string study, string body)
        {
            Directory.CreateDirectory(Path.Combine(ctx.RunsDir, study));
            File.WriteAllText(Path.Combine(ctx.RunsDir, study, "results.csv"),
                "model_family,size,backend,n_layers,seed,dataset,eer_percent,source\n" + body);
        }
        Write("03-a", "wav2vec2,tiny,FFN,4,1,LA19,10,a\nwav2vec2,tiny,FFN,4,1,AVG,10,a\n");
        Write("05-b", "wav2vec2,tiny,FFN,4,1,LA19,11,b\nwav2vec2,tiny,FFN,4,1,LA21,30,b\nwav2vec2,tiny,FFN,4,1,AVG,20.5,b\n");

        var table = NotebookStudy.CollectResults(ctx);
        Assert.Equal([("LA19", 10.0), ("LA21", 30.0)], table.Records.Select(r => (r.Dataset, r.EerPercent)));
        // The average is then recomputed over the distinct test sets: (10 + 30) / 2.
        Assert.Equal(20.0, table.AverageByLayers("wav2vec2", "tiny", "FFN")[4], 9);
    }

    /// <summary>03, 04 and 05 all write LA19's rows: the summary heatmap has one row per training set, the FFN on the whole model.</summary>
    [Fact]
    public void CollectedLayerWeightsHaveOneRowPerTrainingSet()
    {
        var ctx = new NotebookContext
        {
            RequestedDatasetId = "demo", DatasetId = "demo", DataRoot = temp, IsDemoData = true, RequestedModel = "tiny",
            Device = "cpu", Quick = true, WorkDir = temp,
        };
        void Write(string study, string body)
        {
            Directory.CreateDirectory(Path.Combine(ctx.RunsDir, study));
            File.WriteAllText(Path.Combine(ctx.RunsDir, study, "weights.txt"), body);
        }
        Write("03-layer-weights", "LA19\thubert\tFFN\t[0.1, 0.2, 0.3, 0.4]\tn_layers=4\nLA19\thubert\tAASIST\t[1, 2, 3, 4]\tn_layers=4\n");
        Write("04-truncation", "LA19\thubert\tFFN\t[0.5, 0.6]\tn_layers=2\nLA19\thubert\tFFN\t[0.1, 0.2, 0.3, 0.4]\tn_layers=4\n");
        Write("06-multilingual", "ADD23\thubert\tFFN\t[0.4, 0.3, 0.2, 0.1]\tn_layers=4\n");
        Write("08-song", "CtrSVDD\thubert\tFFN\t[0.2, 0.2, 0.3, 0.1]\tn_layers=4\n");

        var all = NotebookStudy.CollectLayerWeights(ctx);
        Assert.Equal(5, all.Rows.Count); // 04's copy of 03's LA19 FFN n=4 row is dropped

        var panel = NotebookStudy.OnePerTrainingSet(all, "FFN");
        Assert.Equal([("LA19", 4), ("ADD23", 4), ("CtrSVDD", 4)], panel.Rows.Select(r => (r.TrainingSet, r.Weights.Count)));
        Assert.Equal([0.1, 0.2, 0.3, 0.4], panel.Rows[0].Weights);
    }
}
