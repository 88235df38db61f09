using System.Buffers.Binary;
using Layerwise.Audio;

namespace Layerwise.Tests.Audio;

/// <summary>Hostile and broken files: each must end in <see cref="AudioFormatException"/> naming the file and
/// the problem, without large allocations.</summary>
public class BadInputTests
{
    static byte[] Bytes(string path) => File.ReadAllBytes(path);

    static string WavPath(string name) => Path.Combine(Fixtures.Dir, "wav", name + ".wav");

    static AudioFormatException Fails(byte[] content, string name = "bad.bin")
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<AudioFormatException>(() => AudioFile.Read(content, name));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 8_000_000 + 20L * content.Length, $"allocated {allocated} bytes for a {content.Length}-byte input");
        Assert.StartsWith(name + ": ", e.Message);
        Assert.Equal(name, e.Path);
        return e;
    }

    [Fact]
    public void EmptyFile()
    {
        Assert.Contains("empty", Fails([]).Message);
        string path = Path.GetTempFileName();
        try
        {
            var e = Assert.Throws<AudioFormatException>(() => AudioFile.Info(path));
            Assert.Contains(path, e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void RandomBytesAndWrongMagic()
    {
        var rng = new Random(7);
        var noise = new byte[5000];
        rng.NextBytes(noise);
        noise[0] = 0x12;
        Assert.Contains("unrecognised", Fails(noise).Message);

        var flac = Bytes(Fixtures.Flac("short"));
        flac[3] = (byte)'X';
        Assert.Contains("unrecognised", Fails(flac).Message);

        var wav = Bytes(WavPath("pcm16_stereo"));
        wav[8] = (byte)'X'; // "WAVX"
        Assert.Contains("unrecognised", Fails(wav).Message);

        var id3 = "ID3\u0003\0\0\0\0\0\u0002ab"u8.ToArray().Concat(new byte[40]).ToArray(); // ID3 tag, then no fLaC
        Assert.Contains("fLaC", Fails(id3).Message);
    }

    [Theory]
    [InlineData("preset5")]
    [InlineData("bits24_stereo")]
    [InlineData("metadata_blocks")]
    [InlineData("variable_blocksize")]
    public void TruncatedFlacAnywhere(string name)
    {
        var full = Bytes(Fixtures.Flac(name));
        for (int cut = 1; cut < full.Length; cut += 97)
            Fails(full[..cut], $"{name}-cut{cut}.flac");
        Assert.Contains("truncated", Fails(full[..^2]).Message);
    }

    [Fact]
    public void TruncatedWav()
    {
        var full = Bytes(WavPath("pcm24_stereo_extensible"));
        for (int cut = 1; cut < full.Length; cut += 13)
            Fails(full[..cut], $"cut{cut}.wav");
        Assert.Contains("truncated", Fails(full[..^3]).Message);
    }

    [Fact]
    public void HugeClaimedSizes()
    {
        // WAV data chunk claiming ~2 GiB.
        var wav = Bytes(WavPath("pcm16_stereo"));
        int data = IndexOf(wav, "data"u8);
        BinaryPrimitives.WriteUInt32LittleEndian(wav.AsSpan(data + 4), 0x7FFF_FFF0);
        Assert.Contains("claims", Fails(wav).Message);

        // FLAC STREAMINFO claiming 2^36-1 samples: decoding stops at the real end.
        var flac = Bytes(Fixtures.Flac("short"));
        flac[8 + 13] |= 0x0F;
        flac[8 + 14] = flac[8 + 15] = flac[8 + 16] = flac[8 + 17] = 0xFF;
        Assert.Contains("truncated", Fails(flac).Message);

        // A metadata block claiming 16 MiB in a small file.
        var meta = Bytes(Fixtures.Flac("metadata_blocks"));
        meta[42 + 1] = meta[42 + 2] = meta[42 + 3] = 0xFF; // the block after STREAMINFO
        Assert.Contains("past the end", Fails(meta).Message);

        // An ID3v2 tag claiming more than the file.
        var id3 = Bytes(Path.Combine(Fixtures.Dir, "flac", "id3_prefix.flac"));
        id3[6] = 0x7F;
        Assert.Contains("ID3v2", Fails(id3).Message);
    }

    [Fact]
    public void ImpossibleParameters()
    {
        var flac = Bytes(Fixtures.Flac("short"));
        // STREAMINFO payload starts at byte 8; sample rate is 20 bits from payload byte 10.
        var rate0 = (byte[])flac.Clone();
        rate0[18] = 0; rate0[19] = 0; rate0[20] &= 0x0F;
        Assert.Contains("sample rate", Fails(rate0).Message);
        var bps3 = (byte[])flac.Clone();
        bps3[20] &= 0xFE; bps3[21] = (byte)((bps3[21] & 0x0F) | (2 << 4)); // bits-1 = 2
        Assert.Contains("bits per sample", Fails(bps3).Message);
        var firstNotStreamInfo = (byte[])flac.Clone();
        firstNotStreamInfo[4] = (byte)((firstNotStreamInfo[4] & 0x80) | 1);
        Assert.Contains("STREAMINFO", Fails(firstNotStreamInfo).Message);

        var wav = Bytes(WavPath("pcm16_stereo")); // canonical 44-byte header: fmt payload at 20
        var channels0 = (byte[])wav.Clone(); channels0[22] = 0;
        Fails(channels0);
        var rateZero = (byte[])wav.Clone(); rateZero[24] = rateZero[25] = rateZero[26] = rateZero[27] = 0;
        Assert.Contains("sample rate", Fails(rateZero).Message);
        var bits13 = (byte[])wav.Clone(); bits13[34] = 13;
        Assert.Contains("13 bits", Fails(bits13).Message);
        var align = (byte[])wav.Clone(); align[32] = 3;
        Assert.Contains("block align", Fails(align).Message);
        var adpcm = (byte[])wav.Clone(); adpcm[20] = 2;
        Assert.Contains("unsupported", Fails(adpcm).Message);
    }

    [Theory]
    [InlineData(0xFFFF_FFF8u)] // -8 as int: would point back at the chunk header
    [InlineData(0x8000_0000u)]
    [InlineData(0xFFFF_FFFFu)]
    public void UnknownChunkWithHostileSizeDoesNotLoop(uint size)
    {
        var wav = Bytes(WavPath("pcm16_stereo"));
        int data = IndexOf(wav, "data"u8);
        var junk = new byte[8];
        "junk"u8.CopyTo(junk);
        BinaryPrimitives.WriteUInt32LittleEndian(junk.AsSpan(4), size);
        byte[] hostile = [.. wav[..data], .. junk, .. wav[data..]];
        Assert.Contains("data chunk", Fails(hostile).Message);
    }

    static int IndexOf(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle);
}
