namespace Layerwise.Audio.Flac;

/// <summary>Decodes the frames of one stream into per-channel int arrays. Frames with at most 27 bits per
/// sample use an int path (residuals and samples in 32 bits, LPC sums in 64); wider frames (32-bit audio and
/// its 33-bit side channel) use a 64-bit path.</summary>
internal sealed unsafe class FlacFrameDecoder
{
    const int MaxIntPathBits = 27;

    readonly byte[] _data;
    readonly int _audioOffset;
    readonly FlacStreamInfo _info;
    readonly int[][] _out;
    readonly int[] _coefs = new int[32];
    long _capacity;
    int[] _residual = [];
    long[][] _wide = [];
    bool? _variable;

    public FlacFrameDecoder(byte[] data, int audioOffset, FlacStreamInfo info)
    {
        _data = data;
        _audioOffset = audioOffset;
        _info = info;
        // Pre-size from STREAMINFO, but never beyond what the bytes could plausibly hold; grow if needed.
        long remaining = data.Length - (long)audioOffset;
        long guess = Math.Min(info.TotalSamples > 0 ? info.TotalSamples : long.MaxValue, remaining * 16 / info.Channels + 65536);
        _capacity = Math.Min(Math.Min(guess, Array.MaxLength), AudioLimits.MaxDecodedSamples / Math.Max(1, info.Channels));
        _out = new int[info.Channels][];
        for (int c = 0; c < info.Channels; c++)
            _out[c] = new int[_capacity];
    }

    public bool CheckCrc { get; init; } = true;

    /// <summary>Samples summed over channels this decode may produce (<see cref="AudioLimits.MaxDecodedSamples"/>; tests lower it).</summary>
    public long MaxSamples { get; init; } = AudioLimits.MaxDecodedSamples;

    public long FrameIndex { get; private set; }
    public long FrameStart { get; private set; }
    public long Decoded { get; private set; }

    public int[][] TakeChannels()
    {
        if (Decoded != _capacity)
            for (int c = 0; c < _out.Length; c++)
                Array.Resize(ref _out[c], (int)Decoded);
        return _out;
    }

    public void DecodeAll()
    {
        var br = new FlacBitReader(_data, _audioOffset, _data.Length);
        long total = _info.TotalSamples;
        FrameStart = _audioOffset;
        while (true)
        {
            if (total > 0 && Decoded == total)
                break; // anything after the last sample (e.g. an ID3v1 tag) is not audio
            int pos = br.BytePosition;
            FrameStart = pos;
            if (pos >= _data.Length)
            {
                if (total > 0)
                    throw new FlacDataException($"truncated: the stream ends after {Decoded} of {total} samples");
                break;
            }
            DecodeFrame(br);
            FrameIndex++;
        }
    }

