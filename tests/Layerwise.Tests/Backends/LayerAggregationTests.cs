using Layerwise.Models.Backends;
using TorchSharp;
using TorchSharp.Modules;

namespace Layerwise.Tests.Backends;

/// <summary>The aggregation against values computed by hand.</summary>
public class LayerAggregationTests
{
    [Fact]
    public void EvalModeIsTheSoftmaxWeightedSumOfPerLayerNormalisedFeatures()
    {
        using var scope = torch.NewDisposeScope();
        // n = 2 layers, B = 1, T = 1, C = 2. Layer BN: layer 0 has running mean 1, var 4, weight 2, bias 0.5;
        // layer 1 has mean 0, var 1, weight 1, bias 0 (eps 1e-5).
        var features = torch.tensor(new float[] { 3f, 5f, 10f, -2f }).reshape(1, 2, 1, 2);
        var norm = LayerAggregation.CreateNorm(2);
        using (torch.no_grad())
        {
            norm.running_mean!.copy_(torch.tensor(new float[] { 1f, 0f }));
            norm.running_var!.copy_(torch.tensor(new float[] { 4f, 1f }));
            norm.weight!.copy_(torch.tensor(new float[] { 2f, 1f }));
            norm.bias!.copy_(torch.tensor(new float[] { 0.5f, 0f }));
        }
        norm.eval();
        // softmax([0, ln 3]) = [0.25, 0.75]
        var weights = new Parameter(torch.tensor(new float[] { 0f, MathF.Log(3f) }));

        var h = LayerAggregation.Apply(features, norm, weights, featureDim: 2);

        double s0 = Math.Sqrt(4 + 1e-5), s1 = Math.Sqrt(1 + 1e-5);
        double[] layer0 = [2 * (3 - 1) / s0 + 0.5, 2 * (5 - 1) / s0 + 0.5];
        double[] layer1 = [10 / s1, -2 / s1];
        Assert.Equal(new long[] { 1, 1, 2 }, h.shape);
        Assert.Equal(0.25 * layer0[0] + 0.75 * layer1[0], h[0, 0, 0].ToDouble(), 5);
        Assert.Equal(0.25 * layer0[1] + 0.75 * layer1[1], h[0, 0, 1].ToDouble(), 5);
    }

    [Fact]
    public void TrainModeNormalisesEachLayerOverBatchTimeAndFeatures()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(3);
        var features = torch.randn(3, 2, 5, 4) * 7 + 2;
        var norm = LayerAggregation.CreateNorm(2);
        norm.train();
        var weights = LayerAggregation.CreateWeights(2);

        var h = LayerAggregation.Apply(features, norm, weights, featureDim: 4);

        // Uniform weights: h = mean over layers of (x - mean_k) / sqrt(var_k + eps), biased variance per layer.
        var expected = torch.zeros(3, 5, 4);
        for (int k = 0; k < 2; k++)
        {
            var layer = features[.., k];
            var mean = layer.mean();
            var variance = (layer - mean).pow(2).mean();
            expected += 0.5 * (layer - mean) / (variance + 1e-5).sqrt();
        }
        Assert.True((expected - h).abs().max().ToDouble() < 1e-5);
    }

    [Theory]
    [InlineData(true, 3.0, 1.0, false)]
    [InlineData(true, 0.5, 20.0, false)] // mean 40 standard deviations away from 0: cancellation-prone moments
    [InlineData(true, 3.0, 1.0, true)]   // features that need a gradient take the var_mean path
    [InlineData(false, 3.0, 1.0, false)]
    public void FoldedFormEqualsLibtorchBatchNorm2dThenWeightedSum(bool training, double scale, double offset, bool featureGrad)
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(9);
        const int n = 3, c = 5;
        var features = (torch.randn(4, n, 7, c) * scale + offset).requires_grad_(featureGrad);
        (BatchNorm2d Norm, Parameter Weights) Make()
        {
            var norm = LayerAggregation.CreateNorm(n);
            using (torch.no_grad())
            {
                norm.weight!.copy_(torch.tensor(new float[] { 0.5f, 2f, -1f }));
                norm.bias!.copy_(torch.tensor(new float[] { 0.1f, -0.3f, 0.7f }));
                norm.running_mean!.copy_(torch.tensor(new float[] { 0.2f, -0.4f, 1.5f }));
                norm.running_var!.copy_(torch.tensor(new float[] { 1.5f, 0.5f, 3f }));
            }
            norm.train(training);
            return (norm, new Parameter(torch.tensor(new float[] { 0.3f, -1.2f, 0.8f })));
        }
        var (refNorm, refWeights) = Make();
        var (norm, weights) = Make();

        // Unfolded reference: libtorch's BatchNorm2d module, then softmax-weighted sum over the layer axis.
        var expected = (refNorm.call(features) * torch.nn.functional.softmax(refWeights, 0).view(-1, 1, 1)).sum(1);
        var actual = LayerAggregation.Apply(features, norm, weights, featureDim: c);

        Assert.True((expected - actual).abs().max().ToDouble() < 1e-5 * Math.Max(1, offset));
        Assert.True((refNorm.running_mean! - norm.running_mean!).abs().max().ToDouble() < 1e-6);
        Assert.True((refNorm.running_var! - norm.running_var!).abs().max().ToDouble() < 1e-6);
        Assert.Equal(refNorm.num_batches_tracked!.ToInt64(), norm.num_batches_tracked!.ToInt64());

        var probe = torch.randn(4, 7, c);
        (expected * probe).sum().backward();
        var referenceFeatureGrad = featureGrad ? features.grad!.clone() : null;
        if (featureGrad)
            features.grad!.zero_();
        (actual * probe).sum().backward();
        if (featureGrad)
            Assert.True((referenceFeatureGrad! - features.grad!).abs().max().ToDouble() < 1e-4);
        Assert.True((refWeights.grad! - weights.grad!).abs().max().ToDouble() < 1e-4);
        Assert.True((refNorm.weight!.grad! - norm.weight!.grad!).abs().max().ToDouble() < 1e-4);
        Assert.True((refNorm.bias!.grad! - norm.bias!.grad!).abs().max().ToDouble() < 1e-4);
    }

    [Fact]
    public void RejectsFeaturesOfTheWrongShape()
    {
        using var scope = torch.NewDisposeScope();
        using var backend = BackendCatalog.Create(BackendKind.Ffn, 8, 3);
        var e = Assert.Throws<ArgumentException>(() => { backend.call(torch.zeros(2, 4, 10, 8)); });
        Assert.Contains("n=3", e.Message);
        Assert.Throws<ArgumentException>(() => { backend.call(torch.zeros(2, 3, 10, 16)); });
        Assert.Throws<ArgumentException>(() => { backend.call(torch.zeros(3, 10, 8)); });
    }

    [Fact]
    public void AcceptsHalfPrecisionFeaturesFromTheCache()
    {
        using var scope = torch.NewDisposeScope();
        using var backend = BackendCatalog.Create(BackendKind.Ffn, 64, 4);
        backend.LoadReferenceStateDict(BackendFixtures.Weights(BackendKind.Ffn));
        backend.eval();
        var io = BackendFixtures.Io(BackendKind.Ffn);
        using var _ = torch.no_grad();

        var logits = backend.call(io["input"].to(torch.float16));

        Assert.Equal(torch.float32, logits.dtype);
        Assert.True(BackendFixtures.MaxAbsDiff(io["logits"], logits) < 1e-2); // fp16 rounding of the input only
    }
}
