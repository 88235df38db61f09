using Layerwise.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Layerwise.Models.Ssl;

/// <summary>
/// The kernel behind each of the SSL's linear maps (the blocks' q/k/v/out and feed-forward, the feature projection):
/// int8 where the model was quantized (<see cref="Int8Linear"/>), else <see cref="Float32Gemm"/>, which runs float32
/// on the CPU by this machine's faster GEMM and everything else (bf16, CUDA) by libtorch's <c>linear</c>.
/// </summary>
internal static class Projection
{
    public static Tensor Forward(Linear linear, Int8Linear? int8, Tensor x) =>
        int8 is not null ? int8.Forward(x) : Float32Gemm.Linear(x, linear.weight!, linear.bias);

    public static Tensor Forward(Linear linear, Tensor x) => Float32Gemm.Linear(x, linear.weight!, linear.bias);
}