    void DecodeFrame(FlacBitReader br)
    {
        uint sync = br.ReadBits(16);
        if ((sync & 0xFFFE) != 0xFFF8)
            throw new FlacDataException($"no frame sync code (found 0x{sync:X4})");
        bool variable = (sync & 1) != 0;
        if (_variable is { } v && v != variable)
            throw new FlacDataException("blocking strategy changes mid-stream");
        _variable = variable;

        uint b2 = br.ReadBits(8);
        int bsCode = (int)(b2 >> 4), srCode = (int)(b2 & 15);
        uint b3 = br.ReadBits(8);
        int chCode = (int)(b3 >> 4), ssCode = (int)((b3 >> 1) & 7);
        if ((b3 & 1) != 0)
            throw new FlacDataException("reserved frame header bit is set");

        long number = ReadCodedNumber(br, variable);

        int blockSize = bsCode switch
        {
            0 => throw new FlacDataException("reserved block size code 0"),
            1 => 192,
            >= 2 and <= 5 => 576 << (bsCode - 2),
            6 => (int)br.ReadBits(8) + 1,
            7 => (int)br.ReadBits(16) + 1,
            _ => 256 << (bsCode - 8),
        };
        switch (srCode)
        {
            case 12: br.ReadBits(8); break;
            case 13: case 14: br.ReadBits(16); break;
            case 15: throw new FlacDataException("invalid sample rate code 15");
        }
        int bps = ssCode switch
        {
            0 => _info.BitsPerSample,
            1 => 8,
            2 => 12,
            3 => throw new FlacDataException("reserved sample size code 3"),
            4 => 16,
            5 => 20,
            6 => 24,
            _ => 32,
        };
        int channels = chCode switch
        {
            <= 7 => chCode + 1,
            <= 10 => 2,
            _ => throw new FlacDataException($"reserved channel assignment {chCode}"),
        };
        if (bps != _info.BitsPerSample)
            throw new FlacDataException($"frame has {bps} bits per sample, STREAMINFO says {_info.BitsPerSample}");
        if (channels != _info.Channels)
            throw new FlacDataException($"frame has {channels} channels, STREAMINFO says {_info.Channels}");

        int headerEnd = br.BytePosition;
        byte crc8 = (byte)br.ReadBits(8);
        byte actual8 = FlacCrc.Crc8(_data.AsSpan((int)FrameStart, headerEnd - (int)FrameStart));
        if (CheckCrc && crc8 != actual8)
            throw new FlacDataException($"frame header CRC-8 mismatch (stored 0x{crc8:X2}, computed 0x{actual8:X2})");

        if (variable ? number != Decoded : number != FrameIndex)
            throw new FlacDataException(variable
                ? $"frame starts at sample {number}, expected {Decoded} (missing or reordered frames)"
                : $"frame number {number}, expected {FrameIndex} (missing or reordered frames)");
        long total = _info.TotalSamples;
        if (total > 0 && Decoded + blockSize > total)
            throw new FlacDataException($"frames hold more than the {total} samples STREAMINFO declares");
        EnsureCapacity(Decoded + blockSize);

        int offset = (int)Decoded;
        if (bps <= MaxIntPathBits)
            DecodeSubframesInt(br, chCode, channels, bps, offset, blockSize);
        else
            DecodeSubframesWide(br, chCode, channels, bps, offset, blockSize);

        br.AlignToByte();
        int frameEnd = br.BytePosition;
        ushort crc16 = (ushort)br.ReadBits(16);
        ushort actual16 = FlacCrc.Crc16(_data.AsSpan((int)FrameStart, frameEnd - (int)FrameStart));
        if (CheckCrc && crc16 != actual16)
            throw new FlacDataException($"frame CRC-16 mismatch (stored 0x{crc16:X4}, computed 0x{actual16:X4})");
        Decoded += blockSize;
    }

    /// <summary>The UTF-8-like coded frame number (fixed) or first sample number (variable).</summary>
    static long ReadCodedNumber(FlacBitReader br, bool variable)
    {
        uint first = br.ReadBits(8);
        if (first < 0x80)
            return first;
        int extra;
        long value;
        if ((first & 0xE0) == 0xC0) { extra = 1; value = first & 0x1F; }
        else if ((first & 0xF0) == 0xE0) { extra = 2; value = first & 0x0F; }
        else if ((first & 0xF8) == 0xF0) { extra = 3; value = first & 0x07; }
        else if ((first & 0xFC) == 0xF8) { extra = 4; value = first & 0x03; }
        else if ((first & 0xFE) == 0xFC) { extra = 5; value = first & 0x01; }
        else if (first == 0xFE && variable) { extra = 6; value = 0; }
        else throw new FlacDataException($"invalid coded {(variable ? "sample" : "frame")} number (first byte 0x{first:X2})");
        for (int i = 0; i < extra; i++)
        {
            uint b = br.ReadBits(8);
            if ((b & 0xC0) != 0x80)
                throw new FlacDataException("invalid continuation byte in coded number");
            value = (value << 6) | (b & 0x3F);
        }
        return value;
    }

    void EnsureCapacity(long needed)
    {
        if (needed > MaxSamples / _out.Length)
            throw new FlacDecodedSizeException(
                $"decodes to more than {MaxSamples / _out.Length} samples × {_out.Length} channels, above the bound of {MaxSamples} samples (AudioLimits.MaxDecodedSamples)");
        if (needed <= _capacity)
            return;
        if (needed > Array.MaxLength)
            throw new FlacDataException("stream is longer than this decoder can hold in memory");
        long cap = Math.Max(needed, Math.Min(_capacity * 2, Array.MaxLength));
        if (_info.TotalSamples > 0)
            cap = Math.Min(cap, _info.TotalSamples);
        for (int c = 0; c < _out.Length; c++)
            Array.Resize(ref _out[c], (int)cap);
        _capacity = cap;
    }

