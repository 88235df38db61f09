namespace Layerwise.Audio.Flac;

/// <summary>FLAC's frame checksums: CRC-8 (poly 0x07) over the header, CRC-16 (poly 0x8005) over the frame.</summary>
internal static class FlacCrc
{
    static readonly byte[] Table8 = BuildTable8();
    static readonly ushort[][] Table16 = BuildTable16();

    static byte[] BuildTable8()
    {
        var t = new byte[256];
        for (int i = 0; i < 256; i++)
        {
            int c = i;
            for (int b = 0; b < 8; b++)
                c = (c & 0x80) != 0 ? ((c << 1) ^ 0x07) & 0xFF : (c << 1) & 0xFF;
            t[i] = (byte)c;
        }
        return t;
    }

    // Slice-by-8 tables: the CRC-16 runs over every byte of every frame.
    static ushort[][] BuildTable16()
    {
        var t = new ushort[8][];
        for (int s = 0; s < 8; s++)
            t[s] = new ushort[256];
        for (int i = 0; i < 256; i++)
        {
            int c = i << 8;
            for (int b = 0; b < 8; b++)
                c = (c & 0x8000) != 0 ? ((c << 1) ^ 0x8005) & 0xFFFF : (c << 1) & 0xFFFF;
            t[0][i] = (ushort)c;
        }
        for (int i = 0; i < 256; i++)
            for (int s = 1; s < 8; s++)
                t[s][i] = (ushort)((t[s - 1][i] << 8) ^ t[0][t[s - 1][i] >> 8]);
        return t;
    }

    public static byte Crc8(ReadOnlySpan<byte> data)
    {
        int c = 0;
        foreach (byte b in data)
            c = Table8[c ^ b];
        return (byte)c;
    }

    public static ushort Crc16(ReadOnlySpan<byte> data)
    {
        int c = 0;
        int i = 0;
        var t0 = Table16[0]; var t1 = Table16[1]; var t2 = Table16[2]; var t3 = Table16[3];
        var t4 = Table16[4]; var t5 = Table16[5]; var t6 = Table16[6]; var t7 = Table16[7];
        for (; i + 8 <= data.Length; i += 8)
        {
            c = t7[data[i] ^ (c >> 8)] ^ t6[data[i + 1] ^ (c & 0xFF)]
                ^ t5[data[i + 2]] ^ t4[data[i + 3]] ^ t3[data[i + 4]]
                ^ t2[data[i + 5]] ^ t1[data[i + 6]] ^ t0[data[i + 7]];
        }
        for (; i < data.Length; i++)
            c = ((c << 8) & 0xFFFF) ^ t0[(c >> 8) ^ data[i]];
        return (ushort)c;
    }
}
