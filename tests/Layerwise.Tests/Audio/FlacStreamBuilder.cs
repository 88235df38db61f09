namespace Layerwise.Tests.Audio;

/// <summary>Hand-assembles FLAC streams bit by bit (straight from RFC 9639, with its own bitwise CRCs) so tests
/// can reach features the reference encoder never emits: escape partitions, 4/12/20-bit depths, 33-bit side
/// channels, chosen LPC coefficients.</summary>
internal sealed class FlacStreamBuilder
{
    readonly List<byte> _bytes = [];
    int _acc, _accBits;
    readonly int _rate, _channels, _bps;
    long _frame;

    public FlacStreamBuilder(int rate, int channels, int bps, long totalSamples, int blockSize = 4096)
    {
        _rate = rate; _channels = channels; _bps = bps;
        foreach (char ch in "fLaC")
            _bytes.Add((byte)ch);
        Bits(1, 1); Bits(0, 7); Bits(34, 24);                // last block, STREAMINFO, length 34
        Bits(blockSize, 16); Bits(blockSize, 16); Bits(0, 24); Bits(0, 24);
        Bits(rate, 20); Bits(channels - 1, 3); Bits(bps - 1, 5);
        Bits(totalSamples >> 32, 4); Bits(totalSamples & 0xFFFFFFFF, 32);
        for (int i = 0; i < 16; i++)
            Bits(0, 8);                                       // no MD5
    }

    public void Bits(long value, int n)
    {
        for (int i = n - 1; i >= 0; i--)
        {
            _acc = (_acc << 1) | (int)((value >> i) & 1);
            if (++_accBits == 8)
            {
                _bytes.Add((byte)_acc);
                _acc = 0; _accBits = 0;
            }
        }
    }

    public void Unary(int zeros)
    {
        for (int i = 0; i < zeros; i++)
            Bits(0, 1);
        Bits(1, 1);
    }

    public void Rice(int value, int k)
    {
        uint u = (uint)((value << 1) ^ (value >> 31));
        Unary((int)(u >> k));
        Bits(u & ((1u << k) - 1), k);
    }

    void Align()
    {
        while (_accBits != 0)
            Bits(0, 1);
    }

    int _frameStart;

    /// <summary>Frame header: explicit 16-bit block size, rate and depth from STREAMINFO, the given channel code.</summary>
    public void BeginFrame(int blockSize, int channelCode)
    {
        Align();
        _frameStart = _bytes.Count;
        Bits(0b11111111111110, 14); Bits(0, 1); Bits(0, 1);
        Bits(7, 4); Bits(0, 4);
        Bits(channelCode, 4); Bits(0, 3); Bits(0, 1);
        if (_frame >= 0x80)
            throw new NotSupportedException("builder writes 1-byte frame numbers only");
        Bits(_frame++, 8);
        Bits(blockSize - 1, 16);
        _bytes.Add(Crc8(_bytes.Skip(_frameStart).ToArray()));
    }

    public void EndFrame()
    {
        Align();
        int crc = Crc16(_bytes.Skip(_frameStart).ToArray());
        Bits(crc, 16);
    }

    /// <summary>Subframe header: type code (0 constant, 1 verbatim, 8+order fixed, 31+order LPC) and wasted bits.</summary>
    public void Subframe(int type, int wasted = 0)
    {
        Bits(0, 1); Bits(type, 6);
        if (wasted == 0)
            Bits(0, 1);
        else
        {
            Bits(1, 1);
            Unary(wasted - 1);
        }
    }

    public byte[] ToArray()
    {
        Align();
        return [.. _bytes];
    }

    static byte Crc8(byte[] data)
    {
        int c = 0;
        foreach (byte b in data)
        {
            c ^= b;
            for (int i = 0; i < 8; i++)
                c = (c & 0x80) != 0 ? ((c << 1) ^ 0x07) & 0xFF : (c << 1) & 0xFF;
        }
        return (byte)c;
    }

    static int Crc16(byte[] data)
    {
        int c = 0;
        foreach (byte b in data)
        {
            c ^= b << 8;
            for (int i = 0; i < 8; i++)
                c = (c & 0x8000) != 0 ? ((c << 1) ^ 0x8005) & 0xFFFF : (c << 1) & 0xFFFF;
        }
        return c;
    }
}