    int[] Residual(int n)
    {
        if (_residual.Length < n)
            _residual = new int[n];
        return _residual;
    }

    // ---------------------------------------------------------------- int path (<= 27 bits)

    void DecodeSubframesInt(FlacBitReader br, int chCode, int channels, int bps, int offset, int n)
    {
        for (int c = 0; c < channels; c++)
        {
            int sbps = bps + ((chCode == 8 || chCode == 10) && c == 1 || chCode == 9 && c == 0 ? 1 : 0);
            DecodeSubframeInt(br, _out[c].AsSpan(offset, n), sbps);
        }
        if (chCode < 8)
            return;
        fixed (int* p0 = &_out[0][offset], p1 = &_out[1][offset])
        {
            switch (chCode)
            {
                case 8: // left/side
                    for (int i = 0; i < n; i++)
                        p1[i] = p0[i] - p1[i];
                    break;
                case 9: // side/right
                    for (int i = 0; i < n; i++)
                        p0[i] += p1[i];
                    break;
                default: // mid/side
                    for (int i = 0; i < n; i++)
                    {
                        int side = p1[i];
                        int mid = (p0[i] << 1) | (side & 1);
                        p0[i] = (mid + side) >> 1;
                        p1[i] = (mid - side) >> 1;
                    }
                    break;
            }
        }
    }

    /// <summary>The subframe header shared by both sample widths: type code and wasted-bits count.</summary>
    static (int Type, int Wasted) ReadSubframeHeader(FlacBitReader br, int bps)
    {
        uint h = br.ReadBits(8);
        if ((h & 0x80) != 0)
            throw new FlacDataException("subframe padding bit is set");
        int type = (int)(h >> 1) & 0x3F;
        if ((h & 1) == 0)
            return (type, 0);
        uint k = br.ReadUnary();
        if (k + 1 >= (uint)bps)
            throw new FlacDataException($"{k + 1} wasted bits in a {bps}-bit subframe");
        return (type, (int)k + 1);
    }

    void DecodeSubframeInt(FlacBitReader br, Span<int> dst, int bps)
    {
        int n = dst.Length;
        var (type, wasted) = ReadSubframeHeader(br, bps);
        bps -= wasted;

        if (type == 0)
        {
            dst.Fill(br.ReadSigned(bps));
        }
        else if (type == 1)
        {
            for (int i = 0; i < n; i++)
                dst[i] = br.ReadSigned(bps);
        }
        else if (type is >= 8 and <= 12)
        {
            int order = type - 8;
            if (order > n)
                throw new FlacDataException($"FIXED order {order} exceeds block size {n}");
            for (int i = 0; i < order; i++)
                dst[i] = br.ReadSigned(bps);
            ReadResidual(br, dst, order);
            RestoreFixed(dst, order);
        }
        else if (type >= 32)
        {
            int order = type - 31;
            if (order > n)
                throw new FlacDataException($"LPC order {order} exceeds block size {n}");
            for (int i = 0; i < order; i++)
                dst[i] = br.ReadSigned(bps);
            int precision = (int)br.ReadBits(4) + 1;
            if (precision == 16)
                throw new FlacDataException("invalid LPC coefficient precision (15)");
            int shift = br.ReadSigned(5);
            if (shift < 0)
                throw new FlacDataException($"negative LPC shift {shift}");
            for (int i = 0; i < order; i++)
                _coefs[i] = br.ReadSigned(precision);
            ReadResidual(br, dst, order);
            RestoreLpc(dst, _coefs, order, shift);
        }
        else
        {
            throw new FlacDataException($"reserved subframe type {type}");
        }

        if (wasted > 0)
            for (int i = 0; i < n; i++)
                dst[i] <<= wasted;
    }

