using System.Globalization;
using Layerwise.Data;
using Layerwise.Features;
using Layerwise.Models.Backends;
using Layerwise.Training;

namespace Layerwise.Tests.Engine;

[Collection("Engine")]
public class TrainingTests
{
    static RunSpec Spec(int n = 3, int seed = 1) => new(BackendKind.Ffn, n, Scenario.Demo, StudySetup.Quick with { Seed = seed });

    [Fact]
    public void SameSeedTwiceGivesByteIdenticalScoreFilesAndAnotherSeedDoesNot()
    {
        using var s = new StudySetup();
        var a = StudyRun.Execute(Spec(), TinyBackend.Create, s.Train, s.Dev, [s.Eval], s.Dir.Sub("a"), StudySetup.Context);
        var b = StudyRun.Execute(Spec(), TinyBackend.Create, s.Train, s.Dev, [s.Eval], s.Dir.Sub("b"), StudySetup.Context);
        var c = StudyRun.Execute(Spec(seed: 42), TinyBackend.Create, s.Train, s.Dev, [s.Eval], s.Dir.Sub("c"), StudySetup.Context);
        foreach (var set in new[] { "dev", "eval" })
        {
            var fa = File.ReadAllBytes(a.Directory.ScoresPath(set));
            Assert.Equal(fa, File.ReadAllBytes(b.Directory.ScoresPath(set)));
            Assert.NotEqual(fa, File.ReadAllBytes(c.Directory.ScoresPath(set)));
            Assert.Equal(File.ReadAllBytes(a.Directory.LabelledScoresPath(set)), File.ReadAllBytes(b.Directory.LabelledScoresPath(set)));
        }
        Assert.Equal(File.ReadAllText(a.Directory.LayerWeightsPath), File.ReadAllText(b.Directory.LayerWeightsPath));
    }

    [Fact]
    public void ACrashedRunResumesFromItsLastCheckpointAndEndsAsAnUninterruptedRun()
    {
        using var s = new StudySetup();
        var whole = StudyRun.Execute(Spec(), TinyBackend.Create, s.Train, s.Dev, [s.Eval], s.Dir.Sub("whole"), StudySetup.Context);

        var dir = s.Dir.Sub("crashed");
        using var cts = new CancellationTokenSource();
        var crashing = StudySetup.Context with
        {
            CancellationToken = cts.Token,
            Progress = new SyncProgress<EpochRecord>(e => { if (e.Epoch == 2) cts.Cancel(); }),
        };
        Assert.Throws<OperationCanceledException>(() => StudyRun.Execute(Spec(), TinyBackend.Create, s.Train, s.Dev, [s.Eval], dir, crashing));
        var partial = RunDirectory.ReadJson<TrainingState>(new RunDirectory(dir).StatePath);
        Assert.Equal(2, partial.EpochsCompleted);
        Assert.False(File.Exists(Path.Combine(dir, "metrics.json")));

        var resumed = StudyRun.Execute(Spec(), TinyBackend.Create, s.Train, s.Dev, [s.Eval], dir, StudySetup.Context);
        Assert.Contains("resumed after epoch 2", File.ReadAllText(resumed.Directory.LogPath));
        Assert.Equal(whole.Metrics.EpochsTrained, resumed.Metrics.EpochsTrained);
        Assert.Equal(File.ReadAllBytes(whole.Directory.ScoresPath("eval")), File.ReadAllBytes(resumed.Directory.ScoresPath("eval")));
        Assert.Equal(File.ReadAllText(whole.Directory.LayerWeightsPath), File.ReadAllText(resumed.Directory.LayerWeightsPath));

        // A finished run is reused as is; a different configuration in the same folder is refused.
        var again = StudyRun.Execute(Spec(), TinyBackend.Create, s.Train, s.Dev, [s.Eval], dir, StudySetup.Context);
        Assert.True(again.Reused);
        Assert.Throws<LayerwiseInputException>(() => StudyRun.Execute(Spec(n: 2), TinyBackend.Create, s.Train, s.Dev, [s.Eval], dir, StudySetup.Context));
    }

    [Fact]
    public void AnEpochCapForOneBackendLimitsOnlyThatBackendsRuns()
    {
        using var s = new StudySetup();
        var spec = new SweepSpec("fake", "tiny", [2], [BackendKind.Ffn, BackendKind.Aasist], [1], Scenario.Demo,
            StudySetup.Quick with { MaxEpochs = 3, Patience = 10 })
        { MaxEpochsByBackend = new Dictionary<BackendKind, int> { [BackendKind.Aasist] = 1, [BackendKind.Ffn] = 9 } };
        var results = Sweep.Execute(spec, TinyBackend.Create, s.Train, s.Dev, [s.Eval], s.Dir.Sub("capped"), StudySetup.Context);

        var ffn = results.Runs.Single(r => r.Config.Spec.Backend == BackendKind.Ffn);
        var aasist = results.Runs.Single(r => r.Config.Spec.Backend == BackendKind.Aasist);
        Assert.Equal(3, ffn.Metrics.EpochsTrained);      // a cap above MaxEpochs does not raise it
        Assert.Equal(1, aasist.Metrics.EpochsTrained);
        Assert.Equal(1, aasist.Config.Spec.Training.MaxEpochs);
    }

