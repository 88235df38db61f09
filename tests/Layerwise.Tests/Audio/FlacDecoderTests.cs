using Layerwise.Audio;
using Layerwise.Audio.Flac;

namespace Layerwise.Tests.Audio;

public class FlacDecoderTests
{
    [Theory]
    [MemberData(nameof(Fixtures.FlacNames), MemberType = typeof(Fixtures))]
    public void DecodesBitExactlyLikeTheReferenceTool(string name)
    {
        var entry = Fixtures.Manifest().Single(e => e.Name == name);
        var expected = Fixtures.Reference(entry);

        var pcm = FlacDecoder.Decode(Fixtures.Flac(name), verifyMd5: true);

        Assert.Equal(entry.Channels, pcm.Info.Channels);
        Assert.Equal(entry.Bits, pcm.Info.BitsPerSample);
        Assert.Equal(entry.Rate, pcm.Info.SampleRate);
        Assert.Equal(entry.Samples, pcm.Info.Samples);
        Assert.Equal(expected.Length, pcm.Channels.Length);
        for (int c = 0; c < expected.Length; c++)
        {
            Assert.Equal(expected[c].Length, pcm.Channels[c].Length);
            int first = FirstDifference(expected[c], pcm.Channels[c]);
            Assert.True(first < 0, $"{name} channel {c}: first difference at sample {first}");
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures.FlacNames), MemberType = typeof(Fixtures))]
    public void InfoReadsTheHeaderOnly(string name)
    {
        var entry = Fixtures.Manifest().Single(e => e.Name == name);
        var info = AudioFile.Info(Fixtures.Flac(name));
        Assert.Equal(new AudioInfo("flac", entry.Rate, entry.Channels, entry.Bits, entry.Samples), info);
    }

    static int FirstDifference(int[] a, int[] b)
    {
        for (int i = 0; i < a.Length; i++)
            if (a[i] != b[i])
                return i;
        return -1;
    }
}
