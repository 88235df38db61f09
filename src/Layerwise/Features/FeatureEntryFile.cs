using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Layerwise.Features;

/// <summary>
/// One utterance's hidden states on disk: a 64-byte header (magic "LWFE", version, stored layers,
/// frames, hidden size, flags, payload length) + the SHA-256 of the payload, then the fp16 payload
/// laid out [layers, frames, hidden] (hidden_0 first when stored). The hash lets <see cref="FeatureCache.Verify"/>
/// detect torn or corrupted files; the length check alone catches truncation cheaply on every read.
/// </summary>
internal static class FeatureEntryFile
{
    const uint Magic = 0x4546574C; // "LWFE" little-endian
    const int Version = 1;
    public const int HeaderBytes = 32 + 32;

    public sealed record Header(int Layers, int Frames, int Hidden, bool Hidden0, long PayloadBytes, byte[] Sha256);

    public static long FileBytes(int layers, int frames, int hidden) => HeaderBytes + 2L * layers * frames * hidden;

    /// <summary>Writes to a temporary file in the same folder and renames it into place, so a reader
    /// (or a process killed mid-write) never sees a partial entry under the final name.</summary>
    public static void WriteAtomic(string path, ReadOnlySpan<float> values, int layers, int frames, int hidden, bool hidden0)
    {
        if (values.Length != (long)layers * frames * hidden)
            throw new ArgumentException($"entry has {values.Length} values, expected {layers}x{frames}x{hidden}");
        var half = new Half[values.Length];
        for (int i = 0; i < values.Length; i++)
            half[i] = (Half)values[i];
        var payload = MemoryMarshal.AsBytes(half.AsSpan());
        var header = new byte[HeaderBytes];
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(0), Magic);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4), Version);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), layers);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(12), frames);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(16), hidden);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(20), hidden0 ? 1 : 0);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(24), payload.Length);
        SHA256.HashData(payload, header.AsSpan(32));

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var tmp = $"{path}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
        {
            fs.Write(header);
            fs.Write(payload);
            // No fsync: a killed process cannot lose data the kernel already has, and fsync per entry is
            // slow on cluster file systems. After a power loss a torn entry fails the size/hash checks.
        }
        File.Move(tmp, path, overwrite: true);
    }

    public static Header ReadHeader(string path, Stream s)
    {
        var header = new byte[HeaderBytes];
        if (s.ReadAtLeast(header, HeaderBytes, throwOnEndOfStream: false) < HeaderBytes)
            throw new FeatureCacheException(path, "truncated header");
        if (BinaryPrimitives.ReadUInt32LittleEndian(header) != Magic)
            throw new FeatureCacheException(path, "not a feature entry (bad magic)");
        int version = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(4));
        if (version != Version)
            throw new FeatureCacheException(path, $"unsupported entry version {version}");
        var h = new Header(
            BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8)),
            BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(12)),
            BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(16)),
            BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(20)) != 0,
            BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(24)),
            header[32..64]);
        if (h.PayloadBytes != 2L * h.Layers * h.Frames * h.Hidden || h.Layers <= 0 || h.Frames <= 0 || h.Hidden <= 0)
            throw new FeatureCacheException(path, "inconsistent header");
        if (s.Length != HeaderBytes + h.PayloadBytes)
            throw new FeatureCacheException(path, $"size {s.Length} bytes, header says {HeaderBytes + h.PayloadBytes}");
        return h;
    }

    /// <summary>Reads layers [first, first+count) of the stored stack as float32.</summary>
    public static (float[] Values, Header Header) Read(string path, int first, int count, bool verifyHash)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var h = ReadHeader(path, fs);
        if (first < 0 || first + count > h.Layers)
            throw new FeatureCacheException(path, $"asked for stored layers {first}..{first + count - 1}, entry holds {h.Layers}");
        long perLayer = (long)h.Frames * h.Hidden;
        Half[] half;
        if (verifyHash)
        {
            var all = new byte[h.PayloadBytes];
            fs.ReadExactly(all);
            if (!SHA256.HashData(all).AsSpan().SequenceEqual(h.Sha256))
                throw new FeatureCacheException(path, "payload hash mismatch");
            half = MemoryMarshal.Cast<byte, Half>(all.AsSpan((int)(first * perLayer * 2), (int)(count * perLayer * 2))).ToArray();
        }
        else
        {
            fs.Seek(HeaderBytes + first * perLayer * 2, SeekOrigin.Begin);
            half = new Half[count * perLayer];
            fs.ReadExactly(MemoryMarshal.AsBytes(half.AsSpan()));
        }
        var values = new float[half.Length];
        for (int i = 0; i < half.Length; i++)
            values[i] = (float)half[i];
        return (values, h);
    }

    /// <summary>Full check: header, size and payload hash.</summary>
    public static Header Verify(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var h = ReadHeader(path, fs);
        var hash = SHA256.HashData(fs);
        if (!hash.AsSpan().SequenceEqual(h.Sha256))
            throw new FeatureCacheException(path, "payload hash mismatch");
        return h;
    }
}
