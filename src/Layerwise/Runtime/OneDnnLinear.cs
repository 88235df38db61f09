using TorchSharp;
using static TorchSharp.torch;

namespace Layerwise.Runtime;

/// <summary>
/// y = x·Wᵀ + b in float32 by oneDNN's GEMM (ATen's <c>mkldnn_linear</c>) rather than libtorch's BLAS (oneMKL 2024.0
/// in the NuGet build). MKL chooses its code path by CPU vendor: on the AMD Zen 5 class VM of 2026-12-02 its
/// MKL_VERBOSE names no AVX-512 path ("Intel(R) Architecture processors"), while oneDNN 3.7.1 picks its kernels from
/// the ISA ("Intel AVX-512 with Intel DL Boost and bfloat16 support"); there the feed-forward's GEMMs ran 1.5–1.8×
/// faster this way (IEEE float32 either way; only the summation order differs). The input is copied into oneDNN's
/// layout and the output back (a pass over each, included in those figures). TorchSharp has no binding for these
/// ops, so a TorchScript unit calls them, compiled by libtorch's C++ frontend (where <c>torch.</c> means the ATen
/// builtins): it compiles on libtorch 2.10 and 2.14.1 (Python's frontend on 2.14 rejects <c>torch.mkldnn_linear</c>,
/// which does not concern TorchSharp). <see cref="Float32Gemm"/> decides per machine whether to use it.
/// </summary>
internal static class OneDnnLinear
{
    const string Script = """
        def linear(x: Tensor, w: Tensor, b: Tensor) -> Tensor:
            return torch.mkldnn_linear(x.to_mkldnn(), w, b).to_dense()
        def linear_nobias(x: Tensor, w: Tensor) -> Tensor:
            return torch.mkldnn_linear(x.to_mkldnn(), w, None).to_dense()

        """;

    static readonly Lazy<jit.CompilationUnit> Kernels = new(() => jit.compile(Script));

    /// <summary>[..., in] float32 CPU, <paramref name="weight"/> [out, in], <paramref name="bias"/> [out] or null → [..., out].</summary>
    public static Tensor Forward(Tensor x, Tensor weight, Tensor? bias)
    {
        long[] shape = x.shape;
        shape[^1] = weight.shape[0];
        using var flat = x.dim() == 2 ? x.alias() : x.reshape(-1, x.shape[^1]); // a view where the strides allow
        using var rows = flat.contiguous();
        var y = bias is null
            ? (Tensor)Kernels.Value.invoke("linear_nobias", rows, weight)
            : (Tensor)Kernels.Value.invoke("linear", rows, weight, bias);
        if (x.dim() == 2)
            return y;
        using (y)
            return y.view(shape);
    }
}
