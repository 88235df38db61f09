using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Layerwise.Models.Ssl.Checkpoints;

/// <summary>
/// A pickle reader that only builds data. Python's pickle turns GLOBAL + REDUCE into "import and call", which is
/// how a malicious checkpoint runs code; here a GLOBAL is only a name (<see cref="PyGlobal"/>) and nothing is
/// ever imported or called. Calls are rebuilt as data: dict/list/set constructors, torch's tensor rebuild
/// functions (a <see cref="TensorRef"/>), enum members (getattr(cls, name)), and any other class instantiated
/// (NEWOBJ, or REDUCE of a CapWords class name) becomes a <see cref="PyObject"/>. What cannot be data is
/// refused before anything else is read: a call of a function (lowercase name) that is not a known data
/// constructor, or any name from a module that runs programs or code (os, subprocess, builtins.eval, ...).
/// Values: null, bool, long, BigInteger, double, string, byte[], object?[] (tuple), List&lt;object?&gt; (list, set),
/// Dictionary&lt;object, object?&gt; (dict, OrderedDict; a None key is <see cref="NoneKey"/>), <see cref="PyGlobal"/>,
/// <see cref="PyObject"/>, and what <c>persistentLoad</c> returns for persistent ids.
/// </summary>
public sealed class SafeUnpickler
{
    /// <summary>Stands for a None dict key (Dictionary keys cannot be null).</summary>
    public static readonly object NoneKey = new();

    static readonly HashSet<string> DeniedModules = new(StringComparer.Ordinal)
    {
        "os", "posix", "nt", "subprocess", "sys", "shutil", "socket", "runpy", "importlib", "pickle", "_pickle",
        "marshal", "ctypes", "code", "codeop", "pty", "webbrowser", "commands", "platform", "pdb", "timeit", "io",
        "types", "operator", "functools", "multiprocessing", "threading", "signal", "tempfile", "pathlib", "glob",
        "urllib", "http", "ftplib", "smtplib", "telnetlib", "asyncio", "inspect", "gc", "zipimport", "pkgutil",
    };

    // builtins that are plain data constructors (anything else from builtins — eval, exec, open, __import__ — is refused)
    static readonly HashSet<string> DataBuiltins = new(StringComparer.Ordinal)
    {
        "dict", "list", "tuple", "set", "frozenset", "bytearray", "bytes", "object", "bool", "int", "long", "float",
        "str", "unicode", "complex", "slice", "range", "getattr", "NoneType", "type",
    };

    // Functions (lowercase names) whose calls are data.
    static readonly HashSet<string> DataFunctions = new(StringComparer.Ordinal)
    {
        "collections.OrderedDict", "collections.defaultdict", "collections.deque", "copyreg._reconstructor", "copy_reg._reconstructor",
        "_codecs.encode", "torch._utils._rebuild_tensor", "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_parameter",
        "torch._utils._rebuild_parameter_with_state", "torch.device", "torch.Size", "numpy.core.multiarray.scalar",
        "numpy.core.multiarray._reconstruct", "numpy.dtype", "numpy.ndarray", "_operator.getitem", "typing.Any",
        "argparse.Namespace", "enum.Enum", "datetime.datetime", "datetime.timedelta", "datetime.date", "uuid.UUID",
        "torch.serialization._get_layout", "torch._utils._rebuild_device_tensor_from_numpy", "collections.Counter",
    };

    readonly byte[] data;
    readonly string source;
    readonly Func<object?, object?> persistentLoad;
    readonly List<object?> stack = [];
    readonly Stack<List<object?>> marks = new();
    readonly Dictionary<long, object?> memo = [];
    int pos;
    bool prefixOnly;

    SafeUnpickler(byte[] data, string source, Func<object?, object?> persistentLoad)
    {
        this.data = data;
        this.source = source;
        this.persistentLoad = persistentLoad;
    }

    /// <summary>
    /// Reads one pickle starting at <paramref name="start"/>; <paramref name="end"/> is where it stopped (after STOP).
    /// With <paramref name="prefixOnly"/>, <paramref name="data"/> is the start of a longer file and running out of it
    /// throws <see cref="EndOfStreamException"/> (read more and try again) instead of an input error.
    /// </summary>
    public static object? Load(byte[] data, string source, Func<object?, object?> persistentLoad, int start, out int end, bool prefixOnly = false)
    {
        var reader = new SafeUnpickler(data, source, persistentLoad) { pos = start, prefixOnly = prefixOnly };
        object? result = reader.Run();
        end = reader.pos;
        return result;
    }

