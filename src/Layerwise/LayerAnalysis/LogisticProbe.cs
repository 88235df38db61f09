using TorchSharp;
using static TorchSharp.torch;

namespace Layerwise.LayerAnalysis;

/// <summary>
/// The linear probe of the probing literature: L2-regularised logistic regression on standardised pooled features,
/// minimising ½‖w‖² + C·Σᵢ log(1 + exp(−yᵢ(w·zᵢ + b))) (scikit-learn's LogisticRegression objective; the intercept is
/// not penalised). Closed-form enough to need no seed: damped Newton in float64 to a gradient norm of 1e-10, checked
/// against scikit-learn in the tests. The score is the decision value w·z + b (higher = more bona fide).
/// </summary>
public sealed class LogisticProbe : IDisposable
{
    readonly Tensor mean, std, weights;

    LogisticProbe(Tensor mean, Tensor std, Tensor weights, double intercept, int iterations)
    {
        this.mean = mean;
        this.std = std;
        this.weights = weights;
        Intercept = intercept;
        Iterations = iterations;
    }

    /// <summary>Coefficients on the standardised features.</summary>
    public double[] Coefficients => weights.data<double>().ToArray();
    public double Intercept { get; }
    public int Iterations { get; }

    /// <summary>Fits on features [N, d] (any float dtype) and labels 1 = bona fide, 0 = spoof; features are standardised
    /// with the training mean and (biased) standard deviation, constant columns left at 0.</summary>
    public static LogisticProbe Fit(Tensor features, IReadOnlyList<int> labels, double c = 1.0, int maxIterations = 100)
    {
        if (features.dim() != 2 || features.shape[0] != labels.Count)
            throw new ArgumentException($"features [N, d] and N labels expected; got [{string.Join(", ", features.shape)}] and {labels.Count}");
        if (labels.Distinct().Count() != 2 || labels.Any(l => l is not (0 or 1)))
            throw new ArgumentException("labels must hold both classes, 0 (spoof) and 1 (bona fide)");
        using var scope = NewDisposeScope();
        var x = features.to(ScalarType.Float64);
        var mean = x.mean([0]);
        var std = x.std([0], unbiased: false);
        std = where(std > 0, std, ones_like(std));
        var z = cat([(x - mean) / std, ones(x.shape[0], 1, dtype: ScalarType.Float64)], 1); // last column: intercept
        var y = tensor(labels.Select(l => l == 1 ? 1.0 : -1.0).ToArray());
        long d = z.shape[1];
        var penalty = ones(d, dtype: ScalarType.Float64);
        penalty[d - 1].fill_(0); // the intercept is not penalised
        var theta = zeros(d, dtype: ScalarType.Float64);

        double Objective(Tensor t) => (0.5 * (penalty * t * t).sum() + c * nn.functional.softplus(-y * matmul(z, t)).sum()).ToDouble();

        int iteration = 0;
        double f = Objective(theta);
        for (; iteration < maxIterations; iteration++)
        {
            using var step = NewDisposeScope();
            var margin = y * matmul(z, theta);
            var p = sigmoid(-margin);                                     // ∂/∂margin of log(1+e^-m) is −σ(−m)
            var gradient = penalty * theta - c * matmul(z.t(), y * p);
            if (linalg.vector_norm(gradient).ToDouble() < 1e-10 * Math.Max(1.0, c * z.shape[0]))
                break;
            var curvature = c * p * (1 - p);
            var hessian = matmul(z.t() * curvature, z) + diag(penalty);
            var direction = linalg.solve(hessian, gradient);
            double t = 1.0, next;
            Tensor candidate;
            while (true) // backtracking: Newton steps can overshoot far from the optimum
            {
                candidate = theta - t * direction;
                next = Objective(candidate);
                if (next <= f || t < 1e-8)
                    break;
                t /= 2;
            }
            theta = candidate.MoveToOuterDisposeScope();
            f = next;
        }
        var w = theta[..(int)(d - 1)].clone();
        double b = theta[d - 1].ToDouble();
        return new LogisticProbe(mean.MoveToOuterDisposeScope(), std.MoveToOuterDisposeScope(), w.MoveToOuterDisposeScope(), b, iteration);
    }

    /// <summary>Decision values w·z + b of features [N, d].</summary>
    public double[] Score(Tensor features)
    {
        using var scope = NewDisposeScope();
        var z = (features.to(ScalarType.Float64) - mean) / std;
        return (matmul(z, weights) + Intercept).data<double>().ToArray();
    }

    public void Dispose()
    {
        mean.Dispose();
        std.Dispose();
        weights.Dispose();
    }
}
