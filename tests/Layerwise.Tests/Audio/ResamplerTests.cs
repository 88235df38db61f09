using Layerwise.Audio;

namespace Layerwise.Tests.Audio;

public class ResamplerTests
{
    static float[] Sine(double freq, int rate, int n, double amp = 0.5) =>
        Enumerable.Range(0, n).Select(i => (float)(amp * Math.Sin(2 * Math.PI * freq * i / rate))).ToArray();

    /// <summary>SNR against the analytic sine, away from the edges (where the kernel sees zeros outside the clip).</summary>
    static double SnrDb(float[] y, double freq, int rate, double amp, int margin)
    {
        double sig = 0, err = 0;
        for (int i = margin; i < y.Length - margin; i++)
        {
            double truth = amp * Math.Sin(2 * Math.PI * freq * i / rate);
            sig += truth * truth;
            err += (y[i] - truth) * (y[i] - truth);
        }
        return 10 * Math.Log10(sig / err);
    }

    static double RmsDb(float[] y, int margin)
    {
        double e = 0;
        for (int i = margin; i < y.Length - margin; i++)
            e += y[i] * (double)y[i];
        return 10 * Math.Log10(e / (y.Length - 2 * margin));
    }

    [Theory]
    [InlineData(44100, 16000)]
    [InlineData(48000, 16000)]
    [InlineData(22050, 16000)]
    [InlineData(8000, 16000)]
    [InlineData(11025, 16000)]
    [InlineData(44100, 16001)] // coprime rates: rounded-phase path
    public void OneKilohertzSineComesOutAbove60DbSnr(int from, int to)
    {
        var x = Sine(1000, from, from); // one second
        var y = Resampler.Resample(x, from, to);
        Assert.Equal((long)from * to / from, y.Length);
        double snr = SnrDb(y, 1000, to, 0.5, margin: to / 50);
        Assert.True(snr >= 60, $"{from}->{to}: SNR {snr:F1} dB");
    }

    [Theory]
    [InlineData(9000)]
    [InlineData(10000)]
    [InlineData(15000)]
    [InlineData(20000)]
    public void ContentAboveTheNewNyquistIsSuppressed(double freq)
    {
        var x = Sine(freq, 44100, 44100);
        var y = Resampler.Resample(x, 44100, 16000);
        double level = RmsDb(y, 320) - RmsDb(x.Select(v => v).ToArray(), 0);
        Assert.True(level < -60, $"{freq} Hz leaks at {level:F1} dB");
    }

    [Fact]
    public void PassbandAndDcAreKept()
    {
        var dc = Enumerable.Repeat(0.25f, 4410).ToArray();
        var y = Resampler.Resample(dc, 44100, 16000);
        for (int i = 100; i < y.Length - 100; i++)
            Assert.Equal(0.25, y[i], 4);
        var tone = Sine(7000, 44100, 44100);
        double level = RmsDb(Resampler.Resample(tone, 44100, 16000), 320) - RmsDb(tone, 0);
        Assert.True(Math.Abs(level) < 0.1, $"7 kHz passband level {level:F3} dB");
    }

    [Fact]
    public void SameRateIsACopyAndEmptyStaysEmpty()
    {
        var x = Sine(440, 16000, 100);
        var y = Resampler.Resample(x, 16000, 16000);
        Assert.Equal(x, y);
        Assert.NotSame(x, y);
        Assert.Empty(Resampler.Resample([], 44100, 16000));
    }

    [Fact]
    public void ReadMonoDownmixesThenResamples()
    {
        // A stereo 44.1 kHz file whose channels are +s and +s/2: the mono mix is 0.75 s, resampled to 16 kHz.
        var s = Sine(1000, 44100, 22050);
        float[][] ch = [s, s.Select(v => v / 2).ToArray()];
        string path = Path.GetTempFileName();
        try
        {
            Layerwise.Audio.Wav.WavWriter.Write(path, ch, 44100, 32, asFloat: true);
            var mono = AudioFile.ReadMono(path);
            Assert.Equal(8000, mono.Length);
            double snr = SnrDb(mono, 1000, 16000, 0.375, margin: 320);
            Assert.True(snr >= 60, $"SNR {snr:F1} dB");
            Assert.Equal(AudioFile.Downmix(ch), ch[0].Zip(ch[1], (a, b) => (a + b) / 2).ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
