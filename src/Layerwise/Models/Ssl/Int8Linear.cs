using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Layerwise.Models.Ssl;

/// <summary>
/// A linear map y = x·Wᵀ + b with W quantized once to int8 (one scale and zero point for the whole matrix) and x
/// quantized to uint8 on every call from its own min/max, multiplied by FBGEMM's int8 GEMM and dequantized to
/// float32: PyTorch's "dynamic quantization" of a Linear. It is reached through libtorch's ATen ops
/// <c>fbgemm_linear_quantize_weight</c>, <c>fbgemm_pack_quantized_matrix</c> and
/// <c>fbgemm_linear_int8_weight_fp32_activation</c> (TorchSharp has no binding for them, so a three-line
/// TorchScript unit calls them). CPU only; an opt-in speed path (<see cref="ScalarType.Int8"/> in
/// <see cref="SslModels"/>), not the reference model: see docs/int8.md for its error against float32.
/// </summary>
internal sealed class Int8Linear : IDisposable
{
    const string Script = """
        def quantize(w: Tensor) -> Tuple[Tensor, Tensor, float, int]:
            return torch.fbgemm_linear_quantize_weight(w)
        def pack(q: Tensor) -> Tensor:
            return torch.fbgemm_pack_quantized_matrix(q)
        def linear(x: Tensor, q: Tensor, packed: Tensor, offsets: Tensor, scale: float, zero: int, b: Tensor) -> Tensor:
            return torch.fbgemm_linear_int8_weight_fp32_activation(x, q, packed, offsets, scale, zero, b)
        """;

    static readonly Lazy<jit.CompilationUnit> Kernels = new(() => jit.compile(Script + "\n")); // the parser wants a final newline

    readonly Tensor weight;   // int8 [out, in]
    readonly Tensor packed;   // FBGEMM's packed form of it (an opaque tensor that owns the packed matrix)
    readonly Tensor offsets;  // int32 [out]: per-row sums for the zero-point correction
    readonly Tensor bias;     // float32 [out] (zeros when the layer has none: the op needs one)
    readonly double scale;
    readonly long zeroPoint;

    /// <summary>Quantizes <paramref name="w"/> [out, in] (float, CPU); <paramref name="b"/> [out] or null.</summary>
    public Int8Linear(Tensor w, Tensor? b)
    {
        if (w.dim() != 2 || w.device_type != DeviceType.CPU)
            throw new ArgumentException($"int8 linear needs a 2-D CPU weight, got [{string.Join(", ", w.shape)}] on {w.device}");
        using var scope = NewDisposeScope();
        using var guard = no_grad();
        var w32 = w.detach().to(ScalarType.Float32).contiguous();
        var (q, o, s, z) = ToTuple4(Quantize(w32));
        // Detached from every scope: the layer outlives the caller's, as the model's parameters do.
        weight = ((Tensor)q).DetachFromDisposeScope();
        offsets = ((Tensor)o).DetachFromDisposeScope();
        using (var sc = (Scalar)s)
            scale = sc.ToDouble();
        using (var zp = (Scalar)z)
            zeroPoint = zp.ToInt64();
        packed = ((Tensor)Kernels.Value.invoke("pack", weight)).DetachFromDisposeScope();
        bias = (b is null ? zeros(w.shape[0]) : b.detach().to(ScalarType.Float32).contiguous().clone()).DetachFromDisposeScope();
        OutFeatures = w.shape[0];
        InFeatures = w.shape[1];
    }

    public long InFeatures { get; }
    public long OutFeatures { get; }

    /// <summary>[..., in] float32 (made contiguous) → [..., out] float32.</summary>
    public Tensor Forward(Tensor x)
    {
        if (x.is_contiguous())
            return (Tensor)Kernels.Value.invoke("linear", x, weight, packed, offsets, scale, zeroPoint, bias);
        using var c = x.contiguous(); // freed at once: a handle left to the caller's scope would keep the copy alive
        return (Tensor)Kernels.Value.invoke("linear", c, weight, packed, offsets, scale, zeroPoint, bias);
    }

    /// <summary>
    /// The int8 form of <paramref name="linear"/>'s weight and bias. The float weight is then released (replaced by
    /// an empty parameter), so that an int8 model holds less memory than a float32 one, not the two side by side.
    /// </summary>
    public static Int8Linear Of(TorchSharp.Modules.Linear linear)
    {
        var quantized = new Int8Linear(linear.weight!, linear.bias);
        var released = linear.weight!;
        linear.weight = new TorchSharp.Modules.Parameter(empty(0, dtype: released.dtype), requires_grad: false);
        linear.weight.DetachFromDisposeScope();
        released.Dispose();
        return quantized;
    }

    /// <summary>The first call into FBGEMM: where a libtorch without it (e.g. ARM builds) says so.</summary>
    static object Quantize(Tensor w)
    {
        try
        {
            return Kernels.Value.invoke("quantize", w);
        }
        catch (Exception e) when (e is ExternalException or InvalidOperationException)
        {
            throw new NotSupportedException(
                $"dtype int8 needs libtorch's FBGEMM ops (fbgemm_linear_quantize_weight etc.; x86-64 builds of libtorch 2.10 have them): {e.Message.Split('\n')[0]}", e);
        }
    }

    static (object, object, object, object) ToTuple4(object value) =>
        value is ValueTuple<object, object, object, object> t ? t
            : throw new InvalidOperationException($"fbgemm_linear_quantize_weight returned {value.GetType().Name}, expected a 4-tuple");

    public void Dispose()
    {
        weight.Dispose();
        packed.Dispose();
        offsets.Dispose();
        bias.Dispose();
    }
}