    public static object? Load(byte[] data, string source, Func<object?, object?> persistentLoad) => Load(data, source, persistentLoad, 0, out _);

    Exception Bad(string what) => new SslInputException($"{source}: not a readable pickle at byte {pos}: {what}");

    Exception End(string what) => prefixOnly ? new EndOfStreamException(what) : Bad(what);

    object? Run()
    {
        try
        {
            while (true)
            {
                if (pos >= data.Length)
                    throw End("ends before STOP");
                byte op = data[pos++];
                if (op == (byte)'.')
                    return Pop();
                Step(op);
            }
        }
        catch (Exception e) when (e is InvalidCastException or ArgumentOutOfRangeException or IndexOutOfRangeException or FormatException or OverflowException or ArgumentException)
        {
            throw Bad($"{e.GetType().Name}: {e.Message}");
        }
    }

    void Step(byte op)
    {
        switch (op)
        {
            case 0x80: pos++; break; // PROTO
            case 0x95: pos += 8; break; // FRAME
            case (byte)'(': marks.Push([.. stack]); stack.Clear(); break; // MARK: stack saved, fresh frame
            case (byte)'0': Pop(); break; // POP
            case (byte)'1': PopMark(); break; // POP_MARK
            case (byte)'2': stack.Add(stack[^1]); break; // DUP
            case (byte)'N': stack.Add(null); break;
            case 0x88: stack.Add(true); break;
            case 0x89: stack.Add(false); break;
            case (byte)'J': stack.Add((long)BinaryPrimitives.ReadInt32LittleEndian(Take(4))); break;
            case (byte)'K': stack.Add((long)Take(1)[0]); break;
            case (byte)'M': stack.Add((long)BinaryPrimitives.ReadUInt16LittleEndian(Take(2))); break;
            case 0x8a: stack.Add(Long(Take(Take(1)[0]))); break; // LONG1
            case 0x8b: stack.Add(Long(Take(Length(4)))); break; // LONG4
            case (byte)'I': stack.Add(IntText(Line())); break;
            case (byte)'L': stack.Add(Normalise(BigInteger.Parse(Line().TrimEnd('L'), CultureInfo.InvariantCulture))); break;
            case (byte)'F': stack.Add(double.Parse(Line(), CultureInfo.InvariantCulture)); break;
            case (byte)'G': stack.Add(BinaryPrimitives.ReadDoubleBigEndian(Take(8))); break;
            case (byte)'X': stack.Add(Utf8(Take(Length(4)))); break; // BINUNICODE
            case 0x8c: stack.Add(Utf8(Take(Take(1)[0]))); break; // SHORT_BINUNICODE
            case 0x8d: stack.Add(Utf8(Take(Length(8)))); break; // BINUNICODE8
            case (byte)'V': stack.Add(Line()); break; // UNICODE (raw-unicode-escape; ASCII in practice)
            case (byte)'T': stack.Add(Latin1(Take(Length(4)))); break; // BINSTRING
            case (byte)'U': stack.Add(Latin1(Take(Take(1)[0]))); break; // SHORT_BINSTRING
            case (byte)'S': stack.Add(Line().Trim('\'', '"')); break; // STRING
            case (byte)'B': stack.Add(Take(Length(4)).ToArray()); break; // BINBYTES
            case (byte)'C': stack.Add(Take(Take(1)[0]).ToArray()); break; // SHORT_BINBYTES
            case 0x8e: stack.Add(Take(Length(8)).ToArray()); break; // BINBYTES8
            case 0x96: stack.Add(Take(Length(8)).ToArray()); break; // BYTEARRAY8
            case (byte)')': stack.Add(Array.Empty<object?>()); break;
            case 0x85: stack.Add(new[] { Pop() }); break;
            case 0x86: { var b = Pop(); var a = Pop(); stack.Add(new[] { a, b }); break; }
            case 0x87: { var c = Pop(); var b = Pop(); var a = Pop(); stack.Add(new[] { a, b, c }); break; }
            case (byte)'t': stack.Add(PopMark().ToArray()); break; // TUPLE
            case (byte)']': stack.Add(new List<object?>()); break;
            case (byte)'l': stack.Add(PopMark()); break; // LIST
            case (byte)'}': stack.Add(new Dictionary<object, object?>()); break;
            case (byte)'d': { var items = PopMark(); var d = new Dictionary<object, object?>(); SetItems(d, items); stack.Add(d); break; }
            case 0x8f: stack.Add(new List<object?>()); break; // EMPTY_SET
            case 0x90: { var items = PopMark(); AddItems(stack[^1], items); break; } // ADDITEMS
            case 0x91: stack.Add(PopMark()); break; // FROZENSET
            case (byte)'a': { var v = Pop(); AddItems(stack[^1], [v]); break; } // APPEND
            case (byte)'e': { var items = PopMark(); AddItems(stack[^1], items); break; } // APPENDS
            case (byte)'s': { var v = Pop(); var k = Pop(); SetItems(stack[^1], [k, v]); break; } // SETITEM
            case (byte)'u': { var items = PopMark(); SetItems(stack[^1], items); break; } // SETITEMS
            case (byte)'p': memo[long.Parse(Line(), CultureInfo.InvariantCulture)] = stack[^1]; break; // PUT
            case (byte)'q': memo[Take(1)[0]] = stack[^1]; break;
            case (byte)'r': memo[BinaryPrimitives.ReadUInt32LittleEndian(Take(4))] = stack[^1]; break;
            case 0x94: memo[memo.Count] = stack[^1]; break; // MEMOIZE
            case (byte)'g': stack.Add(Memo(long.Parse(Line(), CultureInfo.InvariantCulture))); break; // GET
            case (byte)'h': stack.Add(Memo(Take(1)[0])); break;
            case (byte)'j': stack.Add(Memo(BinaryPrimitives.ReadUInt32LittleEndian(Take(4)))); break;
            case (byte)'c': { string module = Line(); string name = Line(); stack.Add(Global(module, name)); break; } // GLOBAL
            case 0x93: { var name = (string)Pop()!; var module = (string)Pop()!; stack.Add(Global(module, name)); break; } // STACK_GLOBAL
            case (byte)'R': { var args = (object?[])Pop()!; var callable = Pop(); stack.Add(Call(callable, args)); break; } // REDUCE
            case 0x81: { var args = (object?[])Pop()!; var cls = Pop(); stack.Add(New(cls, args)); break; } // NEWOBJ
            case 0x92: { Pop(); var args = (object?[])Pop()!; var cls = Pop(); stack.Add(New(cls, args)); break; } // NEWOBJ_EX
            case (byte)'i': { string module = Line(); string name = Line(); var args = PopMark().ToArray(); stack.Add(Call(Global(module, name), args)); break; } // INST
            case (byte)'o': { var items = PopMark(); stack.Add(Call(items[0], items.Skip(1).ToArray())); break; } // OBJ
            case (byte)'b': { var state = Pop(); Build(stack[^1], state); break; } // BUILD
            case (byte)'Q': stack.Add(persistentLoad(Pop())); break; // BINPERSID
            case (byte)'P': stack.Add(persistentLoad(Line())); break; // PERSID
            case 0x82 or 0x83 or 0x84: throw new UnsafePickleException($"{source}: pickle uses the copyreg extension registry (EXT opcodes), which is not data; refusing to load it");
            case 0x97 or 0x98: throw Bad("out-of-band buffers are not supported");
            default: throw Bad($"unknown opcode 0x{op:x2}");
        }
    }

