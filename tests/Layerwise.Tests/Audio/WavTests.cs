using Layerwise.Audio;
using Layerwise.Audio.Wav;

namespace Layerwise.Tests.Audio;

public class WavTests
{
    sealed record WavEntry(string Name, int Channels, int Bits, int Rate, int Samples, bool IsFloat);

    static IReadOnlyList<WavEntry> Manifest() =>
        File.ReadAllLines(Path.Combine(Fixtures.Dir, "wav", "manifest.tsv")).Skip(1).Where(l => l.Length > 0)
            .Select(l => l.Split('\t'))
            .Select(f => new WavEntry(f[0], int.Parse(f[1]), int.Parse(f[2]), int.Parse(f[3]), int.Parse(f[4]), f[5] == "1"))
            .ToList();

    public static IEnumerable<object[]> Names() => Manifest().Select(e => new object[] { e.Name });

    static string Wav(string name) => Path.Combine(Fixtures.Dir, "wav", name + ".wav");

    /// <summary>The values the generator put in the file, interleaved, as float64.</summary>
    static double[] Expected(string name)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Fixtures.Dir, "wav", name + ".f64"));
        var d = new double[bytes.Length / 8];
        Buffer.BlockCopy(bytes, 0, d, 0, bytes.Length);
        return d;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ReadsEveryEncodingExactly(string name)
    {
        var entry = Manifest().Single(e => e.Name == name);
        var expected = Expected(name);

        var data = AudioFile.Read(Wav(name));

        Assert.Equal(new AudioInfo("wav", entry.Rate, entry.Channels, entry.Bits, entry.Samples) { IsFloat = entry.IsFloat }, data.Info);
        Assert.Equal(AudioFile.Info(Wav(name)), data.Info);
        for (int c = 0; c < entry.Channels; c++)
            for (int i = 0; i < entry.Samples; i++)
                Assert.Equal((float)expected[i * entry.Channels + c], data.Channels[c][i]);

        if (!entry.IsFloat)
        {
            var pcm = AudioFile.ReadPcm(Wav(name));
            double scale = Math.Pow(2, entry.Bits - 1);
            for (int c = 0; c < entry.Channels; c++)
                for (int i = 0; i < entry.Samples; i++)
                    Assert.Equal((int)(expected[i * entry.Channels + c] * scale), pcm.Channels[c][i]);
        }
        else
        {
            Assert.Throws<AudioFormatException>(() => AudioFile.ReadPcm(Wav(name)));
        }
    }

    [Fact]
    public void DispatchIsByContentNotExtension()
    {
        var dir = Directory.CreateTempSubdirectory("layerwise-audio-");
        try
        {
            string wavAsFlac = Path.Combine(dir.FullName, "really-a-wav.flac");
            string flacAsWav = Path.Combine(dir.FullName, "really-a-flac.wav");
            string noExtension = Path.Combine(dir.FullName, "noext");
            File.Copy(Wav("pcm16_stereo"), wavAsFlac);
            File.Copy(Fixtures.Flac("short"), flacAsWav);
            File.Copy(Fixtures.Flac("short"), noExtension);

            Assert.Equal(AudioContainer.Wav, AudioFile.Detect(wavAsFlac));
            Assert.Equal("wav", AudioFile.Read(wavAsFlac).Info.Format);
            Assert.Equal(AudioContainer.Flac, AudioFile.Detect(flacAsWav));
            Assert.Equal("flac", AudioFile.Info(flacAsWav).Format);
            Assert.Equal(AudioFile.ReadPcm(Fixtures.Flac("short")).Channels, AudioFile.ReadPcm(noExtension).Channels);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData(8, 1)]
    [InlineData(16, 2)]
    [InlineData(24, 2)]
    [InlineData(32, 3)]
    [InlineData(12, 1)]
    [InlineData(20, 2)]
    public void WriterRoundTripsIntegerSamples(int bits, int channels)
    {
        var rng = new Random(bits * 10 + channels);
        long lo = -(1L << (bits - 1)), hi = (1L << (bits - 1)) - 1;
        var ch = Enumerable.Range(0, channels)
            .Select(_ => Enumerable.Range(0, 101).Select(i => i < 2 ? (int)(i == 0 ? lo : hi) : (int)rng.NextInt64(lo, hi + 1)).ToArray())
            .ToArray();
        string path = Path.GetTempFileName();
        try
        {
            WavWriter.Write(path, ch, 22050, bits);
            var back = AudioFile.ReadPcm(path);
            int container = (bits + 7) / 8 * 8;
            Assert.Equal(new AudioInfo("wav", 22050, channels, container, 101), back.Info);
            for (int c = 0; c < channels; c++)
                Assert.Equal(ch[c].Select(v => v << (container - bits)), back.Channels[c]); // MSB-aligned
            Assert.Equal(0, new FileInfo(path).Length % 2); // RIFF pad byte for odd data sizes
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void FloatWriterQuantisesAndKeepsFloats()
    {
        float[][] x = [[0.5f, -1f, 0.99999f, 2f, -0.25f]];
        string path = Path.GetTempFileName();
        try
        {
            WavWriter.Write(path, x, 16000, 16);
            Assert.Equal([16384, -32768, 32767, 32767, -8192], AudioFile.ReadPcm(path).Channels[0]); // rounded, clipped
            WavWriter.Write(path, x, 16000, 32, asFloat: true);
            var back = AudioFile.Read(path);
            Assert.True(back.Info.IsFloat);
            Assert.Equal(x[0], back.Channels[0]);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
