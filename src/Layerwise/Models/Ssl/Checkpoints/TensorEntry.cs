using static TorchSharp.torch;

namespace Layerwise.Models.Ssl.Checkpoints;

/// <summary>A tensor a checkpoint holds, known by name, dtype and shape before any of its bytes are read.</summary>
/// <param name="Name">The project's parameter name (Hugging Face's, without the wav2vec2./hubert./wavlm. prefix).</param>
/// <param name="Key">The name in the file.</param>
/// <param name="File">The file that holds it.</param>
public sealed record TensorEntry(string Name, string Key, ScalarType DType, long[] Shape, string File)
{
    public long Numel => Shape.Aggregate(1L, (a, b) => a * b);
    public long ByteCount => Numel * StorageRef.ElementSize(DType);
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}
