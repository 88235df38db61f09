using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Layerwise.Models.Backends;

/// <summary>Small helpers shared by the AASIST graph layers.</summary>
internal static class GraphOps
{
    /// <summary>BatchNorm1d over every node of every item: [B, N, D] viewed as [B·N, D], as the reference's _apply_BN.</summary>
    public static Tensor NodeBatchNorm(BatchNorm1d bn, Tensor x)
    {
        var shape = x.shape;
        return bn.call(x.reshape(-1, shape[^1])).view(shape);
    }
}