    /// <summary>Reads the partitioned Rice residual of a block into dst[order..].</summary>
    static void ReadResidual(FlacBitReader br, Span<int> dst, int order)
    {
        int n = dst.Length;
        uint method = br.ReadBits(2);
        if (method > 1)
            throw new FlacDataException($"reserved residual coding method {method}");
        int paramBits = method == 0 ? 4 : 5;
        int escape = method == 0 ? 15 : 31;
        int partitionOrder = (int)br.ReadBits(4);
        int partitions = 1 << partitionOrder;
        int per = n >> partitionOrder;
        if ((n & (partitions - 1)) != 0 || per < order || (partitionOrder > 0 && per == 0))
            throw new FlacDataException($"partition order {partitionOrder} does not fit block size {n} with predictor order {order}");
        int start = order;
        for (int p = 0; p < partitions; p++)
        {
            int end = (p + 1) * per;
            var span = dst[start..end];
            int k = (int)br.ReadBits(paramBits);
            if (k == escape)
            {
                int bits = (int)br.ReadBits(5);
                if (bits == 0)
                    span.Clear();
                else
                    for (int i = 0; i < span.Length; i++)
                        span[i] = br.ReadSigned(bits);
            }
            else
            {
                br.ReadRiceBlock(span, k);
            }
            start = end;
        }
    }

    static void RestoreFixed(Span<int> d, int order)
    {
        int n = d.Length;
        fixed (int* p = d)
        {
            switch (order)
            {
                case 1:
                    for (int i = 1; i < n; i++)
                        p[i] += p[i - 1];
                    break;
                case 2:
                    for (int i = 2; i < n; i++)
                        p[i] += 2 * p[i - 1] - p[i - 2];
                    break;
                case 3:
                    for (int i = 3; i < n; i++)
                        p[i] += 3 * (p[i - 1] - p[i - 2]) + p[i - 3];
                    break;
                case 4:
                    for (int i = 4; i < n; i++)
                        p[i] += 4 * (p[i - 1] + p[i - 3]) - 6 * p[i - 2] - p[i - 4];
                    break;
            }
        }
    }

    /// <summary>LPC synthesis, sums in 64 bits. Coefficients are applied newest-first: c[0] * s[i-1].
    /// Orders 5–8 and 9–12 (what the encoder presets pick) run unrolled kernels with zero-padded coefficients.</summary>
    static void RestoreLpc(Span<int> d, int[] coefs, int order, int shift)
    {
        int n = d.Length;
        int kernel = order is >= 5 and <= 8 ? 8 : order is >= 9 and <= 12 ? 12 : 0;
        fixed (int* p = d)
        fixed (int* c = coefs)
        {
            // The samples before the kernel width (and every sample of other orders) go the plain way.
            int plainEnd = kernel == 0 ? n : Math.Min(kernel, n);
            for (int i = order; i < plainEnd; i++)
            {
                int* h = p + i;
                long sum = 0;
                for (int j = 0; j < order; j++)
                    sum += (long)c[j] * h[-1 - j];
                *h += (int)(sum >> shift);
            }
            if (kernel == 0)
                return;
            long c0 = c[0], c1 = c[1], c2 = c[2], c3 = c[3], c4 = c[4];
            long c5 = order > 5 ? c[5] : 0, c6 = order > 6 ? c[6] : 0, c7 = order > 7 ? c[7] : 0;
            if (kernel == 8)
            {
                for (int i = 8; i < n; i++)
                {
                    int* h = p + i;
                    long sum = c0 * h[-1] + c1 * h[-2] + c2 * h[-3] + c3 * h[-4]
                             + c4 * h[-5] + c5 * h[-6] + c6 * h[-7] + c7 * h[-8];
                    *h += (int)(sum >> shift);
                }
                return;
            }
            long c8 = c[8], c9 = order > 9 ? c[9] : 0, c10 = order > 10 ? c[10] : 0, c11 = order > 11 ? c[11] : 0;
            for (int i = 12; i < n; i++)
            {
                int* h = p + i;
                long sum = c0 * h[-1] + c1 * h[-2] + c2 * h[-3] + c3 * h[-4]
                         + c4 * h[-5] + c5 * h[-6] + c6 * h[-7] + c7 * h[-8]
                         + c8 * h[-9] + c9 * h[-10] + c10 * h[-11] + c11 * h[-12];
                *h += (int)(sum >> shift);
            }
        }
    }

