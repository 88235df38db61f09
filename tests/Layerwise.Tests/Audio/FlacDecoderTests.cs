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

    [Fact]
    public void UnknownTotalDecodesToTheEndAndTrailingTagsAfterTheLastSampleAreIgnored()
    {
        var entry = Fixtures.Manifest().Single(e => e.Name == "short");
        var expected = Fixtures.Reference(entry);
        var bytes = File.ReadAllBytes(Fixtures.Flac("short"));

        var unknown = (byte[])bytes.Clone();
        unknown[8 + 13] &= 0xF0; // STREAMINFO total samples := 0 ("unknown")
        unknown[8 + 14] = unknown[8 + 15] = unknown[8 + 16] = unknown[8 + 17] = 0;
        var pcm = FlacDecoder.Decode(unknown, "unknown-total.flac", verifyMd5: true);
        Assert.Equal(expected, pcm.Channels);

        var id3v1 = new byte[128];
        "TAG"u8.CopyTo(id3v1);
        var tagged = FlacDecoder.Decode([.. bytes, .. id3v1], "tagged.flac", verifyMd5: true);
        Assert.Equal(expected, tagged.Channels);
    }

    [Fact]
    public void Md5MismatchIsReportedWhenAsked()
    {
        var bytes = File.ReadAllBytes(Fixtures.Flac("short"));
        bytes[8 + 18] ^= 0xFF; // first MD5 byte in STREAMINFO
        FlacDecoder.Decode(bytes, "md5.flac"); // not checked by default
        var e = Assert.Throws<AudioFormatException>(() => FlacDecoder.Decode(bytes, "md5.flac", verifyMd5: true));
        Assert.Contains("MD5", e.Message);
    }

    static int FirstDifference(int[] a, int[] b)
    {
        for (int i = 0; i < a.Length; i++)
            if (a[i] != b[i])
                return i;
        return -1;
    }
}
