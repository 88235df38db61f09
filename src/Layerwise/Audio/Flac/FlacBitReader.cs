using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Layerwise.Audio.Flac;

/// <summary>MSB-first bit reader over a byte array with a 64-bit cache. Reading past <see cref="End"/>
/// throws, so a truncated or hostile stream can never spin (unary runs are bounded by the data).</summary>
internal sealed class FlacBitReader
{
    readonly byte[] _data;
    ulong _cache;       // unread bits, left-aligned
    int _cacheBits;     // always <= 63, so shifts by (n + 1) never reach 64
    int _pos;           // next byte to load into the cache

    public FlacBitReader(byte[] data, int start, int end)
    {
        _data = data;
        _pos = start;
        End = end;
    }

    public int End { get; }

    /// <summary>Position in bytes of the next unread bit, rounded down.</summary>
    public long BitPosition => (long)_pos * 8 - _cacheBits;

    public int BytePosition => _pos - (_cacheBits >> 3);

    public bool IsByteAligned => (_cacheBits & 7) == 0;

    public void AlignToByte()
    {
        int drop = _cacheBits & 7;
        _cache <<= drop;
        _cacheBits -= drop;
    }

    /// <summary>Moves to a byte offset (drops the cache).</summary>
    public void Seek(int bytePos)
    {
        _pos = bytePos;
        _cache = 0;
        _cacheBits = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    void Refill()
    {
        if (_pos + 8 <= End)
        {
            // Branch-free refill: load 8 bytes, keep as many whole bytes as fit below 64 bits.
            ulong word = BinaryPrimitives.ReadUInt64BigEndian(_data.AsSpan(_pos, 8));
            _cache |= word >> _cacheBits;
            _pos += (63 - _cacheBits) >> 3;
            _cacheBits |= 56;
        }
        else
        {
            RefillSlow();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    void RefillSlow()
    {
        while (_cacheBits <= 55 && _pos < End)
        {
            _cache |= (ulong)_data[_pos++] << (56 - _cacheBits);
            _cacheBits += 8;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static void ThrowEnd() => throw new FlacDataException("truncated: unexpected end of data");

    /// <summary>Reads n bits (0..32) as unsigned.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint ReadBits(int n)
    {
        if (n == 0)
            return 0;
        if (_cacheBits < n)
        {
            Refill();
            if (_cacheBits < n)
                ThrowEnd();
        }
        uint v = (uint)(_cache >> (64 - n));
        _cache <<= n;
        _cacheBits -= n;
        return v;
    }

    /// <summary>Reads n bits (0..32) as two's complement signed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReadSigned(int n)
    {
        if (n == 0)
            return 0;
        uint v = ReadBits(n);
        return (int)(v << (32 - n)) >> (32 - n);
    }

    /// <summary>Reads n bits (0..64) as unsigned.</summary>
    public ulong ReadBitsLong(int n)
    {
        if (n <= 32)
            return ReadBits(n);
        ulong hi = ReadBits(n - 32);
        return (hi << 32) | ReadBits(32);
    }

    /// <summary>Reads n bits (0..33) as two's complement signed.</summary>
    public long ReadSignedLong(int n)
    {
        if (n == 0)
            return 0;
        ulong v = ReadBitsLong(n);
        return (long)(v << (64 - n)) >> (64 - n);
    }

    /// <summary>Counts zero bits up to and including the terminating one bit; returns the zero count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint ReadUnary()
    {
        uint q = 0;
        while (true)
        {
            if (_cacheBits == 0)
            {
                Refill();
                if (_cacheBits == 0)
                    ThrowEnd();
            }
            int z = BitOperations.LeadingZeroCount(_cache);
            if (z < _cacheBits)
            {
                q += (uint)z;
                _cache <<= z + 1;
                _cacheBits -= z + 1;
                return q;
            }
            q += (uint)_cacheBits;
            _cache = 0;
            _cacheBits = 0;
        }
    }

    /// <summary>Decodes <paramref name="dst"/>.Length Rice-coded signed values with parameter k (0..30) into dst.
    /// The hot loop of FLAC decoding: cache state lives in locals.</summary>
    public void ReadRiceBlock(Span<int> dst, int k)
    {
        ulong cache = _cache;
        int bits = _cacheBits;
        int pos = _pos;
        byte[] data = _data;
        int end = End;
        int safeEnd = end - 8;
        for (int i = 0; i < dst.Length; i++)
        {
            // Unary quotient.
            uint q = 0;
            while (true)
            {
                if (bits < 32)
                {
                    if (pos <= safeEnd)
                    {
                        ulong word = BinaryPrimitives.ReadUInt64BigEndian(data.AsSpan(pos, 8));
                        cache |= word >> bits;
                        pos += (63 - bits) >> 3;
                        bits |= 56;
                    }
                    else
                    {
                        while (bits <= 55 && pos < end)
                        {
                            cache |= (ulong)data[pos++] << (56 - bits);
                            bits += 8;
                        }
                        if (bits == 0)
                            ThrowEnd();
                    }
                }
                int z = BitOperations.LeadingZeroCount(cache);
                if (z < bits)
                {
                    q += (uint)z;
                    cache <<= z + 1;
                    bits -= z + 1;
                    break;
                }
                q += (uint)bits;
                cache = 0;
                bits = 0;
            }
            // k low bits.
            uint low = 0;
            if (k != 0)
            {
                if (bits < k)
                {
                    while (bits <= 55 && pos < end)
                    {
                        cache |= (ulong)data[pos++] << (56 - bits);
                        bits += 8;
                    }
                    if (bits < k)
                        ThrowEnd();
                }
                low = (uint)(cache >> (64 - k));
                cache <<= k;
                bits -= k;
            }
            uint u = (q << k) | low;
            dst[i] = (int)(u >> 1) ^ -(int)(u & 1);
        }
        _cache = cache;
        _cacheBits = bits;
        _pos = pos;
    }
}
