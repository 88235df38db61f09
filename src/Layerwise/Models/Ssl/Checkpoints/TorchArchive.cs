using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Numerics;
using TorchSharp;
using static TorchSharp.torch;

namespace Layerwise.Models.Ssl.Checkpoints;

/// <summary>
/// A torch.save file (pytorch_model.bin, fairseq/unilm .pt) opened without reading its tensors: the pickle is
/// parsed by <see cref="SafeUnpickler"/> into plain data whose tensors are <see cref="TensorRef"/>s, and
/// <see cref="Read"/> then reads only the storages asked for. Both layouts torch writes: the zip archive
/// (torch ≥ 1.6: {name}/data.pkl and one stored entry per storage, {name}/data/{key}) and the legacy stream
/// (magic number, protocol, sys info, the object pickle, the storage-key list, then each storage as an 8-byte
/// element count and its bytes). Little-endian storages only, as every torch on x86/ARM writes them.
/// </summary>
public sealed class TorchArchive : IDisposable
{
    static readonly BigInteger LegacyMagic = BigInteger.Parse("119547037146038801333356", CultureInfo.InvariantCulture);

    readonly FileStream stream;
    readonly ZipArchive? zip;
    readonly string prefix = "";
    readonly Dictionary<string, StorageRef> storages = new(StringComparer.Ordinal);
    readonly Dictionary<string, long> legacyOffsets = new(StringComparer.Ordinal);

    public string Path { get; }
    /// <summary>The unpickled object: a state dict for pytorch_model.bin, a dict with "model", "cfg"/"args" for fairseq.</summary>
    public object? Root { get; }
    /// <summary>True for the zip layout, false for the legacy stream.</summary>
    public bool IsZip => zip is not null;

    TorchArchive(string path)
    {
        Path = path;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SslInputException($"{path}: cannot open the checkpoint: {e.Message}", e);
        }
        try
        {
            Span<byte> head = stackalloc byte[4];
            int n = stream.ReadAtLeast(head, 4, throwOnEndOfStream: false);
            stream.Position = 0;
            if (n == 4 && head[0] == 'P' && head[1] == 'K')
            {
                zip = OpenZip(path);
                var pkl = zip.Entries.Where(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal) && e.FullName.Count(c => c == '/') == 1).ToList();
                if (pkl.Count != 1)
                    throw new SslInputException($"{path}: a zip file but not a torch.save archive (expected one <name>/data.pkl, found {pkl.Count})");
                prefix = pkl[0].FullName[..^"data.pkl".Length];
                Root = SafeUnpickler.Load(ReadEntry(pkl[0]), $"{path}:{pkl[0].FullName}", PersistentLoad);
            }
            else if (n >= 2 && head[0] == 0x80)
                Root = ReadLegacy();
            else
                throw new SslInputException($"{path}: not a PyTorch checkpoint (neither a torch.save zip archive nor a legacy pickle stream)");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public static TorchArchive Open(string path) => new(path);

    ZipArchive OpenZip(string path)
    {
        try
        {
            return new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new SslInputException($"{path}: damaged zip archive ({e.Message})", e);
        }
    }

