using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Layerwise.Audio.Flac;

/// <summary>A pure managed FLAC decoder (RFC 9639): every subframe type, Rice/Rice2 residuals with escapes,
/// wasted bits, all stereo decorrelations, 4–32 bits, fixed and variable block sizes, CRC-8/CRC-16 checks and
/// optional MD5 verification. Errors become <see cref="AudioFormatException"/> naming the file and offset.</summary>
public static class FlacDecoder
{
    /// <summary>True when <paramref name="head"/> starts with "fLaC" or with an ID3v2 tag (followed, one hopes, by "fLaC").</summary>
    public static bool LooksLikeFlac(ReadOnlySpan<byte> head) =>
        FlacMetadata.HasMarker(head) || (head.Length >= 3 && head[0] == 'I' && head[1] == 'D' && head[2] == '3');

    /// <summary>Reads only the header (STREAMINFO), not the audio.</summary>
    public static FlacStreamInfo ReadStreamInfo(string path)
    {
        using var fs = OpenRead(path);
        try
        {
            return FlacMetadata.Read(fs).Info;
        }
        catch (Exception e) when (e is FlacDataException or EndOfStreamException)
        {
            throw new AudioFormatException(path, $"not a valid FLAC file: {e.Message}", e);
        }
    }

    public static PcmAudio Decode(string path, bool verifyMd5 = false)
    {
        byte[] data;
        try
        {
            data = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new AudioFormatException(path, Directory.Exists(path) ? "is a directory, not an audio file" : $"cannot read: {e.Message}", e);
        }
        return Decode(data, path, verifyMd5);
    }

    /// <summary>Decodes a whole FLAC stream held in memory; <paramref name="name"/> is used in error messages.</summary>
    public static PcmAudio Decode(byte[] data, string name, bool verifyMd5 = false) => Decode(data, name, verifyMd5, checkCrc: true);

    /// <summary>With <paramref name="checkCrc"/> off, corrupted frames reach the subframe parser: the fuzz test uses
    /// this to show that the parser itself fails only with <see cref="AudioFormatException"/>.</summary>
    internal static PcmAudio Decode(byte[] data, string name, bool verifyMd5, bool checkCrc, long maxSamples = AudioLimits.MaxDecodedSamples)
    {
        FlacStreamInfo info;
        long audioOffset;
        try
        {
            using var ms = new MemoryStream(data, writable: false);
            (info, audioOffset) = FlacMetadata.Read(ms);
        }
        catch (Exception e) when (e is FlacDataException or EndOfStreamException)
        {
            throw new AudioFormatException(name, $"not a valid FLAC file: {e.Message}", e);
        }

        // The bound is enforced while decoding, on real samples: STREAMINFO's total may lie (then the file is truncated).
        var frames = new FlacFrameDecoder(data, (int)audioOffset, info) { CheckCrc = checkCrc, MaxSamples = maxSamples };
        try
        {
            frames.DecodeAll();
        }
        catch (FlacDecodedSizeException e)
        {
            throw new AudioFormatException(name, $"frame {frames.FrameIndex} at byte offset {frames.FrameStart}: {e.Message}", e);
        }
        catch (FlacDataException e)
        {
            throw new AudioFormatException(name, $"corrupt FLAC data in frame {frames.FrameIndex} at byte offset {frames.FrameStart}: {e.Message}", e);
        }

        var channels = frames.TakeChannels();
        long samples = channels[0].Length;
        var audioInfo = new AudioInfo("flac", info.SampleRate, info.Channels, info.BitsPerSample, samples);
        if (verifyMd5 && info.HasMd5)
        {
            var md5 = ComputeMd5(channels, info.BitsPerSample);
            if (!md5.AsSpan().SequenceEqual(info.Md5))
                throw new AudioFormatException(name, $"MD5 of the decoded audio ({Convert.ToHexStringLower(md5)}) does not match STREAMINFO ({Convert.ToHexStringLower(info.Md5)})");
        }
        return new PcmAudio(audioInfo, channels);
    }

    /// <summary>MD5 as FLAC defines it: interleaved samples, little-endian, (bits+7)/8 bytes each.</summary>
    public static byte[] ComputeMd5(int[][] channels, int bitsPerSample)
    {
        int bytes = (bitsPerSample + 7) / 8;
        int nch = channels.Length;
        long n = channels[0].Length;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        const int Chunk = 4096;
        var buf = new byte[Chunk * nch * bytes];
        for (long start = 0; start < n; start += Chunk)
        {
            int count = (int)Math.Min(Chunk, n - start);
            int p = 0;
            switch (bytes)
            {
                case 2 when BitConverter.IsLittleEndian:
                {
                    var dst = MemoryMarshal.Cast<byte, short>(buf.AsSpan());
                    for (int c = 0; c < nch; c++)
                    {
                        var src = channels[c].AsSpan((int)start, count);
                        for (int i = 0, q = c; i < src.Length; i++, q += nch)
                            dst[q] = (short)src[i];
                    }
                    p = count * nch * 2;
                    break;
                }
                case 3:
                    for (int i = 0; i < count; i++)
                        for (int c = 0; c < nch; c++, p += 3)
                        {
                            int v = channels[c][start + i];
                            buf[p] = (byte)v;
                            buf[p + 1] = (byte)(v >> 8);
                            buf[p + 2] = (byte)(v >> 16);
                        }
                    break;
                default:
                    for (int i = 0; i < count; i++)
                        for (int c = 0; c < nch; c++)
                        {
                            int v = channels[c][start + i];
                            for (int b = 0; b < bytes; b++)
                                buf[p++] = (byte)(v >> (8 * b));
                        }
                    break;
            }
            hash.AppendData(buf, 0, p);
        }
        return hash.GetHashAndReset();
    }

    static FileStream OpenRead(string path)
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
}
