using Layerwise.Audio.Wav;
using Layerwise.Data;
using Layerwise.Tests.Data;
using Layerwise.Tests.Ssl;
using Layerwise.Training;

namespace Layerwise.Tests.Hostile;

/// <summary>Issue 16, messages: a too-short clip and a NaN score name the file and the utterance.</summary>
public class HostileMessageTests
{
    [Fact]
    public void ATooShortClipNamesTheFile()
    {
        using var dir = new TempDir();
        string clip = Path.Combine(dir.Path, "tiny-clip.wav");
        WavWriter.Write(clip, [new float[160]], 16000, 16); // 0.01 s
        var (code, _, err) = CliRunner.Run("features", "--model", SslFixtures.Folder("wav2vec2-base-tiny"), "--audio", clip,
            "--out", Path.Combine(dir.Path, "out.safetensors"));
        Assert.Equal(2, code);
        Assert.Contains(clip, err);
        Assert.Contains("too short", err);
    }

    [Fact]
    public void ANaNScoreNamesTheSetTheUtteranceAndItsAudio()
    {
        var scores = new[]
        {
            new ScoredUtterance(new Utterance("LA_E_1", "/data/LA_E_1.flac", Label.Bonafide, "-", "s1", "eval"), 1.0),
            new ScoredUtterance(new Utterance("LA_E_2", "/data/LA_E_2.flac", Label.Spoof, "A01", "s1", "eval"), -1.0),
            new ScoredUtterance(new Utterance("LA_E_3", "/data/LA_E_3.flac", Label.Spoof, "A01", "s1", "eval"), double.NaN),
        };
        var e = Assert.Throws<LayerwiseInputException>(() => Evaluation.Compute("eval", scores, (b, s) => Layerwise.Metrics.Eer.Compute(b, s)));
        Assert.Contains("set 'eval'", e.Message);
        Assert.Contains("LA_E_3", e.Message);
        Assert.Contains("/data/LA_E_3.flac", e.Message);
    }
}
