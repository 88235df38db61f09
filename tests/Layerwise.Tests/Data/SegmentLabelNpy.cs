using System.Text;

namespace Layerwise.Tests.Data;

/// <summary>Writes PartialSpoof's segment-label file as the archive ships it: what NumPy 1.x `np.save(dict)` writes for
/// a dict id -> 1-D '&lt;U1' array of '0'/'1' (a .npy v1.0 header for a 0-d object array, then the pickle, protocol 3,
/// memo entries and all). The bytes were checked once to equal NumPy 1.24's np.save of the same dict; written by hand
/// here so the tests need no Python.</summary>
internal static class SegmentLabelNpy
{
    public static byte[] Encode(IReadOnlyList<(string Id, string Frames)> labels)
    {
        var p = new Pickle();
        p.Op(0x80, 3); // PROTO 3
        int reconstruct = p.Global("numpy.core.multiarray", "_reconstruct");
        int ndarray = p.Global("numpy", "ndarray");
        // the 0-d object array around the dict: _reconstruct(ndarray, (0,), b'b')
        p.Int(0); p.Op(0x85); p.Put(); // TUPLE1
        p.ShortBytes("b"u8); int b = p.Put();
        p.Op(0x87); p.Put(); p.Op((byte)'R'); p.Put(); // TUPLE3, REDUCE
        p.Op((byte)'('); p.Int(1); p.Op((byte)')'); // state (1, (), dtype('O8'), False, [dict])
        int dtype = p.Global("numpy", "dtype");
        p.Unicode("O8"); p.Put(); p.Op(0x89, 0x88, 0x87); p.Put(); p.Op((byte)'R'); p.Put();
        p.Op((byte)'('); p.Int(3); p.Unicode("|"); p.Put(); p.Op((byte)'N', (byte)'N', (byte)'N'); p.Int(-1); p.Int(-1); p.Int(63);
        p.Op((byte)'t'); p.Put(); p.Op((byte)'b');
        p.Op(0x89, (byte)']'); p.Put(); p.Op((byte)'}'); p.Put();
        if (labels.Count > 0)
            p.Op((byte)'(');
        int? littleEndian = null;
        foreach (var (id, frames) in labels)
        {
            p.Unicode(id); p.Put();
            p.Get(reconstruct); p.Get(ndarray); p.Int(0); p.Op(0x85); p.Put(); p.Get(b); p.Op(0x87); p.Put(); p.Op((byte)'R'); p.Put();
            p.Op((byte)'('); p.Int(1); p.Int(frames.Length); p.Op(0x85); p.Put(); // state (1, (n,), dtype('U1'), False, raw)
            p.Get(dtype); p.Unicode("U1"); p.Put(); p.Op(0x89, 0x88, 0x87); p.Put(); p.Op((byte)'R'); p.Put();
            p.Op((byte)'('); p.Int(3);
            if (littleEndian is { } lt)
                p.Get(lt); // '<' is one interned string: pickled once, then fetched from the memo
            else
            {
                p.Unicode("<");
                littleEndian = p.Put();
            }
            p.Op((byte)'N', (byte)'N', (byte)'N'); p.Int(4); p.Int(4); p.Int(8); p.Op((byte)'t'); p.Put(); p.Op((byte)'b');
            p.Op(0x89);
            p.Bytes(Encoding.UTF32.GetBytes(frames)); p.Put(); // UTF-32LE, 4 bytes a frame
            p.Op((byte)'t'); p.Put(); p.Op((byte)'b');
        }
        if (labels.Count > 0)
            p.Op((byte)'u'); // SETITEMS
        p.Op((byte)'a', (byte)'t'); p.Put(); p.Op((byte)'b', (byte)'.');

        string header = "{'descr': '|O', 'fortran_order': False, 'shape': (), }";
        header = header.PadRight(64 * ((10 + header.Length + 1 + 63) / 64) - 10 - 1) + "\n"; // 64-byte aligned, as NumPy pads
        var npy = new List<byte> { 0x93 };
        npy.AddRange("NUMPY"u8.ToArray());
        npy.AddRange([1, 0, (byte)(header.Length & 0xff), (byte)(header.Length >> 8)]);
        npy.AddRange(Encoding.Latin1.GetBytes(header));
        npy.AddRange(p.ToArray());
        return [.. npy];
    }

    /// <summary>The few pickle opcodes NumPy's pickling of these arrays uses, with the memo numbered as CPython does.</summary>
    sealed class Pickle
    {
        readonly List<byte> _b = [];
        int _memo;

        public void Op(params byte[] ops) => _b.AddRange(ops);

        public byte[] ToArray() => [.. _b];

        public int Global(string module, string name)
        {
            _b.Add((byte)'c');
            _b.AddRange(Encoding.ASCII.GetBytes($"{module}\n{name}\n"));
            return Put();
        }

        /// <summary>BINPUT (LONG_BINPUT past 255) of the object on top of the stack; returns its memo index.</summary>
        public int Put()
        {
            int i = _memo++;
            if (i < 256)
                Op((byte)'q', (byte)i);
            else
            {
                Op((byte)'r');
                _b.AddRange(BitConverter.GetBytes(i));
            }
            return i;
        }

        public void Get(int i)
        {
            if (i < 256)
                Op((byte)'h', (byte)i);
            else
            {
                Op((byte)'j');
                _b.AddRange(BitConverter.GetBytes(i));
            }
        }

        public void Int(int v)
        {
            if (v is >= 0 and < 256)
                Op((byte)'K', (byte)v);
            else if (v is >= 0 and < 65536)
            {
                Op((byte)'M');
                _b.AddRange(BitConverter.GetBytes((ushort)v));
            }
            else
            {
                Op((byte)'J');
                _b.AddRange(BitConverter.GetBytes(v));
            }
        }

        public void Unicode(string s)
        {
            var bytes = Encoding.UTF8.GetBytes(s);
            Op((byte)'X');
            _b.AddRange(BitConverter.GetBytes(bytes.Length));
            _b.AddRange(bytes);
        }

        public void ShortBytes(ReadOnlySpan<byte> bytes)
        {
            Op((byte)'C', (byte)bytes.Length);
            _b.AddRange(bytes.ToArray());
        }

        public void Bytes(byte[] bytes)
        {
            if (bytes.Length < 256)
                ShortBytes(bytes);
            else
            {
                Op((byte)'B');
                _b.AddRange(BitConverter.GetBytes(bytes.Length));
                _b.AddRange(bytes);
            }
        }
    }
}
