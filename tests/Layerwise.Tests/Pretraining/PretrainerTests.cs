using System.Text.Json;
using Layerwise.Data.Demo;
using Layerwise.Models.Ssl;
using Layerwise.Pretraining;
using Layerwise.Tests.Demo;
using static TorchSharp.torch;

namespace Layerwise.Tests.Pretraining;

public class PretrainerTests
{
    static readonly DemoPretrainCorpusOptions SmallCorpus = new() { Speakers = 3, UtterancesPerSpeaker = 2, MinSeconds = 1.5, MaxSeconds = 2.0 };
    static readonly PretrainingOptions Short = new()
    {
        Steps = 4, BatchSize = 2, CropSeconds = 1.0, Clusters = 8, KMeansFrames = 300, Command = "test",
    };

    [Fact]
    public void AShortRunTwiceWritesIdenticalWeightsThatTheLoaderReads()
    {
        using var dir = new TempDir();
        DemoPretrainCorpus.EnsureCreated(dir.Sub("corpus"), SmallCorpus);
        var a = Pretrainer.Run(dir.Sub("corpus"), dir.Sub("a"), Short);
        var b = Pretrainer.Run(dir.Sub("corpus"), dir.Sub("b"), Short);

        Assert.Equal(File.ReadAllBytes(Path.Combine(dir.Sub("a"), "model.safetensors")), File.ReadAllBytes(Path.Combine(dir.Sub("b"), "model.safetensors")));
        Assert.Equal(File.ReadAllText(Path.Combine(dir.Sub("a"), PretrainingLog.FileName)), File.ReadAllText(Path.Combine(dir.Sub("b"), PretrainingLog.FileName)));
        Assert.Equal(4, a.Log.Count);
        Assert.Equal(a.Log.Select(s => s.Loss), PretrainingLog.Read(Path.Combine(dir.Sub("a"), PretrainingLog.FileName)).Select(s => s.Loss));
        Assert.All(a.Log, s => Assert.InRange(s.MaskedFraction, 0.3, 0.9));

        // A different seed gives other weights.
        var c = Pretrainer.Run(dir.Sub("corpus"), dir.Sub("c"), Short with { Seed = 2 });
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(dir.Sub("a"), "model.safetensors")), File.ReadAllBytes(Path.Combine(dir.Sub("c"), "model.safetensors")));

        Assert.Equal(Pretrainer.Architecture, SslConfig.FromFile(Path.Combine(dir.Sub("a"), "config.json")));
        using var model = SslModels.Load(dir.Sub("a"));
        Assert.Equal(SslFamily.Hubert, model.ModelType);
        Assert.Equal(["masked_spec_embed"], model.Load!.UnusedKeys);
        using var scope = NewDisposeScope();
        using var output = model.Forward(randn(1, 16000));
        Assert.Equal(5, output.Hidden.Count);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Sub("a"), Pretrainer.SummaryFileName)));
        Assert.Equal("test", json.RootElement.GetProperty("command").GetString());
        Assert.Equal(4, json.RootElement.GetProperty("steps").GetInt32());
        Assert.Equal(6, json.RootElement.GetProperty("corpus").GetProperty("utterances").GetInt32());
        Assert.Equal(0.125, json.RootElement.GetProperty("targets").GetProperty("chance_accuracy").GetDouble());
    }

    [Fact]
    public void ACorpusWithoutUsableAudioIsAnInputError()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.Sub("notes.txt"), "no audio");
        var e = Assert.Throws<PretrainingInputException>(() => Pretrainer.Run(dir.Path, dir.Sub("out"), Short));
        Assert.Contains(dir.Path, e.Message);
        Assert.Contains("no WAV/FLAC", e.Message);
    }
}
