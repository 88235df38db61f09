using System.Buffers.Binary;

namespace Layerwise.Audio.Wav;

/// <summary>Writes canonical RIFF WAV files: integer PCM 8/16/24/32-bit (format 1, or WAVE_FORMAT_EXTENSIBLE for
/// more than two channels or more than 16 bits, as the Microsoft spec asks) and IEEE float 32/64-bit (format 3).</summary>
public static class WavWriter
{
    /// <summary>Float samples in [-1, 1) to integer PCM (rounded, clipped) or float32/float64 when <paramref name="asFloat"/>.</summary>
    public static void Write(string path, float[][] channels, int sampleRate, int bitsPerSample, bool asFloat = false)
    {
        Validate(channels.Select(c => c.Length).ToArray(), sampleRate, bitsPerSample, asFloat);
        int nch = channels.Length;
        int n = channels[0].Length;
        int width = bitsPerSample / 8;
        using var fs = Create(path, nch, n, sampleRate, bitsPerSample, asFloat);
        var buf = new byte[Math.Min(n, 4096) * nch * width];
        double scale = Math.Pow(2, bitsPerSample - 1);
        double max = scale - 1, min = -scale;
        for (int start = 0; start < n; start += 4096)
        {
            int count = Math.Min(4096, n - start);
            int p = 0;
            for (int i = start; i < start + count; i++)
            {
                for (int c = 0; c < nch; c++, p += width)
                {
                    float v = channels[c][i];
                    if (asFloat)
                    {
                        if (width == 4)
                            BinaryPrimitives.WriteSingleLittleEndian(buf.AsSpan(p), v);
                        else
                            BinaryPrimitives.WriteDoubleLittleEndian(buf.AsSpan(p), v);
                    }
                    else
                    {
                        double s = Math.Round(v * scale);
                        PutInt(buf, p, width, (int)Math.Clamp(s, min, max));
                    }
                }
            }
            fs.Write(buf, 0, p);
        }
        Finish(fs, (long)n * nch * width);
    }

    /// <summary>Exact integer samples (e.g. <see cref="PcmAudio.Channels"/>) as integer PCM of <paramref name="bitsPerSample"/>
    /// (4..32). Values must fit. Depths that are not a whole number of bytes (e.g. 12 or 20 bits) go into the next
    /// container size, MSB-aligned as the WAVE spec asks, with WAVE_FORMAT_EXTENSIBLE's valid-bits set to the depth.</summary>
    public static void Write(string path, int[][] channels, int sampleRate, int bitsPerSample)
    {
        if (bitsPerSample is < 4 or > 32)
            throw new ArgumentException($"cannot write PCM WAV with {bitsPerSample} bits per sample");
        int container = (bitsPerSample + 7) / 8 * 8;
        int align = container - bitsPerSample;
        Validate(channels.Select(c => c.Length).ToArray(), sampleRate, container, asFloat: false);
        int nch = channels.Length;
        int n = channels[0].Length;
        int width = container / 8;
        long lo = -(1L << (bitsPerSample - 1)), hi = (1L << (bitsPerSample - 1)) - 1;
        using var fs = Create(path, nch, n, sampleRate, container, asFloat: false, validBits: bitsPerSample);
        var buf = new byte[Math.Min(n, 4096) * nch * width];
        for (int start = 0; start < n; start += 4096)
        {
            int count = Math.Min(4096, n - start);
            int p = 0;
            for (int i = start; i < start + count; i++)
            {
                for (int c = 0; c < nch; c++, p += width)
                {
                    int v = channels[c][i];
                    if (v < lo || v > hi)
                        throw new ArgumentException($"sample {v} (channel {c}, index {i}) does not fit {bitsPerSample} bits");
                    PutInt(buf, p, width, v << align);
                }
            }
            fs.Write(buf, 0, p);
        }
        Finish(fs, (long)n * nch * width);
    }

