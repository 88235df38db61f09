using Layerwise.Models.Ssl;
using Layerwise.Pretraining;

namespace Layerwise.Tests.Pretraining;

public class MfccTests
{
    [Theory]
    [InlineData(399)]
    [InlineData(400)]
    [InlineData(32000)]
    [InlineData(40123)]
    public void FramesAlignWithTheConvStack(int samples)
    {
        Assert.Equal(SslConfig.Tiny(SslFamily.Hubert).FrameCount(samples), Mfcc.FrameCount(samples));
        var x = Enumerable.Range(0, samples).Select(i => (float)Math.Sin(i * 0.05)).ToArray();
        var m = Mfcc.Compute(x);
        Assert.Equal(Mfcc.FrameCount(samples), m.Length);
        Assert.All(m, f => Assert.Equal(Mfcc.Dim, f.Length));
    }

    [Fact]
    public void ASteadyToneHasConstantCepstraAndZeroDeltas()
    {
        // A sinusoid with a period dividing the 320-sample hop gives identical frames.
        var x = Enumerable.Range(0, 16000).Select(i => (float)(0.3 * Math.Sin(2 * Math.PI * i / 32))).ToArray();
        var m = Mfcc.Compute(x);
        for (int t = 1; t < m.Length; t++)
            for (int j = 0; j < Mfcc.Dim; j++)
                Assert.Equal(m[0][j], m[t][j], 1e-6);
        Assert.All(m[10][Mfcc.Coefficients..], d => Assert.Equal(0.0, d, 1e-9));
    }
}
