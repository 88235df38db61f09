using Layerwise.Data.Demo;
using Layerwise.Tests.Engine;

namespace Layerwise.Tests.LayerAnalysis;

/// <summary>`layerwise analyze probe|cka|weights` on a small demo corpus cached with the tiny random SSL.</summary>
[Collection("Engine")]
public class AnalyzeCommandTests
{
    [Fact]
    public void ProbeCkaAndWeightsWriteTheirTablesImagesAndReportsWithoutRunningTheSsl()
    {
        using var dir = new TempDir();
        var corpus = DemoCorpus.EnsureCreated(dir.Sub("corpus"), new DemoCorpusOptions
        {
            TrainUtterances = 16, DevUtterances = 8, EvalUtterances = 12, MinSeconds = 1.0, MaxSeconds = 1.2,
        }).Root;
        string[] data = ["--dataset", "demo", "--root", corpus];
        var extract = CliRunner.Run(["extract", .. data, "--scenario", "demo", "--model", "tiny", "--cache", dir.Sub("cache"), "--layers", "3"]);
        Assert.True(extract.Code == 0, extract.Err);

        var probe = CliRunner.Run(["analyze", "probe", .. data, "--scenario", "demo", "--cache", dir.Sub("cache"), "--probes", "single,leave-one-out",
            "--seeds", "1,2", "--epochs", "2", "--weights", "--out", dir.Sub("probe")]);
        Assert.True(probe.Code == 0, probe.Err);
        Assert.Contains("ssl_forward_passes during the analysis: 0", probe.Out);
        Assert.Contains("12 probe runs (0 reused)", probe.Out); // 2 kinds x 3 layers x 2 seeds
        var rows = File.ReadAllLines(Path.Combine(dir.Sub("probe"), "probes.csv"));
        Assert.Equal("probe,k,layers,backend,seed,set,role,eer_percent,scores", rows[0]);
        Assert.Contains(rows, r => r.StartsWith("leave-one-out,2,\"1,3\",FFN,2,eval,eval,", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith("linear,3,\"3\",linear,,dev,dev,", StringComparison.Ordinal));
        Assert.True(Directory.Exists(Path.Combine(dir.Sub("probe"), "runs", "wav2vec2-small", "ffn_n3_layers1,3_seed2")));
        var report = File.ReadAllText(Path.Combine(dir.Sub("probe"), "report.html"));
        Assert.Contains("Layer weights over seeds", report); // no full-depth run: the leave-one-out runs' weights
        Assert.Contains("weights_FFN_n3_1-2.png", report);

        var cka = CliRunner.Run(["analyze", "cka", .. data, "--cache", dir.Sub("cache"), "--unit", "frames", "--frames-per-utterance", "3",
            "--other-cache", dir.Sub("cache"), "--out", dir.Sub("cka")]);
        Assert.True(cka.Code == 0, cka.Err);
        Assert.Contains("CKA over 24 frames x 3 layers", cka.Out); // 8 dev utterances x 3 frames
        var cross = File.ReadAllLines(Path.Combine(dir.Sub("cka"), "cka_cross.csv"));
        Assert.Equal(1 + 9, cross.Length);
        Assert.Equal(1.0, double.Parse(cross[1].Split(',')[^1], System.Globalization.CultureInfo.InvariantCulture), 9); // a model against itself: layer 1 vs 1
        Assert.True(File.Exists(Path.Combine(dir.Sub("cka"), "cka_frames.png")));
        // The same dataset found through a data home (one folder per dataset id) instead of --root.
        string home = dir.Sub("home");
        Directory.CreateDirectory(home);
        Directory.CreateSymbolicLink(Path.Combine(home, "demo"), corpus);
        var viaHome = CliRunner.Run(["analyze", "cka", "--dataset", "demo", "--data-home", home, "--cache", dir.Sub("cache"), "--unit", "frames",
            "--frames-per-utterance", "3", "--out", dir.Sub("cka-home")]);
        Assert.True(viaHome.Code == 0, viaHome.Err);
        Assert.Contains("CKA over 24 frames x 3 layers", viaHome.Out);

        var weights = CliRunner.Run(["analyze", "weights", "--runs", dir.Sub("probe"), "--out", dir.Sub("weights")]);
        Assert.True(weights.Code == 0, weights.Err);
        Assert.Contains("6 runs", weights.Out); // the leave-one-out runs (two layers each); single-layer runs have no weights to compare
        var stats = File.ReadAllLines(Path.Combine(dir.Sub("weights"), "layer_weight_stats.csv"));
        Assert.Equal(1 + 3 * 2, stats.Length);
        Assert.All(stats.Skip(1), s => Assert.Equal("2", s.Split(',')[^5])); // two seeds per configuration

        var bad = CliRunner.Run(["analyze", "probe", .. data, "--cache", dir.Sub("cache"), "--probes", "sideways", "--out", dir.Sub("bad")]);
        Assert.Equal(2, bad.Code);
        Assert.Contains("unknown probe kind 'sideways'", bad.Err);
    }
}
