using System.Security.Cryptography;
using Layerwise.Data.Demo;

namespace Layerwise.Tests.Demo;

public class DemoFlacTests
{
    static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", "demo", name);

    /// <summary>9,000 samples exercising each subframe kind: a constant block, a smooth ramp with small noise
    /// (fixed predictors), full-scale noise (verbatim), and a short odd-length last block.</summary>
    internal static short[] Signal()
    {
        var rng = new DemoRandom(99);
        var x = new short[9000];
        for (int i = 0; i < 4096; i++) x[i] = -123;
        for (int i = 4096; i < 8192; i++) x[i] = (short)(((i * 37) % 20000) - 10000 + (int)(rng.NextUInt64() % 7) - 3);
        for (int i = 8192; i < x.Length; i++) x[i] = (short)(rng.NextUInt64() & 0xFFFF);
        return x;
    }

    /// <summary>fixtures/demo/signal.flac is this encoder's output for <see cref="Signal"/>, checked with the reference
    /// `flac -t` (1.4.2); signal.wav is what the reference `flac -d` decoded from it.</summary>
    [Fact]
    public void Encoder_IsLosslessPerReferenceDecoder_AndStable()
    {
        var x = Signal();
        var decoded = DemoTestSupport.ReadWav16kMono(Fixture("signal.wav"));
        Assert.Equal(x.Length, decoded.Length);
        for (int i = 0; i < x.Length; i++) Assert.Equal(x[i], (short)Math.Round(decoded[i] * 32768));
        Assert.Equal(File.ReadAllBytes(Fixture("signal.flac")), DemoFlac.Encode(x, 16000));
    }

    [Fact]
    public void FlacCorpus_HasFlacFiles_WhoseStreamInfoMatchesTheWavCorpus()
    {
        using var tmp = new TempDir();
        var options = new DemoCorpusOptions
        {
            Seed = 4, TrainUtterances = 3, DevUtterances = 2, EvalUtterances = 3, SpeakersPerSplit = 1, MinSeconds = 1, MaxSeconds = 1.1,
        };
        DemoCorpus.Create(tmp.Sub("wav"), options);
        DemoCorpus.Create(tmp.Sub("flac"), options with { AudioFormat = DemoAudioFormat.Flac });
        var wavs = Directory.EnumerateFiles(tmp.Sub("wav"), "*.wav", SearchOption.AllDirectories).ToList();
        Assert.Equal(8, wavs.Count);
        foreach (var wav in wavs)
        {
            string rel = Path.GetRelativePath(tmp.Sub("wav"), wav);
            string flac = Path.Combine(tmp.Sub("flac"), Path.ChangeExtension(rel, ".flac"));
            var f = File.ReadAllBytes(flac);
            var w = File.ReadAllBytes(wav);
            Assert.Equal("fLaC"u8.ToArray(), f[..4]);
            // STREAMINFO: sample rate (20 bits), channels-1 (3), bps-1 (5), total samples (36), then the MD5 of the PCM.
            var si = f.AsSpan(8, 34);
            int rate = (si[10] << 12) | (si[11] << 4) | (si[12] >> 4);
            int channels = ((si[12] >> 1) & 7) + 1;
            int bps = (((si[12] & 1) << 4) | (si[13] >> 4)) + 1;
            long total = ((long)(si[13] & 0xF) << 32) | ((long)si[14] << 24) | ((long)si[15] << 16) | ((long)si[16] << 8) | si[17];
            Assert.Equal((16000, 1, 16), (rate, channels, bps));
            Assert.Equal((w.Length - 44) / 2, total);
            Assert.Equal(MD5.HashData(w.AsSpan(44)), si[18..34].ToArray());
        }
        Assert.Empty(Directory.EnumerateFiles(tmp.Sub("flac"), "*.wav", SearchOption.AllDirectories));
    }
}