    [Fact]
    public void ASubGridForOneBackendSkipsOnlyThatBackendsOtherDepths()
    {
        var spec = new SweepSpec("fake", "tiny", [1, 2, 3, 4], [BackendKind.Ffn, BackendKind.Aasist], [1, 2], Scenario.Demo, StudySetup.Quick)
        { NumLayersByBackend = new Dictionary<BackendKind, IReadOnlyList<int>> { [BackendKind.Aasist] = [1, 4, 7] } };
        var runs = spec.Runs().ToList();

        Assert.Equal(2 * (4 + 2), runs.Count);   // 7 is not in the grid: a sub-grid never adds depths
        Assert.Equal([1, 2, 3, 4], runs.Where(r => r.Backend == BackendKind.Ffn && r.Training.Seed == 2).Select(r => r.NumLayers));
        Assert.Equal([1, 4], runs.Where(r => r.Backend == BackendKind.Aasist && r.Training.Seed == 2).Select(r => r.NumLayers));
    }

    [Fact]
    public void SweepTrainsEveryConfigurationWithoutAnySslForwardPass()
    {
        using var s = new StudySetup();
        long before = SslForwardCounter.Batches;
        var spec = new SweepSpec("fake", "tiny", [1, 2, 4], [BackendKind.Ffn, BackendKind.Aasist], [1], Scenario.Demo, StudySetup.Quick with { MaxEpochs = 2 });
        var results = Sweep.Execute(spec, TinyBackend.Create, s.Train, s.Dev, [s.Eval], s.Dir.Sub("sweep"), StudySetup.Context);

        Assert.Equal(6, results.Runs.Count);
        Assert.Equal(before, SslForwardCounter.Batches);
        Assert.All(results.Runs, r =>
        {
            Assert.Equal(0, r.Metrics.SslForwardPassesDuringTraining);
            Assert.Contains("(during training: 0)", File.ReadAllText(r.Directory.LogPath));
        });

        // Results in paper_results.csv's columns: per (backend, n) one row per eval set plus AVG.
        var csv = File.ReadAllLines(Path.Combine(s.Dir.Path, "x.csv").Also(p => results.WriteResultsCsv(p)));
        Assert.Equal("model_family,size,backend,n_layers,dataset,eer_percent,source,seed", csv[0]);
        Assert.Equal(1 + 6 * 2, csv.Length);
        Assert.StartsWith("fake,tiny,FFN,1,eval,", csv[1]);
        Assert.StartsWith("fake,tiny,FFN,1,AVG,", csv[2]);
        // The seed is its own column (the run's seed), the EER the run's, rounded to 2 decimals.
        var ffn1 = results.Runs.Single(r => r.Config.Spec.Backend == BackendKind.Ffn && r.Config.Spec.NumLayers == 1);
        Assert.EndsWith($",\"layerwise run {Path.GetFileName(ffn1.Directory.Path)} (single run, seed 1)\",1", csv[1]);
        Assert.Equal(Math.Round(ffn1.Metrics.Eval[0].EerPercent, 2), double.Parse(csv[1].Split(',')[5], CultureInfo.InvariantCulture));
        var frame = results.ToDataFrame();
        Assert.Equal(12, frame.Rows.Count);
        Assert.Equal(ResultsCsv.Columns, frame.Columns.Select(c => c.Name));
        Assert.All(ResultsCsv.Read(Path.Combine(s.Dir.Path, "x.csv")), r => Assert.Equal(1, r.Seed));

        results.WriteWeightsTable(Path.Combine(s.Dir.Path, "w.txt"), "demo");
        var weights = File.ReadAllLines(Path.Combine(s.Dir.Path, "w.txt"));
        Assert.Equal(6, weights.Length);
        Assert.Matches(@"^demo\tfake\tFFN\t\[[-0-9.E, ]+\]\tn_layers=4$", weights[2]);
        Assert.Contains("1", weights[2].Split('\t')[3].Trim('[', ']').Split(", "));
    }

    [Fact]
    public void CacheLessTrainingRunsTheSslEveryEpochAndMatchesCachedTraining()
    {
        using var s = new StudySetup();
        var live = new LiveFeatureSource(s.Ssl, SyntheticData.Load, 4);
        var train = s.Train with { Features = live };
        var dev = s.Dev with { Features = live };
        var spec = Spec() with { Training = StudySetup.Quick with { MaxEpochs = 2 } };
        var liveRun = StudyRun.Execute(spec, TinyBackend.Create, train, dev, [s.Eval], s.Dir.Sub("live"), StudySetup.Context);
        // 2 epochs x (24 train + 12 dev) + the final dev scoring is outside training
        Assert.Equal(2 * (24 + 12), liveRun.Metrics.SslForwardPassesDuringTraining);
        var cachedRun = StudyRun.Execute(spec, TinyBackend.Create, s.Train, s.Dev, [s.Eval], s.Dir.Sub("cached"), StudySetup.Context);
        Assert.Equal(0, cachedRun.Metrics.SslForwardPassesDuringTraining);
        Assert.Equal(File.ReadAllBytes(cachedRun.Directory.ScoresPath("eval")), File.ReadAllBytes(liveRun.Directory.ScoresPath("eval")));
    }