    byte[] ReadEntry(ZipArchiveEntry entry)
    {
        if (entry.Length > int.MaxValue)
            throw new SslInputException($"{Path}: {entry.FullName} is {entry.Length} bytes, too large for a pickle");
        var bytes = new byte[entry.Length];
        using var s = entry.Open();
        s.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>('storage', storage type, key, location, numel[, view]) → the storage it names (zip and legacy alike).</summary>
    object? PersistentLoad(object? pid)
    {
        if (pid is not object?[] { Length: >= 5 } t || t[0] is not "storage" || t[1] is not PyGlobal type || t[2] is not string key || t[4] is not long numel)
            throw new SslInputException($"{Path}: unexpected persistent id in the pickle (expected a torch storage record)");
        if (t.Length > 5 && t[5] is not null)
            throw new SslInputException($"{Path}: storage '{key}' is a view of another storage (torch < 0.4 layout), which is not supported");
        var dtype = StorageDType(type) ?? throw new SslInputException($"{Path}: storage '{key}' has unsupported type {type}");
        if (numel < 0)
            throw new SslInputException($"{Path}: storage '{key}' has {numel} elements");
        if (storages.TryGetValue(key, out var known))
            return known;
        var storage = new StorageRef(key, dtype, numel, t[3] as string ?? "cpu");
        storages[key] = storage;
        return storage;
    }

    static ScalarType? StorageDType(PyGlobal type) => type.Module != "torch" ? null : type.Name switch
    {
        "FloatStorage" => ScalarType.Float32,
        "DoubleStorage" => ScalarType.Float64,
        "HalfStorage" => ScalarType.Float16,
        "BFloat16Storage" => ScalarType.BFloat16,
        "LongStorage" => ScalarType.Int64,
        "IntStorage" => ScalarType.Int32,
        "ShortStorage" => ScalarType.Int16,
        "CharStorage" => ScalarType.Int8,
        "ByteStorage" => ScalarType.Byte,
        "BoolStorage" => ScalarType.Bool,
        _ => null,
    };

    object? ReadLegacy()
    {
        // The five pickles are small next to the storages: read a growing prefix until they all parse.
        for (long size = Math.Min(stream.Length, 1 << 20); ; size = Math.Min(stream.Length, size * 4))
        {
            var buffer = new byte[size];
            stream.Position = 0;
            stream.ReadExactly(buffer);
            try
            {
                string src = Path;
                object? magic = SafeUnpickler.Load(buffer, src, NoPersistent, 0, out int p, prefixOnly: size < stream.Length);
                if (!(magic is BigInteger m && m == LegacyMagic))
                    throw new SslInputException($"{Path}: not a PyTorch checkpoint (a pickle, but without torch's magic number)");
                SafeUnpickler.Load(buffer, src, NoPersistent, p, out p, prefixOnly: size < stream.Length); // protocol version
                SafeUnpickler.Load(buffer, src, NoPersistent, p, out p, prefixOnly: size < stream.Length); // sys info
                storages.Clear();
                object? root = SafeUnpickler.Load(buffer, src, PersistentLoad, p, out p, prefixOnly: size < stream.Length);
                var keys = SafeUnpickler.Load(buffer, src, NoPersistent, p, out p, prefixOnly: size < stream.Length) as List<object?>
                    ?? throw new SslInputException($"{Path}: legacy checkpoint without its storage-key list");
                IndexLegacyStorages(keys, p);
                return root;
            }
            catch (EndOfStreamException) when (size < stream.Length)
            {
                // read more
            }
        }
    }

    object? NoPersistent(object? pid) => throw new SslInputException($"{Path}: unexpected persistent id in a legacy header pickle");

    void IndexLegacyStorages(List<object?> keys, long position)
    {
        Span<byte> count = stackalloc byte[8];
        foreach (var k in keys)
        {
            if (k is not string key || !storages.TryGetValue(key, out var storage))
                throw new SslInputException($"{Path}: legacy storage list names '{k}', which no tensor uses");
            stream.Position = position;
            if (stream.ReadAtLeast(count, 8, throwOnEndOfStream: false) < 8)
                throw new SslInputException($"{Path}: truncated: storage '{key}' is missing (file ends at byte {stream.Length})");
            long numel = BinaryPrimitives.ReadInt64LittleEndian(count);
            if (numel != storage.Numel)
                throw new SslInputException($"{Path}: storage '{key}' records {numel} elements, the pickle says {storage.Numel}");
            legacyOffsets[key] = position + 8;
            position += 8 + storage.ByteCount;
            if (position > stream.Length)
                throw new SslInputException($"{Path}: truncated: storage '{key}' runs past the end of the file ({stream.Length} bytes)");
        }
    }

    /// <summary>
    /// Reads the tensors asked for (float32 and other dtypes as stored, CPU, contiguous); each storage is read
    /// once however many of them share it, and storages no tensor asked for are not read at all.
    /// </summary>
    public Dictionary<TensorRef, Tensor> Read(IEnumerable<TensorRef> tensors)
    {
        var result = new Dictionary<TensorRef, Tensor>(ReferenceEqualityComparer.Instance);
        var loaded = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var t in tensors)
            {
                if (result.ContainsKey(t))
                    continue;
                if (!loaded.TryGetValue(t.Storage.Key, out var storage))
                    loaded[t.Storage.Key] = storage = ReadStorage(t.Storage);
                bool whole = t.Offset == 0 && t.Numel == t.Storage.Numel && IsContiguous(t);
                using (no_grad())
                    result[t] = whole ? storage.view(t.Shape) : storage.as_strided(t.Shape, t.Stride, t.Offset).contiguous();
            }
            return result;
        }
        catch
        {
            foreach (var v in result.Values)
                v.Dispose();
            throw;
        }
        finally
        {
            foreach (var s in loaded.Values)
                s.Dispose(); // views made from a storage keep its memory alive
        }
    }

    static bool IsContiguous(TensorRef t)
    {
        long expected = 1;
        for (int i = t.Shape.Length - 1; i >= 0; i--)
        {
            if (t.Shape[i] != 1 && t.Stride[i] != expected)
                return false;
            expected *= t.Shape[i];
        }
        return true;
    }

    Tensor ReadStorage(StorageRef storage)
    {
        var tensor = empty(storage.Numel, storage.DType);
        try
        {
            if (zip is not null)
            {
                string name = prefix + "data/" + storage.Key;
                var entry = zip.GetEntry(name) ?? throw new SslInputException($"{Path}: storage entry {name} is missing from the archive");
                if (entry.Length != storage.ByteCount)
                    throw new SslInputException($"{Path}: {name} has {entry.Length} bytes, its tensors need {storage.ByteCount} ({storage.Numel} × {storage.DType})");
                using var s = entry.Open();
                tensor.ReadBytesFromStream(s);
            }
            else
            {
                stream.Position = legacyOffsets.TryGetValue(storage.Key, out long offset)
                    ? offset
                    : throw new SslInputException($"{Path}: storage '{storage.Key}' is not in the legacy storage list");
                tensor.ReadBytesFromStream(stream);
            }
            return tensor;
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            tensor.Dispose();
            throw new SslInputException($"{Path}: cannot read storage '{storage.Key}': {e.Message}", e);
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        zip?.Dispose();
        stream?.Dispose();
    }
}
