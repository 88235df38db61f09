using Layerwise.Features;
using Layerwise.Training;
using TorchSharp;

namespace Layerwise.Tests.Engine;

[Collection("Engine")]
public class BatchSourceTests
{
    [Fact]
    public void PreloadedCachedBatchesAreBitForBitThePerBatchOnes()
    {
        using var s = new StudySetup();
        int[] indices = [5, 0, 23, 11, 7];
        foreach (var n in new[] { 1, 3 })
        {
            using var batches = BatchSource.For(s.Train, n, torch.CPU);
            Assert.True(batches.Preloaded);
            using var scope = torch.NewDisposeScope();
            var (x, y) = batches.Build(indices);
            var (xRef, yRef) = FeatureBatches.Build(s.Train, indices, n, torch.CPU);
            Assert.Equal(xRef.shape, x.shape);
            Assert.Equal(xRef.data<float>().ToArray(), x.data<float>().ToArray());
            Assert.Equal(yRef.data<long>().ToArray(), y.data<long>().ToArray());
        }
    }

    [Fact]
    public void LiveFeaturesAreNotPreloadedSoTheSslStillRunsEveryEpoch()
    {
        using var s = new StudySetup();
        var live = new FeatureSet("dev", s.Dev.Utterances, new LiveFeatureSource(s.Ssl, SyntheticData.Load, 4));
        long before = SslForwardCounter.Batches;
        using var batches = BatchSource.For(live, 2, torch.CPU);
        Assert.False(batches.Preloaded);
        Assert.Equal(before, SslForwardCounter.Batches);
    }
}
