using static TorchSharp.torch;

namespace Layerwise.Models.Ssl.Checkpoints;

/// <summary>A storage of a torch.save file, known from its persistent id; its bytes are read only on demand.</summary>
/// <param name="Key">The storage's name in the file (zip: data/{Key}; legacy: the record key).</param>
/// <param name="Numel">Elements in the storage.</param>
public sealed record StorageRef(string Key, ScalarType DType, long Numel, string Location)
{
    public long ByteCount => Numel * ElementSize(DType);

    public static int ElementSize(ScalarType t) => t switch
    {
        ScalarType.Float64 or ScalarType.Int64 or ScalarType.ComplexFloat32 => 8,
        ScalarType.Float32 or ScalarType.Int32 => 4,
        ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Int16 => 2,
        ScalarType.ComplexFloat64 => 16,
        _ => 1,
    };
}

/// <summary>A tensor of a torch.save file before it is read: a strided view of a storage (torch._utils._rebuild_tensor_v2).</summary>
public sealed record TensorRef(StorageRef Storage, long Offset, long[] Shape, long[] Stride)
{
    public ScalarType DType => Storage.DType;
    public long Numel => Shape.Aggregate(1L, (a, b) => a * b);
}
