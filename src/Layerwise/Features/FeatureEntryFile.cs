using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Layerwise.IO;
using TorchSharp;

namespace Layerwise.Features;

/// <summary>
/// One utterance's hidden states on disk (format version 2):
/// <code>
///   0  magic "LWFE", version, stored layers, frames, hidden size, flags, payload length   (32 bytes)
///  32  SHA-256 of the payload                                                           (32)
///  64  binding: SHA-256 of bytes 0..32, the cache key's digest, the dataset and the utt id (32)
///  96  length of the id block, then the id block: UTF-8 "dataset\0utt id"
///      then one XxHash3 per stored layer (8 bytes each), then the fp16 payload [layers, frames, hidden]
/// </code>
/// Every read checks the size, the binding (so an entry copied over another utterance's, or from another
/// key's cache, is refused) and the XxHash3 of the layers it reads; writes refuse non-finite values. The SHA-256
/// of the whole payload is checked by <see cref="Verify"/> (<c>extract --verify</c>).
/// </summary>
internal static class FeatureEntryFile
{
    const uint Magic = 0x4546574C; // "LWFE" little-endian
    const int Version = 2;
    const int FixedBytes = 100;
    const int MaxIdBytes = 4096;
    /// <summary>The smallest float32 magnitude that fp16 rounds to infinity (65504 + half of its last step of 32).</summary>
    internal const float Fp16Overflow = 65520f;

    public sealed record Header(int Layers, int Frames, int Hidden, bool Hidden0, long PayloadBytes, byte[] Sha256,
        byte[] Binding, string Dataset, string UttId, ulong[] LayerHashes, long HeaderBytes, byte[] FixedFields);

    /// <summary>Bytes of the whole file for an entry of this shape and identity.</summary>
    public static long FileBytes(int layers, int frames, int hidden, string dataset, string uttId) =>
        HeaderLength(layers, IdBlock(dataset, uttId).Length) + 2L * layers * frames * hidden;

    static long HeaderLength(int layers, int idBytes) => FixedBytes + idBytes + 8L * layers;

    static byte[] IdBlock(string dataset, string uttId) => Encoding.UTF8.GetBytes(dataset + "\0" + uttId);

    /// <summary>What ties an entry to its place: the fixed header fields, the key and the utterance.</summary>
    static byte[] Binding(ReadOnlySpan<byte> fixedFields, string keyDigest, string dataset, string uttId)
    {
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        h.AppendData(fixedFields);
        h.AppendData(Encoding.UTF8.GetBytes($"\0{keyDigest}\0{dataset}\0{uttId}"));
        return h.GetHashAndReset();
    }