    /// <summary>Writes <paramref name="pcm"/> at its own rate, channel count and depth.</summary>
    public static void Write(string path, PcmAudio pcm) =>
        Write(path, pcm.Channels, pcm.Info.SampleRate, pcm.Info.BitsPerSample);

    static void PutInt(byte[] buf, int p, int width, int v)
    {
        if (width == 1)
        {
            buf[p] = (byte)(v + 128); // 8-bit WAV is unsigned
            return;
        }
        for (int b = 0; b < width; b++)
            buf[p + b] = (byte)(v >> (8 * b));
    }

    static void Validate(int[] lengths, int sampleRate, int bits, bool asFloat)
    {
        if (lengths.Length == 0)
            throw new ArgumentException("no channels");
        if (lengths.Length > 65535)
            throw new ArgumentException($"{lengths.Length} channels is more than WAV can hold");
        if (lengths.Any(l => l != lengths[0]))
            throw new ArgumentException("channels differ in length");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        bool ok = asFloat ? bits is 32 or 64 : bits is 8 or 16 or 24 or 32;
        if (!ok)
            throw new ArgumentException($"cannot write {(asFloat ? "float" : "PCM")} WAV with {bits} bits per sample");
        long dataBytes = (long)lengths[0] * lengths.Length * (bits / 8);
        if (dataBytes > uint.MaxValue - 100)
            throw new ArgumentException("too much audio for a RIFF WAV file (4 GiB limit)");
    }

    /// <summary>Speaker masks for 1..8 channels in FLAC's channel order (the same the flac tool writes).</summary>
    static readonly uint[] DefaultMasks = [0, 0x4, 0x3, 0x7, 0x33, 0x607, 0x60F, 0x70F, 0x63F];

    static FileStream Create(string path, int channels, int frames, int sampleRate, int bits, bool asFloat, int validBits = 0)
    {
        if (validBits == 0)
            validBits = bits;
        bool extensible = !asFloat && (channels > 2 || bits > 16 || validBits != bits);
        int width = bits / 8;
        int blockAlign = channels * width;
        long dataBytes = (long)frames * blockAlign;
        int fmtSize = extensible ? 40 : 16;
        var h = new byte[12 + 8 + fmtSize + 8];
        var s = h.AsSpan();
        "RIFF"u8.CopyTo(s);
        BinaryPrimitives.WriteUInt32LittleEndian(s[4..], (uint)(4 + 8 + fmtSize + 8 + dataBytes + (dataBytes & 1)));
        "WAVE"u8.CopyTo(s[8..]);
        "fmt "u8.CopyTo(s[12..]);
        BinaryPrimitives.WriteInt32LittleEndian(s[16..], fmtSize);
        BinaryPrimitives.WriteUInt16LittleEndian(s[20..], (ushort)(extensible ? 0xFFFE : asFloat ? 3 : 1));
        BinaryPrimitives.WriteUInt16LittleEndian(s[22..], (ushort)channels);
        BinaryPrimitives.WriteInt32LittleEndian(s[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(s[28..], sampleRate * blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(s[32..], (ushort)blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(s[34..], (ushort)bits);
        int at = 36;
        if (extensible)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(s[36..], 22);
            BinaryPrimitives.WriteUInt16LittleEndian(s[38..], (ushort)validBits);
            BinaryPrimitives.WriteUInt32LittleEndian(s[40..], channels <= 8 ? DefaultMasks[channels] : 0);
            new Guid("00000001-0000-0010-8000-00aa00389b71").TryWriteBytes(s[44..]);
            at = 60;
        }
        "data"u8.CopyTo(s[at..]);
        BinaryPrimitives.WriteUInt32LittleEndian(s[(at + 4)..], (uint)dataBytes);
        var fs = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        fs.Write(h);
        return fs;
    }

    /// <summary>RIFF chunks are word-aligned: an odd-sized data chunk gets one pad byte.</summary>
    static void Finish(FileStream fs, long dataBytes)
    {
        if ((dataBytes & 1) != 0)
            fs.WriteByte(0);
    }
}
