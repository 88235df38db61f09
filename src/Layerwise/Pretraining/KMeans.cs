using Layerwise.Data.Demo;

namespace Layerwise.Pretraining;

/// <summary>
/// Lloyd's k-means in float64: assign every point to its nearest centroid (squared Euclidean; ties go to the lower
/// index), move each centroid to the mean of its points, repeat until no label changes (or the iteration cap).
/// An empty cluster keeps its centroid. The result is the fixed point scikit-learn's <c>KMeans(algorithm="lloyd",
/// tol=0)</c> reaches from the same initial centroids; <see cref="Fit(double[][], int, ulong, int)"/> seeds them with
/// k-means++ from a fixed random stream, so a seed gives the same clustering everywhere.
/// </summary>
public sealed class KMeans
{
    public double[][] Centroids { get; }
    /// <summary>Lloyd iterations run.</summary>
    public int Iterations { get; }
    /// <summary>Sum of squared distances of the fitted points to their centroids.</summary>
    public double Inertia { get; }

    KMeans(double[][] centroids, int iterations, double inertia)
    {
        Centroids = centroids;
        Iterations = iterations;
        Inertia = inertia;
    }

    public int K => Centroids.Length;

    /// <summary>k-means++ seeding (one candidate per step, drawn ∝ D²) from <paramref name="seed"/>, then Lloyd.</summary>
    public static KMeans Fit(double[][] points, int k, ulong seed, int maxIterations = 100)
    {
        if (k < 1 || points.Length < k)
            throw new ArgumentException($"k-means needs at least k={k} points (got {points.Length})");
        var rng = DemoRandom.For(seed, "kmeans++", 0);
        var centroids = new double[k][];
        centroids[0] = (double[])points[rng.Next(points.Length)].Clone();
        var d2 = points.Select(p => Distance2(p, centroids[0])).ToArray();
        for (int c = 1; c < k; c++)
        {
            double total = d2.Sum();
            double r = rng.NextDouble() * total;
            int pick = points.Length - 1;
            for (int i = 0; i < points.Length; i++)
            {
                r -= d2[i];
                if (r < 0) { pick = i; break; }
            }
            centroids[c] = (double[])points[pick].Clone();
            for (int i = 0; i < points.Length; i++)
                d2[i] = Math.Min(d2[i], Distance2(points[i], centroids[c]));
        }
        return Fit(points, centroids, maxIterations);
    }

    /// <summary>Lloyd from the given initial centroids (copied).</summary>
    public static KMeans Fit(double[][] points, double[][] initial, int maxIterations = 100)
    {
        var centroids = initial.Select(c => (double[])c.Clone()).ToArray();
        int dim = centroids[0].Length;
        var labels = new int[points.Length];
        Array.Fill(labels, -1);
        int iterations = 0;
        while (iterations < maxIterations)
        {
            iterations++;
            bool changed = false;
            for (int i = 0; i < points.Length; i++)
            {
                int best = Nearest(centroids, points[i]);
                changed |= best != labels[i];
                labels[i] = best;
            }
            if (!changed)
                break;
            var sums = new double[centroids.Length][];
            var counts = new int[centroids.Length];
            for (int c = 0; c < sums.Length; c++) sums[c] = new double[dim];
            for (int i = 0; i < points.Length; i++)
            {
                counts[labels[i]]++;
                var s = sums[labels[i]];
                for (int j = 0; j < dim; j++) s[j] += points[i][j];
            }
            for (int c = 0; c < centroids.Length; c++)
                if (counts[c] > 0)
                    for (int j = 0; j < dim; j++) centroids[c][j] = sums[c][j] / counts[c];
        }
        double inertia = 0;
        for (int i = 0; i < points.Length; i++)
            inertia += Distance2(points[i], centroids[Nearest(centroids, points[i])]);
        return new KMeans(centroids, iterations, inertia);
    }

    /// <summary>The nearest centroid's index (ties: the lowest).</summary>
    public int Assign(double[] point) => Nearest(Centroids, point);

    static int Nearest(double[][] centroids, double[] p)
    {
        int best = 0;
        double bestD = double.PositiveInfinity;
        for (int c = 0; c < centroids.Length; c++)
        {
            double d = Distance2(p, centroids[c]);
            if (d < bestD) { bestD = d; best = c; }
        }
        return best;
    }

    static double Distance2(double[] a, double[] b)
    {
        double s = 0;
        for (int j = 0; j < a.Length; j++)
        {
            double d = a[j] - b[j];
            s += d * d;
        }
        return s;
    }
}