    object? Global(string module, string name)
    {
        string root = module.Split('.')[0];
        bool builtins = root is "builtins" or "__builtin__";
        bool dunder = name.Split('.').Any(part => part.StartsWith("__", StringComparison.Ordinal));
        if (DeniedModules.Contains(root) || (builtins && !DataBuiltins.Contains(name)) || dunder)
            throw new UnsafePickleException($"{source}: the pickle refers to {module}.{name}, which is code, not data; refusing to load it (nothing was run)");
        return new PyGlobal(module, name);
    }

    object? Call(object? callable, object?[] args)
    {
        if (callable is not PyGlobal g)
            throw new UnsafePickleException($"{source}: the pickle calls a {Describe(callable)}, which is not data; refusing to load it (nothing was run)");
        if (TryData(g, args, out var value))
            return value;
        if (DataFunctions.Contains(g.ToString()) || g.Module is "builtins" or "__builtin__" || IsClassName(g.Name))
            return new PyObject(g, args);
        throw new UnsafePickleException($"{source}: the pickle calls {g}, which is a function, not data; refusing to load it (nothing was run)");
    }

    /// <summary>Calls whose result is a plain value rather than a recorded instance.</summary>
    bool TryData(PyGlobal g, object?[] args, out object? value)
    {
        value = Data(g, args, out bool handled);
        return handled;
    }

