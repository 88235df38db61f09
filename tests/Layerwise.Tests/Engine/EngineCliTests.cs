using System.Globalization;
using System.Text.Json;
using Layerwise.Data.Demo;

namespace Layerwise.Tests.Engine;

/// <summary>extract → train → eval → score → sweep through the CLI on a small demo corpus with the tiny random SSL.</summary>
[Collection("Engine")]
public class EngineCliTests
{
    static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    [Fact]
    public void ExtractTrainEvalScoreAndSweepWorkTogether()
    {
        using var dir = new TempDir();
        var corpus = DemoCorpus.EnsureCreated(dir.Sub("corpus"), new DemoCorpusOptions
        {
            TrainUtterances = 16, DevUtterances = 8, EvalUtterances = 12, MinSeconds = 1.0, MaxSeconds = 1.2,
        }).Root;
        string[] data = ["--dataset", "demo", "--root", corpus, "--scenario", "demo"];

        var extract = Run(["extract", .. data, "--model", "tiny", "--cache", dir.Sub("cache"), "--layers", "3"]);
        Assert.True(extract.Code == 0, extract.Err);
        var ex = JsonDocument.Parse(extract.Out).RootElement;
        Assert.Equal(new[] { 16, 8, 12 }, ex.GetProperty("splits").EnumerateArray().Select(s => s.GetProperty("computed").GetInt32()));
        string keyFolder = ex.GetProperty("cache").GetString()!;
        Assert.Contains("random:seed=0", extract.Out);

        var again = Run(["extract", .. data, "--model", "tiny", "--cache", dir.Sub("cache"), "--layers", "3", "--verify"]);
        Assert.True(again.Code == 0, again.Err);
        Assert.All(JsonDocument.Parse(again.Out).RootElement.GetProperty("splits").EnumerateArray(), s => Assert.Equal(0, s.GetProperty("computed").GetInt32()));
        Assert.Equal(36, JsonDocument.Parse(again.Out).RootElement.GetProperty("verification").GetProperty("good").GetInt32());

        var runDir = dir.Sub("run");
        var train = Run(["train", .. data, "--cache", keyFolder, "--backend", "ffn", "--n-layers", "2", "--epochs", "2", "--out", runDir]);
        Assert.True(train.Code == 0, train.Err);
        var metrics = JsonDocument.Parse(train.Out).RootElement;
        Assert.Equal(0, metrics.GetProperty("ssl_forward_passes_during_training").GetInt64());
        Assert.Contains("epoch   2", train.Err);

        var eval = Run(["eval", "--run", runDir, "--cache", keyFolder, "--dataset", "demo", "--root", corpus, "--split", "dev", "--name", "dev-again"]);
        Assert.True(eval.Code == 0, eval.Err);
        Assert.Equal(File.ReadAllText(Path.Combine(runDir, "scores", "dev.scores.txt")), File.ReadAllText(Path.Combine(runDir, "scores", "dev-again.scores.txt")));

        // score: the SSL is rebuilt from the cache key (tiny, random seed 0); the file's score equals its line in the eval score file.
        var first = File.ReadLines(Path.Combine(runDir, "scores", "eval.labelled.txt")).First().Split(' ');
        var wav = Directory.EnumerateFiles(corpus, first[0] + ".*", SearchOption.AllDirectories).Single();
        var score = Run(["score", "--run", runDir, wav]);
        Assert.True(score.Code == 0, score.Err);
        var lines = score.Out.TrimEnd().Split('\n');
        Assert.StartsWith("# run ", lines[0]);
        Assert.Matches(@"^# threshold \S+ \(dev-set EER threshold; bonafide if score > threshold\)$", lines[1]);
        Assert.Matches(@"^# layer weights \(softmax\): L1 [0-9.]+  L2 [0-9.]+$", lines[2]);
        var fields = lines[3].Split('\t');
        Assert.Equal(wav, fields[2]);
        Assert.Equal(double.Parse(first[2], CultureInfo.InvariantCulture), double.Parse(fields[0], CultureInfo.InvariantCulture), 4);
        double threshold = double.Parse(lines[1].Split(' ')[2], CultureInfo.InvariantCulture);
        Assert.Equal(double.Parse(fields[0], CultureInfo.InvariantCulture) > threshold ? "bonafide" : "spoof", fields[1]);

        var sweepDir = dir.Sub("sweep");
        var sweep = Run(["sweep", .. data, "--cache", keyFolder, "--n-layers", "1,3", "--backends", "ffn", "--epochs", "1", "--out", sweepDir]);
        Assert.True(sweep.Code == 0, sweep.Err);
        var csv = File.ReadAllLines(Path.Combine(sweepDir, "results.csv"));
        Assert.Equal("model_family,size,backend,n_layers,dataset,eer_percent,source,seed", csv[0]);
        Assert.Equal(5, csv.Length); // (n=1, n=3) x (eval, AVG)
        Assert.StartsWith("wav2vec2,small,FFN,1,demo,", csv[1]); // family from the cached model's config; the dataset (or the paper's column), never the split name

        var bad = Run(["train", .. data, "--cache", keyFolder, "--backend", "ffn", "--n-layers", "4", "--out", dir.Sub("bad")]);
        Assert.Equal(2, bad.Code); // n_layers above the cached depth is an input error
        Assert.Contains("n_layers 4", bad.Err);
    }
}
