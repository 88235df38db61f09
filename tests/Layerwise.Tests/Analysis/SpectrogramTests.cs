using System.Text.Json;
using Layerwise.Analysis;
using Layerwise.Dsp;

namespace Layerwise.Tests.Analysis;

public class SpectrogramTests
{
    // Same formula as fixtures/analysis/make_spectrogram_golden.py.
    static float[] Signal(int n, int sr) => Enumerable.Range(0, n).Select(i => (float)(
        0.5 * Math.Sin(2 * Math.PI * 440 * i / sr)
        + 0.25 * Math.Sin(2 * Math.PI * 3000 * i / sr + 0.3)
        + 0.05 * ((i * 7919 % 101) / 101.0 - 0.5))).ToArray();

    [Fact]
    public void MatchesTorchStftAndTorchaudioDb()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(AnalysisFixtures.Path("spectrogram_golden.json")));
        int sr = doc.RootElement.GetProperty("sample_rate").GetInt32();
        var x = Signal(doc.RootElement.GetProperty("samples").GetInt32(), sr);
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            int nFft = c.GetProperty("n_fft").GetInt32();
            var s = Spectrogram.Compute(x, sr, nFft, c.GetProperty("hop").GetInt32(), c.GetProperty("win").GetInt32());
            var want = c.GetProperty("db").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
            Assert.Equal(c.GetProperty("bins").GetInt32(), s.Db.Length);
            Assert.Equal(c.GetProperty("frames").GetInt32(), s.Db[0].Length);
            double maxErr = 0;
            for (int b = 0; b < want.Length; b++)
                for (int t = 0; t < want[b].Length; t++)
                    maxErr = Math.Max(maxErr, Math.Abs(want[b][t] - s.Db[b][t]));
            Assert.True(maxErr < 1e-5, $"n_fft {nFft}: max |dB error| {maxErr}");
            Assert.Equal(sr / 2.0, s.Frequencies[^1]);
        }
    }

    [Fact]
    public void PeakSitsAtTheToneFrequency()
    {
        const int sr = 16000;
        var x = Enumerable.Range(0, 8000).Select(i => (float)Math.Sin(2 * Math.PI * 1000 * i / sr)).ToArray();
        var s = Spectrogram.Compute(x, sr, nFft: 512, hopLength: 256);
        int mid = s.Times.Length / 2;
        int peak = Enumerable.Range(0, s.Frequencies.Length).MaxBy(b => s.Db[b][mid]);
        Assert.Equal(1000.0, s.Frequencies[peak]); // 1000 Hz = bin 32 of 512 at 16 kHz
        Assert.Equal(80.0, s.Db[peak][mid] - s.Db.Min(r => r.Min()), 6); // 80 dB floor
    }
}
