namespace Layerwise.LayerAnalysis;

/// <summary>Small summary statistics for spreads over seeds.</summary>
internal static class Stats
{
    /// <summary>Sample standard deviation (n − 1); 0 for fewer than two values.</summary>
    public static double StdDev(IReadOnlyList<double> values)
    {
        if (values.Count < 2)
            return 0;
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }
}
