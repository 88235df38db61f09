using System.Globalization;
using System.Text.Json;
using Layerwise.Data.Demo;
using Layerwise.Features;

namespace Layerwise.Tests.Engine;

/// <summary>`extract --dtype bfloat16` (issue 17's opt-in fast path for dataset-scale extraction): its own cache key,
/// features that are the same model's to bf16 rounding, and `score` rebuilding the SSL in the dtype the cache records.</summary>
[Collection("Engine")]
public class Bf16ExtractionTests
{
    static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    [Fact]
    public void Bf16FeaturesAreAnotherKeyWithinBf16RoundingAndScoreUsesTheRecordedDType()
    {
        using var dir = new TempDir();
        var corpus = DemoCorpus.EnsureCreated(dir.Sub("corpus"), new DemoCorpusOptions
        {
            TrainUtterances = 8, DevUtterances = 6, EvalUtterances = 6, MinSeconds = 1.0, MaxSeconds = 1.2,
        }).Root;
        string[] data = ["--dataset", "demo", "--root", corpus, "--scenario", "demo"];
        string cacheRoot = dir.Sub("cache");

        var f32 = Run(["extract", .. data, "--model", "tiny", "--cache", cacheRoot, "--layers", "2"]);
        Assert.True(f32.Code == 0, f32.Err);
        var bf16 = Run(["extract", .. data, "--model", "tiny", "--cache", cacheRoot, "--layers", "2", "--dtype", "bf16"]);
        Assert.True(bf16.Code == 0, bf16.Err);
        var j32 = JsonDocument.Parse(f32.Out).RootElement;
        var j16 = JsonDocument.Parse(bf16.Out).RootElement;
        Assert.Equal("float32", j32.GetProperty("dtype").GetString());
        Assert.Equal("bfloat16", j16.GetProperty("dtype").GetString());
        Assert.All(j16.GetProperty("splits").EnumerateArray(), s => Assert.True(s.GetProperty("computed").GetInt32() > 0));
        // No --batch: one utterance per forward on the CPU (ExtractionOptions.DefaultBatchSize), though the crops are equal.
        Assert.All(j32.GetProperty("splits").EnumerateArray(),
            s => Assert.Equal(s.GetProperty("computed").GetInt32(), s.GetProperty("ssl_forward_passes").GetInt32()));
        var batched = Run(["extract", .. data, "--model", "tiny", "--cache", dir.Sub("cache-b4"), "--layers", "2", "--batch", "4"]);
        Assert.True(batched.Code == 0, batched.Err);
        Assert.Equal(2, JsonDocument.Parse(batched.Out).RootElement.GetProperty("splits")[0].GetProperty("ssl_forward_passes").GetInt32()); // 8 train crops

        var c32 = FeatureCache.Open(j32.GetProperty("cache").GetString()!);
        var c16 = FeatureCache.Open(j16.GetProperty("cache").GetString()!);
        Assert.NotEqual(c32.Folder, c16.Folder);
        Assert.Null(c32.Key.Compute);
        Assert.Equal("bfloat16", c16.Key.Compute);
        Assert.Contains("-bfloat16-", Path.GetFileName(c16.Folder));
        Assert.Equal(c32.Key with { Compute = "bfloat16" }, c16.Key);

        // Same model, bf16 arithmetic: ~1 % apart (bf16 keeps 8 significant bits; the fp16 store alone is ~0.03 %).
        foreach (var utt in Layerwise.Data.DatasetCatalog.Read("demo", corpus, "train").Utterances.Take(3))
        {
            using var a = c32.Read("demo", utt.Id, 2);
            using var b = c16.Read("demo", utt.Id, 2);
            Assert.Equal(a.shape, b.shape);
            double rel = (a - b).norm().item<float>() / a.norm().item<float>();
            Assert.InRange(rel, 1e-3, 0.05);
        }

        // A run trained on the bf16 cache scores a file through a bf16 SSL: its score is the eval file's.
        var runDir = dir.Sub("run");
        var train = Run(["train", .. data, "--cache", c16.Folder, "--backend", "ffn", "--n-layers", "2", "--epochs", "2", "--out", runDir]);
        Assert.True(train.Code == 0, train.Err);
        var first = File.ReadLines(Path.Combine(runDir, "scores", "eval.labelled.txt")).First().Split(' ');
        var wav = Directory.EnumerateFiles(corpus, first[0] + ".*", SearchOption.AllDirectories).Single();
        var score = Run(["score", "--run", runDir, wav]);
        Assert.True(score.Code == 0, score.Err);
        var fields = score.Out.TrimEnd().Split('\n')[3].Split('\t');
        // Within the printed digits (6 decimals): a float32 SSL on these bf16-trained weights lands ~2e-5 away.
        double gap = Math.Abs(double.Parse(first[2], CultureInfo.InvariantCulture) - double.Parse(fields[0], CultureInfo.InvariantCulture));
        Assert.InRange(gap, 0, 2e-6);

        // An unknown dtype is refused before anything is extracted.
        var bad = Run(["extract", .. data, "--model", "tiny", "--cache", cacheRoot, "--layers", "2", "--dtype", "float64"]);
        Assert.NotEqual(0, bad.Code);
        Assert.Contains("unknown dtype 'float64'", bad.Err);
    }
}
