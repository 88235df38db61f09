using Layerwise.Models.Backends;

namespace Layerwise.Tests.Backends;

/// <summary>Trainable parameter counts of the reference back-ends (table in the shared fixtures README).</summary>
public class ParameterCountTests
{
    [Theory]
    [InlineData(BackendKind.Ffn, 768, 12, 164_774)]
    [InlineData(BackendKind.Ffn, 1024, 24, 197_578)]
    [InlineData(BackendKind.Ffn, 64, 4, 74_638)]
    [InlineData(BackendKind.Aasist, 768, 12, 414_510)]
    [InlineData(BackendKind.Aasist, 1024, 24, 447_314)]
    [InlineData(BackendKind.Aasist, 64, 4, 324_374)]
    public void TrainableParametersEqualTheReference(BackendKind kind, int dim, int layers, long expected)
    {
        using var backend = BackendCatalog.Create(kind, dim, layers);
        Assert.Equal(expected, backend.TrainableParameterCount);
        Assert.Equal(kind, backend.Kind);
        Assert.Equal(dim, backend.FeatureDim);
        Assert.Equal(layers, backend.NumLayers);
    }
}
