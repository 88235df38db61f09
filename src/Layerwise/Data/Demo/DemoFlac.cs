using System.Security.Cryptography;

namespace Layerwise.Data.Demo;

/// <summary>A small deterministic FLAC encoder for 16-bit mono: 4096-sample frames, each subframe the cheapest of
/// constant, verbatim and fixed predictors of order 0–4 with Rice-coded residuals (partition orders 0–6), STREAMINFO
/// with the MD5 of the samples. Streams are checked with the reference `flac -t` (see the tests' fixtures).</summary>
internal static class DemoFlac
{
    const int BlockSize = 4096, Bps = 16;

    public static byte[] Encode(short[] samples, int sampleRate)
    {
        var w = new BitWriter();
        w.Write(0x664C6143, 32); // "fLaC"
        w.Write(1, 1); w.Write(0, 7); w.Write(34, 24); // last metadata block: STREAMINFO, 34 bytes
        uint blockBound = (uint)Math.Clamp(samples.Length, 16, BlockSize); // min excludes the last block; one short block → both n
        w.Write(blockBound, 16);
        w.Write(blockBound, 16);
        w.Write(0, 24); w.Write(0, 24); // min/max frame size unknown
        w.Write((uint)sampleRate, 20);
        w.Write(0, 3); // mono
        w.Write(Bps - 1, 5);
        w.Write((ulong)samples.Length >> 32, 4);
        w.Write((uint)samples.Length, 32);
        var pcm = new byte[samples.Length * 2];
        for (int i = 0; i < samples.Length; i++) BitConverter.TryWriteBytes(pcm.AsSpan(2 * i), samples[i]);
        foreach (byte b in MD5.HashData(pcm)) w.Write(b, 8);

        var residual = new int[BlockSize];
        for (int frame = 0, start = 0; start < samples.Length; frame++, start += BlockSize)
        {
            int n = Math.Min(BlockSize, samples.Length - start);
            var block = samples.AsSpan(start, n);
            int headerStart = w.ByteCount;
            w.Write(0b11111111111110, 14); w.Write(0, 1); w.Write(0, 1); // sync, reserved, fixed block size
            w.Write(0b0111, 4); // block size: 16-bit (n-1) at the end of the header
            w.Write(SampleRateCode(sampleRate), 4);
            w.Write(0, 4); // mono
            w.Write(0b100, 3); w.Write(0, 1); // 16 bits per sample, reserved
            WriteUtf8Number(w, (uint)frame);
            w.Write((uint)(n - 1), 16);
            if (SampleRateCode(sampleRate) == 0b1100) w.Write((uint)(sampleRate / 1000), 8);
            w.Write(w.Crc8(headerStart), 8);
            WriteSubframe(w, block, residual);
            w.AlignToByte();
            w.Write(w.Crc16(headerStart), 16);
        }
        return w.ToArray();
    }

    static uint SampleRateCode(int rate) => rate switch
    {
        8000 => 0b0100, 16000 => 0b0101, 22050 => 0b0110, 24000 => 0b0111, 32000 => 0b1000,
        44100 => 0b1001, 48000 => 0b1010, 96000 => 0b1011,
        _ when rate % 1000 == 0 && rate / 1000 < 256 => 0b1100,
        _ => throw new ArgumentOutOfRangeException(nameof(rate), "unsupported FLAC sample rate"),
    };

    static void WriteUtf8Number(BitWriter w, uint v)
    {
        if (v < 0x80) { w.Write(v, 8); return; }
        int extra = v < 0x800 ? 1 : v < 0x10000 ? 2 : v < 0x200000 ? 3 : v < 0x4000000 ? 4 : 5;
        uint lead = (0xFF00u >> (extra + 1)) & 0xFF;
        w.Write(lead | (v >> (6 * extra)), 8);
        for (int i = extra - 1; i >= 0; i--) w.Write(0x80 | ((v >> (6 * i)) & 0x3F), 8);
    }

