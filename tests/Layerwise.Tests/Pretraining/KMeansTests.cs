using Layerwise.Pretraining;

namespace Layerwise.Tests.Pretraining;

public class KMeansTests
{
    [Fact]
    public void LloydFromGivenCentroidsReachesScikitLearnsSolution()
    {
        var g = PretrainingGolden.Root.GetProperty("kmeans");
        int dim = g.GetProperty("dim").GetInt32();
        var points = PretrainingGolden.Rows(g.GetProperty("points"), dim);
        var km = KMeans.Fit(points, PretrainingGolden.Rows(g.GetProperty("init"), dim), maxIterations: 300);

        var expected = PretrainingGolden.Rows(g.GetProperty("centroids"), dim);
        for (int c = 0; c < expected.Length; c++)
            for (int j = 0; j < dim; j++)
                Assert.Equal(expected[c][j], km.Centroids[c][j], 1e-9);
        var labels = PretrainingGolden.Longs(g.GetProperty("labels"));
        Assert.Equal(labels, points.Select(p => (long)km.Assign(p)).ToArray());
        Assert.Equal(g.GetProperty("inertia").GetDouble(), km.Inertia, 1e-6);
    }

    [Fact]
    public void KMeansPlusPlusIsDeterministicPerSeedAndSeparatesObviousClusters()
    {
        // Three tight groups far apart: any sensible seeding finds them.
        var points = new List<double[]>();
        foreach (var (cx, cy) in new[] { (0.0, 0.0), (100.0, 0.0), (0.0, 100.0) })
            for (int i = 0; i < 20; i++)
                points.Add([cx + (i % 5) * 0.1, cy + (i / 5) * 0.1]);
        var a = KMeans.Fit([.. points], 3, seed: 5);
        var b = KMeans.Fit([.. points], 3, seed: 5);
        Assert.Equal(a.Centroids.SelectMany(c => c), b.Centroids.SelectMany(c => c));
        var groups = Enumerable.Range(0, 3).Select(gi => points.Skip(gi * 20).Take(20).Select(a.Assign).Distinct().Single()).ToArray();
        Assert.Equal(3, groups.Distinct().Count());
        // Each group is a 5 x 4 grid of step 0.1: squared deviations 4 x 0.1 (x) + 5 x 0.05 (y) = 0.65; three groups.
        Assert.Equal(1.95, a.Inertia, 1e-9);
    }
}
