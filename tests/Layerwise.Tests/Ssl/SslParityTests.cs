using Layerwise.Models.Ssl;
using Layerwise.Runtime;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Layerwise.Tests.Ssl;

/// <summary>Every layer and extract_features against the reference implementations' outputs (fixtures README: ≤ 1e-4).</summary>
public class SslParityTests(ITestOutputHelper log)
{
    const double Tolerance = 1e-4;

    /// <summary>Every fixture on both CPU float32 GEMMs (Runtime/Float32Gemm.cs), whichever this machine's probe picks.</summary>
    public static TheoryData<string, Float32GemmKernel> Models()
    {
        var data = new TheoryData<string, Float32GemmKernel>();
        foreach (var m in SslFixtures.Models)
            foreach (var k in Enum.GetValues<Float32GemmKernel>())
                data.Add(m, k);
        return data;
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void SingleAndBatchMatchReferenceOnEveryLayer(string name, Float32GemmKernel kernel)
    {
        using var gemm = Float32Gemm.Use(kernel);
        using var scope = NewDisposeScope();
        using var model = SslModels.Load(SslFixtures.Folder(name));
        Assert.Equal(4, model.NumLayers);
        Assert.False(model.NormalizesInput);
        foreach (bool batch in new[] { false, true })
        {
            var expected = SslFixtures.Expected(name, batch);
            using var output = model.Forward(expected["input"]);
            Assert.Equal(5, output.Hidden.Count);
            Assert.Null(output.FrameLengths);
            double worst = SslFixtures.MaxAbsDiff(output.ExtractFeatures, expected["extract_features"]);
            Assert.True(worst <= Tolerance, $"{name} extract_features: {worst}");
            for (int k = 0; k <= 4; k++)
            {
                double diff = SslFixtures.MaxAbsDiff(output.Hidden[k], expected[$"hidden_{k}"]);
                Assert.True(diff <= Tolerance, $"{name} batch={batch} hidden_{k}: max abs diff {diff}");
                worst = Math.Max(worst, diff);
            }
            log.WriteLine($"{name} {kernel} batch={batch}: worst max abs diff {worst:E2}");
        }
    }

    [Fact]
    public void PretrainingHeadsAreReportedUnused()
    {
        using var model = SslModels.Load(SslFixtures.Folder("wav2vec2-base-tiny"));
        var unused = model.Load!.UnusedKeys;
        Assert.Contains("quantizer.codevectors", unused);
        Assert.Contains("project_q.weight", unused);
        Assert.Contains("masked_spec_embed", unused);
        Assert.DoesNotContain(unused, k => k.StartsWith("encoder.layers.", StringComparison.Ordinal) || k.StartsWith("feature_", StringComparison.Ordinal));
        Assert.Contains("quantizer.* (3)", model.Load.UnusedSummary);
    }
}