    static void WriteSubframe(BitWriter w, ReadOnlySpan<short> x, int[] residual)
    {
        int n = x.Length;
        bool constant = true;
        for (int i = 1; i < n && constant; i++) constant = x[i] == x[0];
        if (constant)
        {
            w.Write(0, 8); // pad, type 000000, no wasted bits
            w.Write((uint)(ushort)x[0], Bps);
            return;
        }
        long bestBits = (long)n * Bps;
        int bestOrder = -1, bestPartition = 0;
        for (int order = 0; order <= Math.Min(4, n - 1); order++)
        {
            Residual(x, order, residual);
            var (bits, partition) = BestRice(residual.AsSpan(0, n), order);
            bits += order * Bps;
            if (bits < bestBits) { bestBits = bits; bestOrder = order; bestPartition = partition; }
        }
        if (bestOrder < 0)
        {
            w.Write(0b00000010, 8); // verbatim
            foreach (short s in x) w.Write((uint)(ushort)s, Bps);
            return;
        }
        w.Write((uint)(0b00010000 | (bestOrder << 1)), 8); // fixed, order in the low 3 bits of the type
        for (int i = 0; i < bestOrder; i++) w.Write((uint)(ushort)x[i], Bps);
        Residual(x, bestOrder, residual);
        w.Write(0, 2); // Rice, 4-bit parameters
        w.Write((uint)bestPartition, 4);
        int parts = 1 << bestPartition, size = n >> bestPartition;
        for (int p = 0; p < parts; p++)
        {
            int from = p == 0 ? bestOrder : p * size, to = (p + 1) * size;
            int k = BestParameter(residual.AsSpan(from, to - from), out _);
            w.Write((uint)k, 4);
            for (int i = from; i < to; i++)
            {
                uint u = (uint)((residual[i] << 1) ^ (residual[i] >> 31));
                uint q = u >> k;
                w.WriteUnary(q);
                if (k > 0) w.Write(u & ((1u << k) - 1), k);
            }
        }
    }

    static void Residual(ReadOnlySpan<short> x, int order, int[] r)
    {
        for (int i = 0; i < x.Length; i++)
        {
            r[i] = i < order ? 0 : order switch
            {
                0 => x[i],
                1 => x[i] - x[i - 1],
                2 => x[i] - 2 * x[i - 1] + x[i - 2],
                3 => x[i] - 3 * x[i - 1] + 3 * x[i - 2] - x[i - 3],
                _ => x[i] - 4 * x[i - 1] + 6 * x[i - 2] - 4 * x[i - 3] + x[i - 4],
            };
        }
    }

    /// <summary>Cheapest partition order (0–6, block size must divide) and its total bits including parameters.</summary>
    static (long Bits, int Partition) BestRice(ReadOnlySpan<int> r, int order)
    {
        long best = long.MaxValue;
        int bestP = 0;
        for (int p = 0; p <= 6; p++)
        {
            int parts = 1 << p;
            if (r.Length % parts != 0 || (r.Length >> p) <= order) break;
            int size = r.Length >> p;
            long bits = 2 + 4;
            for (int q = 0; q < parts; q++)
            {
                int from = q == 0 ? order : q * size;
                BestParameter(r.Slice(from, (q + 1) * size - from), out long b);
                bits += 4 + b;
            }
            if (bits < best) { best = bits; bestP = p; }
        }
        return (best, bestP);
    }

    static int BestParameter(ReadOnlySpan<int> r, out long bits)
    {
        bits = long.MaxValue;
        int bestK = 0;
        for (int k = 0; k <= 14; k++)
        {
            long b = 0;
            foreach (int v in r) b += (((uint)((v << 1) ^ (v >> 31))) >> k) + 1 + k;
            if (b < bits) { bits = b; bestK = k; }
        }
        return bestK;
    }

    sealed class BitWriter
    {
        readonly List<byte> _bytes = new();
        ulong _acc;
        int _bits;

        public int ByteCount => _bytes.Count;

        public void Write(ulong value, int count)
        {
            for (int i = count - 1; i >= 0; i--)
            {
                _acc = (_acc << 1) | ((value >> i) & 1);
                if (++_bits == 8) { _bytes.Add((byte)_acc); _acc = 0; _bits = 0; }
            }
        }

        public void WriteUnary(uint zeros)
        {
            for (uint i = 0; i < zeros; i++) Write(0, 1);
            Write(1, 1);
        }

        public void AlignToByte()
        {
            if (_bits > 0) Write(0, 8 - _bits);
        }

        public byte Crc8(int from)
        {
            byte crc = 0;
            for (int i = from; i < _bytes.Count; i++)
            {
                crc ^= _bytes[i];
                for (int b = 0; b < 8; b++) crc = (byte)((crc & 0x80) != 0 ? (crc << 1) ^ 0x07 : crc << 1);
            }
            return crc;
        }

        public ushort Crc16(int from)
        {
            ushort crc = 0;
            for (int i = from; i < _bytes.Count; i++)
            {
                crc ^= (ushort)(_bytes[i] << 8);
                for (int b = 0; b < 8; b++) crc = (ushort)((crc & 0x8000) != 0 ? (crc << 1) ^ 0x8005 : crc << 1);
            }
            return crc;
        }

        public byte[] ToArray() => _bytes.ToArray();
    }
}
