using System.Buffers.Binary;
using NAudio.Wave;

namespace Layerwise.Audio.Wav;

/// <summary>WAV through NAudio's <see cref="WaveFileReader"/> (RIFF/RF64 chunk parsing, fmt incl.
/// WAVE_FORMAT_EXTENSIBLE); the sample conversion is ours so that integer samples stay exact and float64
/// (which NAudio's sample providers do not take) works. Everything NAudio throws becomes <see cref="AudioFormatException"/>.</summary>
public static class WavReader
{
    static readonly Guid SubtypePcm = new("00000001-0000-0010-8000-00aa00389b71");
    static readonly Guid SubtypeFloat = new("00000003-0000-0010-8000-00aa00389b71");

    /// <summary>True for "RIFF....WAVE" or "RF64....WAVE".</summary>
    public static bool LooksLikeWav(ReadOnlySpan<byte> head) =>
        head.Length >= 12 && (head[..4].SequenceEqual("RIFF"u8) || head[..4].SequenceEqual("RF64"u8)) && head[8..12].SequenceEqual("WAVE"u8);

    public static AudioInfo Info(string path)
    {
        using var fs = OpenFile(path);
        using var reader = Open(fs, path);
        return Describe(path, reader, fs).Info;
    }

    /// <summary>Integer PCM (8/16/24/32-bit, 8-bit re-centred to signed) exactly as stored.</summary>
    public static PcmAudio ReadPcm(string path)
    {
        using var fs = OpenFile(path);
        return ReadPcm(fs, path);
    }

    /// <summary>Float samples: integer PCM scaled by 2^-(bits-1), float32/float64 as stored (cast to float).</summary>
    public static AudioData Read(string path)
    {
        using var fs = OpenFile(path);
        return Read(fs, path);
    }

    /// <summary><see cref="ReadPcm(string)"/> from a seekable stream; <paramref name="name"/> is used in error messages.</summary>
    public static PcmAudio ReadPcm(Stream stream, string name)
    {
        var (info, bytes) = Load(stream, name);
        if (info.IsFloat)
            throw new AudioFormatException(name, $"WAV holds IEEE float samples ({info.BitsPerSample}-bit), not integer PCM");
        return new PcmAudio(info, ToInt(bytes, info));
    }

    /// <summary><see cref="Read(string)"/> from a seekable stream; <paramref name="name"/> is used in error messages.</summary>
    public static AudioData Read(Stream stream, string name)
    {
        var (info, bytes) = Load(stream, name);
        if (!info.IsFloat)
            return new PcmAudio(info, ToInt(bytes, info)).ToFloat();
        int nch = info.Channels, frames = (int)info.Samples, width = info.BitsPerSample / 8;
        var ch = new float[nch][];
        for (int c = 0; c < nch; c++)
            ch[c] = new float[frames];
        var span = bytes.AsSpan();
        int p = 0;
        for (int i = 0; i < frames; i++)
            for (int c = 0; c < nch; c++, p += width)
                ch[c][i] = width == 4
                    ? BinaryPrimitives.ReadSingleLittleEndian(span.Slice(p, 4))
                    : (float)BinaryPrimitives.ReadDoubleLittleEndian(span.Slice(p, 8));
        return new AudioData(info, ch);
    }

    /// <summary>Parses the header with NAudio, validates it and returns the raw data bytes.</summary>
    static (AudioInfo Info, byte[] Data) Load(Stream stream, string name)
    {
        using var reader = Open(stream, name);
        var info = Describe(name, reader, stream).Info;
        return (info, ReadData(name, reader, info));
    }

