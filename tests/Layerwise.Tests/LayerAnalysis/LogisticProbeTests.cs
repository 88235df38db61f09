using System.Text.Json;
using Layerwise.LayerAnalysis;
using TorchSharp;

namespace Layerwise.Tests.LayerAnalysis;

public class LogisticProbeTests
{
    [Fact]
    public void MatchesScikitLearnsLogisticRegressionOnStandardisedFeatures()
    {
        var g = JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixtures("layer-analysis", "golden.json"))).RootElement.GetProperty("logistic");
        var rows = g.GetProperty("features").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        using var x = torch.tensor(rows.SelectMany(r => r).ToArray(), [rows.Length, rows[0].Length], torch.float64);
        var labels = g.GetProperty("labels").EnumerateArray().Select(v => v.GetInt32()).ToList();
        // float32 in, as the cache serves features: agreement to 1e-6 despite the input rounding.
        using var probe = LogisticProbe.Fit(x.to(torch.float32), labels, g.GetProperty("C").GetDouble());

        var coef = g.GetProperty("coef").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        for (int i = 0; i < coef.Length; i++)
            Assert.True(Math.Abs(probe.Coefficients[i] - coef[i]) < 1e-6, $"coef[{i}] {probe.Coefficients[i]:R} vs sklearn {coef[i]:R}");
        Assert.True(Math.Abs(probe.Intercept - g.GetProperty("intercept").GetDouble()) < 1e-6);
        var decision = g.GetProperty("decision").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var ours = probe.Score(x);
        Assert.All(Enumerable.Range(0, decision.Length), i => Assert.True(Math.Abs(ours[i] - decision[i]) < 1e-5));
        Assert.InRange(probe.Iterations, 1, 50);
    }
}