    [Fact]
    public void RunDirectoryHoldsConfigMetricsScoresAndWeights()
    {
        using var s = new StudySetup();
        var r = StudyRun.Execute(Spec(), TinyBackend.Create, s.Train, s.Dev, [s.Eval], s.Dir.Sub("run"), StudySetup.Context);
        var config = RunDirectory.ReadJson<RunConfig>(r.Directory.ConfigPath);
        Assert.Equal(new[] { 0.1, 0.9 }, config.ClassWeights); // LA19's [spoof, bona fide] (reference 2.7)
        Assert.Equal(3, config.Spec.NumLayers);
        Assert.Equal(1e-4, config.Spec.Training.LearningRate);
        Assert.Equal(StudySetup.Key, config.CacheKey);

        var lines = File.ReadAllLines(r.Directory.LabelledScoresPath("eval"));
        Assert.Equal(15, lines.Length);
        Assert.Matches(@"^E_0000b bonafide -?[0-9.E-]+$", lines[0]);
        Assert.Matches(@"^E_0000s spoof -?[0-9.E-]+$", lines[6]);
        Assert.Matches(@"^E_0000b -?[0-9.E-]+$", File.ReadAllLines(r.Directory.ScoresPath("eval"))[0]);

        // Per-attack: A01 was seen in training, A07/A08 not; each attack's EER against all bona fide trials.
        var eval = r.Metrics.Eval.Single();
        Assert.Equal(["A01", "A07", "A08"], eval.PerAttack.Select(a => a.Attack));
        Assert.Equal([true, false, false], eval.PerAttack.Select(a => a.SeenInTraining));
        var scores = lines.Select(l => l.Split(' ')).ToDictionary(p => p[0], p => double.Parse(p[2], System.Globalization.CultureInfo.InvariantCulture));
        var bona = s.Eval.Utterances.Where(u => u.Label == Label.Bonafide).Select(u => scores[u.Id]).ToList();
        var a07 = s.Eval.Utterances.Where(u => u.Attack == "A07").Select(u => scores[u.Id]).ToList();
        Assert.Equal(100 * TestEer.Compute(bona, a07).Eer, eval.PerAttack[1].EerPercent, 9);
        Assert.Equal(r.Metrics.Dev.EerThreshold, r.Metrics.DecisionThreshold);

        var weights = File.ReadAllLines(r.Directory.LayerWeightsPath);
        Assert.Equal("epoch,kind,layer_1,layer_2,layer_3", weights[0]);
        Assert.Equal(1 + 2 * r.Metrics.EpochsTrained, weights.Length);
        var soft = weights[2].Split(',')[2..].Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(1.0, soft.Sum(), 6);
        var raw = weights[1].Split(',')[2..].Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var expSum = raw.Sum(Math.Exp);
        Assert.Equal(raw.Select(v => Math.Exp(v) / expSum), soft, (x, y) => Math.Abs(x - y) < 1e-6);
        Assert.True(File.Exists(r.Directory.BestModelPath));
    }

    [Fact]
    public void ShufflesArePermutationsThatDependOnSeedAndEpochOnly()
    {
        var p = ShuffleRng.Permutation(100, 1, 3);
        Assert.Equal(Enumerable.Range(0, 100), p.Order());
        Assert.Equal(p, ShuffleRng.Permutation(100, 1, 3));
        Assert.NotEqual(p, ShuffleRng.Permutation(100, 1, 4));
        Assert.NotEqual(p, ShuffleRng.Permutation(100, 42, 3));
    }

    [Fact]
    public void ScenarioWeightsFollowTheReference()
    {
        Assert.Equal((0.1, 0.9), (Scenario.La19.SpoofWeight, Scenario.La19.BonafideWeight));
        Assert.Equal((0.3, 0.7), (Scenario.Habla.SpoofWeight, Scenario.Habla.BonafideWeight));
        Assert.Equal((0.5, 0.5), (Scenario.Had.SpoofWeight, Scenario.Had.BonafideWeight));
        Assert.Equal((0.2, 0.8), (Scenario.SceneFake.SpoofWeight, Scenario.SceneFake.BonafideWeight));
        Assert.Equal((0.15, 0.85), (Scenario.CtrSvdd.SpoofWeight, Scenario.CtrSvdd.BonafideWeight));
        Assert.Equal(64600, Scenario.La19.FixedLength);
        Assert.Null(Scenario.Partial.FixedLength);
    }
}

internal static class TestExtensions
{
    public static T Also<T>(this T value, Action<T> action)
    {
        action(value);
        return value;
    }
}
