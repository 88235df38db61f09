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
/// <remarks>
/// Computed in folded form: h = Σ_k a_k·x_k + b with a_k = w_k·γ_k/√(σ²_k+ε) and b = Σ_k w_k·(β_k − γ_k·μ_k/√(σ²_k+ε)),
/// which is algebraically the BatchNorm-then-sum of the reference (same statistics, same running-statistics
/// update, same gradients for γ, β, w and the input) but only reads the [B, n, T, C] input instead of writing a
/// normalised copy of it, the dominant cost of training on cached features. Agreement with the unfolded form is
/// float rounding (≈1e-6), tested against libtorch's own BatchNorm2d.
/// </remarks>
public static class LayerAggregation
{
    /// <summary>weight_hidd as the reference initialises it: ones(n), i.e. uniform softmax weights.</summary>
    public static Parameter CreateWeights(int numLayers) => new(ones(numLayers), requires_grad: true);

    /// <summary>The reference's `layer_norm`: BatchNorm2d(n) with PyTorch defaults (eps 1e-5, momentum 0.1).</summary>
    public static BatchNorm2d CreateNorm(int numLayers) => nn.BatchNorm2d(numLayers);

    /// <summary>
    /// features [B, n, T, C] → [B, T, C]. In training mode the norm uses batch statistics and updates its running
    /// statistics (momentum, unbiased variance, num_batches_tracked) exactly as BatchNorm2d does; in eval mode it
    /// uses the running statistics. Validates the shape against (n, C) and converts the dtype to the parameters'
    /// (the feature cache stores fp16).
    /// </summary>
    public static Tensor Apply(Tensor features, BatchNorm2d norm, Parameter weightHidd, int featureDim)
    {
        long n = weightHidd.shape[0];
        if (features.dim() != 4 || features.shape[1] != n || features.shape[3] != featureDim)
            throw new ArgumentException(
                $"back-end input must be [B, n={n}, T, C={featureDim}] stacked layer features; got [{string.Join(", ", features.shape)}]");
        using var scope = NewDisposeScope();
        var x = (features.dtype == weightHidd.dtype ? features : features.to(weightHidd.dtype)).contiguous();
        long b = x.shape[0], t = x.shape[2];

        var (mean, variance) = Statistics(x, norm);
        var scale = rsqrt(variance + norm.eps);                                   // [n]
        if (norm.weight is not null)
            scale = scale * norm.weight;
        var shift = norm.bias is null ? -scale * mean : norm.bias - scale * mean;  // BN(x_k) = scale_k·x_k + shift_k

        var w = nn.functional.softmax(weightHidd, 0);
        var coefficients = (w * scale).view(1, 1, n).expand(b, 1, n);
        // Σ_k a_k·x_k as one batched GEMV ([B,1,n] @ [B,n,T·C]), plus the folded offset.
        var summed = matmul(coefficients, x.view(b, n, t * featureDim)).view(b, t, featureDim) + (w * shift).sum();
        return summed.MoveToOuterDisposeScope();
    }

    /// <summary>Per-layer mean and (biased) variance to normalise with; in training also the running-statistics update.</summary>
    static (Tensor Mean, Tensor Variance) Statistics(Tensor x, BatchNorm2d norm)
    {
        bool useBatch = norm.training || norm.running_mean is null || norm.running_var is null;
        if (!useBatch)
            return (norm.running_mean!, norm.running_var!);

        var (mean, variance) = BatchMoments(x);
        if (norm.training && norm.running_mean is not null && norm.running_var is not null)
        {
            long count = x.numel() / x.shape[1];
            using var _ = no_grad();
            double momentum = norm.momentum ?? 0.1;
            if (norm.num_batches_tracked is not null)
            {
                norm.num_batches_tracked.add_(1);
                if (norm.momentum is null) // cumulative moving average, as PyTorch
                    momentum = 1.0 / norm.num_batches_tracked.ToInt64();
            }
            var unbiased = count > 1 ? variance * ((double)count / (count - 1)) : variance;
            norm.running_mean.mul_(1 - momentum).add_(mean.detach(), alpha: momentum);
            norm.running_var.mul_(1 - momentum).add_(unbiased.detach(), alpha: momentum);
        }
        return (mean, variance);
    }

    /// <summary>
    /// Per-layer mean and biased variance over (B, T, C). libtorch's var_mean over non-trailing dims is ~20× slower
    /// than a plain pass, so for inputs that need no gradient (cached features) the moments come from sums and
    /// norms of contiguous [T·C] rows (one read of the input), combined in float64. When the mean is large against
    /// the spread (E[x²] > 100·Var, where that one-pass formula would lose digits) the sum of squared deviations is
    /// taken in a second pass, one batch item at a time, like libtorch's BatchNorm.
    /// </summary>
    internal static (Tensor Mean, Tensor Variance) BatchMoments(Tensor x)
    {
        if (x.requires_grad)
        {
            var (v, m) = var_mean(x, [0, 2, 3], unbiased: false);
            return (m, v);
        }
        using var _ = no_grad();
        long b = x.shape[0], n = x.shape[1];
        var rows = x.view(b * n, -1);
        double count = (double)b * rows.shape[1];
        var mean = rows.sum(1).to(ScalarType.Float64).view(b, n).sum(dim: 0) / count;                     // [n]
        var meanSquare = linalg.vector_norm(rows, 2, [1]).to(ScalarType.Float64).pow(2).view(b, n).sum(dim: 0) / count;
        var variance = (meanSquare - mean.square()).clamp_min(0);
        if ((meanSquare > variance * 100).any().ToBoolean())
            variance = CentredVariance(x.view(b, n, -1), mean, count);
        return (mean.to(x.dtype), variance.to(x.dtype));
    }

    /// <summary>Σ(x − c)²/N − (μ − c)² with c the mean rounded to the input dtype, per batch item.</summary>
    static Tensor CentredVariance(Tensor items, Tensor mean, double count)
    {
        var centre = mean.to(items.dtype);
        var squares = zeros(items.shape[1], dtype: ScalarType.Float64);
        for (long i = 0; i < items.shape[0]; i++)
        {
            using var deviation = items[i] - centre.view(-1, 1);
            using var norms = linalg.vector_norm(deviation, 2, [1]);
            squares.add_(norms.to(ScalarType.Float64).pow_(2));
        }
        var shift = mean - centre.to(ScalarType.Float64);
        return (squares / count - shift.square()).clamp_min(0);
    }
}
