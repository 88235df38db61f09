using Layerwise.Models.Ssl;
using TorchSharp;
using static TorchSharp.torch;

namespace Layerwise.Tests.Ssl;

public class SslPreprocessingTests
{
    [Fact]
    public void NormalizeIsZeroMeanUnitVarianceOverValidSamples()
    {
        using var scope = NewDisposeScope();
        // Item 0: [1, 2, 3, 4] → mean 2.5, population variance 1.25. Item 1: valid [2, 4] → mean 3, variance 1; padding → 0.
        var x = tensor(new float[] { 1, 2, 3, 4, 2, 4, 9, 9 }, [2, 4]);
        var y = WaveformNormalizer.Normalize(x, [4, 2]).data<float>().ToArray();
        double s0 = Math.Sqrt(1.25 + 1e-7), s1 = Math.Sqrt(1 + 1e-7);
        double[] expected = [-1.5 / s0, -0.5 / s0, 0.5 / s0, 1.5 / s0, -1 / s1, 1 / s1, 0, 0];
        for (int i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], y[i], 1e-6);
    }

    [Fact]
    public void AutoFollowsPreprocessorConfig()
    {
        using var large = SslModels.Load(SslFixtures.Folder("wav2vec2-large-tiny"), normalize: NormalizeMode.Auto);
        Assert.True(large.NormalizesInput);
        Assert.Contains("do_normalize=true", large.NormalizeReason);
        using var base_ = SslModels.Load(SslFixtures.Folder("wav2vec2-base-tiny"), normalize: NormalizeMode.Auto);
        Assert.False(base_.NormalizesInput);
        using var raw = SslModels.Load(SslFixtures.Folder("wav2vec2-large-tiny"));
        Assert.False(raw.NormalizesInput); // default: raw waveform, as the paper
        Assert.Equal(NormalizeMode.Auto, NormalizeModes.Parse("auto"));
        Assert.Equal(NormalizeMode.On, NormalizeModes.Parse("true"));
        Assert.Equal(NormalizeMode.Off, NormalizeModes.Parse("False"));
        Assert.Throws<ArgumentException>(() => NormalizeModes.Parse("maybe"));
    }

    [Fact]
    public void NormalizingModelEqualsRawModelOnNormalizedInput()
    {
        using var scope = NewDisposeScope();
        var folder = SslFixtures.Folder("hubert-large-tiny");
        using var normalizing = SslModels.Load(folder, normalize: NormalizeMode.On);
        using var raw = SslModels.Load(folder);
        var input = SslFixtures.Expected("hubert-large-tiny", batch: false)["input"];
        // The normalisation computed by hand in double precision.
        var samples = input.data<float>().ToArray();
        double mean = samples.Average(v => (double)v);
        double variance = samples.Average(v => (v - mean) * (v - mean));
        var normalized = samples.Select(v => (float)((v - mean) / Math.Sqrt(variance + 1e-7))).ToArray();
        using var a = normalizing.Forward(input);
        using var b = raw.Forward(normalized);
        Assert.True(SslFixtures.MaxAbsDiff(a.Hidden[4], b.Hidden[4]) <= 1e-4);
        using var c = raw.Forward(input);
        Assert.True(SslFixtures.MaxAbsDiff(a.Hidden[4], c.Hidden[4]) > 1e-2); // normalisation does change the features
    }
}
