using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using static TorchSharp.torch;

namespace Layerwise.Models.Ssl;

/// <summary>Reads only the JSON header of a .safetensors file: tensor names, dtypes, shapes and byte ranges (for key
/// selection and clear errors); the one header parser of the SSL loader and the back-ends' state-dict reader.</summary>
internal static class SafetensorsHeader
{
    /// <param name="Begin">Absolute file offset of the tensor's first byte.</param>
    /// <param name="End">Absolute file offset just past its last byte (checked against dtype and shape).</param>
    public sealed record Entry(string DType, long[] Shape, long Begin, long End);

    /// <summary>The torch type of a safetensors dtype name, or null for one torch has no type for here (F8, U16..U64).
    /// Callers refuse the types they cannot use with their own error.</summary>
    public static ScalarType? ScalarTypeOf(string dtype) => dtype switch
    {
        "F32" => ScalarType.Float32,
        "F16" => ScalarType.Float16,
        "BF16" => ScalarType.BFloat16,
        "F64" => ScalarType.Float64,
        "I64" => ScalarType.Int64,
        "I32" => ScalarType.Int32,
        "I16" => ScalarType.Int16,
        "I8" => ScalarType.Int8,
        "U8" => ScalarType.Byte,
        "BOOL" => ScalarType.Bool,
        _ => null,
    };

    public static Dictionary<string, Entry> Read(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            Span<byte> prefix = stackalloc byte[8];
            if (stream.ReadAtLeast(prefix, 8, throwOnEndOfStream: false) < 8)
                throw Bad(path, "shorter than the 8-byte header length");
            ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
            if (headerLength == 0 || headerLength > (ulong)Math.Min(stream.Length - 8, 100_000_000))
                throw Bad(path, $"header length {headerLength} does not fit the file ({stream.Length} bytes)");
            var header = new byte[headerLength];
            stream.ReadExactly(header);
            long dataStart = 8 + (long)headerLength, dataLength = stream.Length - dataStart;
            using var doc = JsonDocument.Parse(header);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw Bad(path, "header is not a JSON object");
            var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (p.Name == "__metadata__")
                    continue;
                var dtype = p.Value.GetProperty("dtype").GetString() ?? "";
                var shape = p.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
                var offsets = p.Value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
                if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0] || offsets[1] > dataLength)
                    throw Bad(path, $"tensor '{p.Name}' has data offsets outside the file");
                CheckpointValidation.CheckExtent(path, p.Name, dtype, shape, offsets[0], offsets[1]); // VALIDATION CALL SITE (issue 16)
                entries[p.Name] = new Entry(dtype, shape, dataStart + offsets[0], dataStart + offsets[1]);
            }
            return entries;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or EndOfStreamException or DecoderFallbackException)
        {
            throw Bad(path, $"malformed header ({e.Message})", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Bad(path, e.Message, e);
        }
    }

    static SslInputException Bad(string path, string what, Exception? inner = null) =>
        inner is null ? new($"{path}: not a readable safetensors file: {what}") : new($"{path}: not a readable safetensors file: {what}", inner);
}
