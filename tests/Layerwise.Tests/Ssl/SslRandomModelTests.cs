using Layerwise.Models.Ssl;
using TorchSharp;
using static TorchSharp.torch;

namespace Layerwise.Tests.Ssl;

public class SslRandomModelTests
{
    [Theory]
    [InlineData(SslFamily.Wav2Vec2, false)]
    [InlineData(SslFamily.Hubert, true)]
    [InlineData(SslFamily.WavLM, true)]
    [InlineData(SslFamily.WavLM, false)]
    public void RandomTinyModelsRunAndAreReproducible(SslFamily family, bool stable)
    {
        using var scope = NewDisposeScope();
        var config = SslConfig.Tiny(family, stable);
        using var a = SslModels.CreateRandom(config, numLayers: 3, seed: 7);
        using var b = SslModels.CreateRandom(config, numLayers: 3, seed: 7);
        Assert.Equal(SslModels.ParameterCount(config, 3), a.ParameterCount);
        var wave = randn(2, 8000);
        using var x = a.Forward(wave);
        using var y = b.Forward(wave);
        Assert.Equal(new long[] { 2, 24, 32 }, x.ExtractFeatures.shape);
        Assert.Equal(4, x.Hidden.Count);
        Assert.All(x.Hidden, h => Assert.Equal(new long[] { 2, 24, 64 }, h.shape));
        Assert.True(x.Hidden[3].equal(y.Hidden[3]).all().item<bool>());
        Assert.False(x.Hidden[3].isnan().any().item<bool>());
    }

    [Fact]
    public void OutputsDoNotTrackGradientsAndCanFeedATrainedLayer()
    {
        using var scope = NewDisposeScope();
        using var model = SslModels.CreateRandom(SslConfig.Tiny(), seed: 1);
        using var output = model.Forward(randn(1, 4000));
        Assert.False(output.Hidden[1].requires_grad);
        var head = nn.Linear(64, 2);
        var loss = head.forward(output.Hidden[1]).sum();
        loss.backward(); // would fail on inference-mode tensors
        Assert.NotNull(head.weight!.grad);
    }
}
