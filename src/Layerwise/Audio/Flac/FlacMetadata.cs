namespace Layerwise.Audio.Flac;

/// <summary>Reads the stream header: an optional ID3v2 tag, the "fLaC" marker and the metadata blocks.
/// STREAMINFO is parsed; every other block (padding, application, seektable, Vorbis comment, cuesheet,
/// picture) is skipped by its length, which is checked against the file.</summary>
internal static class FlacMetadata
{
    /// <summary>Where the ID3v2 tag (if any) ends, i.e. where "fLaC" should be. -1 if the head is too short.</summary>
    public static long SkipId3(ReadOnlySpan<byte> head, long fileLength)
    {
        if (head.Length >= 10 && head[0] == 'I' && head[1] == 'D' && head[2] == '3')
        {
            // Size: four 7-bit bytes (syncsafe); a footer (flag 0x10) adds 10 bytes.
            if ((head[6] | head[7] | head[8] | head[9]) >= 0x80)
                throw new FlacDataException("ID3v2 tag has an invalid size field");
            long size = (head[6] << 21) | (head[7] << 14) | (head[8] << 7) | head[9];
            long end = 10 + size + ((head[5] & 0x10) != 0 ? 10 : 0);
            if (end > fileLength)
                throw new FlacDataException($"ID3v2 tag claims {end} bytes but the file has {fileLength}");
            return end;
        }
        return 0;
    }

    /// <summary>True when the bytes look like FLAC (possibly behind an ID3v2 tag, which needs the stream to tell).</summary>
    public static bool HasMarker(ReadOnlySpan<byte> at) =>
        at.Length >= 4 && at[0] == 'f' && at[1] == 'L' && at[2] == 'a' && at[3] == 'C';

    /// <summary>Parses the header from a seekable stream; returns STREAMINFO and the offset of the first frame.</summary>
    public static (FlacStreamInfo Info, long AudioOffset) Read(Stream s)
    {
        long length = s.Length;
        Span<byte> head = stackalloc byte[10];
        s.Position = 0;
        int got = s.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        long start = SkipId3(head[..got], length);
        s.Position = start;
        Span<byte> marker = stackalloc byte[4];
        if (s.ReadAtLeast(marker, 4, throwOnEndOfStream: false) < 4 || !HasMarker(marker))
            throw new FlacDataException(start > 0 ? "no \"fLaC\" marker after the ID3v2 tag" : "no \"fLaC\" marker");

        FlacStreamInfo? info = null;
        Span<byte> blockHeader = stackalloc byte[4];
        bool last = false;
        int index = 0;
        while (!last)
        {
            long at = s.Position;
            if (s.ReadAtLeast(blockHeader, 4, throwOnEndOfStream: false) < 4)
                throw new FlacDataException($"truncated metadata block header at offset {at}");
            last = (blockHeader[0] & 0x80) != 0;
            int type = blockHeader[0] & 0x7F;
            int size = (blockHeader[1] << 16) | (blockHeader[2] << 8) | blockHeader[3];
            if (type == 127)
                throw new FlacDataException($"invalid metadata block type 127 at offset {at}");
            if (s.Position + size > length)
                throw new FlacDataException($"metadata block at offset {at} claims {size} bytes, past the end of the file ({length} bytes)");
            if (index == 0 && type != 0)
                throw new FlacDataException("the first metadata block is not STREAMINFO");
            if (type == 0)
            {
                if (index != 0)
                    throw new FlacDataException($"second STREAMINFO block at offset {at}");
                if (size != 34)
                    throw new FlacDataException($"STREAMINFO has length {size}, expected 34");
                var b = new byte[34];
                s.ReadExactly(b);
                info = ParseStreamInfo(b);
            }
            else
            {
                s.Position += size;
            }
            index++;
        }
        return (info!, s.Position);
    }

    static FlacStreamInfo ParseStreamInfo(byte[] b)
    {
        int minBlock = (b[0] << 8) | b[1];
        int maxBlock = (b[2] << 8) | b[3];
        int minFrame = (b[4] << 16) | (b[5] << 8) | b[6];
        int maxFrame = (b[7] << 16) | (b[8] << 8) | b[9];
        int rate = (b[10] << 12) | (b[11] << 4) | (b[12] >> 4);
        int channels = ((b[12] >> 1) & 7) + 1;
        int bps = (((b[12] & 1) << 4) | (b[13] >> 4)) + 1;
        long total = ((long)(b[13] & 0x0F) << 32) | ((long)b[14] << 24) | ((long)b[15] << 16) | ((long)b[16] << 8) | b[17];
        var md5 = b.AsSpan(18, 16).ToArray();
        if (rate == 0)
            throw new FlacDataException("STREAMINFO sample rate is 0");
        if (bps < 4)
            throw new FlacDataException($"STREAMINFO bits per sample {bps} is below 4");
        return new FlacStreamInfo(minBlock, maxBlock, minFrame, maxFrame, rate, channels, bps, total, md5);
    }
}
