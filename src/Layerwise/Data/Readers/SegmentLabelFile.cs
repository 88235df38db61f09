using System.Buffers.Binary;
using System.Text;

namespace Layerwise.Data.Readers;

/// <summary>Reads PartialSpoof's segment-label files: a NumPy .npy holding a 0-d object array around a pickled dict
/// id -> array of frame labels (np.save(dict)). Only the small subset of the pickle protocol (2-5) that NumPy
/// emits for this is implemented: no code is ever run, unknown globals are data, and anything else is an error.</summary>
internal static class SegmentLabelFile
{
    /// <summary>The text variant, one utterance per line: `ID l1 l2 …` with frame labels 0/1 (written by the demo
    /// corpus and by conversion scripts that avoid pickles).</summary>
    public static Dictionary<string, IReadOnlyList<string>> ReadText(string path)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var errors = new List<ProtocolError>();
        int lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0)
                continue;
            if (fields.Length < 2)
                errors.Add(new ProtocolError(lineNumber, $"'{fields[0]}' has no frame labels"));
            else if (fields.Skip(1).FirstOrDefault(f => f is not ("0" or "1")) is { } bad)
                errors.Add(new ProtocolError(lineNumber, $"frame label '{bad}' of '{fields[0]}' is not 0 or 1"));
            else if (!result.TryAdd(fields[0], fields[1..]))
                errors.Add(new ProtocolError(lineNumber, $"duplicate id '{fields[0]}'"));
        }
        if (errors.Count > 0)
            throw new ProtocolFormatException(path, errors);
        return result;
    }

    public static Dictionary<string, IReadOnlyList<string>> Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        try
        {
            int start = SkipNpyHeader(bytes, path);
            object? root = new Unpickler(bytes, start, path).Load();
            if (Elements(root) is [Dictionary<object, object?> single])
                root = single;
            if (root is not Dictionary<object, object?> dict)
                throw new ProtocolFormatException(path, 0, "expected a pickled dict of id -> frame labels");
            var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (var (key, value) in dict)
                result[key.ToString()!] = ArrayValues(value) ?? throw new ProtocolFormatException(path, 0, $"labels of '{key}' are not an array");
            return result;
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentException or InvalidCastException
                                      or KeyNotFoundException or InvalidOperationException or NullReferenceException or OverflowException)
        {
            throw new ProtocolFormatException(path, 0, $"truncated or unsupported pickle ({e.Message})");
        }
    }

    static int SkipNpyHeader(byte[] b, string path)
    {
        if (b.Length < 10 || b[0] != 0x93 || Encoding.ASCII.GetString(b, 1, 5) != "NUMPY")
            return 0; // a bare pickle
        int major = b[6];
        int headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(8)) : (int)BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(8));
        int offset = major == 1 ? 10 : 12;
        string header = Encoding.Latin1.GetString(b, offset, headerLength);
        if (!header.Contains("'|O'"))
            throw new ProtocolFormatException(path, 0, $"expected an object array (pickled dict), header is {header.Trim()}");
        return offset + headerLength;
    }

    /// <summary>Elements of a reconstructed ndarray or a list/tuple, as strings; null for anything else.</summary>
    static List<object?>? Elements(object? value)
    {
        switch (value)
        {
            case List<object?> list: return list;
            case object?[] tuple: return [.. tuple];
            case PyObject { IsNdarray: true, State: object?[] state } when state.Length == 5:
                var dtype = state[2] as PyObject;
                string code = dtype?.Args is [string s, ..] ? s : "O8";
                char order = dtype?.State is object?[] { Length: > 1 } ds && ds[1] is string o && o.Length == 1 ? o[0] : '<';
                return state[4] switch
                {
                    List<object?> objects => objects,
                    byte[] raw => Decode(raw, code, order),
                    _ => null,
                };
            default: return null;
        }
    }

    static List<string>? ArrayValues(object? value) => Elements(value)?.Select(Text).ToList();

    static string Text(object? e) => e switch
    {
        string s => s,
        byte[] b => Encoding.ASCII.GetString(b).TrimEnd('\0'),
        bool f => f ? "1" : "0",
        null => "",
        Dictionary<object, object?> => "<dict>",
        _ => Convert.ToString(e, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    static List<object?> Decode(byte[] raw, string code, char order)
    {
        char kind = code[0];
        int size = int.Parse(code.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
        bool big = order == '>';
        var result = new List<object?>();
        int width = kind == 'U' ? size * 4 : size;
        for (int i = 0; i + width <= raw.Length; i += width)
        {
            var span = raw.AsSpan(i, width);
            result.Add(kind switch
            {
                'U' => (big ? new UTF32Encoding(true, false) : new UTF32Encoding(false, false)).GetString(span).TrimEnd('\0'),
                'S' => Encoding.ASCII.GetString(span).TrimEnd('\0'),
                'b' => span[0] != 0,
                'i' or 'u' => size switch
                {
                    1 => kind == 'i' ? (long)(sbyte)span[0] : span[0],
                    2 => big ? BinaryPrimitives.ReadInt16BigEndian(span) : BinaryPrimitives.ReadInt16LittleEndian(span),
                    4 => big ? BinaryPrimitives.ReadInt32BigEndian(span) : BinaryPrimitives.ReadInt32LittleEndian(span),
                    _ => big ? BinaryPrimitives.ReadInt64BigEndian(span) : BinaryPrimitives.ReadInt64LittleEndian(span),
                },
                'f' when size == 8 => big ? BinaryPrimitives.ReadDoubleBigEndian(span) : BinaryPrimitives.ReadDoubleLittleEndian(span),
                'f' when size == 4 => (double)(big ? BinaryPrimitives.ReadSingleBigEndian(span) : BinaryPrimitives.ReadSingleLittleEndian(span)),
                _ => throw new InvalidCastException($"unsupported dtype '{code}'"),
            });
        }
        return result;
    }

    sealed record PyGlobal(string Module, string Name);

    sealed class PyObject(PyGlobal? type, object?[] args)
    {
        public PyGlobal? Type { get; } = type;
        public object?[] Args { get; } = args;
        public object? State { get; set; }
        public bool IsNdarray => Type is { Name: "_reconstruct" };
    }

    sealed class Unpickler(byte[] b, int pos, string path)
    {
        readonly List<object?> _stack = [];
        readonly Stack<int> _marks = new();
        readonly Dictionary<int, object?> _memo = [];

        public object? Load()
        {
            while (true)
            {
                byte op = b[pos++];
                switch (op)
                {
                    case 0x80: pos++; break; // PROTO
                    case 0x95: pos += 8; break; // FRAME
                    case (byte)'.': return Pop();
                    case (byte)'(': _marks.Push(_stack.Count); break;
                    case (byte)'N': Push(null); break;
                    case 0x88: Push(true); break;
                    case 0x89: Push(false); break;
                    case (byte)'K': Push((long)b[pos++]); break;
                    case (byte)'M': Push((long)BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(pos))); pos += 2; break;
                    case (byte)'J': Push((long)BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(pos))); pos += 4; break;
                    case (byte)'G': Push(BinaryPrimitives.ReadDoubleBigEndian(b.AsSpan(pos))); pos += 8; break;
                    case 0x8a: // LONG1
                        {
                            int n = b[pos++];
                            long v = 0;
                            for (int i = n - 1; i >= 0; i--)
                                v = (v << 8) | b[pos + i];
                            if (n > 0 && n < 8 && (b[pos + n - 1] & 0x80) != 0)
                                v -= 1L << (8 * n);
                            pos += n;
                            Push(v);
                            break;
                        }
                    case 0x8c: Push(Str(b[pos++])); break; // SHORT_BINUNICODE
                    case (byte)'X': { int n = BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(pos)); pos += 4; Push(Str(n)); break; }
                    case 0x8d: { int n = checked((int)BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(pos))); pos += 8; Push(Str(n)); break; }
                    case (byte)'C': Push(Bytes(b[pos++])); break;
                    case (byte)'U': Push(Latin1(b[pos++])); break; // SHORT_BINSTRING (protocol 2 from Python 2)
                    case (byte)'T': { int n = BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(pos)); pos += 4; Push(Latin1(n)); break; }
                    case (byte)'B': { int n = BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(pos)); pos += 4; Push(Bytes(n)); break; }
                    case 0x8e: { int n = checked((int)BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(pos))); pos += 8; Push(Bytes(n)); break; }
                    case (byte)'c': { string module = Line(); string name = Line(); Push(new PyGlobal(module, name)); break; }
                    case 0x93: { string name = (string)Pop()!; string module = (string)Pop()!; Push(new PyGlobal(module, name)); break; }
                    case (byte)'q': _memo[b[pos++]] = Top(); break;
                    case (byte)'r': _memo[BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(pos))] = Top(); pos += 4; break;
                    case 0x94: _memo[_memo.Count] = Top(); break;
                    case (byte)'h': Push(_memo[b[pos++]]); break;
                    case (byte)'j': Push(_memo[BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(pos))]); pos += 4; break;
                    case (byte)')': Push(Array.Empty<object?>()); break;
                    case (byte)'t': Push(PopMark().ToArray()); break;
                    case 0x85: Push(new[] { Pop() }); break;
                    case 0x86: { var y = Pop(); var x = Pop(); Push(new[] { x, y }); break; }
                    case 0x87: { var z = Pop(); var y = Pop(); var x = Pop(); Push(new[] { x, y, z }); break; }
                    case (byte)']': Push(new List<object?>()); break;
                    case (byte)'l': Push(PopMark()); break;
                    case (byte)'a': { var v = Pop(); ((List<object?>)Top()!).Add(v); break; }
                    case (byte)'e': { var items = PopMark(); ((List<object?>)Top()!).AddRange(items); break; }
                    case (byte)'}': Push(new Dictionary<object, object?>()); break;
                    case (byte)'s': { var v = Pop(); var k = Pop(); ((Dictionary<object, object?>)Top()!)[k!] = v; break; }
                    case (byte)'u':
                        {
                            var items = PopMark();
                            var d = (Dictionary<object, object?>)Top()!;
                            for (int i = 0; i + 1 < items.Count; i += 2)
                                d[items[i]!] = items[i + 1];
                            break;
                        }
                    case (byte)'R':
                    case 0x81: // REDUCE, NEWOBJ: record the call, run nothing
                        {
                            var args = (object?[])Pop()!;
                            var type = Pop() as PyGlobal;
                            Push(new PyObject(type, args));
                            break;
                        }
                    case (byte)'b':
                        {
                            var state = Pop();
                            if (Top() is PyObject o)
                                o.State = state;
                            break;
                        }
                    default:
                        throw new ProtocolFormatException(path, 0, $"unsupported pickle opcode 0x{op:x2} at byte {pos - 1}");
                }
            }
        }

        void Push(object? o) => _stack.Add(o);
        object? Top() => _stack[^1];
        object? Pop() { var o = _stack[^1]; _stack.RemoveAt(_stack.Count - 1); return o; }

        List<object?> PopMark()
        {
            int m = _marks.Pop();
            var items = _stack.GetRange(m, _stack.Count - m);
            _stack.RemoveRange(m, _stack.Count - m);
            return items;
        }

        string Str(int n) { string s = Encoding.UTF8.GetString(b, pos, n); pos += n; return s; }
        string Latin1(int n) { string s = Encoding.Latin1.GetString(b, pos, n); pos += n; return s; }
        byte[] Bytes(int n) { var r = b.AsSpan(pos, n).ToArray(); pos += n; return r; }

        string Line()
        {
            int end = Array.IndexOf(b, (byte)'\n', pos);
            string s = Encoding.ASCII.GetString(b, pos, end - pos);
            pos = end + 1;
            return s;
        }
    }
}