    /// <summary>Writes to a temporary file in the same folder and renames it into place, so a reader
    /// (or a process killed mid-write) never sees a partial entry under the final name.</summary>
    public static void WriteAtomic(string path, ReadOnlySpan<float> values, int layers, int frames, int hidden, bool hidden0,
        string keyDigest, string dataset, string uttId)
    {
        if (values.Length != (long)layers * frames * hidden)
            throw new ArgumentException($"entry has {values.Length} values, expected {layers}x{frames}x{hidden}");
        // fp16 overflows above 65504 (from 65520 on, rounding to nearest): an infinite entry would poison every run
        // that reads it. Checked and converted with SIMD (TensorPrimitives): the scalar loop took ~45 ms per 24-layer
        // utterance, a third of the write. MaxMagnitude returns the signed value (NaN when any value is).
        if (values.Length > 0 && !(MathF.Abs(TensorPrimitives.MaxMagnitude(values)) < Fp16Overflow))
            for (int i = 0; i < values.Length; i++)
                if (!Half.IsFinite((Half)values[i]))
                    throw new FeatureCacheException(path,
                        $"utterance '{uttId}' of '{dataset}': hidden state value {values[i]} at layer {i / ((long)frames * hidden)} is not finite in fp16; not cached");
        var half = new Half[values.Length];
        TensorPrimitives.ConvertToHalf(values, half);
        var payload = MemoryMarshal.AsBytes(half.AsSpan());
        var ids = IdBlock(dataset, uttId);
        if (ids.Length > MaxIdBytes)
            throw new ArgumentException($"dataset and utterance id take {ids.Length} bytes; at most {MaxIdBytes}");
        var header = new byte[HeaderLength(layers, ids.Length)];
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(0), Magic);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4), Version);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), layers);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(12), frames);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(16), hidden);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(20), hidden0 ? 1 : 0);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(24), payload.Length);
        SHA256.HashData(payload, header.AsSpan(32));
        Binding(header.AsSpan(0, 32), keyDigest, dataset, uttId).CopyTo(header.AsSpan(64));
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(96), ids.Length);
        ids.CopyTo(header.AsSpan(FixedBytes));
        int perLayer = 2 * frames * hidden;
        for (int l = 0; l < layers; l++)
            BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(FixedBytes + ids.Length + 8 * l),
                XxHash3.HashToUInt64(payload.Slice(l * perLayer, perLayer)));

        // No fsync (AtomicFile): after a power loss a torn entry fails the size/hash checks.
        AtomicFile.Write(path, tmp =>
        {
            using var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            fs.Write(header);
            fs.Write(MemoryMarshal.AsBytes(half.AsSpan()));
        }, keepExtension: false);
    }

    public static Header ReadHeader(string path, Stream s)
    {
        var head = new byte[FixedBytes];
        if (s.ReadAtLeast(head, FixedBytes, throwOnEndOfStream: false) < FixedBytes)
            throw new FeatureCacheException(path, "truncated header");
        if (BinaryPrimitives.ReadUInt32LittleEndian(head) != Magic)
            throw new FeatureCacheException(path, "not a feature entry (bad magic)");
        int version = BinaryPrimitives.ReadInt32LittleEndian(head.AsSpan(4));
        if (version != Version)
            throw new FeatureCacheException(path, $"unsupported entry version {version} (this build reads {Version}; rerun `layerwise extract` to recompute it)");
        int layers = BinaryPrimitives.ReadInt32LittleEndian(head.AsSpan(8));
        int frames = BinaryPrimitives.ReadInt32LittleEndian(head.AsSpan(12));
        int hidden = BinaryPrimitives.ReadInt32LittleEndian(head.AsSpan(16));
        int flags = BinaryPrimitives.ReadInt32LittleEndian(head.AsSpan(20));
        long payloadBytes = BinaryPrimitives.ReadInt64LittleEndian(head.AsSpan(24));
        int idBytes = BinaryPrimitives.ReadInt32LittleEndian(head.AsSpan(96));
        if (layers <= 0 || frames <= 0 || hidden <= 0 || flags is not (0 or 1) || idBytes is < 2 or > MaxIdBytes
            || layers > 100_000 || payloadBytes != 2L * layers * frames * hidden)
            throw new FeatureCacheException(path, "inconsistent header");
        long headerBytes = HeaderLength(layers, idBytes);
        if (s.Length != headerBytes + payloadBytes)
            throw new FeatureCacheException(path, $"size {s.Length} bytes, header says {headerBytes + payloadBytes}");
        var rest = new byte[headerBytes - FixedBytes];
        s.ReadExactly(rest);
        string ids;
        try { ids = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(rest, 0, idBytes); }
        catch (DecoderFallbackException) { throw new FeatureCacheException(path, "id block is not UTF-8"); }
        int sep = ids.IndexOf('\0', StringComparison.Ordinal);
        if (sep < 0)
            throw new FeatureCacheException(path, "id block has no dataset/utterance separator");
        var hashes = new ulong[layers];
        for (int l = 0; l < layers; l++)
            hashes[l] = BinaryPrimitives.ReadUInt64LittleEndian(rest.AsSpan(idBytes + 8 * l));
        return new Header(layers, frames, hidden, flags == 1, payloadBytes, head[32..64], head[64..96],
            ids[..sep], ids[(sep + 1)..], hashes, headerBytes, head[..32]);
    }

    /// <summary>Throws unless the entry was written for this key, dataset and utterance.</summary>
    public static void CheckBinding(string path, Header h, string keyDigest, string dataset, string uttId)
    {
        if (h.Dataset != dataset || h.UttId != uttId)
            throw new FeatureCacheException(path,
                $"entry belongs to utterance '{h.UttId}' of '{h.Dataset}', not '{uttId}' of '{dataset}' (a moved or copied entry; rerun `layerwise extract --verify`)");
        if (!Binding(h.FixedFields, keyDigest, dataset, uttId).AsSpan().SequenceEqual(h.Binding))
            throw new FeatureCacheException(path,
                $"entry of '{uttId}' was not written for this cache key, or its header is corrupt (rerun `layerwise extract --verify`)");
    }

    /// <summary>Reads layers [first, first+count) of the stored stack as a CPU tensor [count, frames, hidden] of
    /// <paramref name="dtype"/> (float32, or float16: the stored values as they are), checking binding, layer hashes
    /// and finiteness; with <paramref name="verifyHash"/> also the SHA-256 of the whole payload. The fp16 bytes go
    /// through a pooled buffer and are converted straight into the tensor's memory (SIMD): a fresh float[] and the
    /// copy into a tensor were most of a 24-layer read.</summary>
    public static (torch.Tensor Values, Header Header) Read(string path, int first, int count, bool verifyHash,
        string keyDigest, string dataset, string uttId, torch.ScalarType dtype = torch.ScalarType.Float32)
    {
        if (dtype is not (torch.ScalarType.Float32 or torch.ScalarType.Float16))
            throw new ArgumentException($"entries are read as float32 or float16, not {dtype}");
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var h = ReadHeader(path, fs);
        CheckBinding(path, h, keyDigest, dataset, uttId);
        if (first < 0 || first + count > h.Layers)
            throw new FeatureCacheException(path, $"asked for stored layers {first}..{first + count - 1}, entry holds {h.Layers}");
        int perLayer = checked(2 * h.Frames * h.Hidden); // bytes
        int length = verifyHash ? checked((int)h.PayloadBytes) : checked(count * perLayer);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var read = buffer.AsSpan(0, length);
            if (!verifyHash)
                fs.Seek(h.HeaderBytes + (long)first * perLayer, SeekOrigin.Begin);
            fs.ReadExactly(read);
            if (verifyHash && !SHA256.HashData(read).AsSpan().SequenceEqual(h.Sha256))
                throw new FeatureCacheException(path, $"payload hash mismatch (utterance '{uttId}')");
            var layers = verifyHash ? read.Slice(first * perLayer, count * perLayer) : read;
            CheckLayers(path, h, layers, first, count, uttId);
            var values = torch.empty([count, h.Frames, h.Hidden], dtype);
            for (int l = 0; l < count; l++) // layer by layer: one span of the tensor stays under 2 GB
            {
                using var layer = values[l];
                var stored = layers.Slice(l * perLayer, perLayer);
                if (dtype == torch.ScalarType.Float16)
                    stored.CopyTo(layer.bytes);
                else
                    TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<byte, Half>(stored), MemoryMarshal.Cast<byte, float>(layer.bytes));
            }
            return (values, h);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The always-on payload check: one XxHash3 per layer read. Writes refuse non-finite values, so a
    /// matching hash also means finite values.</summary>
    static void CheckLayers(string path, Header h, ReadOnlySpan<byte> layers, int first, int count, string uttId)
    {
        int perLayer = checked(2 * h.Frames * h.Hidden);
        for (int l = 0; l < count; l++)
            if (XxHash3.HashToUInt64(layers.Slice(l * perLayer, perLayer)) != h.LayerHashes[first + l])
                throw new FeatureCacheException(path, $"stored layer {first + l} of utterance '{uttId}' is corrupt (checksum mismatch); rerun `layerwise extract --verify`");
    }

    /// <summary>Full check: header, size, binding (to the ids it records, which must match its path) and payload hash.</summary>
    public static Header Verify(string path, string keyDigest, Func<string, string, string> expectedPath)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var h = ReadHeader(path, fs);
        if (Path.GetFullPath(expectedPath(h.Dataset, h.UttId)) != Path.GetFullPath(path))
            throw new FeatureCacheException(path, $"entry records utterance '{h.UttId}' of '{h.Dataset}', which does not live here (a moved or copied entry)");
        CheckBinding(path, h, keyDigest, h.Dataset, h.UttId);
        var all = new byte[h.PayloadBytes];
        fs.ReadExactly(all);
        if (!SHA256.HashData(all).AsSpan().SequenceEqual(h.Sha256))
            throw new FeatureCacheException(path, "payload hash mismatch");
        CheckLayers(path, h, all, 0, h.Layers, h.UttId);
        return h;
    }
}
