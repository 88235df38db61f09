using Layerwise.Analysis;
using Layerwise.Data;
using Layerwise.Models.Ssl;
using Layerwise.Notebooks;

namespace Layerwise.Tests.Analysis;

public class NotebookSslTests
{
    [Fact]
    public void SeparationIsTheMeanDistanceOverTheWithinClassSpread()
    {
        // 1-d: bona fide {0, 2} (mean 1), spoof {4, 6} (mean 5); distance 4; within-class variance
        // ((1 + 1) + (1 + 1)) / 4 = 1, so the ratio is 4.
        float[][] v = [[0], [2], [4], [6]];
        Label[] labels = [Label.Bonafide, Label.Bonafide, Label.Spoof, Label.Spoof];
        Assert.Equal(4.0, NotebookSsl.Separation(v, labels), 12);
        // 2-d, second dimension constant: distance and variance of the first dimension only.
        Assert.Equal(4.0, NotebookSsl.Separation([[0, 7], [2, 7], [4, 7], [6, 7]], labels), 12);
        Assert.Equal(0, NotebookSsl.Separation(v, [Label.Spoof, Label.Spoof, Label.Spoof, Label.Spoof]));
    }

    [Fact]
    public void LayerStatisticsHaveOneRowPerHiddenStateAndTruncationCostCountsParameters()
    {
        var config = SslConfig.Tiny();
        var rng = new Random(3);
        var waves = Enumerable.Range(0, 4).Select(_ => Enumerable.Range(0, 4000).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray()).ToList();
        using (var ssl = SslModels.CreateRandom(config, seed: 1))
        {
            var stats = NotebookSsl.LayerStatistics(ssl, waves, [Label.Bonafide, Label.Spoof, Label.Bonafide, Label.Spoof]);
            Assert.Equal(config.NumHiddenLayers + 1, stats.Rows.Count);
            Assert.Equal(Enumerable.Range(0, config.NumHiddenLayers + 1), stats.Columns["layer"].Cast<int>());
            Assert.All(stats.Columns["std"].Cast<double?>(), s => Assert.True(s > 0));
        }
        var cost = NotebookSsl.TruncationCost(config, [1, 4], n => SslModels.CreateRandom(config, n), waves.Take(1).ToList(), repeats: 1);
        Assert.Equal([SslModels.ParameterCount(config, 1), SslModels.ParameterCount(config, 4)], cost.Columns["parameters"].Cast<long?>());
        Assert.True(SslModels.ParameterCount(config, 1) < SslModels.ParameterCount(config, 4));
    }
}