    object? Data(PyGlobal g, object?[] args, out bool handled)
    {
        handled = true;
        string full = g.ToString();
        string bare = g.Module is "builtins" or "__builtin__" ? g.Name : full;
        switch (bare)
        {
            case "collections.OrderedDict" or "collections.defaultdict" or "collections.Counter" or "dict":
            {
                var d = new Dictionary<object, object?>();
                if (bare == "dict" && args.Length == 1 && args[0] is Dictionary<object, object?> src)
                    foreach (var (k, v) in src)
                        d[k] = v;
                return d;
            }
            case "list" or "set" or "frozenset" or "collections.deque":
                return args.Length > 0 && args[0] is IEnumerable<object?> e ? e.ToList() : new List<object?>();
            case "tuple":
                return args.Length > 0 && args[0] is IEnumerable<object?> t ? t.ToArray() : Array.Empty<object?>();
            case "_codecs.encode":
                return args.Length > 0 && args[0] is string s ? Encoding.Latin1.GetBytes(s) : throw Bad("_codecs.encode without a string");
            case "bytes" or "bytearray":
                return args.Length == 0 ? Array.Empty<byte>() : args[0] is byte[] b ? b : args[0] is string s2 ? Encoding.Latin1.GetBytes(s2) : throw Bad($"{bare} of a {Describe(args[0])}");
            case "getattr":
                // Enum members pickle as getattr(EnumClass, "member"): a name, not a call.
                if (args is [PyGlobal owner, string attr] && !attr.StartsWith("__", StringComparison.Ordinal))
                    return Global(owner.Module, owner.Name + "." + attr);
                throw new UnsafePickleException($"{source}: the pickle calls getattr on a {Describe(args.ElementAtOrDefault(0))}, which is not data; refusing to load it (nothing was run)");
            case "copyreg._reconstructor" or "copy_reg._reconstructor":
                return args.Length > 0 && args[0] is PyGlobal cls ? new PyObject(cls, []) : throw Bad("copyreg._reconstructor without a class");
            case "torch._utils._rebuild_tensor" or "torch._utils._rebuild_tensor_v2":
                return RebuildTensor(args);
            case "torch._utils._rebuild_parameter" or "torch._utils._rebuild_parameter_with_state":
                return args.Length > 0 ? args[0] : throw Bad("_rebuild_parameter without a tensor");
        }
        handled = false;
        return null;
    }

    /// <summary>CapWords after the last dot (Python's class naming): an instance to record, not a function to run.</summary>
    static bool IsClassName(string name)
    {
        string last = name[(name.LastIndexOf('.') + 1)..];
        return last.Length > 0 && char.IsUpper(last[0]);
    }

    object? New(object? cls, object?[] args)
    {
        if (cls is not PyGlobal g)
            throw new UnsafePickleException($"{source}: NEWOBJ on a {Describe(cls)}, which is not a class; refusing to load it (nothing was run)");
        // cls.__new__(cls, *args) builds an instance without running the class's own code: always data.
        return TryData(g, args, out var value) ? value : new PyObject(g, args);
    }

