using System.Text.RegularExpressions;
using Layerwise.Analysis;
using Layerwise.Audio.Wav;
using Layerwise.Features;
using Layerwise.Notebooks;

namespace Layerwise.Tests.Analysis;

public sealed class NotebookHtmlTests : IDisposable
{
    readonly string temp = Directory.CreateTempSubdirectory("lw-nbhtml-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    static byte[] EmbeddedWav(string html)
    {
        var m = Regex.Match(html, "src=\"data:audio/wav;base64,([A-Za-z0-9+/=]+)\"");
        Assert.True(m.Success, html);
        return Convert.FromBase64String(m.Groups[1].Value);
    }

    [Fact]
    public void AudioPlayerEmbedsTheSamplesAsA16BitWavCutToMaxSeconds()
    {
        // 1.5 s at 16 kHz of values that 16-bit PCM represents exactly (k / 32767 after the writer's scaling).
        var samples = Enumerable.Range(0, 24000).Select(i => (float)((i % 200 - 100) * 100 / 32767.0)).ToArray();
        string path = Path.Combine(temp, "a.wav");
        WavWriter.Write(path, [samples], 16000, 16);

        var wav = EmbeddedWav(NotebookHtml.AudioPlayer(path, "caption <x>", maxSeconds: 1.0, sampleRate: 16000));
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(wav, 0, 4));
        Assert.Equal(16000, BitConverter.ToInt32(wav, 24));
        Assert.Equal(16, BitConverter.ToInt16(wav, 34));
        int dataBytes = BitConverter.ToInt32(wav, 40);
        Assert.Equal(16000 * 2, dataBytes);
        for (int i = 0; i < 16000; i += 997)
            Assert.Equal((short)((i % 200 - 100) * 100), BitConverter.ToInt16(wav, 44 + 2 * i));

        Assert.Contains("caption &lt;x&gt;", NotebookHtml.AudioPlayer(path, "caption <x>"));
        // Default: 2 s cap at 8 kHz, so this 1.5 s clip becomes 12,000 samples.
        Assert.Equal(12000 * 2, BitConverter.ToInt32(EmbeddedWav(NotebookHtml.AudioPlayer(path)), 40));
    }

    [Fact]
    public void ProgressBarShowsMegabytesAndPercent()
    {
        Assert.Contains("value=\"25\"", NotebookHtml.ProgressBar("model.safetensors", 250_000_000, 1_000_000_000));
        Assert.Contains("250.0 / 1000.0 MB", NotebookHtml.ProgressBar("model.safetensors", 250_000_000, 1_000_000_000));
        Assert.DoesNotContain("value=", NotebookHtml.ProgressBar("x", 5, null));
    }

    [Fact]
    public void ExtractionProgressIsThrottledButAlwaysShowsTheFirstAndFinalState()
    {
        var shown = new List<string>();
        var progress = NotebookHtml.ExtractionProgress(shown.Add, seconds: 3600);
        for (int done = 0; done <= 10; done++)
            progress.Report(new ExtractionProgress("demo", done, 10, done, 0, TimeSpan.Zero, null, null));
        Assert.Equal(2, shown.Count);
        Assert.Contains("0/10", shown[0]);
        Assert.Contains("10/10", shown[1]);
    }
}
