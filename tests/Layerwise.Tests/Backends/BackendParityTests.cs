using Layerwise.Models.Backends;
using TorchSharp;

namespace Layerwise.Tests.Backends;

/// <summary>Eval-mode parity with the paper's back-ends (fixtures from the reference code, C = 64, n = 4).</summary>
public class BackendParityTests
{
    [Theory]
    [InlineData(BackendKind.Ffn)]
    [InlineData(BackendKind.Aasist)]
    public void LogitsAndLayerWeightsMatchTheReference(BackendKind kind)
    {
        using var scope = torch.NewDisposeScope();
        using var backend = BackendCatalog.Create(kind, 64, 4);
        backend.LoadReferenceStateDict(BackendFixtures.Weights(kind));
        backend.eval();
        var io = BackendFixtures.Io(kind);
        using var _ = torch.no_grad();

        var logits = backend.call(io["input"]);

        Assert.True(BackendFixtures.MaxAbsDiff(io["logits"], logits) < 1e-4);
        Assert.True(BackendFixtures.MaxAbsDiff(io["layer_weights"], backend.LayerWeights()) < 1e-4);
    }

    [Theory]
    [InlineData(BackendKind.Ffn)]
    [InlineData(BackendKind.Aasist)]
    public void FreshlyInitialisedBackendDoesNotMatch_SoTheParityTestCanFail(BackendKind kind)
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(7);
        using var backend = BackendCatalog.Create(kind, 64, 4);
        backend.eval();
        var io = BackendFixtures.Io(kind);
        using var _ = torch.no_grad();

        Assert.True(BackendFixtures.MaxAbsDiff(io["logits"], backend.call(io["input"])) > 1e-2);
        // Uniform at initialisation (weight_hidd = ones), unlike the fixture's trained-looking weights.
        Assert.True(BackendFixtures.MaxAbsDiff(torch.full([4L], 0.25f), backend.LayerWeights()) < 1e-7);
    }

    [Theory]
    [InlineData(BackendKind.Ffn)]
    [InlineData(BackendKind.Aasist)]
    public void StateDictNamesAndShapesAreTheReferences(BackendKind kind)
    {
        using var scope = torch.NewDisposeScope();
        using var backend = BackendCatalog.Create(kind, 64, 4);
        var reference = ReferenceStateDict.Read(BackendFixtures.Weights(kind));
        var ours = backend.state_dict()
            .Where(kv => !kv.Key.EndsWith("num_batches_tracked", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key, kv => kv.Value);

        Assert.Equal(reference.Keys.Order(StringComparer.Ordinal), ours.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, tensor) in reference)
            Assert.True(tensor.shape.SequenceEqual(ours[key].shape), key);
    }

    [Theory]
    [InlineData(BackendKind.Ffn)]
    [InlineData(BackendKind.Aasist)]
    public void EvalScoresDoNotDependOnTheRestOfTheBatch(BackendKind kind)
    {
        using var scope = torch.NewDisposeScope();
        using var backend = BackendCatalog.Create(kind, 64, 4);
        backend.LoadReferenceStateDict(BackendFixtures.Weights(kind));
        backend.eval();
        var io = BackendFixtures.Io(kind);
        using var _ = torch.no_grad();

        for (int i = 0; i < 2; i++)
        {
            var single = backend.call(io["input"][i..(i + 1)]);
            Assert.True(BackendFixtures.MaxAbsDiff(io["logits"][i..(i + 1)], single) < 1e-4);
        }
    }

    [Theory]
    [InlineData(BackendKind.Ffn)]
    [InlineData(BackendKind.Aasist)]
    public void MovingToFloat64KeepsParityAndTheLayerWeightsTrainable(BackendKind kind)
    {
        // .to() replaces parameters; forward must use the replacements (fields named as the registered parameters).
        using var scope = torch.NewDisposeScope();
        using var backend = BackendCatalog.Create(kind, 64, 4);
        backend.LoadReferenceStateDict(BackendFixtures.Weights(kind));
        backend.to(torch.float64);
        backend.eval();
        var io = BackendFixtures.Io(kind);

        var logits = backend.call(io["input"].to(torch.float64));

        Assert.Equal(torch.float64, logits.dtype);
        Assert.True(BackendFixtures.MaxAbsDiff(io["logits"].to(torch.float64), logits) < 1e-4);
        logits.sum().backward();
        var weightHidd = backend.named_parameters().Single(p => p.name == "weight_hidd").parameter;
        Assert.Equal(torch.float64, weightHidd.dtype);
        Assert.NotNull(weightHidd.grad);
    }
}
