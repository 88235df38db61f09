using TorchSharp;
using static TorchSharp.torch;

namespace Layerwise.LayerAnalysis;

/// <summary>
/// Linear centred kernel alignment (Kornblith et al., ICML 2019) between two representations of the same
/// n items (rows): CKA(X, Y) = ‖Ycᵀ Xc‖²_F / (‖Xcᵀ Xc‖_F ‖Ycᵀ Yc‖_F) with column-centred Xc, Yc. It is 1 for
/// identical representations, invariant to orthogonal transforms and isotropic scaling of either side (not to
/// arbitrary invertible maps), and comparable across widths. Computed in float64 in the feature-space form
/// (cost n·p·q per pair); the tests check it against the Gram-matrix (HSIC) form in numpy.
/// </summary>
public static class Cka
{
    /// <summary>CKA of X [n, p] and Y [n, q] (any float dtype; rows are the same items in the same order).</summary>
    public static double Linear(Tensor x, Tensor y)
    {
        using var scope = NewDisposeScope();
        var a = Prepared.Of(x);
        var b = Prepared.Of(y);
        return Between(a, b);
    }

    /// <summary>Symmetric matrix of CKA between every pair of representations (e.g. the layers of one model); diagonal 1.</summary>
    public static double[,] Matrix(IReadOnlyList<Tensor> representations) => Matrix(representations, representations, symmetric: true);

    /// <summary>CKA between every representation in <paramref name="rows"/> and every one in <paramref name="columns"/>
    /// (e.g. the layers of two models on the same items): result[i, j] = CKA(rows[i], columns[j]).</summary>
    public static double[,] Matrix(IReadOnlyList<Tensor> rows, IReadOnlyList<Tensor> columns) => Matrix(rows, columns, symmetric: false);

    static double[,] Matrix(IReadOnlyList<Tensor> rows, IReadOnlyList<Tensor> columns, bool symmetric)
    {
        using var scope = NewDisposeScope();
        var r = rows.Select(Prepared.Of).ToList();
        var c = symmetric ? r : columns.Select(Prepared.Of).ToList();
        var result = new double[r.Count, c.Count];
        for (int i = 0; i < r.Count; i++)
        {
            for (int j = symmetric ? i : 0; j < c.Count; j++)
            {
                result[i, j] = symmetric && i == j ? 1.0 : Between(r[i], c[j]);
                if (symmetric)
                    result[j, i] = result[i, j];
            }
        }
        return result;
    }

    static double Between(Prepared a, Prepared b)
    {
        if (a.Centred.shape[0] != b.Centred.shape[0])
            throw new ArgumentException($"CKA needs the same items on both sides (got {a.Centred.shape[0]} and {b.Centred.shape[0]} rows)");
        if (a.SelfNorm == 0 || b.SelfNorm == 0)
            return double.NaN; // a constant representation has no similarity structure
        using var cross = matmul(b.Centred.t(), a.Centred);
        double hsic = linalg.matrix_norm(cross).ToDouble();
        return hsic * hsic / (a.SelfNorm * b.SelfNorm);
    }

    /// <summary>A representation centred once, with ‖Xcᵀ Xc‖_F, so a matrix of n layers costs n centrings.</summary>
    sealed record Prepared(Tensor Centred, double SelfNorm)
    {
        public static Prepared Of(Tensor x)
        {
            if (x.dim() != 2 || x.shape[0] < 2)
                throw new ArgumentException($"CKA needs a [n ≥ 2, features] matrix; got [{string.Join(", ", x.shape)}]");
            var d = x.to(ScalarType.Float64);
            var centred = d - d.mean([0], keepdim: true);
            using var gram = matmul(centred.t(), centred);
            return new Prepared(centred, linalg.matrix_norm(gram).ToDouble());
        }
    }
}