    TensorRef RebuildTensor(object?[] args)
    {
        if (args.Length < 4 || args[0] is not StorageRef storage || args[2] is not object?[] size || args[3] is not object?[] stride)
            throw Bad("torch._utils._rebuild_tensor_v2 with unexpected arguments");
        long offset = Convert.ToInt64(args[1], CultureInfo.InvariantCulture);
        var shape = size.Select(v => Convert.ToInt64(v, CultureInfo.InvariantCulture)).ToArray();
        var strides = stride.Select(v => Convert.ToInt64(v, CultureInfo.InvariantCulture)).ToArray();
        if (shape.Length != strides.Length || shape.Any(s => s < 0) || strides.Any(s => s < 0) || offset < 0)
            throw Bad("tensor with an inconsistent shape, stride or offset");
        long last = offset + shape.Zip(strides, (n, s) => n == 0 ? 0 : (n - 1) * s).Sum();
        if (shape.All(n => n > 0) && last >= storage.Numel)
            throw Bad($"tensor [{string.Join(", ", shape)}] at offset {offset} reaches past its storage '{storage.Key}' of {storage.Numel} elements");
        return new TensorRef(storage, offset, shape, strides);
    }

    void Build(object? target, object? state)
    {
        switch (target)
        {
            case PyObject o:
                o.State = state;
                break;
            case Dictionary<object, object?> d when state is Dictionary<object, object?> s:
                foreach (var (k, v) in s)
                    d[k] = v;
                break;
            default:
                break; // state of a rebuilt container (e.g. OrderedDict._metadata) is not needed
        }
    }

    void SetItems(object? target, List<object?> items)
    {
        if (items.Count % 2 != 0)
            throw Bad("SETITEMS with an odd number of items");
        var dict = target switch
        {
            Dictionary<object, object?> d => d,
            PyObject o => (Dictionary<object, object?>)(o.State ??= new Dictionary<object, object?>()),
            _ => throw Bad($"SETITEM on a {Describe(target)}"),
        };
        for (int i = 0; i < items.Count; i += 2)
            dict[items[i] ?? NoneKey] = items[i + 1];
    }

    void AddItems(object? target, List<object?> items)
    {
        switch (target)
        {
            case List<object?> list:
                list.AddRange(items);
                break;
            case PyObject o:
                ((List<object?>)(o.State ??= new List<object?>())).AddRange(items);
                break;
            default:
                throw Bad($"APPEND on a {Describe(target)}");
        }
    }

    static string Describe(object? value) => value switch
    {
        null => "None",
        PyGlobal g => g.ToString(),
        PyObject o => $"{o.Type} instance",
        _ => value.GetType().Name,
    };

    object? Pop()
    {
        if (stack.Count == 0)
            throw Bad("stack underflow");
        var v = stack[^1];
        stack.RemoveAt(stack.Count - 1);
        return v;
    }

    List<object?> PopMark()
    {
        if (marks.Count == 0)
            throw Bad("no MARK");
        var items = new List<object?>(stack);
        stack.Clear();
        stack.AddRange(marks.Pop());
        return items;
    }

    object? Memo(long key) => memo.TryGetValue(key, out var v) ? v : throw Bad($"memo key {key} was never stored");

    ReadOnlySpan<byte> Take(int n)
    {
        if (n < 0 || pos + n > data.Length)
            throw End($"needs {n} more bytes");
        var span = data.AsSpan(pos, n);
        pos += n;
        return span;
    }

    int Length(int bytes)
    {
        long n = bytes == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(Take(4)) : BinaryPrimitives.ReadInt64LittleEndian(Take(8));
        if (n < 0)
            throw Bad($"negative length {n}");
        if (n > data.Length - pos)
            throw End($"length {n} runs past the end");
        return (int)n;
    }

    string Line()
    {
        int end = Array.IndexOf(data, (byte)'\n', pos);
        if (end < 0)
            throw End("unterminated text argument");
        string s = Encoding.UTF8.GetString(data, pos, end - pos);
        pos = end + 1;
        return s;
    }

    static object IntText(string s) => s switch
    {
        "01" => true,
        "00" => false,
        _ => long.Parse(s, CultureInfo.InvariantCulture),
    };

    static object Long(ReadOnlySpan<byte> bytes) => bytes.Length == 0 ? 0L : Normalise(new BigInteger(bytes, isUnsigned: false, isBigEndian: false));

    static object Normalise(BigInteger v) => v >= long.MinValue && v <= long.MaxValue ? (long)v : v;

    static string Utf8(ReadOnlySpan<byte> b) => Encoding.UTF8.GetString(b);

    static string Latin1(ReadOnlySpan<byte> b) => Encoding.Latin1.GetString(b);
}
