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

public class SslSizeAndDtypeTests
{
    /// <summary>
    /// Published Hugging Face parameter counts: Wav2Vec2Model for wav2vec2-base 94,371,712 and for the large
    /// (XLS-R 300M / LV-60 shape) 315,438,720. HF also counts masked_spec_embed [D] and the weight norm's g
    /// [1, 1, K], and, for pre-LN models, the final encoder layer norm (2·D), none of which we build.
    /// </summary>
    [Fact]
    public void FullModelsHaveThePublishedParameterCounts()
    {
        Assert.Equal(94_371_712, SslModels.ParameterCount(SslConfig.Wav2Vec2Base) + 768 + 128);
        Assert.Equal(315_438_720, SslModels.ParameterCount(SslConfig.XlsR300M) + 1024 + 128 + 2 * 1024);
        // Truncation shrinks by whole blocks: 12 × 7,087,872 for a base transformer layer.
        Assert.Equal(12 * 7_087_872L, SslModels.ParameterCount(SslConfig.Wav2Vec2Base) - SslModels.ParameterCount(SslConfig.Wav2Vec2Base, 0));
    }

    [Theory]
    [InlineData(ScalarType.BFloat16)]
    [InlineData(ScalarType.Float16)]
    public void ReducedPrecisionRunsAndReturnsFloat32(ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        using var full = SslModels.CreateRandom(SslConfig.Tiny(SslFamily.WavLM, stableLayerNorm: true), seed: 3);
        using var reduced = SslModels.CreateRandom(SslConfig.Tiny(SslFamily.WavLM, stableLayerNorm: true), seed: 3, dtype: dtype);
        Assert.Equal(dtype, reduced.DType);
        var x = randn(1, 8000) * 0.1;
        using var a = full.Forward(x);
        using var b = reduced.Forward(x);
        Assert.Equal(ScalarType.Float32, b.Hidden[4].dtype);
        double scale = a.Hidden[4].abs().max().item<float>();
        Assert.True(SslFixtures.MaxAbsDiff(a.Hidden[4], b.Hidden[4]) <= 0.1 * scale);
    }
}

public class SslLifetimeTests
{
    [Fact]
    public void ModelOutlivesTheDisposeScopeItWasLoadedIn()
    {
        SslFrontEnd model;
        using (NewDisposeScope())
            model = SslModels.Load(SslFixtures.Folder("wavlm-base-tiny"));
        using (model)
        {
            using var scope = NewDisposeScope();
            var expected = SslFixtures.Expected("wavlm-base-tiny", batch: false);
            using var output = model.Forward(expected["input"]);
            Assert.True(SslFixtures.MaxAbsDiff(output.Hidden[4], expected["hidden_4"]) <= 1e-4);
        }
        SslFrontEnd random;
        using (NewDisposeScope())
            random = SslModels.CreateRandom(SslConfig.Tiny(), seed: 2);
        using (random)
        using (var output = random.Forward(new float[4000]))
            Assert.Equal(64, output.Hidden[4].shape[2]);
    }
}