    /// <summary>Little-endian integer samples (8-bit unsigned, re-centred) to one int array per channel.</summary>
    static int[][] ToInt(byte[] bytes, AudioInfo info)
    {
        int nch = info.Channels, frames = (int)info.Samples, width = info.BitsPerSample / 8;
        var ch = new int[nch][];
        for (int c = 0; c < nch; c++)
            ch[c] = new int[frames];
        int p = 0;
        for (int i = 0; i < frames; i++)
        {
            for (int c = 0; c < nch; c++, p += width)
            {
                ch[c][i] = width switch
                {
                    1 => bytes[p] - 128,
                    2 => (short)(bytes[p] | (bytes[p + 1] << 8)),
                    3 => ((bytes[p] << 8) | (bytes[p + 1] << 16) | (bytes[p + 2] << 24)) >> 8,
                    _ => bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16) | (bytes[p + 3] << 24),
                };
            }
        }
        return ch;
    }

    static FileStream OpenFile(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new AudioFormatException(path, $"cannot read: {e.Message}", e);
        }
    }

    /// <summary>NAudio's reader over a stream it must not close (the caller owns it).</summary>
    static WaveFileReader Open(Stream stream, string path)
    {
        try
        {
            stream.Position = 0;
            return new WaveFileReader(new NonClosingStream(stream));
        }
        catch (Exception e) when (e is not (FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or OutOfMemoryException))
        {
            throw new AudioFormatException(path, $"not a valid WAV file: {e.Message}", e);
        }
    }

    /// <summary>Validates the fmt chunk and the data size against the file; returns info, float flag, bytes per sample.</summary>
    static (AudioInfo Info, bool IsFloat, int Width) Describe(string path, WaveFileReader reader, Stream stream)
    {
        var f = reader.WaveFormat;
        bool isFloat;
        switch (f.Encoding)
        {
            case WaveFormatEncoding.Pcm:
                isFloat = false;
                break;
            case WaveFormatEncoding.IeeeFloat:
                isFloat = true;
                break;
            case WaveFormatEncoding.Extensible:
                // NAudio's chunk reader hands extensible formats back as WaveFormatExtraData: the sub-format
                // GUID sits at bytes 6..21 of the extra data (after valid bits and the channel mask).
                Guid sub = f switch
                {
                    WaveFormatExtensible ext => ext.SubFormat,
                    WaveFormatExtraData extra when f.ExtraSize >= 22 && extra.ExtraData.Length >= 22 => new Guid(extra.ExtraData.AsSpan(6, 16)),
                    _ => throw new AudioFormatException(path, "WAVE_FORMAT_EXTENSIBLE header is too short for its sub-format"),
                };
                if (sub == SubtypePcm)
                    isFloat = false;
                else if (sub == SubtypeFloat)
                    isFloat = true;
                else
                    throw new AudioFormatException(path, $"unsupported WAVE_FORMAT_EXTENSIBLE sub-format {sub}");
                break;
            default:
                throw new AudioFormatException(path, $"unsupported WAV encoding {f.Encoding} (only PCM, IEEE float and extensible PCM/float)");
        }
        int bits = f.BitsPerSample;
        bool bitsOk = isFloat ? bits is 32 or 64 : bits is 8 or 16 or 24 or 32;
        if (!bitsOk)
            throw new AudioFormatException(path, $"unsupported {(isFloat ? "float" : "PCM")} sample size {bits} bits");
        if (f.Channels < 1)
            throw new AudioFormatException(path, $"invalid channel count {f.Channels}");
        if (f.SampleRate <= 0)
            throw new AudioFormatException(path, $"invalid sample rate {f.SampleRate}");
        int width = bits / 8;
        if (f.BlockAlign != width * f.Channels)
            throw new AudioFormatException(path, $"block align {f.BlockAlign} does not match {f.Channels} channels of {bits} bits");

        // The data chunk may claim more than the file holds: trust only the bytes that exist.
        // NAudio leaves the stream at the start of the data chunk, but silently shortens a data chunk that
        // claims more than the file holds; read the size field ourselves so truncation is reported.
        reader.Position = 0;
        long dataStart = stream.Position;
        long present = Math.Max(0, stream.Length - dataStart);
        long claimed = reader.Length;
        if (dataStart >= 8)
        {
            Span<byte> size = stackalloc byte[4];
            stream.Position = dataStart - 4;
            stream.ReadExactly(size);
            stream.Position = dataStart;
            uint raw = BinaryPrimitives.ReadUInt32LittleEndian(size);
            bool streaming = raw == uint.MaxValue; // unknown length (streaming writers, RF64): use what is there
            if (!streaming && raw > present)
                throw new AudioFormatException(path, $"truncated: the data chunk claims {raw} bytes but only {present} follow");
        }
        if (claimed > present)
            throw new AudioFormatException(path, $"truncated: the data chunk claims {claimed} bytes but only {present} follow");
        long frames = claimed / f.BlockAlign;
        if (frames > Array.MaxLength)
            throw new AudioFormatException(path, $"too long to hold in memory ({frames} samples)");
        return (new AudioInfo("wav", f.SampleRate, f.Channels, bits, frames) { IsFloat = isFloat }, isFloat, width);
    }

    static byte[] ReadData(string path, WaveFileReader reader, AudioInfo info)
    {
        long size = info.Samples * info.Channels * (info.BitsPerSample / 8);
        if (size > Array.MaxLength)
            throw new AudioFormatException(path, $"data chunk of {size} bytes is too large to hold in memory");
        var bytes = new byte[size];
        try
        {
            reader.Position = 0;
            int got = reader.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            if (got < bytes.Length)
                throw new AudioFormatException(path, $"truncated: read {got} of {bytes.Length} data bytes");
        }
        catch (IOException e)
        {
            throw new AudioFormatException(path, $"cannot read WAV data: {e.Message}", e);
        }
        return bytes;
    }
}