    // ---------------------------------------------------------------- wide path (28..32 bits, 33-bit side)

    void DecodeSubframesWide(FlacBitReader br, int chCode, int channels, int bps, int offset, int n)
    {
        if (_wide.Length < channels || _wide[0].Length < n)
        {
            _wide = new long[channels][];
            for (int c = 0; c < channels; c++)
                _wide[c] = new long[n];
        }
        for (int c = 0; c < channels; c++)
        {
            int sbps = bps + ((chCode == 8 || chCode == 10) && c == 1 || chCode == 9 && c == 0 ? 1 : 0);
            DecodeSubframeWide(br, _wide[c].AsSpan(0, n), sbps);
        }
        if (chCode >= 8)
        {
            long[] a = _wide[0], b = _wide[1];
            for (int i = 0; i < n; i++)
            {
                switch (chCode)
                {
                    case 8: b[i] = a[i] - b[i]; break;
                    case 9: a[i] += b[i]; break;
                    default:
                        long side = b[i];
                        long mid = (a[i] << 1) | (side & 1);
                        a[i] = (mid + side) >> 1;
                        b[i] = (mid - side) >> 1;
                        break;
                }
            }
        }
        long lo = -(1L << (bps - 1)), hi = (1L << (bps - 1)) - 1;
        for (int c = 0; c < channels; c++)
        {
            var src = _wide[c];
            var dst = _out[c];
            for (int i = 0; i < n; i++)
            {
                long s = src[i];
                if (s < lo || s > hi)
                    throw new FlacDataException($"decoded sample {s} does not fit {bps} bits");
                dst[offset + i] = (int)s;
            }
        }
    }

    void DecodeSubframeWide(FlacBitReader br, Span<long> dst, int bps)
    {
        int n = dst.Length;
        var (type, wasted) = ReadSubframeHeader(br, bps);
        bps -= wasted;

        if (type == 0)
        {
            dst.Fill(br.ReadSignedLong(bps));
        }
        else if (type == 1)
        {
            for (int i = 0; i < n; i++)
                dst[i] = br.ReadSignedLong(bps);
        }
        else if (type is >= 8 and <= 12 || type >= 32)
        {
            bool lpc = type >= 32;
            int order = lpc ? type - 31 : type - 8;
            if (order > n)
                throw new FlacDataException($"predictor order {order} exceeds block size {n}");
            for (int i = 0; i < order; i++)
                dst[i] = br.ReadSignedLong(bps);
            int precision = 0, shift = 0;
            if (lpc)
            {
                precision = (int)br.ReadBits(4) + 1;
                if (precision == 16)
                    throw new FlacDataException("invalid LPC coefficient precision (15)");
                shift = br.ReadSigned(5);
                if (shift < 0)
                    throw new FlacDataException($"negative LPC shift {shift}");
                for (int i = 0; i < order; i++)
                    _coefs[i] = br.ReadSigned(precision);
            }
            var res = Residual(n).AsSpan(0, n);
            ReadResidual(br, res, order);
            for (int i = order; i < n; i++)
            {
                long pred;
                if (lpc)
                {
                    long sum = 0;
                    for (int j = 0; j < order; j++)
                        sum += _coefs[j] * dst[i - 1 - j];
                    pred = sum >> shift;
                }
                else
                {
                    pred = order switch
                    {
                        0 => 0,
                        1 => dst[i - 1],
                        2 => 2 * dst[i - 1] - dst[i - 2],
                        3 => 3 * (dst[i - 1] - dst[i - 2]) + dst[i - 3],
                        _ => 4 * (dst[i - 1] + dst[i - 3]) - 6 * dst[i - 2] - dst[i - 4],
                    };
                }
                dst[i] = res[i] + pred;
            }
        }
        else
        {
            throw new FlacDataException($"reserved subframe type {type}");
        }

        if (wasted > 0)
            for (int i = 0; i < n; i++)
                dst[i] <<= wasted;
    }
}
