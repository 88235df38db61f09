using System.Text.Json;
using Layerwise.Tests.Demo;

namespace Layerwise.Tests.Pretraining;

public class PretrainCommandTests
{
    [Fact]
    public void ACorpusWithoutAudioExitsWithTwoAndNamesTheFolder()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.Sub("readme.txt"), "not audio");
        var (code, _, err) = CliRunner.Run("pretrain", "--corpus", dir.Path, "--out", dir.Sub("model"));
        Assert.Equal(2, code);
        Assert.Contains(dir.Path, err);
        Assert.DoesNotContain("   at ", err); // no stack trace without --verbose
    }

    [Fact]
    public void AFolderOfAudioIsPretrainedOnAndTheModelIsUsableByTheEngine()
    {
        using var dir = new TempDir();
        Layerwise.Data.Demo.DemoPretrainCorpus.EnsureCreated(dir.Sub("corpus"),
            new() { Speakers = 2, UtterancesPerSpeaker = 2, MinSeconds = 2.0, MaxSeconds = 2.2 });
        var (code, stdout, err) = CliRunner.Run("pretrain", "--corpus", dir.Sub("corpus"), "--out", dir.Sub("model"), "--steps", "2",
            "--clusters", "4", "--batch-size", "2");
        Assert.True(code == 0, err);
        var json = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(2, json.GetProperty("steps").GetInt32());
        Assert.Contains("step 2/2", err);
        var features = CliRunner.Run("features", "--model", dir.Sub("model"), "--audio",
            Directory.GetFiles(dir.Sub("corpus"), "*.wav", SearchOption.AllDirectories)[0], "--out", dir.Sub("f.safetensors"));
        Assert.True(features.Code == 0, features.Err);
    }
}
