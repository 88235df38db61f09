using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Layerwise.Models.Backends;

/// <summary>
/// The paper's layer aggregation: BatchNorm2d over the layer axis of [B, n, T, C] (one channel per layer,
/// statistics over B, T and C, per-layer affine), then softmax(weight_hidd) and the weighted sum over layers,
/// giving [B, T, C]. The parameters live on the owning back-end under the reference names
/// (`layer_norm.*`, `weight_hidd`) so that state dicts load by name.
/// </summary>
public static class LayerAggregation
{
    /// <summary>weight_hidd as the reference initialises it: ones(n), i.e. uniform softmax weights.</summary>
    public static Parameter CreateWeights(int numLayers) => new(ones(numLayers), requires_grad: true);

    /// <summary>The reference's `layer_norm`: BatchNorm2d(n) with PyTorch defaults (eps 1e-5, momentum 0.1).</summary>
    public static BatchNorm2d CreateNorm(int numLayers) => nn.BatchNorm2d(numLayers);

    /// <summary>
    /// features [B, n, T, C] → [B, T, C]. Validates the shape against (n, C) and converts the dtype to the
    /// parameters' (the feature cache stores fp16).
    /// </summary>
    public static Tensor Apply(Tensor features, BatchNorm2d norm, Parameter weightHidd, int featureDim)
    {
        long n = weightHidd.shape[0];
        if (features.dim() != 4 || features.shape[1] != n || features.shape[3] != featureDim)
            throw new ArgumentException(
                $"back-end input must be [B, n={n}, T, C={featureDim}] stacked layer features; got [{string.Join(", ", features.shape)}]");
        using var scope = NewDisposeScope();
        var x = features.dtype == weightHidd.dtype ? features : features.to(weightHidd.dtype);
        var normed = norm.call(x.contiguous());
        long b = normed.shape[0], t = normed.shape[2];
        // Σ_k w_k·feat_k as one batched GEMV ([B,1,n] @ [B,n,T·C]) instead of materialising feat·w.
        var w = nn.functional.softmax(weightHidd, 0).view(1, 1, n).expand(b, 1, n);
        var summed = matmul(w, normed.reshape(b, n, t * featureDim)).view(b, t, featureDim);
        return summed.MoveToOuterDisposeScope();
    }
}
